/**
 * @module A method of a class and its parameters (WMI's in- and out-signatures, flattened the
 * DMTF way: one list, each parameter qualified `In`, `Out` or both, ordered by its `ID`).
 */
import type { CimTypedElement } from './cim-typed-element.js';
import type { CimValue } from './cim-value.js';
import type { NameMap } from './names.js';
import type { Qualifier } from './qualifier.js';

/** A method parameter: a typed element, with the default value an input parameter may carry. */
export interface CimParameter extends CimTypedElement {
  /** Default value of an input parameter (WMI's in-parameters object holds it); absent when none. */
  readonly value?: CimValue;
}

export interface CimMethod {
  readonly name: string;
  /** CIMTYPE of `ReturnValue`; `CIM_EMPTY` for a method without one. */
  readonly returnType: number;
  readonly returnIsArray?: boolean;
  readonly parameters: NameMap<CimParameter>;
  readonly qualifiers: NameMap<Qualifier>;
  /** Output only: the class that defines this method. */
  readonly classOrigin?: string;
  /** Output only: true when inherited unchanged. Ignored on input. */
  readonly propagated?: boolean;
}
