/**
 * @module Starting the engine for one command (connecting is the public `connectNamespace`). Every verb runs
 * inside `withEngine`, so the engine is shut down (and the durable store flushed and closed) on
 * success, on failure and on Ctrl-C alike.
 */

import type { WbemEngine } from '../index.js';
import type { EngineOptions } from './common-options.js';
import { type EngineUse, startEngine } from './start-engine.js';

/**
 * Starts an engine, runs `work`, then shuts the engine down whatever happened. Commands that do
 * one job and exit pass `use` `'one-shot'` (see `startEngine`).
 * @throws {WbemError} whatever `work` or the engine start throws.
 */
export async function withEngine<T>(
  options: EngineOptions,
  work: (engine: WbemEngine) => Promise<T>,
  use: EngineUse = 'session',
): Promise<T> {
  const engine = await startEngine(options, use);
  try {
    return await work(engine);
  } finally {
    await engine.shutdown();
  }
}

/**
 * `withEngine` for a command that does one job and exits: its host runs on the calling thread
 * unless `--hosts` is given (see `startEngine`).
 * @throws {WbemError} whatever `work` or the engine start throws.
 */
export function withOneShotEngine<T>(
  options: EngineOptions,
  work: (engine: WbemEngine) => Promise<T>,
): Promise<T> {
  return withEngine(options, work, 'one-shot');
}

/**
 * Like `withOneShotEngine`, but hands `work` the engine's start in progress, so the work can do
 * its preparation (compiling MOF) while the engine opens the repository.
 * @throws {WbemError} whatever `work` or the engine start throws.
 */
export async function withStartingEngine<T>(
  options: EngineOptions,
  work: (engine: Promise<WbemEngine>) => Promise<T>,
): Promise<T> {
  const starting = startEngine(options, 'one-shot');
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
