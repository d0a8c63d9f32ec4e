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
import type { CimMethod } from '../model/cim-method.js';
import { isCimIdentifier, MAX_CLASS_NAME_LENGTH } from '../model/cim-name-grammar.js';
import type { CimProperty } from '../model/cim-property.js';
import { EMPTY_NAME_MAP } from '../model/names.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import {
  WBEM_E_INCOMPLETE_CLASS,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_OBJECT,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_QUOTA_VIOLATION,
} from '../wbem/status.js';
import {
  addUnique,
  checkElementCount,
  elementCount,
  elements,
  fail,
  type Raw,
  shown,
} from './read-input.js';
import { readMethod, readProperty, readQualifiers } from './read-members.js';

/** The part of a class object checked before any lookup. */
export interface ClassHeader {
  readonly raw: Raw;
  readonly name: string;
  /** As given; validated at the superclass step. */
  readonly superclass: unknown;
  readonly amended: boolean;
}

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
  const genus = raw.genus;
  if (genus === WBEM_GENUS_INSTANCE)
    return fail(WBEM_E_INVALID_CLASS, 'the object is an instance, not a class');
  if (genus !== WBEM_GENUS_CLASS)
    return fail(WBEM_E_INVALID_OBJECT, 'the object is not a class (genus is not 1)');
  const name = raw.name;
  if (name === undefined || name === null || name === '') {
    return fail(WBEM_E_INCOMPLETE_CLASS, 'the class has no name (__CLASS)');
  }
  if (typeof name !== 'string')
    return fail(WBEM_E_INVALID_PARAMETER, 'the class name is not a string');
  return { raw, name, superclass: raw.superclass, amended: raw.amended === true };
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
  const rawProperties = raw.properties;
  let count = elementCount(rawProperties);
  let seen = 0;
  // A Map is read through its own values iterator (see `readQualifiers`).
  if (rawProperties instanceof Map) {
    for (const item of rawProperties.values()) {
      checkElementCount(++seen, count, 'properties');
      const p = readProperty(item, useAmended, name);
      if (p !== undefined) addUnique(properties, p, 'property');
    }
  } else {
    for (const item of elements(rawProperties, 'properties')) {
      checkElementCount(++seen, count, 'properties');
      const p = readProperty(item, useAmended, name);
      if (p !== undefined) addUnique(properties, p, 'property');
    }
  }
  // Most classes declare no method: their map is made only for the first one.
  let methods: Map<string, CimMethod> | undefined;
  const rawMethods = raw.methods;
  count = elementCount(rawMethods);
  seen = 0;
  for (const item of elements(rawMethods, 'methods')) {
    checkElementCount(++seen, count, 'methods');
    const m = readMethod(item, useAmended, name);
    if (m !== undefined) {
      methods ??= new Map();
      addUnique(methods, m, 'method');
    }
  }
  return {
    genus: WBEM_GENUS_CLASS,
    name,
    superclass,
    qualifiers: readQualifiers(raw.qualifiers, useAmended),
    properties: properties.size === 0 ? EMPTY_NAME_MAP : properties,
    methods: methods ?? EMPTY_NAME_MAP,
  };
}
