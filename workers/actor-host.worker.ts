/**
 * @module Entry of an actor host thread: wires the host to its parent port, nothing more.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveActorHost } from '../src/runtime/actor-host.js';
import type { HostInit } from '../src/runtime/protocol.js';

if (parentPort === null) throw new Error('actor-host.worker must run as a worker thread');
await serveActorHost(parentPort, workerData as HostInit);
