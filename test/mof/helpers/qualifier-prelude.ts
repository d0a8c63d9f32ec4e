/**
 * @module The DMTF qualifier declarations the MOF-to-model tests compile their classes against,
 * and the one-class compile they all use.
 */
import type { CimClass } from '../../../src/model/cim-class.js';
import { compileText } from './memory-files.js';
import { classes } from './operations.js';

/** The standard qualifiers the tests use, declared as in the DMTF schema's qualifiers.mof. */
export const QUALIFIERS = `
Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
Qualifier MaxLen : uint32 = null, Scope(property, method, parameter);
Qualifier ValueMap : string[], Scope(property, method, parameter);
Qualifier Description : string = null, Scope(any), Flavor(EnableOverride, ToSubclass, Translatable);
Qualifier Abstract : boolean = false, Scope(class, association, indication), Flavor(EnableOverride, Restricted);
Qualifier Association : boolean = false, Scope(association), Flavor(DisableOverride, ToSubclass);
Qualifier MaxValue : sint64 = null, Scope(property, method, parameter);
Qualifier In : boolean = true, Scope(parameter), Flavor(DisableOverride, ToSubclass);
`;

/** The first class `text` compiles to, after `QUALIFIERS`. */
export const onlyClass = (
  text: string,
  options: Parameters<typeof compileText>[1] = {},
): CimClass => classes(compileText(QUALIFIERS + text, options).operations)[0] as CimClass;
