/**
 * @module Namespaces as WMI models them: a namespace is a `__NAMESPACE` instance (key `Name`) in
 * its parent namespace, so the parent's actor creates and deletes it and raises
 * `__NamespaceCreationEvent` / `__NamespaceDeletionEvent`. Pure functions over the parent's view,
 * in the schema layer's shape (a `Mutation` or a `WbemError`), and the reading of a caller's
 * `__NAMESPACE` instance or path.
 *
 * `__NAMESPACE` has one property, its key `Name`, so putting an instance of an existing child
 * changes nothing: with `WBEM_FLAG_CREATE_OR_UPDATE` or `WBEM_FLAG_UPDATE_ONLY` it succeeds and
 * raises no event (recompiling a MOF with `instance of __NAMESPACE` is a no-op in WMI), with
 * `WBEM_FLAG_CREATE_ONLY` it is WBEM_E_ALREADY_EXISTS; `UPDATE_ONLY` of a missing child is
 * WBEM_E_NOT_FOUND, as for any PutInstance.
 */
import { EMPTY_CHANGE_SET } from '../model/change-set.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { nameMap, sameName } from '../model/names.js';
import { parseInstancePath } from '../model/object-path.js';
import { WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_INVALID_OBJECT_PATH,
  WBEM_E_NO_KEY,
  WBEM_E_NOT_FOUND,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { Mutation, OperationEnv, PutInstanceIntent } from './index.js';
import { readGivenProperties, readInstanceInput } from './put-instance.js';
import { systemClass } from './system-classes.js';

/** `__CLASS` of the instance that represents a child namespace. */
export const NAMESPACE_CLASS = '__NAMESPACE';

function namespaceInstanceKey(name: string): string {
  return `${NAMESPACE_CLASS}.Name="${name}"`;
}

function namespaceInstance(name: string): CimInstance {
  return {
    genus: WBEM_GENUS_INSTANCE,
    className: NAMESPACE_CLASS,
    properties: nameMap([{ name: 'Name', value: name }]),
  };
}

/** The child's name; '' for a damaged instance without one (matched by no real name). */
function childName(instance: CimInstance): string {
  const value = instance.properties.get('name')?.value;
  // Stryker disable next-line StringLiteral: no caller asks for a child named '' (names are checked first)
  return typeof value === 'string' ? value : '';
}

/** The `__NAMESPACE` instances of the view: every child, or the one named `name`. */
export function getNamespaces(view: ClassStoreReader, name: string | null): CimInstance[] {
  const all = [...view.instances(NAMESPACE_CLASS)];
  return name === null ? all : all.filter((i) => sameName(childName(i), name));
}

/**
 * Adds child namespace `name` to the view's namespace; with `mode` other than `create-only`, an
 * existing child is left as it is (no change, no event: see the module note). `name` is the
 * child's name as stored (an existing child keeps its spelling).
 * @throws {WbemError} WBEM_E_ALREADY_EXISTS when a child of that name (any case) exists and
 * `mode` is `create-only`; WBEM_E_NOT_FOUND when none does and `mode` is `update-only`.
 */
export function createNamespace(
  view: ClassStoreReader,
  name: string,
  env: OperationEnv,
  mode: PutInstanceIntent['mode'] = 'create-only',
): Mutation & { readonly name: string } {
  const [existing] = getNamespaces(view, name);
  const exists = existing !== undefined;
  if (exists && mode === 'create-only') {
    throw new WbemError(WBEM_E_ALREADY_EXISTS, {
      message: `namespace ${env.namespace}/${name} already exists`,
    });
  }
  if (exists) return { changes: EMPTY_CHANGE_SET, events: [], name: childName(existing) };
  if (mode === 'update-only') {
    throw new WbemError(WBEM_E_NOT_FOUND, {
      message: `namespace ${env.namespace}/${name} does not exist`,
    });
  }
  return {
    name,
    changes: {
      ...EMPTY_CHANGE_SET,
      putInstances: [{ key: namespaceInstanceKey(name), instance: namespaceInstance(name) }],
    },
    events: [
      {
        eventClass: '__NamespaceCreationEvent',
        namespace: env.namespace,
        timeCreated: env.now(),
        targetNamespace: `${env.namespace}/${name}`,
      },
    ],
  };
}

/**
 * Removes child namespace `name` from the view's namespace (its data is dropped by its own actor).
 * @throws {WbemError} WBEM_E_INVALID_NAMESPACE when there is no such child.
 */
export function deleteNamespace(view: ClassStoreReader, name: string, env: OperationEnv): Mutation {
  const [found] = getNamespaces(view, name);
  if (found === undefined) {
    throw new WbemError(WBEM_E_INVALID_NAMESPACE, {
      message: `namespace ${env.namespace}/${name} does not exist`,
    });
  }
  const stored = childName(found);
  return {
    changes: {
      ...EMPTY_CHANGE_SET,
      deleteInstances: [{ className: NAMESPACE_CLASS, key: namespaceInstanceKey(stored) }],
    },
    events: [
      {
        eventClass: '__NamespaceDeletionEvent',
        namespace: env.namespace,
        timeCreated: env.now(),
        targetNamespace: `${env.namespace}/${stored}`,
      },
    ],
  };
}

/** The instance argument or path names class `__NAMESPACE` (any case). */
export function isNamespaceClass(className: unknown): boolean {
  return typeof className === 'string' && sameName(className, NAMESPACE_CLASS);
}

/**
 * The `Name` of a caller's `__NAMESPACE` instance, as given (the namespace calls check it as a
 * namespace name).
 * @throws {WbemError} WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_PROPERTY, WBEM_E_TYPE_MISMATCH as
 * any PutInstance; WBEM_E_NO_KEY when `Name` is missing or NULL.
 */
export function namespaceNameOfInstance(instance: unknown): string {
  const { values } = readInstanceInput(instance);
  const cls = (systemClass(NAMESPACE_CLASS) as NonNullable<ReturnType<typeof systemClass>>)
    .resolved;
  const name = readGivenProperties(cls, values).get('name')?.value;
  if (typeof name !== 'string') {
    throw new WbemError(WBEM_E_NO_KEY, { message: `${NAMESPACE_CLASS}.Name (its key) is NULL` });
  }
  return name;
}

/**
 * The child a `__NAMESPACE` instance path names (`__NAMESPACE.Name="x"`, `__NAMESPACE="x"`).
 * @throws {WbemError} WBEM_E_INVALID_OBJECT_PATH for another shape, or a path naming another
 * namespace.
 */
export function namespaceNameOfPath(path: string): string {
  const parsed = parseInstancePath(path);
  const [key, extra] = parsed.keys;
  if (
    parsed.namespace !== undefined ||
    key === undefined ||
    extra !== undefined ||
    (key.name !== '' && !sameName(key.name, 'Name')) ||
    typeof key.value !== 'string'
  ) {
    throw new WbemError(WBEM_E_INVALID_OBJECT_PATH, {
      message: `a ${NAMESPACE_CLASS} path has one string key, Name, and no namespace: ${JSON.stringify(path.slice(0, 300))}`,
    });
  }
  return key.value;
}
