/**
 * @module Shared pieces of input validation: reading unknown values as records and collections
 * and turning every defect (including a throwing getter) into a `WbemError`.
 */
import { nameKey } from '../model/names.js';
import { WBEM_E_INVALID_OBJECT } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

/** The fields input validation reads from model objects; every one unknown until checked. */
type RawField =
  | 'genus'
  | 'name'
  | 'className'
  | 'superclass'
  | 'amended'
  | 'qualifiers'
  | 'properties'
  | 'methods'
  | 'parameters'
  | 'type'
  | 'isArray'
  | 'arraySize'
  | 'referenceClass'
  | 'embeddedObjectClass'
  | 'value'
  | 'flavor'
  | 'propagated'
  | 'returnType'
  | 'returnIsArray'
  | 'scopes';

export type Raw = { readonly [K in RawField]?: unknown };
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Throws a `WbemError`; typed `never` so that it ends control flow. */
export const fail = (hresult: number, message: string): never => {
  throw new WbemError(hresult, { message });
};

/** A name for a message, shortened when huge. */
export const shown = (name: string): string =>
  JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...(${name.length} chars)` : name);

const NO_ELEMENTS: readonly unknown[] = Object.freeze([]);

/**
 * The elements of a collection field: a Map (keys ignored), an array, or absent. A Map is
 * iterated in place rather than copied out (this runs for every member and qualifier set of a
 * put), so loops over it count against `elementCount` taken first: an input whose getters grow
 * the collection while it is read is refused instead of read forever.
 */
export function elements(value: unknown, what: string): Iterable<unknown> {
  if (value === undefined || value === null) return NO_ELEMENTS;
  if (value instanceof Map) return value.values();
  if (Array.isArray(value)) return value;
  return fail(WBEM_E_INVALID_OBJECT, `${what} must be a Map or an array`);
}

/** How many elements `elements(value)` yields; 0 for anything it refuses. */
export function elementCount(value: unknown): number {
  if (value instanceof Map) return value.size;
  return Array.isArray(value) ? value.length : 0;
}

/** Refuses a collection that grew while it was read (see `elements`). */
export function checkElementCount(seen: number, count: number, what: string): void {
  if (seen > count) fail(WBEM_E_INVALID_OBJECT, `${what} changed while being read`);
}

/** A non-array object, or WBEM_E_INVALID_OBJECT naming `what`. */
export function asRecord(value: unknown, what: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(WBEM_E_INVALID_OBJECT, `${what} is not an object`);
  }
  return value as Raw;
}

/** Adds `item` under its name key; a second element of the same name (any case) is `dup`. */
export function addUnique<T extends { readonly name: string }>(
  map: Map<string, T>,
  item: T,
  what: string,
  dup = WBEM_E_INVALID_OBJECT,
): void {
  const size = map.size;
  map.set(nameKey(item.name), item);
  if (map.size === size) fail(dup, `${what} ${shown(item.name)} appears twice`);
}

/**
 * Qualifier names come from a small vocabulary (`Description`, `Key`, `Read`, ...) and recur on
 * most members of most classes: their keys are shared strings rather than one lower-cased copy
 * per qualifier kept alive by every stored class. Bounded, so that odd input cannot grow it.
 */
const QUALIFIER_KEYS = new Map<string, string>();
const MAX_QUALIFIER_KEYS = 1024;

// Stryker disable ConditionalExpression,EqualityOperator: a cache; cleared or bypassed, it gives the same keys
export function qualifierKey(name: string): string {
  let key = QUALIFIER_KEYS.get(name);
  if (key === undefined) {
    key = nameKey(name);
    if (QUALIFIER_KEYS.size >= MAX_QUALIFIER_KEYS) QUALIFIER_KEYS.clear();
    QUALIFIER_KEYS.set(name, key);
  }
  return key;
}
// Stryker restore ConditionalExpression,EqualityOperator

/** Wraps a reader so that anything but a `WbemError` (a throwing getter, a Proxy) becomes one. */
export function guardInput<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (thrown) {
    throw inputError(what, thrown);
  }
}

/**
 * What reading `what` threw, as `guardInput` reports it: a `WbemError` as is, anything else as
 * WBEM_E_INVALID_OBJECT with the thrown value as its cause. For the hot paths that catch
 * themselves rather than pass a closure to `guardInput` once per put.
 */
export function inputError(what: string, thrown: unknown): WbemError {
  if (thrown instanceof WbemError) return thrown;
  return new WbemError(WBEM_E_INVALID_OBJECT, {
    message: `${what} could not be read`,
    cause: thrown,
  });
}
