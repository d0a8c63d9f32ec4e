/**
 * @module `DeleteInstance` (spec §6.4): one instance, one `__InstanceDeletionEvent`.
 */
import { EMPTY_CHANGE_SET } from '../model/change-set.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { ancestry } from './class-lookup.js';
import type { Mutation, OperationEnv } from './index.js';
import { instanceView } from './instance-keys.js';
import { locate } from './locate-instance.js';

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
