/**
 * @module The shape check every store runs on a `ChangeSet` before touching its state, so that a
 * malformed change set is refused whole and leaves no trace (the first half of "validate, then
 * mutate").
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

function checkClass(value: unknown, where: string): { name: string; superclass: unknown } {
  if (!isObject(value)) fail(`${where} is not a class`);
  if (!isName(value.name)) fail(`${where} has no class name`);
  const superclass = value.superclass;
  if (superclass !== null && !isName(superclass)) {
    fail(`${where} (${value.name}) has an invalid superclass`);
  }
  for (const member of ['qualifiers', 'properties', 'methods'] as const) {
    if (!(value[member] instanceof Map)) fail(`${where} (${value.name}).${member} is not a Map`);
  }
  return { name: value.name, superclass };
}

function sameSuperclass(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'string' && typeof b === 'string' && sameName(a, b));
}

/**
 * Checks the shape of a change set: every list present, every record carrying the names a store
 * keys it by. Deeper content (property types, values) is the schema layer's business.
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
  const c = changes as unknown as ChangeSet;
  c.deleteClasses.forEach((name, i) => {
    if (!isName(name)) fail(`deleteClasses[${i}] is not a name`);
  });
  c.deleteInstancesOf.forEach((name, i) => {
    if (!isName(name)) fail(`deleteInstancesOf[${i}] is not a name`);
  });
  c.deleteQualifierDeclarations.forEach((name, i) => {
    if (!isName(name)) fail(`deleteQualifierDeclarations[${i}] is not a name`);
  });
  c.deleteInstances.forEach((ref: unknown, i) => {
    if (!isObject(ref) || !isName(ref.className) || !isName(ref.key)) {
      fail(`deleteInstances[${i}] is not an instance reference`);
    }
  });
  c.putClasses.forEach((record: unknown, i) => {
    if (!isObject(record)) fail(`putClasses[${i}] is not a class record`);
    const local = checkClass(record.local, `putClasses[${i}].local`);
    const resolved = checkClass(record.resolved, `putClasses[${i}].resolved`);
    if (
      !sameName(local.name, resolved.name) ||
      !sameSuperclass(local.superclass, resolved.superclass)
    ) {
      fail(`putClasses[${i}]: local and resolved views name different classes`);
    }
  });
  c.putInstances.forEach((record: unknown, i) => {
    if (!isObject(record) || !isName(record.key)) fail(`putInstances[${i}] has no key`);
    const instance = record.instance;
    if (!isObject(instance) || !isName(instance.className)) {
      fail(`putInstances[${i}].instance has no class name`);
    }
    if (!(instance.properties instanceof Map)) {
      fail(`putInstances[${i}].instance.properties is not a Map`);
    }
  });
  c.putQualifierDeclarations.forEach((decl: unknown, i) => {
    if (!isObject(decl) || !isName(decl.name)) {
      fail(`putQualifierDeclarations[${i}] has no name`);
    }
  });
}
