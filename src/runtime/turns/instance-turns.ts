/**
 * @module The turns of the instance operations: `PutInstance` and `DeleteInstance` after their
 * write right, checked on the class the argument names and again on the instance the schema
 * designates (a path may name an ancestor of the instance's class); `GetObject` of an instance
 * path and `CreateInstanceEnum` straight to the schema.
 */

import { checkAnyInstanceWrite } from '../../security/access-checks.js';
import {
  authorityOf,
  type CreateInstanceEnumRequest,
  type DeleteInstanceRequest,
  type GetInstanceRequest,
  type PutInstanceRequest,
} from '../protocol.js';
import { checkInstanceRights } from './instance-rights.js';
import { checkMutationRights } from './mutation-rights.js';
import { deny, type Outcome, read, type TurnScope, write } from './turn.js';

/** @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema. */
export function putInstanceTurn(scope: TurnScope, m: PutInstanceRequest): Outcome {
  const cls = (m.instance as { className?: unknown } | null)?.className;
  const { rights } = authorityOf(m);
  checkInstanceRights(scope, cls, rights);
  const result = scope.schema.putInstance(scope.store, m.instance, m.intent, scope.env);
  checkMutationRights(scope, rights, result.changes);
  return write(result, result.path);
}

/** @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema. */
export function deleteInstanceTurn(scope: TurnScope, m: DeleteInstanceRequest): Outcome {
  const { rights } = authorityOf(m);
  // The path may name a dynamic ancestor of a static instance (or hide a class name in a key),
  // so the class it names decides nothing; the instance the schema designates does.
  deny(checkAnyInstanceWrite(rights));
  const mutation = scope.schema.deleteInstance(scope.store, m.path, scope.env);
  checkMutationRights(scope, rights, mutation.changes);
  return write(mutation);
}

/** @throws {WbemError} any HRESULT of the schema. */
export function getInstanceTurn(scope: TurnScope, m: GetInstanceRequest): Outcome {
  return read([scope.schema.getInstance(scope.store, m.path, scope.env)]);
}

/** @throws {WbemError} any HRESULT of the schema. */
export function createInstanceEnumTurn(scope: TurnScope, m: CreateInstanceEnumRequest): Outcome {
  return read(scope.schema.createInstanceEnum(scope.store, m.className, m.deep, scope.env));
}
