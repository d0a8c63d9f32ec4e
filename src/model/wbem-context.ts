/**
 * @module `IWbemContext` as an immutable value: named values a caller passes with a call, which the
 * engine forwards to providers and attaches to the events the call raises (spec §7). Names are
 * case-insensitive and keep their case. Plain data (a `Map` of plain entries), so a context
 * crosses threads by structured clone unchanged.
 *
 * The COM methods map onto functions: `SetValue` → `setValue`, `GetValue` → `getValue`,
 * `DeleteValue` → `deleteValue`, `DeleteAll` → `deleteAll`, `GetNames` → `getNames`,
 * `Clone` → `cloneContext`. Each "mutator" returns a new context and leaves its input untouched.
 *
 * @example
 * const ctx = setValue(createContext(), '__ProviderArchitecture', 64);
 * await svc.putClass(cls, 0, ctx);
 */
import type { CimObject } from './cim-value.js';
import type { NameMap } from './names.js';
import { nameKey } from './names.js';
import {
  copyContextValue,
  validateContextName,
  validateContextValues,
} from './validate-context.js';

/** A VT_I4/VT_R8 (`number`), VT_BOOL (`boolean`), VT_BSTR (`string`) or object (VT_UNKNOWN) value. */
export type ContextScalar = string | number | boolean | CimObject;

/** A context value: a scalar or a homogeneous array of scalars (VT_ARRAY). */
export type ContextValue =
  | ContextScalar
  | readonly string[]
  | readonly number[]
  | readonly boolean[]
  | readonly CimObject[];

export interface ContextEntry {
  /** The name as first set (case kept). */
  readonly name: string;
  readonly value: ContextValue;
}

export interface WbemContext {
  readonly kind: 'wbem-context';
  /** Keyed by `nameKey(name)`. */
  readonly entries: NameMap<ContextEntry>;
}

const EMPTY: WbemContext = { kind: 'wbem-context', entries: new Map() };

/**
 * A new context, optionally filled from name/value pairs (each value checked and copied).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a bad name or value.
 */
export function createContext(
  values?: Iterable<readonly [string, unknown]> | Readonly<Record<string, unknown>>,
): WbemContext {
  if (values === undefined) return EMPTY;
  const pairs =
    Symbol.iterator in values
      ? [...(values as Iterable<readonly [string, unknown]>)]
      : Object.entries(values);
  return { kind: 'wbem-context', entries: validateContextValues(pairs) };
}

/**
 * `IWbemContext::SetValue`: a context with `name` set to a copy of `value`. Setting a name that
 * exists in another case replaces the value and keeps the first spelling.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a bad name or value.
 */
export function setValue(ctx: WbemContext, name: string, value: unknown): WbemContext {
  const key = nameKey(validateContextName(name));
  const entries = new Map(ctx.entries);
  const spelled = ctx.entries.get(key)?.name ?? name;
  entries.set(key, { name: spelled, value: copyContextValue(spelled, value) });
  return { kind: 'wbem-context', entries };
}

/** `IWbemContext::GetValue`: the value, or `undefined` when the name is not set. */
export function getValue(ctx: WbemContext | null, name: string): ContextValue | undefined {
  return ctx?.entries.get(nameKey(name))?.value;
}

/** `IWbemContext::DeleteValue`: a context without `name` (unchanged if it was not set). */
export function deleteValue(ctx: WbemContext, name: string): WbemContext {
  const key = nameKey(name);
  if (!ctx.entries.has(key)) return ctx;
  const entries = new Map(ctx.entries);
  entries.delete(key);
  return { kind: 'wbem-context', entries };
}

/** `IWbemContext::DeleteAll`: an empty context. */
export function deleteAll(_ctx: WbemContext): WbemContext {
  return EMPTY;
}

/** `IWbemContext::GetNames`: the names set, in the order they were first set. */
export function getNames(ctx: WbemContext | null): string[] {
  return ctx === null ? [] : [...ctx.entries.values()].map((entry) => entry.name);
}

/** `IWbemContext::Clone`: a deep copy (objects included). */
export function cloneContext(ctx: WbemContext): WbemContext {
  return createContext([...ctx.entries.values()].map((e) => [e.name, e.value] as const));
}
