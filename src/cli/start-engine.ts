/**
 * @module The one place the command line constructs an engine.
 */
import { type HostPlacement, WbemEngine } from '../index.js';
import type { EngineOptions } from './common-options.js';
import { since, trace } from './trace.js';

/**
 * How long the engine lives: `'one-shot'` for a command that starts it, does its reads or writes
 * and shuts it down (`get-class`, `mofcomp`, `delete-class`...); `'session'` for one that keeps
 * it running (`watch`, `serve`) or measures it (`bench`).
 */
export type EngineUse = 'session' | 'one-shot';

/** Where the engine's hosts run for this use: see `startEngine`. */
export function placementFor(options: EngineOptions, use: EngineUse): HostPlacement {
  return use === 'one-shot' && options.hosts === undefined ? 'calling-thread' : 'worker-threads';
}

/**
 * Starts the engine with the durable store at `dataDir`, or in memory when it is `null`.
 *
 * A one-shot engine runs its host on the calling thread (unless `--hosts` asks for workers): a
 * read command is done in milliseconds once the repository is open, and a host worker would
 * first load the runtime's modules and lmdb's binding a second time, which was most of what such
 * a command cost beyond `wbemrx --help` (bench/RESULTS.md, "Open and first calls"). A load gains
 * nothing from the worker either: `mofcomp` of the DMTF schema takes no longer on one thread, in
 * less CPU (bench/RESULTS.md, "Bundles").
 * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` for bad options; store errors as the engine reports them.
 */
export async function startEngine(
  options: EngineOptions,
  use: EngineUse = 'session',
): Promise<WbemEngine> {
  const start = performance.now();
  const placement = placementFor(options, use);
  trace(
    'engine start: %s, hosts %s, %s',
    options.dataDir ?? 'memory',
    options.hosts ?? 'default',
    placement,
  );
  const engine = await WbemEngine.start({
    storage: options.dataDir === null ? 'memory' : { path: options.dataDir },
    placement,
    ...(options.hosts === undefined ? {} : { hosts: options.hosts }),
    ...(options.rules === undefined ? {} : { rules: options.rules }),
  });
  trace('engine started in %s', since(start));
  return engine;
}
