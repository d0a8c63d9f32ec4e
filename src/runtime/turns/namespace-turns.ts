/**
 * @module The turns a parent namespace runs for its children (`__NAMESPACE` instances, spec §8),
 * and the namespace-metadata and provider-registration turns of the namespace itself.
 */
import { checkInstanceWrite } from '../../security/access-checks.js';
import {
  authorityOf,
  type CreateNamespaceRequest,
  type DeleteNamespaceRequest,
  type GetNamespacesRequest,
  type ReadMetaRequest,
  type RegisterProviderRequest,
  type UnregisterProviderRequest,
  type WriteMetaRequest,
} from '../protocol.js';
import { checkMutationRights } from './mutation-rights.js';
import { deny, type Outcome, read, type TurnScope, write } from './turn.js';

/**
 * A `__NAMESPACE` instance is of a system class: writing one needs `WBEM_FULL_WRITE_REP` in the
 * parent, checked before the schema so that a caller without it learns nothing of the children,
 * and even when the write turns out to change nothing (a put of an existing child).
 */
const NAMESPACE_WRITE = { dynamic: false, systemDerived: true, subject: '__NAMESPACE' } as const;

/**
 * Writes a `__NAMESPACE` instance: the engine's own calls carry its authority, a caller's
 * `PutInstance` of `__NAMESPACE` the caller's.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema.
 */
export function createNamespaceTurn(scope: TurnScope, m: CreateNamespaceRequest): Outcome {
  const { rights } = authorityOf(m);
  deny(checkInstanceWrite(rights, NAMESPACE_WRITE));
  const mutation = scope.schema.createNamespace(scope.store, m.name, scope.env, m.mode);
  checkMutationRights(scope, rights, mutation.changes);
  return write(mutation, mutation.name);
}

/** Deletes a `__NAMESPACE` instance; the same right as `createNamespaceTurn`. */
export function deleteNamespaceTurn(scope: TurnScope, m: DeleteNamespaceRequest): Outcome {
  const { rights } = authorityOf(m);
  deny(checkInstanceWrite(rights, NAMESPACE_WRITE));
  const mutation = scope.schema.deleteNamespace(scope.store, m.name, scope.env);
  checkMutationRights(scope, rights, mutation.changes);
  return write(mutation);
}

export function getNamespacesTurn(scope: TurnScope, m: GetNamespacesRequest): Outcome {
  return read(scope.schema.getNamespaces(scope.store, m.name));
}

export function readMetaTurn(scope: TurnScope, m: ReadMetaRequest): Outcome {
  return read([], scope.repository.readMeta(scope.env.namespace, m.key) ?? null);
}

export function writeMetaTurn(scope: TurnScope, m: WriteMetaRequest): Promise<Outcome> {
  return scope.repository.writeMeta(scope.env.namespace, m.key, m.value).then(() => read([]));
}

/** Registering a provider writes a `__Win32Provider` instance: a system class (FULL_WRITE_REP). */
function registration(rights: number, change: () => Promise<void>): Promise<Outcome> {
  const denied = checkInstanceWrite(rights, { dynamic: false, systemDerived: true });
  if (denied !== undefined) return Promise.reject(denied);
  return change().then(() => read([]));
}

export function registerProviderTurn(
  scope: TurnScope,
  m: RegisterProviderRequest,
): Promise<Outcome> {
  return registration(authorityOf(m).rights, () => scope.providers.register(m.registration));
}

export function unregisterProviderTurn(
  scope: TurnScope,
  m: UnregisterProviderRequest,
): Promise<Outcome> {
  return registration(authorityOf(m).rights, () => scope.providers.unregister(m.name));
}
