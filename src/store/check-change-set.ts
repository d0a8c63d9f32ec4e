/**
 * @module The shape check of a `ChangeSet` that did not come from the schema layer: records read
 * back from a store file, and the store conformance suite. Stores themselves trust the change sets
 * the schema builds and do not walk them again on every apply.
 */
import type { ChangeSet } from '../model/change-set.js';
import { sameName } from '../model/names.js';
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

const LISTS = [
  'deleteClasses',
  'deleteInstances',
  'deleteInstancesOf',
  'putClasses',
  'putInstances',
  'putQualifierDeclarations',
  'deleteQualifierDeclarations',
] as const;

function fail(message: string): never {
  throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: `malformed change set: ${message}` });
}

/** The fields the check reads, all unknown until checked. */
type Unchecked = { readonly [K in (typeof FIELDS)[number]]?: unknown };
const FIELDS = [
  'name',
  'superclass',
  'qualifiers',
  'properties',
  'methods',
  'local',
  'resolved',
  'key',
  'instance',
  'className',
] as const;

function isObject(value: unknown): value is Unchecked {
  return typeof value === 'object' && value !== null;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

const CLASS_MAPS = ['qualifiers', 'properties', 'methods'] as const;

/** Checks one view of a class record; returns it typed so the caller can compare the two views. */
function checkClass(value: unknown, where: string): Unchecked & { readonly name: string } {
  if (!isObject(value)) fail(`${where} is not a class`);
  if (!isName(value.name)) fail(`${where} has no class name`);
  const superclass = value.superclass;
  if (superclass !== null && !isName(superclass)) {
    fail(`${where} (${value.name}) has an invalid superclass`);
  }
  for (const member of CLASS_MAPS) {
    if (!(value[member] instanceof Map)) fail(`${where} (${value.name}).${member} is not a Map`);
  }
  return value as Unchecked & { readonly name: string };
}

function sameSuperclass(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'string' && typeof b === 'string' && sameName(a, b));
}

function checkNames(names: readonly unknown[], list: string): void {
  for (let i = 0; i < names.length; i++) {
    if (!isName(names[i])) fail(`${list}[${i}] is not a name`);
  }
}

/**
 * Checks the shape of a change set: every list present, every record carrying the names a store
 * keys it by. Deeper content (property types, values) is the schema layer's business.
 *
 * Written as plain indexed loops: no callback or result object is allocated per record (a whole
 * namespace is checked this way when it is loaded).
 *
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER naming the first malformed entry.
 */
export function checkChangeSet(changes: unknown): asserts changes is ChangeSet {
  if (typeof changes !== 'object' || changes === null) fail('not an object');
  for (const list of LISTS) {
    if (!Array.isArray((changes as Partial<Record<(typeof LISTS)[number], unknown>>)[list])) {
      fail(`${list} is not an array`);
    }
  }
  const c = changes as unknown as { readonly [K in (typeof LISTS)[number]]: readonly unknown[] };
  checkNames(c.deleteClasses, 'deleteClasses');
  checkNames(c.deleteInstancesOf, 'deleteInstancesOf');
  checkNames(c.deleteQualifierDeclarations, 'deleteQualifierDeclarations');
  for (let i = 0; i < c.deleteInstances.length; i++) {
    const ref = c.deleteInstances[i];
    if (!isObject(ref) || !isName(ref.className) || !isName(ref.key)) {
      fail(`deleteInstances[${i}] is not an instance reference`);
    }
  }
  for (let i = 0; i < c.putClasses.length; i++) {
    const record = c.putClasses[i];
    if (!isObject(record)) fail(`putClasses[${i}] is not a class record`);
    const local = checkClass(record.local, `putClasses[${i}].local`);
    const resolved = checkClass(record.resolved, `putClasses[${i}].resolved`);
    if (
      !sameName(local.name, resolved.name) ||
      !sameSuperclass(local.superclass, resolved.superclass)
    ) {
      fail(`putClasses[${i}]: local and resolved views name different classes`);
    }
  }
  for (let i = 0; i < c.putInstances.length; i++) {
    const record = c.putInstances[i];
    if (!isObject(record) || !isName(record.key)) fail(`putInstances[${i}] has no key`);
    const instance = record.instance;
    if (!isObject(instance) || !isName(instance.className)) {
      fail(`putInstances[${i}].instance has no class name`);
    }
    if (!(instance.properties instanceof Map)) {
      fail(`putInstances[${i}].instance.properties is not a Map`);
    }
  }
  for (let i = 0; i < c.putQualifierDeclarations.length; i++) {
    const decl = c.putQualifierDeclarations[i];
    if (!isObject(decl) || !isName(decl.name)) {
      fail(`putQualifierDeclarations[${i}] has no name`);
    }
  }
}
