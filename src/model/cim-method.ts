/**
 * @module A method of a class and its parameters (WMI's in- and out-signatures, flattened the
 * DMTF way: one list, each parameter qualified `In`, `Out` or both, ordered by its `ID`).
 */
import type { CimValue } from './cim-value.js';
import type { NameMap } from './names.js';
import type { Qualifier } from './qualifier.js';

export interface CimParameter {
  readonly name: string;
  readonly type: number;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
  /** Default value of an input parameter (WMI's in-parameters object holds it); absent when none. */
  readonly value?: CimValue;
  readonly qualifiers: NameMap<Qualifier>;
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
