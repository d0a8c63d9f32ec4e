/**
 * @module `PutInstance` (spec §6.4), far enough for "has instances" to be real: a static instance
 * of an existing, concrete, non-system class, type-checked against the class's resolved view and
 * identified by its canonical key path.
 *
 * Key uniqueness is per class (an instance of a subclass with the same key values as an instance
 * of its superclass is a different instance here).
 */

import { EMPTY_CHANGE_SET } from '../model/change-set.js';
import type { CimClass } from '../model/cim-class.js';
import type { CimInstanceProperty } from '../model/cim-instance.js';
import { isSystemName } from '../model/cim-name-grammar.js';
import type { CimProperty } from '../model/cim-property.js';
import { checkCimValue } from '../model/cim-type-check.js';
import type { CimValue } from '../model/cim-value.js';
import { modelEqualsOrdered } from '../model/cim-value-equals.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { nameKey } from '../model/names.js';
import type { WbemEvent } from '../model/wbem-event.js';
import { WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_ILLEGAL_NULL,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_OBJECT,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_PROPERTY,
  WBEM_E_NOT_FOUND,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { ancestry } from './class-lookup.js';
import { isAbstract, qualifierIsTrue } from './class-traits.js';
import type { Mutation, OperationEnv, PutInstanceIntent } from './index.js';
import { instanceKey, instanceView } from './instance-keys.js';
import { guardInput, type Raw } from './read-input.js';
import { storesSystemInstances, systemClass } from './system-classes.js';

const fail = (hresult: number, message: string): never => {
  throw new WbemError(hresult, { message });
};

function readValues(raw: unknown): unknown[] {
  if (raw === undefined || raw === null) return [];
  if (raw instanceof Map) return [...raw.values()];
  if (Array.isArray(raw)) return raw;
  return fail(WBEM_E_INVALID_OBJECT, 'instance properties must be a Map or an array');
}

/** The class an instance argument names and its property items, as given. */
export interface InstanceInput {
  readonly className: string;
  readonly values: readonly unknown[];
}

/**
 * Reads an instance argument far enough to know its class.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER (no object), WBEM_E_INVALID_OBJECT (a class, or
 * malformed), WBEM_E_INVALID_CLASS (no class name).
 */
export function readInstanceInput(instance: unknown): InstanceInput {
  if (typeof instance !== 'object' || instance === null)
    return fail(WBEM_E_INVALID_PARAMETER, 'no instance object was given');
  return guardInput('the instance object', () => {
    const raw = instance as Raw;
    if (raw.genus !== WBEM_GENUS_INSTANCE)
      return fail(WBEM_E_INVALID_OBJECT, 'the object is not an instance (genus is not 2)');
    const name = raw.className;
    if (typeof name !== 'string' || name === '')
      return fail(WBEM_E_INVALID_CLASS, 'the instance names no class');
    return { className: name, values: readValues(raw.properties) };
  });
}

/**
 * The given property values, by `nameKey`, each a property of `cls` and of its type.
 * @throws {WbemError} WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_PROPERTY, WBEM_E_TYPE_MISMATCH,
 * WBEM_E_VALUE_OUT_OF_RANGE.
 */
export function readGivenProperties(
  cls: CimClass,
  values: readonly unknown[],
): Map<string, CimInstanceProperty> {
  const given = new Map<string, CimInstanceProperty>();
  guardInput('the instance properties', () => {
    for (const item of values) {
      if (typeof item !== 'object' || item === null)
        fail(WBEM_E_INVALID_OBJECT, 'an instance property is not an object');
      const { name, value } = item as { name?: unknown; value?: unknown };
      if (typeof name !== 'string')
        return fail(WBEM_E_INVALID_OBJECT, 'an instance property has no name');
      const key = nameKey(name);
      const p = cls.properties.get(key);
      if (p === undefined)
        return fail(
          WBEM_E_INVALID_PROPERTY,
          `${cls.name} has no property ${JSON.stringify(name.slice(0, 300))}`,
        );
      if (given.has(key)) return fail(WBEM_E_INVALID_OBJECT, `property ${p.name} is given twice`);
      const v = value === undefined ? null : value;
      const bad = checkCimValue(v, p.type, p.isArray);
      if (bad !== undefined) fail(bad, `${cls.name}.${p.name}: the value does not fit its type`);
      given.set(key, {
        name: p.name,
        value: Array.isArray(v) ? ([...v] as CimValue) : (v as CimValue),
      });
    }
  });
  return given;
}

/**
 * PutInstance: the mutation and the instance's relative path (the sink's `strParam`).
 * `__NAMESPACE` instances are not written here: putting one creates a namespace, which the API
 * orchestrates across the parent's and the child's actors (`api/namespace-tree.ts`).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER (no object), WBEM_E_INVALID_OBJECT (a class, or
 * malformed), WBEM_E_INVALID_CLASS (no such class), WBEM_E_INVALID_OPERATION (abstract or
 * system class), WBEM_E_INVALID_PROPERTY (not a property of the class), WBEM_E_TYPE_MISMATCH,
 * WBEM_E_VALUE_OUT_OF_RANGE, WBEM_E_ILLEGAL_NULL, WBEM_E_NO_KEY, WBEM_E_ALREADY_EXISTS,
 * WBEM_E_NOT_FOUND.
 */
export function putInstance(
  view: ClassStoreReader,
  instance: unknown,
  intent: PutInstanceIntent,
  env: OperationEnv,
): Mutation & { readonly path: string } {
  const mode = (intent as Partial<PutInstanceIntent> | null)?.mode;
  if (mode !== 'create-only' && mode !== 'update-only' && mode !== 'create-or-update') {
    return fail(
      WBEM_E_INVALID_PARAMETER,
      'the put intent is not valid (parse lFlags with parsePutInstanceFlags)',
    );
  }
  const { className, values } = readInstanceInput(instance);
  const system = isSystemName(className);
  if (system && !storesSystemInstances(className))
    return fail(
      WBEM_E_INVALID_OPERATION,
      `instances of system class ${className.slice(0, 300)} are not stored`,
    );
  const record = system ? systemClass(className) : view.getClass(className);
  if (record === undefined)
    return fail(
      WBEM_E_INVALID_CLASS,
      `class ${JSON.stringify(className.slice(0, 300))} does not exist`,
    );
  const cls = record.resolved;
  if (isAbstract(cls)) return fail(WBEM_E_INVALID_OPERATION, `class ${cls.name} is abstract`);
  const given = readGivenProperties(cls, values);
  // The value readers will see: a NULL given explicitly replaces the class default (instanceView).
  const effective = (p: CimProperty): CimValue => {
    const own = given.get(nameKey(p.name));
    return own === undefined ? p.value : own.value;
  };
  for (const p of cls.properties.values()) {
    if (qualifierIsTrue(p.qualifiers, 'not_null') && effective(p) === null) {
      fail(WBEM_E_ILLEGAL_NULL, `${cls.name}.${p.name} is Not_Null`);
    }
  }
  const path = instanceKey(cls, effective);
  const previous = view.getInstance(cls.name, path);
  if (previous !== undefined && intent.mode === 'create-only')
    fail(WBEM_E_ALREADY_EXISTS, `instance ${path} already exists`);
  if (previous === undefined && intent.mode === 'update-only')
    fail(WBEM_E_NOT_FOUND, `instance ${path} does not exist`);
  const stored = { genus: WBEM_GENUS_INSTANCE, className: cls.name, properties: given } as const;
  const derivation = ancestry(view, cls.superclass);
  const event: WbemEvent = {
    eventClass: previous === undefined ? '__InstanceCreationEvent' : '__InstanceModificationEvent',
    namespace: env.namespace,
    timeCreated: env.now(),
    targetInstance: instanceView(cls, stored, path, derivation, env),
    ...(previous === undefined
      ? {}
      : { previousInstance: instanceView(cls, previous, path, derivation, env) }),
  };
  // An instance put back exactly as stored hands the stored one back: a store writes nothing for
  // it (`ChangeSet.putInstances`). The put is still a modification, with its event.
  const written =
    // Stryker disable next-line ConditionalExpression: a fast path; no instance equals a missing one
    previous !== undefined && modelEqualsOrdered(previous, stored) ? previous : stored;
  return {
    changes: { ...EMPTY_CHANGE_SET, putInstances: [{ key: path, instance: written }] },
    events: [event],
    path,
  };
}
