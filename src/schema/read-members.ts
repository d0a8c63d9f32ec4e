/**
 * @module Input validation of class members: qualifiers, properties, methods and their
 * parameters, each read from unknown input into plain model data or refused with the HRESULT the
 * spec maps the defect to (§4.2-§4.5; `PutMethod`'s parameter-ID codes).
 */
import type { CimMethod, CimParameter } from '../model/cim-method.js';
import { isCimIdentifier, MAX_MEMBER_NAME_LENGTH } from '../model/cim-name-grammar.js';
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
import {
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_MASK_WRITABLE,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
} from '../wbem/flavor.js';
import {
  WBEM_E_INVALID_DUPLICATE_PARAMETER,
  WBEM_E_INVALID_FLAVOR,
  WBEM_E_INVALID_OBJECT,
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
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { canonicalQualifierSet } from './canonical-qualifier-sets.js';
import {
  addUnique,
  asRecord,
  checkElementCount,
  elementCount,
  elements,
  fail,
  type Mutable,
  qualifierKey,
  type Raw,
  shown,
} from './read-input.js';

/**
 * A property, method, parameter or qualifier name.
 * @throws {WbemError} WBEM_E_INVALID_OBJECT (none), `tooWide` (over 255 characters),
 * WBEM_E_INVALID_PARAMETER (leading or trailing `_`, not an identifier).
 */
export function checkMemberName(name: unknown, what: string, tooWide: number): string {
  if (typeof name !== 'string' || name === '')
    return fail(WBEM_E_INVALID_OBJECT, `a ${what} has no name`);
  if (name.length > MAX_MEMBER_NAME_LENGTH) {
    return fail(
      tooWide,
      `${what} name is ${name.length} characters long (limit ${MAX_MEMBER_NAME_LENGTH})`,
    );
  }
  // Stryker disable next-line MethodExpression: isCimIdentifier refuses a leading _ as well
  if (name.startsWith('_') || name.endsWith('_') || !isCimIdentifier(name)) {
    return fail(WBEM_E_INVALID_PARAMETER, `${what} name ${shown(name)} is not valid`);
  }
  return name;
}

const QUALIFIER_TYPES = new Set([CIM_SINT32, CIM_REAL64, CIM_STRING, CIM_BOOLEAN]);

function readQualifier(value: unknown, useAmended: boolean): Qualifier | undefined {
  const raw = asRecord(value, 'a qualifier');
  const flavorRaw = raw.flavor ?? 0;
  if (
    // Stryker disable next-line ConditionalExpression,LogicalOperator: Number.isInteger refuses anything but a number
    typeof flavorRaw !== 'number' ||
    !Number.isInteger(flavorRaw) ||
    flavorRaw < 0 ||
    // Stryker disable next-line EqualityOperator: 0xff has the reserved bits 0xc, refused below
    flavorRaw > 0xff ||
    (flavorRaw & 0xc) !== 0
  ) {
    return fail(WBEM_E_INVALID_FLAVOR, `qualifier flavor ${String(flavorRaw)} is not valid`);
  }
  if ((flavorRaw & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0) return undefined;
  if (useAmended && (flavorRaw & WBEM_FLAVOR_AMENDED) !== 0) return undefined;
  const name = checkMemberName(raw.name, 'qualifier', WBEM_E_QUALIFIER_NAME_TOO_WIDE);
  const type = raw.type;
  // Stryker disable next-line ConditionalExpression: the set holds numbers only
  if (typeof type !== 'number' || !QUALIFIER_TYPES.has(type)) {
    return fail(
      WBEM_E_INVALID_QUALIFIER_TYPE,
      `qualifier ${shown(name)} has type ${String(type)} (sint32, real64, string or boolean expected)`,
    );
  }
  const isArray = raw.isArray ?? false;
  if (typeof isArray !== 'boolean')
    return fail(WBEM_E_INVALID_OBJECT, `qualifier ${shown(name)}: isArray is not a boolean`);
  const v = raw.value ?? null;
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

/**
 * A qualifier set: inherited (`ORIGIN_PROPAGATED`) qualifiers dropped, amended ones dropped when
 * `useAmended`; an equal small set read before is returned in its place (`canonicalQualifierSet`).
 * @throws {WbemError} WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_FLAVOR,
 * WBEM_E_INVALID_QUALIFIER_TYPE, WBEM_E_INVALID_PARAMETER, WBEM_E_QUALIFIER_NAME_TOO_WIDE.
 */
export function readQualifiers(value: unknown, useAmended: boolean): NameMap<Qualifier> {
  let map: Map<string, Qualifier> | undefined;
  const count = elementCount(value);
  let seen = 0;
  // A Map (what the builders and the wire give) is read through its own values iterator: the
  // loop over `elements()`, which may yield an array's or a Map's, allocates for each set read.
  // Stryker disable next-line ConditionalExpression: a fast path; elements() reads a Map's values the same way
  if (value instanceof Map) {
    for (const item of value.values()) {
      checkElementCount(++seen, count, 'qualifiers');
      map = addQualifier(map, readQualifier(item, useAmended));
    }
  } else {
    for (const item of elements(value, 'qualifiers')) {
      checkElementCount(++seen, count, 'qualifiers');
      map = addQualifier(map, readQualifier(item, useAmended));
    }
  }
  return map === undefined ? EMPTY_NAME_MAP : canonicalQualifierSet(map);
}

/** `map` with `q` added under its key (a new map for the first); a duplicate is refused. */
function addQualifier(
  map: Map<string, Qualifier> | undefined,
  q: Qualifier | undefined,
): Map<string, Qualifier> | undefined {
  if (q === undefined) return map;
  const out = map ?? new Map<string, Qualifier>();
  const size = out.size;
  out.set(qualifierKey(q.name), q);
  if (out.size === size) fail(WBEM_E_INVALID_OBJECT, `qualifier ${shown(q.name)} appears twice`);
  return out;
}

interface TypedShape {
  readonly type: number;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
}

/** An optional class-name field of a typed member: absent, or a string. */
function optionalName(v: unknown, kind: string, name: string, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    return fail(WBEM_E_INVALID_OBJECT, `${kind} ${shown(name)}: ${field} is not a string`);
  return v;
}

// Runs once per property and parameter of every put: no closures or temporary arrays here.
function readTyped(raw: Raw, kind: string, name: string): TypedShape {
  let type = raw.type;
  const arrayFlag = raw.isArray ?? false;
  if (typeof arrayFlag !== 'boolean')
    return fail(WBEM_E_INVALID_OBJECT, `${kind} ${shown(name)}: isArray is not a boolean`);
  let isArray: boolean = arrayFlag;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a value that is not an integer has no array bit
  if (typeof type === 'number' && Number.isInteger(type) && (type & CIM_FLAG_ARRAY) !== 0) {
    type &= ~CIM_FLAG_ARRAY;
    isArray = true;
  }
  if (!isCimType(type))
    return fail(
      WBEM_E_INVALID_PROPERTY_TYPE,
      `${kind} ${shown(name)} has type ${String(type)}, which is not a CIM type`,
    );
  const arraySize = raw.arraySize;
  if (
    arraySize !== undefined &&
    // Stryker disable next-line ConditionalExpression: Number.isInteger refuses anything but a number
    (!isArray || typeof arraySize !== 'number' || !Number.isInteger(arraySize) || arraySize < 0)
  ) {
    return fail(WBEM_E_INVALID_OBJECT, `${kind} ${shown(name)}: arraySize is not valid`);
  }
  const referenceClass = optionalName(raw.referenceClass, kind, name, 'referenceClass');
  const embeddedObjectClass = optionalName(
    raw.embeddedObjectClass,
    kind,
    name,
    'embeddedObjectClass',
  );
  // Stryker disable next-line ConditionalExpression: a fast path; the shape built below is the same
  if (arraySize === undefined && referenceClass === undefined && embeddedObjectClass === undefined)
    return { type, isArray };
  const shape: Mutable<TypedShape> = { type, isArray };
  if (arraySize !== undefined) shape.arraySize = arraySize as number;
  if (referenceClass !== undefined) shape.referenceClass = referenceClass;
  if (embeddedObjectClass !== undefined) shape.embeddedObjectClass = embeddedObjectClass;
  return shape;
}

/**
 * A property declaration, tagged as defined by `className`; `undefined` for an inherited one.
 * @throws {WbemError} WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_PROPERTY_TYPE, WBEM_E_TYPE_MISMATCH,
 * WBEM_E_VALUE_OUT_OF_RANGE, WBEM_E_PROPERTY_NAME_TOO_WIDE, and the codes of `readQualifiers`.
 */
export function readProperty(
  value: unknown,
  useAmended: boolean,
  className: string,
): CimProperty | undefined {
  const raw = asRecord(value, 'a property');
  if (raw.propagated === true) return undefined;
  const name = checkMemberName(raw.name, 'property', WBEM_E_PROPERTY_NAME_TOO_WIDE);
  const shape = readTyped(raw, 'property', name);
  const v = raw.value ?? null;
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
    qualifiers: readQualifiers(raw.qualifiers, useAmended),
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
  const count = elementCount(value);
  let seen = 0;
  for (const item of elements(value, `parameters of ${method}`)) {
    checkElementCount(++seen, count, `parameters of ${method}`);
    const raw = asRecord(item, 'a parameter');
    const name = checkMemberName(raw.name, 'parameter', WBEM_E_INVALID_PARAMETER);
    const shape = readTyped(raw, `parameter of ${method}`, name);
    const qualifiers = readQualifiers(raw.qualifiers, useAmended);
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
    // Stryker disable next-line OptionalChaining: `fail` above throws when there is no ID
    const idValue = id?.value;
    // Stryker disable next-line ConditionalExpression: Number.isInteger refuses anything but a number
    if (typeof idValue !== 'number' || !Number.isInteger(idValue) || idValue < 0) {
      return fail(
        WBEM_E_INVALID_PARAMETER_ID,
        `parameter ${shown(name)} of ${method} has an invalid ID`,
      );
    }
    const defaultValue = raw.value ?? null;
    // Stryker disable next-line ConditionalExpression: a null default fits every type
    if (defaultValue !== null) {
      const bad = checkCimValue(defaultValue, shape.type, shape.isArray);
      if (bad !== undefined)
        throw new WbemError(bad, {
          message: `parameter ${shown(name)} of ${method}: the default value does not fit its type`,
        });
    }
    addUnique(
      map,
      defaultValue === null
        ? { name, ...shape, qualifiers }
        : { name, ...shape, value: copyValue(defaultValue as CimValue), qualifiers },
      `parameter of ${method}`,
      WBEM_E_INVALID_DUPLICATE_PARAMETER,
    );
    ids.push(idValue);
  }
  ids.sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i++) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: ids[-1] is undefined, equal to no ID
    if (i > 0 && ids[i] === ids[i - 1])
      fail(WBEM_E_INVALID_DUPLICATE_PARAMETER, `two parameters of ${method} share ID ${ids[i]}`);
    if (ids[i] !== i)
      fail(
        WBEM_E_NONCONSECUTIVE_PARAMETER_IDS,
        `parameter IDs of ${method} are not 0..${ids.length - 1}`,
      );
  }
  // Stryker disable next-line ConditionalExpression: returns the one shared empty map; a new one reads the same
  return map.size === 0 ? EMPTY_NAME_MAP : map;
}

/**
 * A method with its parameters, tagged as defined by `className`; `undefined` for an inherited one.
 * @throws {WbemError} WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_PROPERTY_TYPE,
 * WBEM_E_METHOD_NAME_TOO_WIDE, WBEM_E_MISSING_PARAMETER_ID, WBEM_E_INVALID_PARAMETER_ID,
 * WBEM_E_PARAMETER_ID_ON_RETVAL, WBEM_E_INVALID_DUPLICATE_PARAMETER,
 * WBEM_E_NONCONSECUTIVE_PARAMETER_IDS.
 */
export function readMethod(
  value: unknown,
  useAmended: boolean,
  className: string,
): CimMethod | undefined {
  const raw = asRecord(value, 'a method');
  if (raw.propagated === true) return undefined;
  const name = checkMemberName(raw.name, 'method', WBEM_E_METHOD_NAME_TOO_WIDE);
  let returnType = raw.returnType ?? CIM_EMPTY;
  const returnArrayFlag = raw.returnIsArray ?? false;
  if (typeof returnArrayFlag !== 'boolean')
    return fail(WBEM_E_INVALID_OBJECT, `method ${shown(name)}: returnIsArray is not a boolean`);
  let returnIsArray: boolean = returnArrayFlag;
  if (
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a value that is not an integer has no array bit
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
    parameters: readParameters(raw.parameters, name, useAmended),
    qualifiers: readQualifiers(raw.qualifiers, useAmended),
    classOrigin: className,
    propagated: false,
  };
  if (returnIsArray) method.returnIsArray = true;
  return method;
}
