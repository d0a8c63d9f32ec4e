/**
 * @module `GetObject` for instance paths, `DeleteInstance` and `CreateInstanceEnum`. A path may
 * name the instance's class or any ancestor of it (`Foo.Id="x"` finds an instance of `Bar:Foo`).
 */
import type { ClassRecord } from '../model/change-set.js';
import { EMPTY_CHANGE_SET } from '../model/change-set.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { parseInstancePath } from '../model/object-path.js';
import {
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { ancestry, descendantNames, findClass } from './class-lookup.js';
import type { Mutation, OperationEnv } from './index.js';
import { canonicalKey, instanceKey, instanceView } from './instance-keys.js';

interface Located {
  readonly record: ClassRecord;
  readonly key: string;
  readonly instance: CimInstance;
}

function classOf(view: ClassStoreReader, name: unknown): ClassRecord {
  if (typeof name !== 'string' || name === '') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'a class name is required' });
  }
  const record = findClass(view, name);
  if (record === undefined) {
    throw new WbemError(WBEM_E_INVALID_CLASS, {
      message: `class ${JSON.stringify(name.slice(0, 300))} does not exist`,
    });
  }
  return record;
}

function locate(view: ClassStoreReader, path: unknown): Located {
  if (typeof path !== 'string' || path === '') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'an instance path is required' });
  }
  const parsed = parseInstancePath(path);
  const root = classOf(view, parsed.className);
  for (const name of [root.local.name, ...descendantNames(view, root.local.name)]) {
    const record = findClass(view, name);
    if (record === undefined) continue;
    let key: string;
    try {
      key = canonicalKey(record.resolved, parsed, path);
    } catch (e) {
      if (name === root.local.name) throw e;
      continue;
    }
    const instance = view.getInstance(record.local.name, key);
    if (instance !== undefined) return { record, key, instance };
  }
  throw new WbemError(WBEM_E_NOT_FOUND, {
    message: `instance ${path.slice(0, 300)} does not exist`,
  });
}

/**
 * GetObject for an instance path (`Foo.Id="x"`, `Foo=@`).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_CLASS
 * (no such class), WBEM_E_NOT_FOUND (no such instance).
 */
export function getInstance(view: ClassStoreReader, path: unknown, env: OperationEnv): CimInstance {
  const found = locate(view, path);
  const cls = found.record.resolved;
  return instanceView(cls, found.instance, found.key, ancestry(view, cls.superclass), env);
}

/**
 * DeleteInstance: one instance, one `__InstanceDeletionEvent`.
 * @throws {WbemError} as `getInstance`.
 */
export function deleteInstance(view: ClassStoreReader, path: unknown, env: OperationEnv): Mutation {
  const found = locate(view, path);
  const cls = found.record.resolved;
  return {
    changes: { ...EMPTY_CHANGE_SET, deleteInstances: [{ className: cls.name, key: found.key }] },
    events: [
      {
        eventClass: '__InstanceDeletionEvent',
        namespace: env.namespace,
        timeCreated: env.now(),
        targetInstance: instanceView(
          cls,
          found.instance,
          found.key,
          ancestry(view, cls.superclass),
          env,
        ),
      },
    ],
  };
}

/**
 * CreateInstanceEnum: the stored instances of the class and, when `deep`, of its descendants.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_CLASS (no such class).
 */
export function createInstanceEnum(
  view: ClassStoreReader,
  className: unknown,
  deep: unknown,
  env: OperationEnv,
): CimInstance[] {
  const root = classOf(view, className);
  if (typeof deep !== 'boolean')
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'deep must be a boolean' });
  const names = deep
    ? [root.local.name, ...descendantNames(view, root.local.name)]
    : [root.local.name];
  const out: CimInstance[] = [];
  for (const name of names) {
    const record = findClass(view, name);
    if (record === undefined) continue;
    const cls = record.resolved;
    const derivation = ancestry(view, cls.superclass);
    for (const instance of view.instances(record.local.name)) {
      const key = instance.systemProperties?.__RELPATH ?? null;
      out.push(instanceView(cls, instance, key ?? relpathOf(record, instance), derivation, env));
    }
  }
  return out;
}

function relpathOf(record: ClassRecord, instance: CimInstance): string {
  try {
    return instanceKey(
      record.resolved,
      (p) => instance.properties.get(p.name.toLowerCase())?.value ?? p.value,
    );
  } catch {
    return `${record.local.name}=@`;
  }
}
