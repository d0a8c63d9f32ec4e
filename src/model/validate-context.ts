/**
 * @module Checking and copying caller-supplied context values. Whatever a caller passes as `ctx`
 * is `unknown` until it passes here: the result is plain data that structured clone and msgpack
 * carry unchanged, owned by the engine (objects are copied, as `SetValue` copies an
 * `IWbemClassObject`). Anything else is refused with `WBEM_E_INVALID_PARAMETER`.
 */

import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE, WBEM_MAX_IDENTIFIER } from '../wbem/flags.js';
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { CimObject } from './cim-value.js';
import { nameKey } from './names.js';
import type { ContextEntry, ContextValue, WbemContext } from './wbem-context.js';
import { checkWellKnownValue } from './well-known-context.js';

/** Deepest nesting of containers (objects, arrays, maps) accepted inside one value. */
export const MAX_CONTEXT_DEPTH = 256;
/** Most containers and scalars accepted in one context, so a huge value fails fast. */
export const MAX_CONTEXT_NODES = 100_000;
/** Most named values in one context. */
export const MAX_CONTEXT_ENTRIES = 1024;

const fail = (message: string): never => {
  throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: `context: ${message}` });
};

interface CopyState {
  nodes: number;
  readonly ancestors: Set<object>;
}

const describe = (value: unknown): string => {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return 'a bigint';
  if (value === undefined) return 'undefined';
  // Every caller has dealt with null, and with objects whose prototype is null (plain data).
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } };
  return `an instance of ${proto.constructor?.name ?? 'an unknown class'}`;
};

/**
 * Deep copy of plain data: primitives, arrays, plain objects and `Map`s (the model's `NameMap`s).
 * `undefined` object fields are dropped (optional fields are omitted, never `undefined`).
 */
function copyPlain(value: unknown, where: string, depth: number, state: CopyState): unknown {
  state.nodes += 1;
  if (state.nodes > MAX_CONTEXT_NODES) fail(`${where}: more than ${MAX_CONTEXT_NODES} nodes`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value !== 'object') return fail(`${where} is ${describe(value)}, not plain data`);
  if (depth >= MAX_CONTEXT_DEPTH)
    fail(`${where} is nested deeper than ${MAX_CONTEXT_DEPTH} levels`);
  if (state.ancestors.has(value)) fail(`${where} refers back to itself (a cycle)`);
  state.ancestors.add(value);
  try {
    if (Array.isArray(value))
      return value.map((item, i) => copyPlain(item, `${where}[${i}]`, depth + 1, state));
    if (value instanceof Map) {
      const out = new Map<string, unknown>();
      for (const [key, item] of value) {
        if (typeof key !== 'string') fail(`${where} has a map key that is not a string`);
        out.set(key, copyPlain(item, `${where}.get(${JSON.stringify(key)})`, depth + 1, state));
      }
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      return fail(`${where} is ${describe(value)}; only plain objects are accepted`);
    if (Object.getOwnPropertySymbols(value).length > 0) fail(`${where} has symbol keys`);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item: unknown = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      out[key] = copyPlain(item, `${where}.${key}`, depth + 1, state);
    }
    return out;
  } finally {
    state.ancestors.delete(value);
  }
}

function isCimObjectShape(value: object): boolean {
  const record = value as Record<string, unknown>;
  if (!(record['properties'] instanceof Map)) return false;
  if (record['genus'] === WBEM_GENUS_CLASS) return typeof record['name'] === 'string';
  if (record['genus'] === WBEM_GENUS_INSTANCE) return typeof record['className'] === 'string';
  return false;
}

type ScalarKind = 'string' | 'number' | 'boolean' | 'object';

