/**
 * @module The echo ceiling: the same class objects, batched per turn and encoded as the engine
 * does, sent to a bare worker that answers each at once. No design that crosses a thread per call
 * can beat it, so the engine is judged as a fraction of it. Also measures comlink's round trip on
 * the same worker, for the control-plane decision.
 */
import { Worker } from 'node:worker_threads';
import {
  createWireCodec,
  DEFAULT_MAX_BATCH,
  type HostReply,
  type HostRequest,
  isReplyBatch,
  Outbox,
  type WireEncoding,
} from '../../core.js';
import { importModule } from '../../runtime/module-import.js';
import { benchClass } from './bench-class.js';
import { closedLoop, type LoadFigures } from './closed-loop.js';

type ComlinkModule = typeof import('comlink');
type NodeEndpoint = (worker: Worker) => Parameters<ComlinkModule['wrap']>[0];

/**
 * comlink's ESM build (its package `main` is UMD); specifiers in variables, typed by hand.
 * Imported through `importModule`: this code also runs from the library's code cache, where
 * Node 20 loses a script's own `import()`.
 */
async function loadComlink(): Promise<{ Comlink: ComlinkModule; nodeEndpoint: NodeEndpoint }> {
  const Comlink = (await importModule('comlink/dist/esm/comlink.mjs')) as unknown as ComlinkModule;
  const adapter = await importModule('comlink/dist/esm/node-adapter.mjs');
  return { Comlink, nodeEndpoint: adapter['default'] as NodeEndpoint };
}

const ECHO_URL = new URL('../echo.worker.js', import.meta.url);

/** Unrecorded calls on each echo worker before the measured ones. */
const WARM_UP_CALLS = 5000;

export interface EchoOptions {
  readonly total: number;
  readonly inFlight: number;
  readonly encoding: WireEncoding;
  /** Messages per post (default the engine's). */
  readonly maxBatch?: number;
}

/** Closed loop of putClass-shaped requests against the echo worker. */
export async function measureEchoCeiling(options: EchoOptions): Promise<LoadFigures> {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const worker = new Worker(ECHO_URL, { workerData: { encoding: options.encoding, maxBatch } });
  const codec = createWireCodec(options.encoding);
  const outbox = new Outbox<HostRequest>(worker, codec, { maxBatch });
  const pending = new Map<number, (ok: boolean) => void>();
  worker.on('message', (data: unknown) => {
    const batch = codec.decode(data);
    if (!isReplyBatch(batch)) return;
    for (const reply of batch.messages as readonly HostReply[]) {
      if (reply.kind === 'closed') continue;
      const done = pending.get(reply.id);
      pending.delete(reply.id);
      done?.(reply.kind === 'ok');
    }
  });
  const intent = {
    mode: 'create-or-update',
    update: 'compatible',
    useAmendedQualifiers: false,
    ownerUpdate: false,
  } as const;
  const drive = (prefix: string, first: number, count: number): Promise<LoadFigures> =>
    closedLoop(count, options.inFlight, (i, done) => {
      const id = first + i;
      pending.set(id, done);
      outbox.send({
        kind: 'putClass',
        id,
        namespace: 'root',
        sendStatus: false,
        wantsEvents: false,
        cls: benchClass(`${prefix}${i}`),
        intent,
      });
    });
  try {
    // Warmed on this worker first, as `engine.bench.ts` warms each engine it measures: measured
    // cold, the worker's first compilations made this "ceiling" slower than the engine it bounds.
    await drive('Warm_', options.total, Math.min(WARM_UP_CALLS, options.total));
    return await drive('Bench_', 0, options.total);
  } finally {
    await worker.terminate();
  }
}

/** Closed loop of comlink calls `echo(cls)` on the same worker (structured clone, one post per call). */
export async function measureComlinkEcho(total: number, inFlight: number): Promise<LoadFigures> {
  const { Comlink, nodeEndpoint } = await loadComlink();
  const worker = new Worker(ECHO_URL, { workerData: { encoding: 'clone', comlink: true } });
  const remote = Comlink.wrap<{ echo(value: unknown): unknown }>(nodeEndpoint(worker));
  try {
    return await closedLoop(total, inFlight, (i, done) => {
      remote.echo(benchClass(`Bench_${i}`)).then(
        () => done(true),
        () => done(false),
      );
    });
  } finally {
    remote[Comlink.releaseProxy]();
    await worker.terminate();
  }
}
