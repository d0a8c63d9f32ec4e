/**
 * @module Input validation of a class object: turns whatever a caller passed into a local
 * definition (plain data, `NameMap`s re-keyed by `nameKey`), or throws the HRESULT the spec maps
 * the defect to. Nothing from the input is kept by reference except scalar values, so a caller
 * mutating its object afterwards cannot change what was stored.
 *
 * Inherited parts are dropped, not refused: a class read with `getClass` and written back (WMI's
 * normal round trip) carries `propagated: true` members and `WBEM_FLAVOR_ORIGIN_PROPAGATED`
 * qualifiers, and only its local parts are the definition.
 *
 * Checks are split in two because the spec's evaluation order (§2.3) puts existence and superclass
 * lookups between the name rules and the definition checks: `readClassHeader` then `readClassBody`.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimMethod, CimParameter } from '../model/cim-method.js';
import {
  isCimIdentifier,
  MAX_CLASS_NAME_LENGTH,
  MAX_MEMBER_NAME_LENGTH,
} from '../model/cim-name-grammar.js';
import type { CimProperty } from '../model/cim-property.js';
import { checkCimValue, isCimType } from '../model/cim-type-check.js';
import type { CimValue } from '../model/cim-value.js';
import { EMPTY_NAME_MAP, type NameMap, nameKey } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import {
  CIM_BOOLEAN,
  CIM_EMPTY,
  CIM_FLAG_ARRAY,
  CIM_REAL64,
  CIM_SINT32,
  CIM_STRING,
} from '../wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import {
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_MASK_WRITABLE,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
} from '../wbem/flavor.js';
import {
  WBEM_E_INCOMPLETE_CLASS,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_DUPLICATE_PARAMETER,
  WBEM_E_INVALID_FLAVOR,
  WBEM_E_INVALID_OBJECT,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_PARAMETER_ID,
  WBEM_E_INVALID_PROPERTY_TYPE,
  WBEM_E_INVALID_QUALIFIER_TYPE,
  WBEM_E_METHOD_NAME_TOO_WIDE,
  WBEM_E_MISSING_PARAMETER_ID,
  WBEM_E_NONCONSECUTIVE_PARAMETER_IDS,
  WBEM_E_PARAMETER_ID_ON_RETVAL,
  WBEM_E_PROPERTY_NAME_TOO_WIDE,
  WBEM_E_QUALIFIER_NAME_TOO_WIDE,
  WBEM_E_QUOTA_VIOLATION,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

type Raw = Record<string, unknown>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The part of a class object checked before any lookup. */
export interface ClassHeader {
  readonly raw: Raw;
  readonly name: string;
  /** As given; validated at the superclass step. */
  readonly superclass: unknown;
  readonly amended: boolean;
}

const fail = (hresult: number, message: string): never => {
  throw new WbemError(hresult, { message });
};

