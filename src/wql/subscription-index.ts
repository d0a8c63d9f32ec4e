/**
 * @module Dispatch of events to many open notification queries, at a cost that grows with the
 * subscriptions an event may match rather than with all of them.
 *
 * Each subscription is filed under every raised event class its FROM covers and, when its WHERE
 * clause has a top-level `TargetInstance ISA 'X'` conjunct (or TargetClass/PreviousInstance/
 * PreviousClass), under that property and X. An event for an object of class C is then looked up
 * under C and each of C's ancestors: only subscriptions whose ISA class is in C's derivation, plus
 * those without an ISA conjunct, are tested, and the ISA conjunct itself is not tested again.
 * That assumes the filters see the same hierarchy as the index: the target's `__DERIVATION`, or
 * the same reader.
 *
 * ```
 * event class ─┬─ any: subscriptions without an ISA conjunct
 *              └─ property (targetinstance, ...) ── ISA class key ── subscriptions
 * event __InstanceCreationEvent, TargetInstance of CIM_Foo (derivation CIM_Bar, CIM_ManagedElement)
 *   → any, targetinstance/cim_foo, targetinstance/cim_bar, targetinstance/cim_managedelement
 * ```
 */
import type { CimObject } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import type { WbemEvent } from '../model/wbem-event.js';
import type { EventFilter } from './event-filter.js';
import { eventObject } from './event-object.js';
import { classNameOf, derivationOf, type ObjectReader } from './object-values.js';

interface Entry<T> {
  readonly subscriber: T;
  readonly filter: EventFilter;
  /** Where it is filed, to remove it again (and drop buckets left empty). */
  readonly places: readonly Place<T>[];
}

interface Place<T> {
  readonly bucket: Set<Entry<T>>;
  /** The map holding `bucket` under `key`; absent for an event class's `any` set. */
  readonly parent?: Map<string, Set<Entry<T>>>;
  readonly key: string;
}

/** Subscriptions of one raised event class: unindexed ones, and by property then ISA class key. */
interface EventClassBuckets<T> {
  readonly any: Set<Entry<T>>;
  readonly byTarget: Map<string, Map<string, Set<Entry<T>>>>;
}

const PROPERTIES: readonly [string, keyof WbemEvent][] = [
  [nameKey('TargetInstance'), 'targetInstance'],
  [nameKey('TargetClass'), 'targetClass'],
  [nameKey('PreviousInstance'), 'previousInstance'],
  [nameKey('PreviousClass'), 'previousClass'],
];

/**
 * The open notification queries of one namespace, keyed by whatever the caller uses to deliver
 * (a sink, a subscriber). The dispatch half of `IWbemServices::ExecNotificationQueryAsync`.
 *
 * @example
 * const index = new SubscriptionIndex<Sink>(reader);
 * index.add(sink, compileEventQuery("SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'CIM_Disk'"));
 * index.dispatch(event, (s) => s.indicate([event]));
 */
export class SubscriptionIndex<T> {
  private readonly byEventClass = new Map<string, EventClassBuckets<T>>();
  private readonly entries = new Map<T, Entry<T>>();
  private readonly reader: ObjectReader | undefined;
  /** Lower-cased class-and-ancestors of a derivation array seen before (they are shared per class). */
  private readonly lineageKeys = new WeakMap<readonly string[], Map<string, readonly string[]>>();

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
    const places: Place<T>[] = [];
    for (const eventClass of filter.eventClasses) {
      const key = nameKey(eventClass);
      let forClass = this.byEventClass.get(key);
      if (forClass === undefined) {
        forClass = { any: new Set(), byTarget: new Map() };
        this.byEventClass.set(key, forClass);
      }
      places.push(placeOf(forClass, filter.target));
    }
    const entry: Entry<T> = { subscriber, filter, places };
    for (const place of places) place.bucket.add(entry);
    this.entries.set(subscriber, entry);
  }

  remove(subscriber: T): boolean {
    const entry = this.entries.get(subscriber);
    if (entry === undefined) return false;
    for (const { bucket, parent, key } of entry.places) {
      bucket.delete(entry);
      // The ISA classes subscribers name are open-ended: an emptied bucket goes, so churn
      // over many classes does not accumulate.
      if (bucket.size === 0 && parent?.get(key) === bucket) parent.delete(key);
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

  /**
   * Calls `deliver` once for each subscriber whose query matches `event`; returns how many.
   * `deliver` may add or remove subscriptions: one removed before its turn is skipped, one added
   * during the dispatch (or re-added) may or may not see this event, once more if re-added.
   */
  dispatch(event: WbemEvent, deliver: (subscriber: T) => void): number {
    const forClass = this.byEventClass.get(nameKey(event.eventClass));
    if (forClass === undefined) return 0;
    let object: ReturnType<typeof eventObject> | undefined;
    let delivered = 0;
    const test = (bucket: Set<Entry<T>> | undefined, targeted: boolean): void => {
      if (bucket === undefined || bucket.size === 0) return;
      object ??= eventObject(event);
      for (const entry of bucket) {
        const passes = targeted
          ? entry.filter.matchesBeyondTarget(object)
          : entry.filter.matchesWhere(object);
        if (passes) {
          delivered++;
          deliver(entry.subscriber);
        }
      }
    };
    test(forClass.any, false);
    if (forClass.byTarget.size === 0) return delivered;
    for (const [property, field] of PROPERTIES) {
      const byClass = forClass.byTarget.get(property);
      const target = event[field] as CimObject | undefined;
      if (byClass === undefined || target === undefined) continue;
      for (const key of this.lineage(target)) test(byClass.get(key), true);
    }
    return delivered;
  }

  /** `nameKey`s of the object's class and of each ancestor. */
  private lineage(target: CimObject): readonly string[] {
    const className = classNameOf(target);
    const derivation = derivationOf(target, this.reader);
    let byClass = this.lineageKeys.get(derivation);
    if (byClass === undefined) {
      byClass = new Map();
      this.lineageKeys.set(derivation, byClass);
    }
    let keys = byClass.get(className);
    if (keys === undefined) {
      keys = [nameKey(className), ...derivation.map(nameKey)];
      byClass.set(className, keys);
    }
    return keys;
  }
}

function placeOf<T>(forClass: EventClassBuckets<T>, target: EventFilter['target']): Place<T> {
  if (target === undefined) return { bucket: forClass.any, key: '' };
  const property = nameKey(target.property);
  let byClass = forClass.byTarget.get(property);
  if (byClass === undefined) {
    byClass = new Map();
    forClass.byTarget.set(property, byClass);
  }
  const key = nameKey(target.className);
  let bucket = byClass.get(key);
  if (bucket === undefined) {
    bucket = new Set();
    byClass.set(key, bucket);
  }
  return { bucket, parent: byClass, key };
}
