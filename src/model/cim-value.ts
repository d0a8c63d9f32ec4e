/**
 * @module Values held by properties, qualifiers and parameters.
 *
 * The JavaScript form of each CIM type (WMI's VARIANT mapping, win32:numbers):
 * - sint8..uint32, real32, real64: `number`
 * - sint64, uint64: decimal `string` (WMI passes them as VT_BSTR; no precision is lost)
 * - boolean: `boolean`; string, datetime (DMTF `yyyymmddHHMMSS.mmmmmmsUUU`), ref (object path): `string`
 * - char16: a one-character `string`
 * - object: an embedded `CimInstance` or `CimClass`
 * Arrays are JavaScript arrays of scalars; `null` is CIM NULL.
 */
import type { CimClass } from './cim-class.js';
import type { CimInstance } from './cim-instance.js';

export type CimObject = CimClass | CimInstance;
export type CimScalar = string | number | boolean | CimObject;
export type CimValue = CimScalar | readonly CimScalar[] | null;
