/**
 * @module Entry of the echo worker (benchmark ceiling): wires an echo host to its parent port, or,
 * with `comlink: true`, exposes `echo(value)` through comlink for the control-plane comparison.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WireEncoding } from '../core.js';
import { serveEchoHost } from './lib/echo-host.js';

const data = workerData as { encoding: WireEncoding; maxBatch?: number; comlink?: boolean };
if (parentPort === null) throw new Error('echo.worker must run as a worker thread');
if (data.comlink === true) {
  const comlink = 'comlink/dist/esm/comlink.mjs';
  const adapter = 'comlink/dist/esm/node-adapter.mjs';
  const { expose } = (await import(comlink)) as typeof import('comlink');
  const nodeEndpoint = (
    (await import(adapter)) as { default: (port: unknown) => Parameters<typeof expose>[1] }
  ).default;
  expose({ echo: (value: unknown) => value }, nodeEndpoint(parentPort));
} else {
  serveEchoHost(parentPort, data.encoding, data.maxBatch);
}