function copyScalar(value: unknown, where: string, state: CopyState): [ScalarKind, unknown] {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return [typeof value as ScalarKind, value];
    case 'object':
      if (value === null) return fail(`${where} is null; delete the value instead`);
      if (Array.isArray(value)) return fail(`${where} is an array inside an array`);
      if (!isCimObjectShape(value))
        return fail(`${where} is an object that is not a class or instance (genus 1 or 2)`);
      return ['object', copyPlain(value, where, 0, state)];
    default:
      return fail(
        `${where} is ${describe(value)}; allowed: string, number, boolean, object, array`,
      );
  }
}

/**
 * Checks one value and returns the engine's own copy.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER when it is not an allowed context value.
 */
export function copyContextValue(name: string, value: unknown): ContextValue {
  const state: CopyState = { nodes: 0, ancestors: new Set() };
  const where = `value ${JSON.stringify(name)}`;
  let copy: ContextValue;
  if (Array.isArray(value)) {
    let kind: ScalarKind | undefined;
    const items = value.map((item: unknown, i) => {
      const [itemKind, itemCopy] = copyScalar(item, `${where}[${i}]`, state);
      if (kind !== undefined && kind !== itemKind)
        fail(`${where} mixes ${kind} and ${itemKind} elements; arrays must be of one type`);
      kind = itemKind;
      return itemCopy;
    });
    copy = items as ContextValue;
  } else {
    copy = copyScalar(value, where, state)[1] as string | number | boolean | CimObject;
  }
  checkWellKnownValue(name, copy);
  return copy;
}

/**
 * Checks a context name.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a non-string, empty or over-long name.
 */
export function validateContextName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0)
    return fail('value names must be non-empty strings');
  if (name.length > WBEM_MAX_IDENTIFIER)
    return fail(`value name longer than ${WBEM_MAX_IDENTIFIER} characters`);
  return name;
}

/** Builds checked entries from name/value pairs; a later pair replaces an earlier one. */
export function validateContextValues(
  pairs: readonly (readonly [unknown, unknown])[],
): Map<string, ContextEntry> {
  if (pairs.length > MAX_CONTEXT_ENTRIES) fail(`more than ${MAX_CONTEXT_ENTRIES} values`);
  const entries = new Map<string, ContextEntry>();
  for (const pair of pairs) {
    if (!Array.isArray(pair) || pair.length !== 2) fail('entries must be [name, value] pairs');
    const name = validateContextName(pair[0]);
    const key = nameKey(name);
    const spelled = entries.get(key)?.name ?? name;
    entries.set(key, { name: spelled, value: copyContextValue(spelled, pair[1]) });
  }
  return entries;
}

function pairsOf(input: object): (readonly [unknown, unknown])[] {
  if (input instanceof Map) return [...input.entries()];
  const record = input as Record<string, unknown>;
  if (record['kind'] === 'wbem-context') {
    const entries = record['entries'];
    if (!(entries instanceof Map)) return fail('a wbem-context must hold an entries Map');
    return [...entries.values()].map((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) return fail('malformed context entry');
      const { name, value } = entry as Record<string, unknown>;
      return [name, value] as const;
    });
  }
  const proto: unknown = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null)
    return fail(`expected a WbemContext, a Map or a plain object, got ${describe(input)}`);
  if (Object.getOwnPropertySymbols(input).length > 0) fail('symbol keys are not value names');
  return Object.entries(record);
}

/**
 * The `pCtx` of every call, checked at the boundary. `null`/`undefined` mean "no context" (normal
 * in WMI) and give `null`. Accepted: a `WbemContext` (also one rebuilt by structured clone), a
 * `Map` of name → value, or a plain object of name → value. The result is the engine's own copy.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for functions, symbols, bigints, cycles, class
 *   instances other than `Map`, over-deep nesting, mixed arrays, nested arrays, or a well-known
 *   value of the wrong type.
 */
export function validateContext(input: unknown): WbemContext | null {
  if (input === null || input === undefined) return null;
  if (typeof input !== 'object' || Array.isArray(input))
    return fail(
      `expected a context object, got ${Array.isArray(input) ? 'an array' : describe(input)}`,
    );
  return { kind: 'wbem-context', entries: validateContextValues(pairsOf(input)) };
}
