/**
 * @module Objects given to the engine for good: their creator passes one with a call and never
 * changes it, or anything in it, again.
 *
 * A call normally snapshots its input when it is made, so that what the caller does with its
 * objects afterwards cannot reach the engine: the calling-thread wire copies them (`copyForWire`),
 * the worker wire serialises them. For an object handed over there is nothing to protect, and the
 * calling-thread wire passes it as it is. The MOF loader hands over the classes, instances and
 * qualifier declarations it compiled itself: on the DMTF schema the copy was about a tenth of
 * `wbemrx mofcomp --memory`'s load (bench/RESULTS.md, "Handing compiled MOF over"). The engine
 * only reads its input (the host copies what it keeps), so what a handed-over object shares with
 * others is never changed either.
 */

const handedOver = new WeakSet<object>();

/**
 * Marks `value` as given to the engine with the next call that takes it; returns it. The caller
 * must not change it, or anything it holds, afterwards.
 */
export function handOver<T extends object>(value: T): T {
  handedOver.add(value);
  return value;
}

/** Whether `value` was handed over (`handOver`): a wire may then pass it without a copy. */
export function isHandedOver(value: object): boolean {
  return handedOver.has(value);
}
