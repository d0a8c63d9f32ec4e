/**
 * @module CIM values as DSP0201 writes them in `<VALUE>` text, both ways, and the `TYPE` attribute
 * spellings. Integers keep the engine's forms (numbers up to 32 bits, decimal strings for 64-bit);
 * reals accept what DSP0201 allows (`INF`, `-INF`, `NaN` included).
 */
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_INTEGER_RANGES,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT64,
  CIM_STRING,
  CIM_TYPE_NAMES,
  CIM_UINT64,
  type CimScalar,
  WBEM_E_INVALID_PARAMETER,
  WbemError,
} from '../index.js';

const TYPE_BY_NAME: ReadonlyMap<string, number> = new Map(
  [...CIM_TYPE_NAMES].map(([value, name]) => [name, value]),
);

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

/**
 * The CIMTYPE of a DSP0201 `TYPE` attribute (`uint32`, `string`, ...).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for an unknown or missing type.
 */
export function cimTypeOf(name: string | undefined, where: string): number {
  // DSP0201 spells the types in lower case; only another spelling pays for the case folding.
  const type =
    name === undefined
      ? undefined
      : (TYPE_BY_NAME.get(name) ?? TYPE_BY_NAME.get(name.toLowerCase()));
  if (type === undefined || type === CIM_REFERENCE || type === CIM_OBJECT) {
    throw invalid(`${where}: TYPE ${name === undefined ? 'missing' : `'${name}' unknown`}`);
  }
  return type;
}

/** The DSP0201 `TYPE` spelling of a CIMTYPE; embedded objects travel as strings. */
export function typeNameOf(type: number): string {
  if (type === CIM_OBJECT) return 'string';
  return CIM_TYPE_NAMES.get(type) ?? 'string';
}

/** Decimal integers this short are exact as numbers, so 8- to 32-bit values skip BigInt. */
const SHORT_DECIMAL = /^[+-]?\d{1,15}$/;

function parseInteger(text: string, type: number, where: string): number | string {
  const trimmed = text.trim();
  if (type !== CIM_SINT64 && type !== CIM_UINT64 && SHORT_DECIMAL.test(trimmed)) {
    const n = Number(trimmed);
    const [min, max] = CIM_INTEGER_RANGES.get(type) as readonly [bigint, bigint];
    if (n < Number(min) || n > Number(max)) {
      throw invalid(`${where}: ${n} is out of range for ${typeNameOf(type)}`);
    }
    // `-0` is the integer 0.
    return n === 0 ? 0 : n;
  }
  let big: bigint;
  if (/^[+-]?\d+$/.test(trimmed)) big = BigInt(trimmed);
  else if (/^[+-]?0x[0-9a-f]+$/i.test(trimmed)) {
    const negative = trimmed.startsWith('-');
    big = BigInt(trimmed.replace(/^[+-]/, ''));
    if (negative) big = -big;
  } else throw invalid(`${where}: '${trimmed.slice(0, 40)}' is not an integer`);
  const [min, max] = CIM_INTEGER_RANGES.get(type) as readonly [bigint, bigint];
  if (big < min || big > max) {
    throw invalid(`${where}: ${big} is out of range for ${typeNameOf(type)}`);
  }
  return type === CIM_SINT64 || type === CIM_UINT64 ? big.toString() : Number(big);
}

function parseReal(text: string, where: string): number {
  const trimmed = text.trim();
  if (trimmed === 'INF' || trimmed === '+INF') return Number.POSITIVE_INFINITY;
  if (trimmed === '-INF') return Number.NEGATIVE_INFINITY;
  if (trimmed === 'NaN') return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    throw invalid(`${where}: '${trimmed.slice(0, 40)}' is not a real number`);
  }
  return Number(trimmed);
}

/**
 * The value of `<VALUE>` text for a scalar of `type`.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER when the text does not fit the type.
 */
export function parseValueText(text: string, type: number, where: string): CimScalar {
  if (CIM_INTEGER_RANGES.has(type)) return parseInteger(text, type, where);
  switch (type) {
    case CIM_REAL32:
    case CIM_REAL64:
      return parseReal(text, where);
    case CIM_BOOLEAN: {
      const t = text.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      throw invalid(`${where}: '${text.trim().slice(0, 40)}' is not TRUE or FALSE`);
    }
    case CIM_CHAR16:
      // A char16 is one UCS-2 character (DSP0004), one UTF-16 code unit as the engine checks it:
      // a character beyond U+FFFF (two code units) does not fit.
      if (text.length !== 1) throw invalid(`${where}: a char16 value is one character`);
      return text;
    case CIM_STRING:
    case CIM_DATETIME:
    case CIM_REFERENCE:
      return text;
    default:
      throw invalid(`${where}: values of CIM type ${type} cannot be given as text`);
  }
}

/** `<VALUE>` text of a scalar that is not an embedded object. */
export function formatValueText(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (value === Number.POSITIVE_INFINITY) return 'INF';
    if (value === Number.NEGATIVE_INFINITY) return '-INF';
    return String(value);
  }
  return value;
}
