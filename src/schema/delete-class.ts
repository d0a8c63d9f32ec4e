/**
 * @module `DeleteClass` (spec §6.2): the class, recursively its subclasses, and their stored
 * instances, in one change set; one `__ClassDeletionEvent` per deleted class (A9), target first.
 */
import { EMPTY_CHANGE_SET } from '../model/change-set.js';
import { isSystemName } from '../model/cim-name-grammar.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import type { WbemEvent } from '../model/wbem-event.js';
import {
  WBEM_E_INVALID_OPERATION,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { classNameOfPath, derivationMemo, descendantNames } from './class-lookup.js';
import { classView } from './class-view.js';
import type { Mutation, OperationEnv } from './index.js';

/**
 * DeleteClass. Mirrors `IWbemServices::DeleteClass(Async)` after its synchronous checks.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER (no name), WBEM_E_INVALID_OPERATION (a system
 * class), WBEM_E_NOT_FOUND (no such class).
 */
export function deleteClass(view: ClassStoreReader, name: unknown, env: OperationEnv): Mutation {
  if (typeof name !== 'string' || name === '') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'a class name is required' });
  }
  const className = classNameOfPath(name);
  if (isSystemName(className)) {
    throw new WbemError(WBEM_E_INVALID_OPERATION, {
      message: `system class ${name.slice(0, 300)} cannot be deleted`,
    });
  }
  const target = view.getClass(className);
  if (target === undefined) {
    throw new WbemError(WBEM_E_NOT_FOUND, {
      message: `class ${JSON.stringify(name.slice(0, 300))} does not exist`,
    });
  }
  const names = [target.local.name, ...descendantNames(view, target.local.name)];
  const events: WbemEvent[] = [];
  const derivation = derivationMemo(view);
  for (const n of names) {
    const record = view.getClass(n);
    if (record === undefined) continue;
    const { resolved } = record;
    events.push({
      eventClass: '__ClassDeletionEvent',
      namespace: env.namespace,
      timeCreated: env.now(),
      targetClass: classView(
        view,
        resolved,
        env,
        false,
        derivation(resolved.name, resolved.superclass),
      ),
    });
  }
  return { changes: { ...EMPTY_CHANGE_SET, deleteClasses: names }, events };
}
