/**
 * @module Dispatch of events to many open notification queries, at a cost that grows with the
 * subscriptions an event may match rather than with all of them.
 *
 * Each subscription is filed under every raised event class its FROM covers and, when its WHERE
 * clause has a top-level `TargetInstance ISA 'X'` conjunct (or TargetClass/PreviousInstance/
 * PreviousClass), under that property and X. An event for an object of class C is then looked up
 * under C and each of C's ancestors: only subscriptions whose ISA class is in C's derivation, plus
 * those without an ISA conjunct, are tested.
 *
 * ```
 * bucket key: <event class> | <property> | <ISA class>      ('*' when no ISA conjunct)
 * event __InstanceCreationEvent, TargetInstance of CIM_Foo (derivation CIM_Bar, CIM_ManagedElement)
 *   → buckets  ...|targetinstance|cim_foo, ...|cim_bar, ...|cim_managedelement, ...|*
 * ```
 */
import type { CimObject } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import type { WbemEvent } from '../model/wbem-event.js';
import type { EventFilter, EventTargetProperty } from './event-filter.js';
import { eventObject } from './event-object.js';
import { classNameOf, derivationOf, type ObjectReader } from './object-values.js';

interface Entry<T> {
  readonly subscriber: T;
  readonly filter: EventFilter;
  readonly keys: readonly string[];
}

const PROPERTIES: readonly [EventTargetProperty, keyof WbemEvent][] = [
  ['TargetInstance', 'targetInstance'],
  ['TargetClass', 'targetClass'],
  ['PreviousInstance', 'previousInstance'],
  ['PreviousClass', 'previousClass'],
];

export class SubscriptionIndex<T> {
  private readonly buckets = new Map<string, Set<Entry<T>>>();
  private readonly entries = new Map<T, Entry<T>>();
  private readonly reader: ObjectReader | undefined;

  /** `reader` places event targets lacking `__DERIVATION` in the class hierarchy. */
  constructor(reader?: ObjectReader) {
    this.reader = reader;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Files `subscriber` under its filter; adding it again replaces its filter. */
  add(subscriber: T, filter: EventFilter): void {
    this.remove(subscriber);
    const tail =
      filter.target === undefined
        ? '*'
        : `${nameKey(filter.target.property)}|${nameKey(filter.target.className)}`;
    const keys = filter.eventClasses.map((c) => `${nameKey(c)}|${tail}`);
    const entry: Entry<T> = { subscriber, filter, keys };
    for (const key of keys) {
      let bucket = this.buckets.get(key);
      if (bucket === undefined) {
        bucket = new Set();
        this.buckets.set(key, bucket);
      }
      bucket.add(entry);
    }
    this.entries.set(subscriber, entry);
  }

  remove(subscriber: T): boolean {
    const entry = this.entries.get(subscriber);
    if (entry === undefined) return false;
    for (const key of entry.keys) {
      const bucket = this.buckets.get(key);
      bucket?.delete(entry);
      if (bucket?.size === 0) this.buckets.delete(key);
    }
    this.entries.delete(subscriber);
    return true;
  }

  /** The subscribers whose query matches `event`, in no particular order. */
  match(event: WbemEvent): T[] {
    const matched: T[] = [];
    this.dispatch(event, (subscriber) => matched.push(subscriber));
    return matched;
  }

  /** Calls `deliver` once for each subscriber whose query matches `event`; returns how many. */
  dispatch(event: WbemEvent, deliver: (subscriber: T) => void): number {
    const eventKey = nameKey(event.eventClass);
    let object: ReturnType<typeof eventObject> | undefined;
    let delivered = 0;
    const test = (bucket: Set<Entry<T>> | undefined): void => {
      if (bucket === undefined) return;
      object ??= eventObject(event);
      for (const entry of bucket) {
        if (entry.filter.matchesObject(object)) {
          delivered++;
          deliver(entry.subscriber);
        }
      }
    };
    test(this.buckets.get(`${eventKey}|*`));
    for (const [property, field] of PROPERTIES) {
      const target = event[field] as CimObject | undefined;
      if (target === undefined) continue;
      const prefix = `${eventKey}|${nameKey(property)}|`;
      test(this.buckets.get(prefix + nameKey(classNameOf(target))));
      for (const ancestor of derivationOf(target, this.reader))
        test(this.buckets.get(prefix + nameKey(ancestor)));
    }
    return delivered;
  }
}
