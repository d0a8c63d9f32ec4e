/**
 * @module Test-only entry of an actor host thread that runs the fake schema (`fake-schema.ts`)
 * instead of `src/schema`: the seam for runtime tests that pause an actor or need a non-WBEM throw.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveActorHost } from '../../../src/runtime/actor-host.js';
import type { HostInit } from '../../../src/runtime/protocol.js';
import type { SchemaOperations } from '../../../src/runtime/turns/turn.js';
import * as schema from '../../../src/schema/index.js';
import * as fakeSchema from './fake-schema.js';

if (parentPort === null) throw new Error('fake-schema-host.worker must run as a worker thread');
// The stand-in replaces the operations it defines; the others (namespaces, ...) stay the real ones.
const operations = { ...schema, ...fakeSchema } as unknown as SchemaOperations;
await serveActorHost(parentPort, workerData as HostInit, { schema: operations });
