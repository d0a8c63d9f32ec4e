/**
 * @module The host worker's code: wires the host to the thread's parent port. The build bundles
 * it, with everything it imports, as one CommonJS file (`bundled/actor-host.cjs`), which the
 * thread's entry (`actor-host.worker.ts`) runs with V8's code cache.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveActorHost } from '../src/runtime/actor-host.js';
import type { HostInit } from '../src/runtime/protocol.js';

/** Serves the host on the parent port; `afterShutdown` runs once it has closed its stores. */
export function startHost(afterShutdown?: () => void): Promise<void> {
  if (parentPort === null) throw new Error('actor-host must run as a worker thread');
  return serveActorHost(
    parentPort,
    workerData as HostInit,
    afterShutdown === undefined ? {} : { afterShutdown },
  );
}
