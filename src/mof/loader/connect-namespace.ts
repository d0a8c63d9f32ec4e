/**
 * @module Connecting to a namespace for writing, creating it (and its missing parents) first:
 * what `mofcomp` does for a MOF's `#pragma namespace`.
 */
import { namespaceSegments } from '../../model/namespace-path.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_NOT_FOUND,
} from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

/** The engine calls `connectNamespace` makes; `WbemEngine` has them. */
export interface NamespaceConnector<S> {
  connectServer(namespace: string): Promise<S>;
  createNamespace(parent: string, name: string): Promise<string>;
}

/** True when `thrown` says a namespace does not exist. */
export function isMissingNamespace(thrown: unknown): boolean {
  return (
    thrown instanceof WbemError &&
    (thrown.hresult === WBEM_E_INVALID_NAMESPACE || thrown.hresult === WBEM_E_NOT_FOUND)
  );
}

/**
 * Connects to `namespace`; with `create`, first creates each missing segment under `root`.
 * Mirrors `IWbemLocator::ConnectServer`, plus `__NAMESPACE` creation for writers.
 * @throws {WbemError} `WBEM_E_INVALID_NAMESPACE` when it does not exist and `create` is false,
 * or when the path is malformed.
 */
export async function connectNamespace<S>(
  engine: NamespaceConnector<S>,
  namespace: string,
  create: boolean,
): Promise<S> {
  try {
    return await engine.connectServer(namespace);
  } catch (thrown) {
    if (!create || !isMissingNamespace(thrown)) throw thrown;
  }
  const segments = namespaceSegments(namespace);
  if (segments === undefined) {
    throw new WbemError(WBEM_E_INVALID_NAMESPACE, { message: `invalid namespace '${namespace}'` });
  }
  for (let depth = 1; depth < segments.length; depth += 1) {
    const parent = segments.slice(0, depth).join('/');
    try {
      await engine.createNamespace(parent, segments[depth] ?? '');
    } catch (thrown) {
      if (!(thrown instanceof WbemError && thrown.hresult === WBEM_E_ALREADY_EXISTS)) throw thrown;
    }
  }
  return engine.connectServer(namespace);
}
