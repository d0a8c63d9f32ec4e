/**
 * @module The fixed layouts of a `putClass` request on the wire (`write-put-class-batch.ts`,
 * `read-put-class-batch.ts`): for the request, its intent and caller, the class and each kind of
 * member, the own keys an object may have, in the order the builders (and the engine's
 * `Object.assign` of a request) give them. An object is carried as the set of its keys present
 * and their values, without key names.
 */
import { OFF_LAYOUT } from './wire-bytes.js';

/** The own keys a layout allows, in order, and which of them may be missing. */
export interface Layout {
  readonly keys: readonly string[];
  /** Bit i set: `keys[i]` may be absent. */
  readonly optional: number;
}

/** A layout from its keys in order; a trailing `?` marks a key that may be absent. */
export function layout(...keys: string[]): Layout {
  let optional = 0;
  const names = keys.map((key, i) => {
    if (!key.endsWith('?')) return key;
    optional |= 1 << i;
    return key.slice(0, -1);
  });
  return { keys: names, optional };
}

export const BATCH = layout('kind', 'messages');
export const REQUEST = layout(
  'kind',
  'cls',
  'intent',
  'id',
  'namespace',
  'sendStatus',
  'wantsEvents',
  'caller?',
);
export const INTENT = layout('mode', 'update', 'useAmendedQualifiers', 'ownerUpdate');
export const CALLER = layout('principal', 'rights', 'context');
export const CLASS = layout(
  'genus',
  'name',
  'superclass',
  'qualifiers',
  'properties',
  'methods',
  'amended?',
);
export const QUALIFIER = layout('name', 'type', 'isArray?', 'value', 'flavor');
export const PROPERTY = layout(
  'name',
  'type',
  'isArray',
  'arraySize?',
  'referenceClass?',
  'embeddedObjectClass?',
  'value',
  'classOrigin?',
  'propagated?',
  'qualifiers',
);
export const PARAMETER = layout(
  'name',
  'type',
  'isArray',
  'arraySize?',
  'referenceClass?',
  'embeddedObjectClass?',
  'value?',
  'qualifiers',
);
export const METHOD = layout(
  'name',
  'returnType',
  'returnIsArray?',
  'parameters',
  'qualifiers',
  'classOrigin?',
  'propagated?',
);

/** An object of some layout, read by key. */
export type Fields = Record<string, unknown>;

/**
 * Which keys of `layout` `value` has (bit i: `keys[i]`).
 * @throws OFF_LAYOUT when `value` is not a plain object with exactly such keys, in that order.
 */
export function presence(value: unknown, shape: Layout): number {
  if (typeof value !== 'object' || value === null) throw OFF_LAYOUT;
  if (Object.getPrototypeOf(value) !== Object.prototype) throw OFF_LAYOUT;
  const keys = shape.keys;
  let at = 0;
  let mask = 0;
  // `for...in` without `hasOwn`: `writeFixedBatch` has checked that `Object.prototype` has no
  // enumerable keys, so every key seen here is the object's own.
  for (const key in value) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at keys.length no optional bit is set, so the loop throws OFF_LAYOUT as the check after it does
    while (at < keys.length && keys[at] !== key) {
      if ((shape.optional & (1 << at)) === 0) throw OFF_LAYOUT;
      at++;
    }
    if (at === keys.length) throw OFF_LAYOUT;
    mask |= 1 << at;
    at++;
  }
  for (; at < keys.length; at++) if ((shape.optional & (1 << at)) === 0) throw OFF_LAYOUT;
  return mask;
}

/** Every key of `shape` that is not optional (the mask of an object without optional keys). */
export function required(shape: Layout): number {
  return ((1 << shape.keys.length) - 1) & ~shape.optional;
}

/** The masks of the shapes the builders and the engine produce (both sides special-case them). */
export const PLAIN_QUALIFIER = required(QUALIFIER);
export const ARRAY_QUALIFIER = PLAIN_QUALIFIER | (1 << QUALIFIER.keys.indexOf('isArray'));
export const PLAIN_PROPERTY = required(PROPERTY);
export const PLAIN_CLASS = required(CLASS);
export const FULL_REQUEST = required(REQUEST) | REQUEST.optional;
export const FULL_INTENT = required(INTENT);
export const FULL_CALLER = required(CALLER);
