/**
 * @module MOF data type keywords and their CIMTYPE values.
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
  CIM_UINT8,
  CIM_UINT16,
  CIM_UINT32,
  CIM_UINT64,
} from '../wbem/cim-type.js';

/** Lower-cased MOF type keyword → CIMTYPE base value (`ref` only after a class name). */
export const MOF_TYPE_KEYWORDS: ReadonlyMap<string, number> = new Map([
  ['sint8', CIM_SINT8],
  ['uint8', CIM_UINT8],
  ['sint16', CIM_SINT16],
  ['uint16', CIM_UINT16],
  ['sint32', CIM_SINT32],
  ['uint32', CIM_UINT32],
  ['sint64', CIM_SINT64],
  ['uint64', CIM_UINT64],
  ['real32', CIM_REAL32],
  ['real64', CIM_REAL64],
  ['boolean', CIM_BOOLEAN],
  ['string', CIM_STRING],
  ['datetime', CIM_DATETIME],
  ['char16', CIM_CHAR16],
  ['object', CIM_OBJECT],
  ['ref', CIM_REFERENCE],
]);

/** Inclusive ranges of the integer types, as bigints. */
export const INTEGER_RANGES: ReadonlyMap<number, readonly [bigint, bigint]> = new Map([
  [CIM_SINT8, [-128n, 127n]],
  [CIM_UINT8, [0n, 255n]],
  [CIM_SINT16, [-32768n, 32767n]],
  [CIM_UINT16, [0n, 65535n]],
  [CIM_SINT32, [-2147483648n, 2147483647n]],
  [CIM_UINT32, [0n, 4294967295n]],
  [CIM_SINT64, [-9223372036854775808n, 9223372036854775807n]],
  [CIM_UINT64, [0n, 18446744073709551615n]],
]);
