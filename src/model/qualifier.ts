/**
 * @module A qualifier value on a class, property, method or parameter.
 */
import type { CimValue } from './cim-value.js';

export interface Qualifier {
  readonly name: string;
  /** CIM base type of the value (WMI stores VT_I4/VT_R8/VT_BSTR/VT_BOOL: sint32, real64, string, boolean). */
  readonly type: number;
  readonly isArray?: boolean;
  readonly value: CimValue;
  /**
   * `WBEM_FLAVOR_*` bits. On input only propagation, `NOT_OVERRIDABLE` and `AMENDED` count; on
   * output `WBEM_FLAVOR_ORIGIN_PROPAGATED` marks a qualifier inherited from a superclass, and a
   * class written back keeps only its local qualifiers (those without the origin bit).
   */
  readonly flavor: number;
}
