/**
 * @module A property of a class (its declaration and default value).
 */
import type { CimValue } from './cim-value.js';
import type { NameMap } from './names.js';
import type { Qualifier } from './qualifier.js';

export interface CimProperty {
  readonly name: string;
  /** CIMTYPE base value (`CIM_UINT32`, `CIM_REFERENCE`, ...); arrays are marked by `isArray`. */
  readonly type: number;
  readonly isArray: boolean;
  /** Fixed array size, when the MOF declared one (`uint8 Data[16]`). */
  readonly arraySize?: number;
  /** For `CIM_REFERENCE`: the class the reference points to (`ref:ClassName`). */
  readonly referenceClass?: string;
  /** For `CIM_OBJECT`: the class of the embedded object (`object:ClassName`). */
  readonly embeddedObjectClass?: string;
  /** Default value; `null` when none. */
  readonly value: CimValue;
  readonly qualifiers: NameMap<Qualifier>;
  /** Output only: the class that defines this property (`GetPropertyOrigin`). */
  readonly classOrigin?: string;
  /** Output only: true when inherited unchanged from a superclass. Ignored on input. */
  readonly propagated?: boolean;
}
