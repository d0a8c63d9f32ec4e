/**
 * @module What a property and a parameter share: a named, typed, qualified element (DSP0004's
 * "typed element"), declared once so the two cannot drift.
 */
import type { NameMap } from './names.js';
import type { Qualifier } from './qualifier.js';

export interface CimTypedElement {
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
  readonly qualifiers: NameMap<Qualifier>;
}
