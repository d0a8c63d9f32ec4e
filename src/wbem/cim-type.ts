/**
 * @module `CIMTYPE_ENUMERATION` values, exactly as `wbemcli.h`. A property's type is the base
 * value; arrays are marked separately (`isArray`) in the model, and `CIM_FLAG_ARRAY` is only
 * OR-ed in where a single CIMTYPE number is needed (the WMI wire form).
 */

export const CIM_EMPTY = 0;
export const CIM_SINT8 = 16;
export const CIM_UINT8 = 17;
export const CIM_SINT16 = 2;
export const CIM_UINT16 = 18;
export const CIM_SINT32 = 3;
export const CIM_UINT32 = 19;
export const CIM_SINT64 = 20;
export const CIM_UINT64 = 21;
export const CIM_REAL32 = 4;
export const CIM_REAL64 = 5;
export const CIM_BOOLEAN = 11;
export const CIM_STRING = 8;
export const CIM_DATETIME = 101;
export const CIM_REFERENCE = 102;
export const CIM_CHAR16 = 103;
export const CIM_OBJECT = 13;
export const CIM_FLAG_ARRAY = 0x2000;
export const CIM_ILLEGAL = 0xfff;

/** The MOF keyword of every valid base type, by CIMTYPE value. */
export const CIM_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [CIM_SINT8, 'sint8'],
  [CIM_UINT8, 'uint8'],
  [CIM_SINT16, 'sint16'],
  [CIM_UINT16, 'uint16'],
  [CIM_SINT32, 'sint32'],
  [CIM_UINT32, 'uint32'],
  [CIM_SINT64, 'sint64'],
  [CIM_UINT64, 'uint64'],
  [CIM_REAL32, 'real32'],
  [CIM_REAL64, 'real64'],
  [CIM_BOOLEAN, 'boolean'],
  [CIM_STRING, 'string'],
  [CIM_DATETIME, 'datetime'],
  [CIM_REFERENCE, 'ref'],
  [CIM_CHAR16, 'char16'],
  [CIM_OBJECT, 'object'],
]);
