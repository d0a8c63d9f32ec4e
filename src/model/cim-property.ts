/**
 * @module A property of a class (its declaration and default value).
 */
import type { CimTypedElement } from './cim-typed-element.js';
import type { CimValue } from './cim-value.js';

export interface CimProperty extends CimTypedElement {
  /** Default value; `null` when none. */
  readonly value: CimValue;
  /** Output only: the class that defines this property (`GetPropertyOrigin`). */
  readonly classOrigin?: string;
  /** Output only: true when inherited unchanged from a superclass. Ignored on input. */
  readonly propagated?: boolean;
}
