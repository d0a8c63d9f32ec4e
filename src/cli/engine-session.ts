/**
 * @module Starting the engine for one command and connecting to its namespace. Every verb runs
 * inside `withEngine`, so the engine is shut down (and the durable store flushed and closed) on
 * success, on failure and on Ctrl-C alike.
 */

import type { WbemEngine, WbemServices } from '../index.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_NOT_FOUND,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { EngineOptions } from './common-options.js';
import { startEngine } from './start-engine.js';

/**
 * Starts an engine, runs `work`, then shuts the engine down whatever happened.
 * @throws {WbemError} whatever `work` or the engine start throws.
 */
export async function withEngine<T>(
  options: EngineOptions,
  work: (engine: WbemEngine) => Promise<T>,
): Promise<T> {
  const engine = await startEngine(options);
  try {
    return await work(engine);
  } finally {
    await engine.shutdown();
  }
}

/**
 * Like `withEngine`, but hands `work` the engine's start in progress, so the work can do
 * main-thread preparation (compiling MOF) while the engine's workers boot.
 * @throws {WbemError} whatever `work` or the engine start throws.
 */
export async function withStartingEngine<T>(
  options: EngineOptions,
  work: (engine: Promise<WbemEngine>) => Promise<T>,
): Promise<T> {
  const starting = startEngine(options);
  // Marks a failed start as handled at once: `work` may be busy compiling when it fails, and it
  // is reported where `work` awaits it.
  starting.catch(() => {});
  try {
    return await work(starting);
  } finally {
    const engine = await starting.catch(() => null);
    await engine?.shutdown();
  }
}

function isMissingNamespace(thrown: unknown): boolean {
  return (
    thrown instanceof WbemError &&
    (thrown.hresult === WBEM_E_INVALID_NAMESPACE || thrown.hresult === WBEM_E_NOT_FOUND)
  );
}

/**
 * Connects to `namespace`; with `create`, first creates each missing segment under `root`.
 * Mirrors `IWbemLocator::ConnectServer`, plus `__NAMESPACE` creation for writers.
 * @throws {WbemError} `WBEM_E_INVALID_NAMESPACE` when it does not exist and `create` is false.
 */
export async function connectNamespace(
  engine: WbemEngine,
  namespace: string,
  create: boolean,
): Promise<WbemServices> {
  try {
    return await engine.connectServer(namespace);
  } catch (thrown) {
    if (!create || !isMissingNamespace(thrown)) throw thrown;
  }
  const segments = namespace.split('/');
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
