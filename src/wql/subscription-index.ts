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
 * the same reader. What is left of a filter beyond its ISA conjunct, when it is a comparison with
 * a constant (`TargetInstance.Name = 'x'`), is run as the filter's `beyondTargetTest`: the index
 * reads each such property path once per event, and every candidate only tests the value.
 *
 * ```
 * event class ─┬─ any: subscriptions without an ISA conjunct
 *              └─ property (targetinstance, ...) ── ISA class key ── subscriptions
 * event __InstanceCreationEvent, TargetInstance of CIM_Foo (derivation CIM_Bar, CIM_ManagedElement)
 *   → any, targetinstance/cim_foo, targetinstance/cim_bar, targetinstance/cim_managedelement
 * ```
 */
import type { CimInstance } from '../model/cim-instance.js';
import type { CimObject } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import type { WbemEvent } from '../model/wbem-event.js';
import type { EventFilter } from './event-filter.js';
import { eventObject } from './event-object.js';
import { classNameOf, derivationOf, type ObjectReader } from './object-values.js';
import { PathValues } from './path-values.js';
import {
  type BucketEntry,
  type BucketPlace,
  SubscriptionBucket,
  testBeyondTarget,
  testWhere,
} from './subscription-bucket.js';

/** Subscriptions of one raised event class: unindexed ones, and by property then ISA class key. */
interface EventClassBuckets<T> {
  readonly any: SubscriptionBucket<T>;
  readonly byTarget: Map<string, Map<string, SubscriptionBucket<T>>>;
}

/** The lower-cased lineage of a class, with the derivation it was made from. */
interface Lineage {
  readonly derivation: readonly string[];
  readonly keys: readonly string[];
}

/** Lineages remembered per index; past this many class names the memo starts afresh. */
const LINEAGE_MEMO_LIMIT = 16_384;
/** Path strings shared per index; past this many the table starts afresh. */
const PATH_MEMO_LIMIT = 1_024;

/**
 * The embedded objects an ISA conjunct can pin: their keys and the event fields holding them, as
 * two arrays walked by index (a `for...of` over pairs builds iterators per event, which the first
 * burst after subscribing pays for in full before V8 optimises the dispatch path).
 */
const PROPERTY_KEYS: readonly string[] = [
  nameKey('TargetInstance'),
  nameKey('TargetClass'),
  nameKey('PreviousInstance'),
  nameKey('PreviousClass'),
];
const PROPERTY_FIELDS: readonly (keyof WbemEvent)[] = [
  'targetInstance',
  'targetClass',
  'previousInstance',
  'previousClass',
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
  private readonly entries = new Map<T, BucketEntry<T>>();
  private readonly reader: ObjectReader | undefined;
  /**
   * Lower-cased class-and-ancestors by class name. Events decoded from different replies carry
   * equal but distinct derivation arrays, so the memo is keyed by name and checked against the
   * derivation's contents (a class deleted and created again elsewhere in the tree differs).
   */
  private readonly lineages = new Map<string, Lineage>();
  /** One string per property path the filters test (see `BucketEntry.path`). */
  private readonly paths = new Map<string, string>();

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
    const places: BucketPlace<T>[] = [];
    for (const eventClass of filter.eventClasses) {
      const key = nameKey(eventClass);
      let forClass = this.byEventClass.get(key);
      if (forClass === undefined) {
        forClass = { any: new SubscriptionBucket(), byTarget: new Map() };
        this.byEventClass.set(key, forClass);
      }
      places.push(placeOf(forClass, filter.target));
    }
    const valueTest = filter.beyondTargetTest;
    const entry: BucketEntry<T> = {
      subscriber,
      filter,
      path: valueTest === undefined ? undefined : this.pathKey(valueTest.path),
      pathKeys: valueTest?.path,
      test: valueTest?.test,
      text: valueTest?.text,
      targetOnly: filter.targetOnly,
      places,
      removed: false,
    };
    for (const place of places) place.bucket.add(entry);
    this.entries.set(subscriber, entry);
  }

  remove(subscriber: T): boolean {
    const entry = this.entries.get(subscriber);
    if (entry === undefined) return false;
    entry.removed = true;
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
    let object: CimInstance | undefined;
    let values: PathValues | undefined;
    let delivered = 0;
    if (forClass.any.size > 0) {
      object = eventObject(event);
      delivered += testWhere(forClass.any.list(), object, deliver);
    }
    if (forClass.byTarget.size === 0) return delivered;
    for (let p = 0; p < PROPERTY_KEYS.length; p++) {
      const byClass = forClass.byTarget.get(PROPERTY_KEYS[p] as string);
      const target = event[PROPERTY_FIELDS[p] as keyof WbemEvent] as CimObject | undefined;
      if (byClass === undefined || target === undefined) continue;
      const keys = this.lineage(target);
      for (let k = 0; k < keys.length; k++) {
        const bucket = byClass.get(keys[k] as string);
        if (bucket === undefined || bucket.size === 0) continue;
        values ??= new PathValues(event, object);
        delivered += testBeyondTarget(bucket.list(), values, deliver);
      }
    }
    return delivered;
  }

  private pathKey(path: readonly string[]): string {
    const joined = path.join('.');
    const known = this.paths.get(joined);
    if (known !== undefined) return known;
    // Equal strings still compare equal: forgetting them only costs a comparison by content.
    if (this.paths.size >= PATH_MEMO_LIMIT) this.paths.clear();
    this.paths.set(joined, joined);
    return joined;
  }

  /** `nameKey`s of the object's class and of each ancestor. */
  private lineage(target: CimObject): readonly string[] {
    const className = classNameOf(target);
    const derivation = derivationOf(target, this.reader);
    const known = this.lineages.get(className);
    if (known !== undefined && sameNames(known.derivation, derivation)) return known.keys;
    if (this.lineages.size >= LINEAGE_MEMO_LIMIT) this.lineages.clear();
    // By index, without spreading: the first burst after subscribing misses this memo once per
    // class, in code V8 has not optimised yet.
    const keys = [nameKey(className)];
    for (let i = 0; i < derivation.length; i++) keys.push(nameKey(derivation[i] as string));
    this.lineages.set(className, { derivation, keys });
    return keys;
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function placeOf<T>(forClass: EventClassBuckets<T>, target: EventFilter['target']): BucketPlace<T> {
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
    bucket = new SubscriptionBucket();
    byClass.set(key, bucket);
  }
  return { bucket, parent: byClass, key };
}
