/**
 * @module WQL comparison of a property value with a constant (or another property), by WMI's
 * rules: NULL compares false with everything (only `IS NULL` sees it); numbers and numeric text
 * (sint64/uint64 travel as decimal text) compare as numbers, exactly for integers; strings compare
 * case-insensitively; booleans accept `TRUE`/`FALSE` text and 0/1; arrays and embedded objects
 * do not compare. A constant integer past 2^53 arrives as a `bigint`, so that it compares as a
 * number even with a uint64 held as text.
 */
import type { CimValue } from '../model/cim-value.js';
import type { WqlComparisonOperator } from './ast.js';

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `left op right`; false whenever either side is NULL, missing, an array or an object. */
export function compareValues(
  left: CimValue | bigint | undefined,
  op: WqlComparisonOperator,
  right: CimValue | bigint | undefined,
): boolean {
  const order = orderOf(left, right);
  if (order === undefined) return false;
  switch (op) {
    case '=':
      return order === 0;
    case '<>':
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '>=':
      return order >= 0;
  }
}

/** -1, 0 or 1; `undefined` when the values do not compare. */
function orderOf(
  a: CimValue | bigint | undefined,
  b: CimValue | bigint | undefined,
): number | undefined {
  // NULL, arrays and embedded objects are all of type 'object'.
  if (a === undefined || b === undefined || typeof a === 'object' || typeof b === 'object') {
    return undefined;
  }
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    if (typeof a === 'boolean' || typeof b === 'boolean') return undefined;
    return numericOrder(a, b);
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const x = asBoolean(a);
    const y = asBoolean(b);
    return x === undefined || y === undefined ? undefined : Number(x) - Number(y);
  }
  if (typeof a === 'number' || typeof b === 'number') return numericOrder(a, b);
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function asBoolean(v: string | number | boolean): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 0 ? false : v === 1 ? true : undefined;
  const t = v.trim().toUpperCase();
  return t === 'TRUE' ? true : t === 'FALSE' ? false : undefined;
}

/** One side is a number, the other a number or numeric text. */
function numericOrder(
  a: string | number | bigint,
  b: string | number | bigint,
): number | undefined {
  const ta = typeof a === 'string' ? a.trim() : a;
  const tb = typeof b === 'string' ? b.trim() : b;
  if (
    (typeof ta === 'string' && !DECIMAL.test(ta)) ||
    (typeof tb === 'string' && !DECIMAL.test(tb))
  ) {
    return undefined;
  }
  const ia = integerOf(ta);
  const ib = integerOf(tb);
  if (ia !== undefined && ib !== undefined) return ia < ib ? -1 : ia > ib ? 1 : 0;
  const x = Number(ta);
  const y = Number(tb);
  if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Exact integer form, so uint64 values past 2^53 compare correctly. Every integral number
 * converts exactly (a real64 1E20 is exactly 10^20): rounding the text side to a number instead
 * would make 2^53 equal to the uint64 9007199254740993.
 */
function integerOf(v: string | number | bigint): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : undefined;
  return INTEGER.test(v) ? BigInt(v) : undefined;
}