const shown = (name: string): string =>
  JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...(${name.length} chars)` : name);

/**
 * Genus and presence of a name (spec §2.3, first two phase-2 steps).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER (no object), WBEM_E_INVALID_CLASS (an
 * instance), WBEM_E_INVALID_OBJECT (not a class object), WBEM_E_INCOMPLETE_CLASS (no `__CLASS`).
 */
export function readClassHeader(input: unknown): ClassHeader {
  if (typeof input !== 'object' || input === null) {
    return fail(WBEM_E_INVALID_PARAMETER, 'no class object was given');
  }
  const raw = input as Raw;
  const genus = raw['genus'];
  if (genus === WBEM_GENUS_INSTANCE)
    return fail(WBEM_E_INVALID_CLASS, 'the object is an instance, not a class');
  if (genus !== WBEM_GENUS_CLASS)
    return fail(WBEM_E_INVALID_OBJECT, 'the object is not a class (genus is not 1)');
  const name = raw['name'];
  if (name === undefined || name === null || name === '') {
    return fail(WBEM_E_INCOMPLETE_CLASS, 'the class has no name (__CLASS)');
  }
  if (typeof name !== 'string')
    return fail(WBEM_E_INVALID_PARAMETER, 'the class name is not a string');
  return { raw, name, superclass: raw['superclass'], amended: raw['amended'] === true };
}

/**
 * Name rules of `PutClass` (MS-WMI §3.1.4.3.6; spec §10 A10), in the spec's order.
 * @throws {WbemError} WBEM_E_INVALID_OPERATION (leading `_`, which includes system names),
 * WBEM_E_INVALID_OBJECT (trailing `_`), WBEM_E_INVALID_PARAMETER (grammar),
 * WBEM_E_QUOTA_VIOLATION (longer than 255 characters).
 */
export function checkClassName(name: string): void {
  if (name.startsWith('_')) {
    fail(
      WBEM_E_INVALID_OPERATION,
      `class name ${shown(name)} starts with '_' (reserved for system classes)`,
    );
  }
  if (name.endsWith('_')) fail(WBEM_E_INVALID_OBJECT, `class name ${shown(name)} ends with '_'`);
  if (!isCimIdentifier(name))
    fail(WBEM_E_INVALID_PARAMETER, `class name ${shown(name)} is not a valid identifier`);
  if (name.length > MAX_CLASS_NAME_LENGTH) {
    fail(
      WBEM_E_QUOTA_VIOLATION,
      `class name is ${name.length} characters long (limit ${MAX_CLASS_NAME_LENGTH})`,
    );
  }
}

function checkMemberName(name: unknown, what: string, tooWide: number): string {
  if (typeof name !== 'string' || name === '')
    return fail(WBEM_E_INVALID_OBJECT, `a ${what} has no name`);
  if (name.length > MAX_MEMBER_NAME_LENGTH) {
    return fail(
      tooWide,
      `${what} name is ${name.length} characters long (limit ${MAX_MEMBER_NAME_LENGTH})`,
    );
  }
  if (name.startsWith('_') || name.endsWith('_') || !isCimIdentifier(name)) {
    return fail(WBEM_E_INVALID_PARAMETER, `${what} name ${shown(name)} is not valid`);
  }
  return name;
}

/** The elements of a collection field: a Map (keys ignored), an array, or absent. */
function elements(value: unknown, what: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (value instanceof Map) return [...value.values()];
  if (Array.isArray(value)) return value;
  return fail(WBEM_E_INVALID_OBJECT, `${what} must be a Map or an array`);
}

function asRecord(value: unknown, what: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(WBEM_E_INVALID_OBJECT, `${what} is not an object`);
  }
  return value as Raw;
}

function addUnique<T extends { readonly name: string }>(
  map: Map<string, T>,
  item: T,
  what: string,
  dup = WBEM_E_INVALID_OBJECT,
): void {
  const key = nameKey(item.name);
  if (map.has(key)) fail(dup, `${what} ${shown(item.name)} appears twice`);
  map.set(key, item);
}

const QUALIFIER_TYPES = new Set([CIM_SINT32, CIM_REAL64, CIM_STRING, CIM_BOOLEAN]);

function readQualifier(value: unknown, useAmended: boolean): Qualifier | undefined {
  const raw = asRecord(value, 'a qualifier');
  const flavorRaw = raw['flavor'] ?? 0;
  if (
    typeof flavorRaw !== 'number' ||
    !Number.isInteger(flavorRaw) ||
    flavorRaw < 0 ||
    flavorRaw > 0xff ||
    (flavorRaw & 0xc) !== 0
  ) {
    return fail(WBEM_E_INVALID_FLAVOR, `qualifier flavor ${String(flavorRaw)} is not valid`);
  }
  if ((flavorRaw & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0) return undefined;
  if (useAmended && (flavorRaw & WBEM_FLAVOR_AMENDED) !== 0) return undefined;
  const name = checkMemberName(raw['name'], 'qualifier', WBEM_E_QUALIFIER_NAME_TOO_WIDE);
  const type = raw['type'];
  if (typeof type !== 'number' || !QUALIFIER_TYPES.has(type)) {
    return fail(
      WBEM_E_INVALID_QUALIFIER_TYPE,
      `qualifier ${shown(name)} has type ${String(type)} (sint32, real64, string or boolean expected)`,
    );
  }
  const isArray = raw['isArray'] ?? false;
  if (typeof isArray !== 'boolean')
    return fail(WBEM_E_INVALID_OBJECT, `qualifier ${shown(name)}: isArray is not a boolean`);
  const v = raw['value'] ?? null;
  if (checkCimValue(v, type, isArray) !== undefined) {
    return fail(
      WBEM_E_INVALID_QUALIFIER_TYPE,
      `qualifier ${shown(name)}: the value does not fit its type`,
    );
  }
  const flavor = flavorRaw & WBEM_FLAVOR_MASK_WRITABLE;
  const copied = copyValue(v as CimValue);
  return isArray
    ? { name, type, isArray: true, value: copied, flavor }
    : { name, type, value: copied, flavor };
}

/** Arrays are copied; scalars (and embedded objects, validated acyclic) are kept. */
function copyValue(v: CimValue): CimValue {
  return Array.isArray(v) ? ([...(v as readonly unknown[])] as CimValue) : v;
}

function readQualifiers(value: unknown, useAmended: boolean): NameMap<Qualifier> {
  const items = elements(value, 'qualifiers');
  if (items.length === 0) return EMPTY_NAME_MAP;
  const map = new Map<string, Qualifier>();
  for (const item of items) {
    const q = readQualifier(item, useAmended);
    if (q !== undefined) addUnique(map, q, 'qualifier');
  }
  return map.size === 0 ? EMPTY_NAME_MAP : map;
}

interface TypedShape {
  readonly type: number;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
}

function readTyped(raw: Raw, kind: string, name: string): TypedShape {
  const what = (): string => `${kind} ${shown(name)}`;
  let type = raw['type'];
  const arrayFlag = raw['isArray'] ?? false;
  if (typeof arrayFlag !== 'boolean')
    return fail(WBEM_E_INVALID_OBJECT, `${what()}: isArray is not a boolean`);
  let isArray: boolean = arrayFlag;
  if (typeof type === 'number' && Number.isInteger(type) && (type & CIM_FLAG_ARRAY) !== 0) {
    type &= ~CIM_FLAG_ARRAY;
    isArray = true;
  }
  if (!isCimType(type))
    return fail(
      WBEM_E_INVALID_PROPERTY_TYPE,
      `${what()} has type ${String(type)}, which is not a CIM type`,
    );
  const shape: Mutable<TypedShape> = { type, isArray };
  const arraySize = raw['arraySize'];
  if (arraySize !== undefined) {
    if (
      !isArray ||
      typeof arraySize !== 'number' ||
      !Number.isInteger(arraySize) ||
      arraySize < 0
    ) {
      return fail(WBEM_E_INVALID_OBJECT, `${what()}: arraySize is not valid`);
    }
    shape.arraySize = arraySize;
  }
  for (const field of ['referenceClass', 'embeddedObjectClass'] as const) {
    const v = raw[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string')
      return fail(WBEM_E_INVALID_OBJECT, `${what()}: ${field} is not a string`);
    shape[field] = v;
  }
  return shape;
}

function readProperty(value: unknown, useAmended: boolean, className: string): CimProperty | undefined {
  const raw = asRecord(value, 'a property');
  if (raw['propagated'] === true) return undefined;
  const name = checkMemberName(raw['name'], 'property', WBEM_E_PROPERTY_NAME_TOO_WIDE);
  const shape = readTyped(raw, 'property', name);
  const v = raw['value'] ?? null;
  const bad = checkCimValue(v, shape.type, shape.isArray);
  if (bad !== undefined)
    throw new WbemError(bad, {
      message: `property ${shown(name)}: the default value does not fit its type`,
    });
  const property: Mutable<CimProperty> = {
    name,
    type: shape.type,
    isArray: shape.isArray,
    value: copyValue(v as CimValue),
    qualifiers: readQualifiers(raw['qualifiers'], useAmended),
    classOrigin: className,
    propagated: false,
  };
  if (shape.arraySize !== undefined) property.arraySize = shape.arraySize;
  if (shape.referenceClass !== undefined) property.referenceClass = shape.referenceClass;
  if (shape.embeddedObjectClass !== undefined)
    property.embeddedObjectClass = shape.embeddedObjectClass;
  return property;
}

const RETURN_VALUE = 'returnvalue';

function readParameters(
  value: unknown,
  method: string,
  useAmended: boolean,
): NameMap<CimParameter> {
  const map = new Map<string, CimParameter>();
  const ids: number[] = [];
  for (const item of elements(value, `parameters of ${method}`)) {
    const raw = asRecord(item, 'a parameter');
    const name = checkMemberName(raw['name'], 'parameter', WBEM_E_INVALID_PARAMETER);
    const shape = readTyped(raw, `parameter of ${method}`, name);
    const qualifiers = readQualifiers(raw['qualifiers'], useAmended);
    const id = qualifiers.get('id');
    if (nameKey(name) === RETURN_VALUE) {
      if (id !== undefined)
        fail(WBEM_E_PARAMETER_ID_ON_RETVAL, `ReturnValue of ${method} carries an ID`);
      fail(
        WBEM_E_INVALID_DUPLICATE_PARAMETER,
        `${method}: ReturnValue is declared by returnType, not as a parameter`,
      );
    }
    if (id === undefined)
      fail(
        WBEM_E_MISSING_PARAMETER_ID,
        `parameter ${shown(name)} of ${method} has no ID qualifier`,
      );
    const idValue = id?.value;
    if (typeof idValue !== 'number' || !Number.isInteger(idValue) || idValue < 0) {
      return fail(
        WBEM_E_INVALID_PARAMETER_ID,
        `parameter ${shown(name)} of ${method} has an invalid ID`,
      );
    }
    addUnique(
      map,
      { name, ...shape, qualifiers },
      `parameter of ${method}`,
      WBEM_E_INVALID_DUPLICATE_PARAMETER,
    );
    ids.push(idValue);
  }
  ids.sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i++) {
    if (i > 0 && ids[i] === ids[i - 1])
      fail(WBEM_E_INVALID_DUPLICATE_PARAMETER, `two parameters of ${method} share ID ${ids[i]}`);
    if (ids[i] !== i)
      fail(
        WBEM_E_NONCONSECUTIVE_PARAMETER_IDS,
        `parameter IDs of ${method} are not 0..${ids.length - 1}`,
      );
  }
  return map.size === 0 ? EMPTY_NAME_MAP : map;
}

function readMethod(value: unknown, useAmended: boolean, className: string): CimMethod | undefined {
  const raw = asRecord(value, 'a method');
  if (raw['propagated'] === true) return undefined;
  const name = checkMemberName(raw['name'], 'method', WBEM_E_METHOD_NAME_TOO_WIDE);
  let returnType = raw['returnType'] ?? CIM_EMPTY;
  const returnArrayFlag = raw['returnIsArray'] ?? false;
  if (typeof returnArrayFlag !== 'boolean')
    return fail(WBEM_E_INVALID_OBJECT, `method ${shown(name)}: returnIsArray is not a boolean`);
  let returnIsArray: boolean = returnArrayFlag;
  if (
    typeof returnType === 'number' &&
    Number.isInteger(returnType) &&
    (returnType & CIM_FLAG_ARRAY) !== 0
  ) {
    returnType &= ~CIM_FLAG_ARRAY;
    returnIsArray = true;
  }
  if (returnType !== CIM_EMPTY && !isCimType(returnType)) {
    return fail(
      WBEM_E_INVALID_PROPERTY_TYPE,
      `method ${shown(name)} has return type ${String(returnType)}`,
    );
  }
  const method: Mutable<CimMethod> = {
    name,
    returnType: returnType as number,
    parameters: readParameters(raw['parameters'], name, useAmended),
    qualifiers: readQualifiers(raw['qualifiers'], useAmended),
    classOrigin: className,
    propagated: false,
  };
  if (returnIsArray) method.returnIsArray = true;
  return method;
}

/**
 * The local definition of a class from its object: members and qualifiers validated and copied,
 * inherited parts dropped, amended qualifiers dropped when `useAmended` (spec §4.4). Members
 * come tagged `classOrigin` = this class, `propagated: false`, so that resolution can share them
 * with the resolved view instead of copying each one.
 * @throws {WbemError} WBEM_E_INVALID_OBJECT (malformed parts, duplicates),
 * WBEM_E_INVALID_PROPERTY_TYPE, WBEM_E_INVALID_QUALIFIER_TYPE, WBEM_E_INVALID_FLAVOR,
 * WBEM_E_TYPE_MISMATCH / WBEM_E_VALUE_OUT_OF_RANGE (default values), WBEM_E_INVALID_PARAMETER
 * (member names), WBEM_E_*_NAME_TOO_WIDE, and the parameter-ID codes of `PutMethod`.
 */
export function readClassBody(
  header: ClassHeader,
  name: string,
  superclass: string | null,
  useAmended: boolean,
): CimClass {
  const { raw } = header;
  const properties = new Map<string, CimProperty>();
  for (const item of elements(raw['properties'], 'properties')) {
    const p = readProperty(item, useAmended, name);
    if (p !== undefined) addUnique(properties, p, 'property');
  }
  const methods = new Map<string, CimMethod>();
  for (const item of elements(raw['methods'], 'methods')) {
    const m = readMethod(item, useAmended, name);
    if (m !== undefined) addUnique(methods, m, 'method');
  }
  return {
    genus: WBEM_GENUS_CLASS,
    name,
    superclass,
    qualifiers: readQualifiers(raw['qualifiers'], useAmended),
    properties: properties.size === 0 ? EMPTY_NAME_MAP : properties,
    methods: methods.size === 0 ? EMPTY_NAME_MAP : methods,
  };
}

/** Wraps a reader so that anything but a `WbemError` (a throwing getter, a Proxy) becomes one. */
export function guardInput<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (thrown) {
    if (thrown instanceof WbemError) throw thrown;
    throw new WbemError(WBEM_E_INVALID_OBJECT, {
      message: `${what} could not be read`,
      cause: thrown,
    });
  }
}
