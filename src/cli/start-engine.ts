/**
 * @module The one place the command line constructs an engine.
 */
import { WbemEngine } from '../index.js';
import type { EngineOptions } from './common-options.js';
import { since, trace } from './trace.js';

/**
 * Starts the engine with the durable store at `dataDir`, or in memory when it is `null`.
 * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` for bad options; store errors as the engine reports them.
 */
export async function startEngine(options: EngineOptions): Promise<WbemEngine> {
  const start = performance.now();
  trace('engine start: %s, hosts %s', options.dataDir ?? 'memory', options.hosts ?? 'default');
  const engine = await WbemEngine.start({
    storage: options.dataDir === null ? 'memory' : { path: options.dataDir },
    ...(options.hosts === undefined ? {} : { hosts: options.hosts }),
    ...(options.rules === undefined ? {} : { rules: options.rules }),
  });
  trace('engine started in %s', since(start));
  return engine;
}
