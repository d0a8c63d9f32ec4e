/**
 * @module A qualifier declaration (DSP0004 "qualifier type"): what MOF's `Qualifier Name : type
 * = default, Scope(...), Flavor(...)` declares for a namespace.
 */
import type { CimValue } from './cim-value.js';

export type QualifierScope =
  | 'class'
  | 'association'
  | 'indication'
  | 'property'
  | 'reference'
  | 'method'
  | 'parameter'
  | 'any';

export interface QualifierDeclaration {
  readonly name: string;
  readonly type: number;
  readonly isArray: boolean;
  readonly arraySize?: number;
  /** Default value; `null` when none. */
  readonly value: CimValue;
  readonly scopes: readonly QualifierScope[];
  /** `WBEM_FLAVOR_*` bits of the default flavor. */
  readonly flavor: number;
}
