/**
 * @module Qualifier declarations of a namespace (what MOF `Qualifier` statements write): put,
 * get, delete, enumerate. Class puts do not require a declaration (WMI does not either).
 */
import { EMPTY_CHANGE_SET } from '../model/change-set.js';
import { isCimIdentifier, MAX_MEMBER_NAME_LENGTH } from '../model/cim-name-grammar.js';
import { checkCimValue, isCimType } from '../model/cim-type-check.js';
import type { CimValue } from '../model/cim-value.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import {
  isQualifierScope,
  type QualifierDeclaration,
  type QualifierScope,
} from '../model/qualifier-declaration.js';
import { CIM_OBJECT } from '../wbem/cim-type.js';
import { WBEM_FLAVOR_MASK_WRITABLE } from '../wbem/flavor.js';
import {
  WBEM_E_INVALID_FLAVOR,
  WBEM_E_INVALID_OBJECT,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_QUALIFIER_TYPE,
  WBEM_E_NOT_FOUND,
  WBEM_E_QUALIFIER_NAME_TOO_WIDE,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { Mutation, OperationEnv } from './index.js';
import { guardInput, type Raw } from './read-input.js';

const fail = (hresult: number, message: string): never => {
  throw new WbemError(hresult, { message });
};

function qualifierName(name: unknown): string {
  if (typeof name !== 'string' || name === '')
    return fail(WBEM_E_INVALID_PARAMETER, 'a qualifier name is required');
  if (name.length > MAX_MEMBER_NAME_LENGTH)
    return fail(WBEM_E_QUALIFIER_NAME_TOO_WIDE, `qualifier name is ${name.length} characters long`);
  if (!isCimIdentifier(name) || name.endsWith('_'))
    return fail(WBEM_E_INVALID_PARAMETER, `qualifier name ${JSON.stringify(name)} is not valid`);
  return name;
}

function readDeclaration(input: unknown): QualifierDeclaration {
  if (typeof input !== 'object' || input === null)
    return fail(WBEM_E_INVALID_PARAMETER, 'no qualifier declaration was given');
  const raw = input as Raw;
  const name = qualifierName(raw.name);
  const type = raw.type;
  if (!isCimType(type) || type === CIM_OBJECT)
    return fail(WBEM_E_INVALID_QUALIFIER_TYPE, `qualifier ${name} has type ${String(type)}`);
  const isArray = raw.isArray ?? false;
  if (typeof isArray !== 'boolean')
    return fail(WBEM_E_INVALID_OBJECT, `qualifier ${name}: isArray is not a boolean`);
  const value = raw.value ?? null;
  if (checkCimValue(value, type, isArray) !== undefined)
    return fail(
      WBEM_E_INVALID_QUALIFIER_TYPE,
      `qualifier ${name}: the default does not fit its type`,
    );
  const scopes = raw.scopes ?? ['any'];
  if (!Array.isArray(scopes) || !scopes.every(isQualifierScope)) {
    return fail(WBEM_E_INVALID_PARAMETER, `qualifier ${name}: scopes are not valid`);
  }
  const flavor = raw.flavor ?? 0;
  if (
    // Stryker disable next-line ConditionalExpression: Number.isInteger refuses anything but a number; this narrows the type
    typeof flavor !== 'number' ||
    !Number.isInteger(flavor) ||
    (flavor & ~WBEM_FLAVOR_MASK_WRITABLE) !== 0
  ) {
    return fail(WBEM_E_INVALID_FLAVOR, `qualifier ${name}: flavor ${String(flavor)} is not valid`);
  }
  const arraySize = raw.arraySize;
  if (
    arraySize !== undefined &&
    (!isArray ||
      // Stryker disable next-line ConditionalExpression: Number.isInteger refuses anything but a number; this narrows the type
      typeof arraySize !== 'number' ||
      !Number.isInteger(arraySize) ||
      arraySize < 0)
  ) {
    return fail(WBEM_E_INVALID_OBJECT, `qualifier ${name}: arraySize is not valid`);
  }
  return {
    name,
    type,
    isArray,
    ...(typeof arraySize === 'number' ? { arraySize } : {}),
    value: Array.isArray(value) ? ([...value] as CimValue) : (value as CimValue),
    scopes: [...new Set(scopes as QualifierScope[])],
    flavor,
  };
}

/**
 * Creates or replaces a qualifier declaration. Mirrors `IWbemServices`-level MOF `Qualifier`.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_QUALIFIER_TYPE,
 * WBEM_E_INVALID_FLAVOR, WBEM_E_INVALID_OBJECT, WBEM_E_QUALIFIER_NAME_TOO_WIDE.
 */
export function putQualifierDeclaration(
  _view: ClassStoreReader,
  declaration: unknown,
  _env: OperationEnv,
): Mutation {
  const decl = guardInput('the qualifier declaration', () => readDeclaration(declaration));
  return { changes: { ...EMPTY_CHANGE_SET, putQualifierDeclarations: [decl] }, events: [] };
}

/**
 * One qualifier declaration.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_NOT_FOUND.
 */
export function getQualifierDeclaration(
  view: ClassStoreReader,
  name: unknown,
): QualifierDeclaration {
  const n = qualifierName(name);
  return (
    view.getQualifierDeclaration(n) ?? fail(WBEM_E_NOT_FOUND, `qualifier ${n} is not declared`)
  );
}

/**
 * Removes a qualifier declaration (classes using the qualifier keep their values).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_NOT_FOUND.
 */
export function deleteQualifierDeclaration(
  view: ClassStoreReader,
  name: unknown,
  _env: OperationEnv,
): Mutation {
  const decl = getQualifierDeclaration(view, name);
  return { changes: { ...EMPTY_CHANGE_SET, deleteQualifierDeclarations: [decl.name] }, events: [] };
}

/** Every qualifier declaration of the namespace. */
export function enumQualifierDeclarations(view: ClassStoreReader): QualifierDeclaration[] {
  return [...view.qualifierDeclarations()];
}
