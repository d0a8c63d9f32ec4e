/**
 * @module CIM type and value validation: whether a number is a CIMTYPE, and whether a JavaScript
 * value fits a declared type (the VARIANT mapping of `cim-value.ts`). Returns HRESULTs instead of
 * throwing so that callers pick the code that fits their operation.
 */
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT8,
  CIM_SINT16,
  CIM_SINT32,
  CIM_SINT64,
  CIM_STRING,
  CIM_TYPE_NAMES,
  CIM_UINT8,
  CIM_UINT16,
  CIM_UINT32,
  CIM_UINT64,
} from '../wbem/cim-type.js';
import { WBEM_MAX_OBJECT_NESTING } from '../wbem/flags.js';
import { WBEM_E_TYPE_MISMATCH, WBEM_E_VALUE_OUT_OF_RANGE } from '../wbem/status.js';

/** True for every valid base CIMTYPE (`CIM_EMPTY`, the array flag and `CIM_ILLEGAL` excluded). */
export function isCimType(type: unknown): type is number {
  // Stryker disable next-line ConditionalExpression: the map's keys are numbers, so has() refuses the rest anyway
  return typeof type === 'number' && CIM_TYPE_NAMES.has(type);
}

/** Types that `Key` may not be placed on (spec §4.5), besides arrays. */
export function canBeKeyType(type: number, isArray: boolean): boolean {
  return !isArray && type !== CIM_REAL32 && type !== CIM_REAL64 && type !== CIM_OBJECT;
}

/**
 * Inclusive ranges of the integer types, as bigints: the one table of them (the MOF compiler
 * checks literals against it too).
 */
export const CIM_INTEGER_RANGES: ReadonlyMap<number, readonly [bigint, bigint]> = new Map([
  [CIM_SINT8, [-128n, 127n]],
  [CIM_UINT8, [0n, 255n]],
  [CIM_SINT16, [-32768n, 32767n]],
  [CIM_UINT16, [0n, 65535n]],
  [CIM_SINT32, [-2147483648n, 2147483647n]],
  [CIM_UINT32, [0n, 4294967295n]],
  [CIM_SINT64, [-(2n ** 63n), 2n ** 63n - 1n]],
  [CIM_UINT64, [0n, 2n ** 64n - 1n]],
]);

function rangeOf(type: number): readonly [bigint, bigint] {
  return CIM_INTEGER_RANGES.get(type) as readonly [bigint, bigint];
}

// Values of the 8- to 32-bit types are JavaScript numbers: their ranges as numbers, so the check
// of every such value stays a plain comparison.
const INT_RANGES: ReadonlyMap<number, readonly [number, number]> = new Map(
  [CIM_SINT8, CIM_UINT8, CIM_SINT16, CIM_UINT16, CIM_SINT32, CIM_UINT32].map((type) => {
    const [min, max] = rangeOf(type);
    return [type, [Number(min), Number(max)]] as const;
  }),
);

const REAL32_MAX = 3.4028234663852886e38;
const DECIMAL = /^-?\d{1,20}$/;
// DMTF datetime `yyyymmddHHMMSS.mmmmmmsUUU` or interval `ddddddddHHMMSS.mmmmmm:000`; `*` marks
// insignificant digits.
const DATETIME = /^[\d*]{14}\.[\d*]{6}(?:[+-][\d*]{3}|:000)$/;

/**
 * Checks one value against a CIM type.
 * @returns `undefined` when the value fits; `WBEM_E_TYPE_MISMATCH` for a value of the wrong
 * JavaScript form, `WBEM_E_VALUE_OUT_OF_RANGE` for an integer outside its type's range.
 */
export function checkCimValue(value: unknown, type: number, isArray: boolean): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isArray) return checkScalar(value, type, 0, undefined);
  if (!Array.isArray(value)) return WBEM_E_TYPE_MISMATCH;
  for (const item of value as readonly unknown[]) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: checkScalar refuses null and undefined for every type too
    if (item === null || item === undefined) return WBEM_E_TYPE_MISMATCH;
    const failed = checkScalar(item, type, 0, undefined);
    if (failed !== undefined) return failed;
  }
  return undefined;
}

