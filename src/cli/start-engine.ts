/**
 * @module The one place the command line constructs an engine.
 */
import { WbemEngine } from '../index.js';
import type { EngineOptions } from './common-options.js';

/**
 * Starts the engine with the durable store at `dataDir`, or in memory when it is `null`.
 * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` for bad options; store errors as the engine reports them.
 */
export function startEngine(options: EngineOptions): Promise<WbemEngine> {
  return WbemEngine.start({
    storage: options.dataDir === null ? 'memory' : { path: options.dataDir },
    ...(options.hosts === undefined ? {} : { hosts: options.hosts }),
    ...(options.rules === undefined ? {} : { rules: options.rules }),
  });
}
