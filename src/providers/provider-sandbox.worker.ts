/**
 * @module Worker entry of a provider sandbox: wiring only (see `provider-sandbox.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runProviderSandbox } from './provider-sandbox.js';

const port = parentPort;
const module = (workerData as { module?: unknown } | null)?.module;
if (port !== null && typeof module === 'string') {
  void runProviderSandbox(
    { postMessage: (m) => port.postMessage(m), onMessage: (l) => port.on('message', l) },
    module,
  );
}
