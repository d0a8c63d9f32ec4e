/**
 * @module Namespaces as WMI models them: a namespace is a `__NAMESPACE` instance (key `Name`) in
 * its parent namespace, so the parent's actor creates and deletes it and raises
 * `__NamespaceCreationEvent` / `__NamespaceDeletionEvent`. Pure functions over the parent's view,
 * in the schema layer's shape (a `Mutation` or a `WbemError`).
 */
import { EMPTY_CHANGE_SET } from '../model/change-set.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { nameMap, sameName } from '../model/names.js';
import { WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import { WBEM_E_ALREADY_EXISTS, WBEM_E_INVALID_NAMESPACE } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { Mutation, OperationEnv } from './index.js';

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

function childName(instance: CimInstance): string {
  const value = instance.properties.get('name')?.value;
  return typeof value === 'string' ? value : '';
}

/** The `__NAMESPACE` instances of the view: every child, or the one named `name`. */
export function getNamespaces(view: ClassStoreReader, name: string | null): CimInstance[] {
  const all = [...view.instances(NAMESPACE_CLASS)];
  return name === null ? all : all.filter((i) => sameName(childName(i), name));
}

/**
 * Adds child namespace `name` to the view's namespace.
 * @throws {WbemError} WBEM_E_ALREADY_EXISTS when a child of that name (any case) exists.
 */
export function createNamespace(view: ClassStoreReader, name: string, env: OperationEnv): Mutation {
  if (getNamespaces(view, name).length > 0) {
    throw new WbemError(WBEM_E_ALREADY_EXISTS, {
      message: `namespace ${env.namespace}/${name} already exists`,
    });
  }
  return {
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
