/**
 * @module CIM names: case-insensitive, case-preserving.
 *
 * Every keyed collection in the model is a `ReadonlyMap` keyed by `nameKey(name)`, with the
 * original spelling kept on the element's `name`. Maps (not plain objects) so that names such as
 * `__proto__` or `constructor` are data like any other, and so that the data survives structured
 * cloning unchanged.
 */

/** A collection keyed by `nameKey` of the element's name. */
export type NameMap<T> = ReadonlyMap<string, T>;

/** The lookup key of a CIM name. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** Case-insensitive comparison of two CIM names. */
export function sameName(a: string, b: string): boolean {
  // Stryker disable next-line ConditionalExpression: a fast path; lower-casing gives the same answer
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/**
 * Builds a `NameMap` from named elements, in order. A later element with the same name (in any
 * case) replaces an earlier one; callers that must refuse duplicates check `size` against the
 * input length.
 */
export function nameMap<T extends { readonly name: string }>(items: Iterable<T>): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(nameKey(item.name), item);
  return map;
}

/** An empty `NameMap`, shared: it is never mutated. */
export const EMPTY_NAME_MAP: NameMap<never> = new Map<string, never>();
