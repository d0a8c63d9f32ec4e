/**
 * @module Structural equality of model data (values, qualifiers, members, whole classes): maps
 * compare by key whatever their insertion order, objects by their own enumerable fields, and an
 * absent optional field equals `undefined`.
 */

/** Deep structural equality of two pieces of model data (acyclic). */
export function modelEquals(a: unknown, b: unknown): boolean {
  return equals(a, b, false);
}

/**
 * `modelEquals`, and every map's entries in the same order: what a reader can tell apart (the
 * order of properties in a class, of qualifiers in a set). Re-derivation uses it, so that a
 * stored view is always exactly what resolving its local definition under the stored parent
 * gives: a superclass put again with its members reordered reorders its subclasses' views too.
 */
export function modelEqualsOrdered(a: unknown, b: unknown): boolean {
  return equals(a, b, true);
}

function equals(a: unknown, b: unknown, ordered: boolean): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: Number.isNaN holds only for numbers, so the typeof tests decide nothing
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    if (ordered) {
      const keys = b.keys();
      for (const [key, value] of a) {
        if (keys.next().value !== key || !equals(value, b.get(key), true)) return false;
      }
      return true;
    }
    for (const [key, value] of a) {
      if (!b.has(key) || !equals(value, b.get(key), false)) return false;
    }
    return true;
  }
  if (b instanceof Map) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    // Stryker disable next-line EqualityOperator: one step past the end compares undefined with undefined
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i], ordered)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of Object.keys(ra)) {
    if (!equals(ra[key], rb[key], ordered)) return false;
  }
  for (const key of Object.keys(rb)) {
    if (!(key in ra) && rb[key] !== undefined) return false;
  }
  return true;
}
