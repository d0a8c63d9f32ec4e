/**
 * @module Context values WMI itself interprets (spec §6.4, §7): the provider-architecture pair and
 * the partial-update `__PUT_EXT_*` values of PutInstance. Every other name is the business of
 * the provider that handles the call and is passed through untouched.
 */
import {
  WBEM_E_INVALID_CONTEXT,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_PROVIDER_LOAD_FAILURE,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { ContextValue, WbemContext } from './wbem-context.js';
import { getValue } from './wbem-context.js';

/** VT_I4, 32 or 64: the bitness of provider the caller asks for. */
export const CONTEXT_PROVIDER_ARCHITECTURE = '__ProviderArchitecture';
/** VT_BOOL: when TRUE, a provider of another bitness is refused (`WBEM_E_PROVIDER_LOAD_FAILURE`). */
export const CONTEXT_REQUIRED_ARCHITECTURE = '__RequiredArchitecture';
/** VT_BOOL: PutInstance updates only the properties named by `__PUT_EXT_PROPERTIES`. */
export const PUT_EXTENSIONS = '__PUT_EXTENSIONS';
/** VT_BOOL: NULL values in the instance are written as NULL instead of being skipped. */
export const PUT_EXT_STRICT_NULLS = '__PUT_EXT_STRICT_NULLS';
/** VT_ARRAY | VT_BSTR: the properties a partial PutInstance writes. */
export const PUT_EXT_PROPERTIES = '__PUT_EXT_PROPERTIES';
/** VT_BOOL: all listed properties are written, or none. */
export const PUT_EXT_ATOMIC = '__PUT_EXT_ATOMIC';

const isStringArray = (v: ContextValue): boolean =>
  Array.isArray(v) && v.every((item) => typeof item === 'string');

const EXPECTED: ReadonlyMap<string, readonly [string, (v: ContextValue) => boolean]> = new Map([
  [CONTEXT_PROVIDER_ARCHITECTURE.toLowerCase(), ['32 or 64', (v) => v === 32 || v === 64]],
  [CONTEXT_REQUIRED_ARCHITECTURE.toLowerCase(), ['a boolean', (v) => typeof v === 'boolean']],
  [PUT_EXTENSIONS.toLowerCase(), ['a boolean', (v) => typeof v === 'boolean']],
  [PUT_EXT_STRICT_NULLS.toLowerCase(), ['a boolean', (v) => typeof v === 'boolean']],
  [PUT_EXT_ATOMIC.toLowerCase(), ['a boolean', (v) => typeof v === 'boolean']],
  [PUT_EXT_PROPERTIES.toLowerCase(), ['an array of strings', isStringArray]],
]);

/**
 * Checks the type of a well-known value; unknown names pass.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER when a well-known value has the wrong type.
 */
export function checkWellKnownValue(name: string, value: ContextValue): void {
  const expected = EXPECTED.get(name.toLowerCase());
  if (expected === undefined || expected[1](value)) return;
  throw new WbemError(WBEM_E_INVALID_PARAMETER, {
    message: `context: ${name} must be ${expected[0]}`,
  });
}

/**
 * Whether the provider bitness the caller demands is available. Providers run inside this Node
 * process, so only the process's own bitness (`hostBits`) can be served.
 * @returns WBEM_E_PROVIDER_LOAD_FAILURE as a `WbemError` when `__RequiredArchitecture` is TRUE
 *   and `__ProviderArchitecture` names another bitness; otherwise `undefined`.
 */
export function checkProviderArchitecture(
  ctx: WbemContext | null,
  hostBits: 32 | 64,
): WbemError | undefined {
  const wanted = getValue(ctx, CONTEXT_PROVIDER_ARCHITECTURE);
  if (getValue(ctx, CONTEXT_REQUIRED_ARCHITECTURE) !== true || wanted === undefined)
    return undefined;
  if (wanted === hostBits) return undefined;
  return new WbemError(WBEM_E_PROVIDER_LOAD_FAILURE, {
    message: `a ${String(wanted)}-bit provider is required, this host runs ${hostBits}-bit providers`,
  });
}

/** The partial-update request of a PutInstance context. */
export interface PutExtensions {
  readonly properties: readonly string[];
  readonly strictNulls: boolean;
  readonly atomic: boolean;
}

/**
 * Reads the `__PUT_EXT_*` values: `undefined` unless `__PUT_EXTENSIONS` is TRUE.
 * @throws {WbemError} WBEM_E_INVALID_CONTEXT when `__PUT_EXTENSIONS` is TRUE but
 *   `__PUT_EXT_PROPERTIES` is missing.
 */
export function parsePutExtensions(ctx: WbemContext | null): PutExtensions | undefined {
  if (getValue(ctx, PUT_EXTENSIONS) !== true) return undefined;
  const properties = getValue(ctx, PUT_EXT_PROPERTIES);
  if (!Array.isArray(properties))
    throw new WbemError(WBEM_E_INVALID_CONTEXT, {
      message: `${PUT_EXTENSIONS} is TRUE but ${PUT_EXT_PROPERTIES} is not set`,
    });
  return {
    properties: properties as readonly string[],
    strictNulls: getValue(ctx, PUT_EXT_STRICT_NULLS) === true,
    atomic: getValue(ctx, PUT_EXT_ATOMIC) === true,
  };
}
