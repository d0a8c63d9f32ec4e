/**
 * @module The subscriptions the index files under one key, and the loops that test them against
 * one event (`SubscriptionIndex.dispatch`).
 */
import type { CimInstance } from '../model/cim-instance.js';
import type { CimValue } from '../model/cim-value.js';
import { stringEquals, type TextComparison, type ValueTest } from './compile-where.js';
import type { EventFilter } from './event-filter.js';
import type { PathValues } from './path-values.js';

/** Where an entry is filed, to remove it again (and drop buckets left empty). */
export interface BucketPlace<T> {
  readonly bucket: SubscriptionBucket<T>;
  /** The map holding `bucket` under `key`; absent for an event class's `any` set. */
  readonly parent?: Map<string, SubscriptionBucket<T>>;
  readonly key: string;
}

/** One subscription as the index files it. */
export interface BucketEntry<T> {
  readonly subscriber: T;
  readonly filter: EventFilter;
  /**
   * The filter's `beyondTargetTest`: its path's keys, joined (one string per path and index, so
   * that the values read for it are found by identity), and its test.
   */
  readonly path: string | undefined;
  readonly pathKeys: readonly string[] | undefined;
  readonly test: ValueTest['test'] | undefined;
  /** The test's `text` comparison, run here for a string value (one call fewer per entry). */
  readonly text: TextComparison | undefined;
  /** The filter's `targetOnly`: found under the target's lineage, it matches. */
  readonly targetOnly: boolean;
  /** Where it is filed, to remove it again (and drop buckets left empty). */
  readonly places: readonly BucketPlace<T>[];
  /** Set when it is removed: a dispatch already iterating a bucket skips it. */
  removed: boolean;
}

/**
 * The subscriptions filed under one key: a set, to add and remove in constant time, and the same
 * entries as an array, because dispatch iterates far more often than subscriptions change (and an
 * array iterates several times faster than a `Set`). The array is kept up to date as entries are
 * added, so the first dispatch after subscribing finds it ready; once a dispatch has taken it,
 * the next change copies it first (a dispatch keeps iterating the array it took).
 */
export class SubscriptionBucket<T> {
  readonly #entries = new Set<BucketEntry<T>>();
  /** The entries as an array; `undefined` after a removal, until it is next needed. */
  #list: BucketEntry<T>[] | undefined = [];
  /** A dispatch took `#list`: change a copy. */
  #shared = false;

  get size(): number {
    return this.#entries.size;
  }

  add(entry: BucketEntry<T>): void {
    if (this.#entries.has(entry)) return;
    this.#entries.add(entry);
    if (this.#list === undefined) return;
    if (this.#shared) {
      this.#list = [...this.#list];
      this.#shared = false;
    }
    this.#list.push(entry);
  }

  delete(entry: BucketEntry<T>): void {
    if (this.#entries.delete(entry)) this.#list = undefined;
  }

  /** The entries now; a dispatch keeps iterating the array it took, whatever changes meanwhile. */
  list(): readonly BucketEntry<T>[] {
    if (this.#list === undefined) this.#list = [...this.#entries];
    this.#shared = true;
    return this.#list;
  }
}

/**
 * Tests each live entry of an unindexed bucket on the event object; returns how many it
 * delivered to. The two kinds of bucket have a loop each, so that neither carries the other's
 * branches and each site sees one kind of call from the first event on.
 */
export function testWhere<T>(
  entries: readonly BucketEntry<T>[],
  object: CimInstance,
  deliver: (subscriber: T) => void,
): number {
  let delivered = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as BucketEntry<T>;
    if (entry.removed || !entry.filter.matchesWhere(object)) continue;
    delivered++;
    deliver(entry.subscriber);
  }
  return delivered;
}

/**
 * Tests each live entry of a bucket found in the target's lineage (its ISA conjunct holds) on
 * what is left of its filter; returns how many it delivered to.
 */
export function testBeyondTarget<T>(
  entries: readonly BucketEntry<T>[],
  values: PathValues,
  deliver: (subscriber: T) => void,
): number {
  let delivered = 0;
  // Entries of one bucket mostly test the same path: its value is kept here between them.
  let path: string | undefined;
  let value: CimValue | undefined;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as BucketEntry<T>;
    if (entry.removed) continue;
    let passes: boolean;
    const test = entry.test;
    if (test !== undefined) {
      if (entry.path !== path) {
        path = entry.path as string;
        value = values.get(path, entry.pathKeys as readonly string[]);
      }
      const text = entry.text;
      passes =
        text !== undefined && typeof value === 'string' ? stringEquals(value, text) : test(value);
    } else {
      passes = entry.targetOnly || entry.filter.matchesBeyondTarget(values.object());
    }
    if (!passes) continue;
    delivered++;
    deliver(entry.subscriber);
  }
  return delivered;
}
