/**
 * @module The values of the property paths read on one event object during one dispatch.
 */
import type { CimInstance } from '../model/cim-instance.js';
import type { CimValue } from '../model/cim-value.js';
import { valueAtPath } from './object-values.js';

/**
 * The values of the property paths read on one event object, each read once: many filters test
 * the same path (`TargetInstance.Name = '...'`) against different constants.
 */
export class PathValues {
  readonly #object: CimInstance;
  #lastKey: string | undefined;
  #lastValue: CimValue | undefined;
  #others: Map<string, CimValue | undefined> | undefined;

  constructor(object: CimInstance) {
    this.#object = object;
  }

  /** The value at `path`, whose joined keys are `key`. */
  get(key: string, path: readonly string[]): CimValue | undefined {
    if (key === this.#lastKey) return this.#lastValue;
    if (this.#lastKey !== undefined) {
      this.#others ??= new Map();
      this.#others.set(this.#lastKey, this.#lastValue);
    }
    const value = this.#others?.has(key)
      ? this.#others.get(key)
      : valueAtPath(this.#object, path, undefined);
    this.#lastKey = key;
    this.#lastValue = value;
    return value;
  }
}