function checkScalar(
  value: unknown,
  type: number,
  depth: number,
  seen: Set<object> | undefined,
): number | undefined {
  // Strings are most values (every Description): decided before the range look-up.
  // Stryker disable next-line ConditionalExpression: a fast path; the switch answers the same for strings
  if (type === CIM_STRING) return typeof value === 'string' ? undefined : WBEM_E_TYPE_MISMATCH;
  const range = INT_RANGES.get(type);
  if (range !== undefined) {
    // Stryker disable next-line ConditionalExpression: Number.isInteger refuses every non-number too
    if (typeof value !== 'number' || !Number.isInteger(value)) return WBEM_E_TYPE_MISMATCH;
    return value < range[0] || value > range[1] ? WBEM_E_VALUE_OUT_OF_RANGE : undefined;
  }
  switch (type) {
    case CIM_SINT64:
    case CIM_UINT64: {
      if (typeof value !== 'string' || !DECIMAL.test(value)) return WBEM_E_TYPE_MISMATCH;
      const big = BigInt(value);
      const [min, max] = rangeOf(type);
      return big < min || big > max ? WBEM_E_VALUE_OUT_OF_RANGE : undefined;
    }
    case CIM_REAL32:
      if (typeof value !== 'number') return WBEM_E_TYPE_MISMATCH;
      return Number.isFinite(value) && Math.abs(value) > REAL32_MAX
        ? WBEM_E_VALUE_OUT_OF_RANGE
        : undefined;
    case CIM_REAL64:
      return typeof value === 'number' ? undefined : WBEM_E_TYPE_MISMATCH;
    case CIM_BOOLEAN:
      return typeof value === 'boolean' ? undefined : WBEM_E_TYPE_MISMATCH;
    case CIM_STRING:
    case CIM_REFERENCE:
      return typeof value === 'string' ? undefined : WBEM_E_TYPE_MISMATCH;
    case CIM_DATETIME:
      // Stryker disable next-line ConditionalExpression: no number's text matches the datetime pattern
      return typeof value === 'string' && DATETIME.test(value) ? undefined : WBEM_E_TYPE_MISMATCH;
    case CIM_CHAR16:
      return typeof value === 'string' && value.length === 1 ? undefined : WBEM_E_TYPE_MISMATCH;
    case CIM_OBJECT:
      return checkEmbeddedObject(value, depth, seen);
    default:
      return WBEM_E_TYPE_MISMATCH;
  }
}

/**
 * An embedded object is a class or instance; it is walked (bounded by `WBEM_MAX_OBJECT_NESTING`)
 * so that a cyclic or absurdly nested value is refused here rather than breaking a store's
 * serializer later.
 */
function checkEmbeddedObject(
  value: unknown,
  depth: number,
  seen: Set<object> | undefined,
): number | undefined {
  // Stryker disable next-line all: callers pass no null here, and the genus test below refuses the rest
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return WBEM_E_TYPE_MISMATCH;
  }
  const obj = value as { readonly genus?: unknown; readonly properties?: unknown };
  if (obj.genus !== 1 && obj.genus !== 2) return WBEM_E_TYPE_MISMATCH;
  const visited = seen ?? new Set<object>();
  if (visited.has(value) || depth >= WBEM_MAX_OBJECT_NESTING) return WBEM_E_TYPE_MISMATCH;
  visited.add(value);
  const props = obj.properties;
  if (props instanceof Map) {
    for (const p of props.values()) {
      if (typeof p !== 'object' || p === null) return WBEM_E_TYPE_MISMATCH;
      const v = (p as { readonly value?: unknown }).value;
      // Stryker disable next-line ConditionalExpression,LogicalOperator: the items are tested one by one below
      if (typeof v === 'object' && v !== null) {
        const items = Array.isArray(v) ? (v as unknown[]) : [v];
        for (const item of items) {
          if (typeof item === 'object' && item !== null) {
            const failed = checkEmbeddedObject(item, depth + 1, visited);
            if (failed !== undefined) return failed;
          }
        }
      }
    }
  } else if (props !== undefined) {
    return WBEM_E_TYPE_MISMATCH;
  }
  visited.delete(value);
  return undefined;
}

/** The MOF keyword of a type (`uint32`, `string[]` for arrays); `undefined` for invalid types. */
export function cimTypeName(type: number, isArray = false): string | undefined {
  const name = CIM_TYPE_NAMES.get(type);
  return name === undefined ? undefined : isArray ? `${name}[]` : name;
}

/**
 * Lower-cased MOF type keyword → CIMTYPE base value, derived from `CIM_TYPE_NAMES` (`ref` is the
 * reference keyword; the MOF grammar allows it only after a class name).
 */
export const CIM_TYPE_BY_NAME: ReadonlyMap<string, number> = new Map(
  [...CIM_TYPE_NAMES].map(([type, name]) => [name, type]),
);

/** Parses a MOF type keyword (`'uint32'`, `'string[]'`, `'reference'` as `ref`). */
export function parseCimTypeName(
  text: string,
): { readonly type: number; readonly isArray: boolean } | undefined {
  const isArray = text.endsWith('[]');
  const base = (isArray ? text.slice(0, -2) : text).trim().toLowerCase();
  const type = CIM_TYPE_BY_NAME.get(base === 'reference' ? 'ref' : base);
  return type === undefined ? undefined : { type, isArray };
}
