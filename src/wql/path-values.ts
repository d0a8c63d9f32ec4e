/**
 * @module The values of the property paths read on one event during one dispatch.
 */
import type { CimInstance } from '../model/cim-instance.js';
import type { CimValue } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import type { WbemEvent } from '../model/wbem-event.js';
import { eventObject } from './event-object.js';
import { valueAlongPath, valueAtPath } from './object-values.js';

/** The event properties holding embedded objects, by key, and the event field of each. */
const EMBEDDED: ReadonlyMap<string, keyof WbemEvent> = new Map<string, keyof WbemEvent>([
  [nameKey('TargetInstance'), 'targetInstance'],
  [nameKey('TargetClass'), 'targetClass'],
  [nameKey('PreviousInstance'), 'previousInstance'],
  [nameKey('PreviousClass'), 'previousClass'],
]);

/**
 * The values of the property paths read on one event, each read once: many filters test the same
 * path (`TargetInstance.Name = '...'`) against different constants. A path into an embedded
 * object (`TargetClass.__CLASS`) is read from the event's own field; the WMI event object
 * (`eventObject`) is built only for another path, or when a filter asks for it (`object()`).
 */
export class PathValues {
  readonly #event: WbemEvent;
  #object: CimInstance | undefined;
  #lastKey: string | undefined;
  #lastValue: CimValue | undefined;
  #others: Map<string, CimValue | undefined> | undefined;

  /** `object`: the event object, when it was built already. */
  constructor(event: WbemEvent, object?: CimInstance) {
    this.#event = event;
    this.#object = object;
  }

  /** The event as the WMI event object a WHERE clause reads, built on first use. */
  object(): CimInstance {
    this.#object ??= eventObject(this.#event);
    return this.#object;
  }

  /** The value at `path`, whose joined keys are `key`. */
  get(key: string, path: readonly string[]): CimValue | undefined {
    if (key === this.#lastKey) return this.#lastValue;
    if (this.#lastKey !== undefined) {
      this.#others ??= new Map();
      this.#others.set(this.#lastKey, this.#lastValue);
    }
    const value = this.#others?.has(key) ? this.#others.get(key) : this.#read(path);
    this.#lastKey = key;
    this.#lastValue = value;
    return value;
  }

  #read(path: readonly string[]): CimValue | undefined {
    const field = EMBEDDED.get(path[0] as string);
    if (field === undefined) return valueAtPath(this.object(), path, undefined);
    // The event object holds the field's value under that property, when it is set.
    return valueAlongPath(this.#event[field] as CimValue | undefined, path, 1, undefined);
  }
}
