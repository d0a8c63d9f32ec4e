/**
 * @module The turns of the qualifier declarations (CIM `SetQualifier`, `GetQualifier`,
 * `DeleteQualifier`, `EnumerateQualifiers`). Declarations are schema, so writing one takes the
 * static class write right (`WBEM_FULL_WRITE_REP`), checked before the schema sees the argument.
 */
import type { CimObject } from '../../model/cim-value.js';
import { checkClassWrite } from '../../security/access-checks.js';
import {
  authorityOf,
  type CreateQualifierDeclarationEnumRequest,
  type DeleteQualifierDeclarationRequest,
  type GetQualifierDeclarationRequest,
  type PutQualifierDeclarationRequest,
} from '../protocol.js';
import { checkMutationRights } from './mutation-rights.js';
import { deny, type Outcome, read, type TurnScope, write } from './turn.js';

/** @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema. */
export function putQualifierDeclarationTurn(
  scope: TurnScope,
  m: PutQualifierDeclarationRequest,
): Outcome {
  const { rights } = authorityOf(m);
  // Stryker disable next-line ObjectLiteral: an absent `dynamic` reads as false
  deny(checkClassWrite(rights, { dynamic: false }));
  const mutation = scope.schema.putQualifierDeclaration(scope.store, m.declaration, scope.env);
  checkMutationRights(scope, rights, mutation.changes);
  return write(mutation);
}

/** @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema. */
export function deleteQualifierDeclarationTurn(
  scope: TurnScope,
  m: DeleteQualifierDeclarationRequest,
): Outcome {
  const { rights } = authorityOf(m);
  // Stryker disable next-line ObjectLiteral: an absent `dynamic` reads as false
  deny(checkClassWrite(rights, { dynamic: false }));
  const mutation = scope.schema.deleteQualifierDeclaration(scope.store, m.name, scope.env);
  checkMutationRights(scope, rights, mutation.changes);
  return write(mutation);
}

/** Replies with the declaration in `objects` (a `QualifierDeclaration`, not a class). */
export function getQualifierDeclarationTurn(
  scope: TurnScope,
  m: GetQualifierDeclarationRequest,
): Outcome {
  return read([scope.schema.getQualifierDeclaration(scope.store, m.name) as unknown as CimObject]);
}

export function createQualifierDeclarationEnumTurn(
  scope: TurnScope,
  _m: CreateQualifierDeclarationEnumRequest,
): Outcome {
  return read(scope.schema.enumQualifierDeclarations(scope.store) as unknown as CimObject[]);
}
