/**
 * @module The main thread's end of one host worker, with supervision: if the worker dies, every
 * call in flight on it is failed by the owner (`onCrash`), messages not yet posted are discarded
 * (they were failed too, and must not run later), and a fresh worker takes its place. Namespaces
 * come back lazily on their next message, from whatever the repository kept.
 */
import { performance } from 'node:perf_hooks';
import { MessageChannel } from 'node:worker_threads';
import type { Remote } from 'comlink';
import { WBEM_E_TRANSPORT_FAILURE } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { connectHostControl } from './host-control.js';
import { type HostThread, startHostThread } from './host-thread.js';
import { Outbox } from './outbox.js';
import {
  type HostControl,
  type HostInit,
  type HostReply,
  type HostRequest,
  type HostStats,
  isReplyBatch,
} from './protocol.js';
import { createWireCodec, type WireCodec } from './wire-codec.js';

// The bundled entry (`workers/bundle.mjs`): the host's code in one CommonJS file, run with V8's
// code cache, instead of the host's hundred modules.
const WORKER_URL = new URL('../../bundled/actor-host.worker.cjs', import.meta.url);

export interface HostEvents {
  /** A batch of replies arrived. */
  readonly replies: (index: number, replies: readonly HostReply[]) => void;
  /** The worker died unexpectedly; called before the replacement starts. */
  readonly crash: (index: number, reason: string) => void;
  /** A request could not be encoded or posted (it was never sent). */
  readonly reject: (index: number, request: HostRequest, error: unknown) => void;
}

/**
 * Longest slice of reply delivery before the caller's event loop gets a turn. The calls a slice's
 * callbacks start are encoded inside it (the outbox posts each full batch at once), so a slice
 * costs about twice this. 1 ms gave a loop delay p99 of 6-10 ms where 2-4 ms gave 11-17 ms, at
 * no cost in throughput (bench/RESULTS.md, "Engine").
 */
const TURN_BUDGET_MS = 1;

/** Crashes this close together stop the restarts (a worker that cannot even start). */
const CRASH_WINDOW_MS = 10_000;
const CRASHES_IN_WINDOW = 5;

export class HostConnection {
  readonly index: number;
  readonly #init: HostInit;
  readonly #events: HostEvents;
  readonly #codec: WireCodec;
  readonly #outbox: Outbox<HostRequest>;
  #worker!: HostThread;
  /** The current worker's control plane, and a promise that settles when that worker exits. */
  #control!: Remote<HostControl>;
  #exited!: Promise<void>;
  #closing = false;
  #held = 0;
  #restarts = 0;
  #crashes: number[] = [];
  /** Posts received and not yet decoded: decoding runs in `#drain`, under its time budget. */
  readonly #inbox: unknown[] = [];
  #drainScheduled = false;
  #failed: string | undefined;

  constructor(index: number, init: HostInit, events: HostEvents) {
    this.index = index;
    this.#init = init;
    this.#events = events;
    this.#codec = createWireCodec(init.encoding);
    this.#outbox = new Outbox<HostRequest>(
      { postMessage: (data, transfer) => this.#worker.postMessage(data, transfer ?? []) },
      this.#codec,
      { maxBatch: init.maxBatch, reject: (request, error) => events.reject(index, request, error) },
    );
    this.#spawn();
  }

  /** How many times the worker was replaced after a crash. */
  get restarts(): number {
    return this.#restarts;
  }

  /**
   * Why the host was given up (it crashed repeatedly right after starting); `undefined` while it
   * serves. Calls to a failed host are refused with WBEM_E_TRANSPORT_FAILURE.
   */
  get failed(): string | undefined {
    return this.#failed;
  }

  /** The current worker thread's id (changes after a restart). */
  get threadId(): number {
    return this.#worker.threadId;
  }

  send(request: HostRequest): void {
    this.#outbox.send(request);
  }

  /** Drops a request that has not left this turn; true when it was still queued. */
  unsend(id: number): boolean {
    return this.#outbox.remove((m) => 'id' in m && m.id === id) > 0;
  }

  /** Keeps the process alive while calls are in flight; an idle engine does not. */
  hold(): void {
    if (this.#held++ === 0) this.#worker.ref();
  }

  release(): void {
    if (this.#held > 0 && --this.#held === 0) this.#worker.unref();
  }

  /** Test-only: asks the worker to exit abruptly (after what it received before). */
  crash(): void {
    this.send({ kind: 'crash' });
  }

  /** Test-only: ends the worker from outside, at once, as a fatal failure would. */
  kill(): void {
    void this.#worker.terminate();
  }

  /**
   * Asks the host, through its control plane, to close its stores, then ends the worker. A host
   * that fails to close them still ends (nothing is left to answer).
   */
  async shutdown(): Promise<void> {
    this.#closing = true;
    if (this.#failed !== undefined) return;
    this.#worker.ref();
    await this.#controlCall(() => this.#control.shutdown()).catch(() => undefined);
    await this.#worker.terminate();
  }

  /**
   * The host's live actors, through its control plane.
   * @throws {WbemError} why the host could not start; WBEM_E_TRANSPORT_FAILURE when it is down.
   */
  async stats(): Promise<HostStats> {
    if (this.#failed !== undefined) {
      throw new WbemError(WBEM_E_TRANSPORT_FAILURE, { message: `host ${this.index} is down` });
    }
    this.hold();
    try {
      const stats = await this.#controlCall(
        () => this.#control.stats() as Promise<HostStats | WbemError>,
      );
      if (stats instanceof WbemError) throw stats;
      return stats;
    } finally {
      this.release();
    }
  }

  /** A control call that fails, rather than waits for ever, when the worker exits first. */
  #controlCall<T>(call: () => Promise<T>): Promise<T> {
    const exited = this.#exited.then((): never => {
      throw new WbemError(WBEM_E_TRANSPORT_FAILURE, {
        message: `host ${this.index} exited during a control call`,
      });
    });
    return Promise.race([call(), exited]);
  }

  /**
   * Delivers received reply batches for at most `budget` ms, then yields to the event loop.
   *
   * Hazard: Node drains every message waiting on a port in one go, so a busy host could keep the
   * caller's thread in reply handling (sink callbacks, new calls) for as long as it keeps
   * answering. Receiving only queues the raw post (decoding ten posts of a streaming query at
   * once cost 20-30 ms); decoding and delivery run in `setImmediate` slices, so timers and I/O
   * of the embedding application run between slices.
   */
  #drain(budget: number): void {
    this.#drainScheduled = false;
    const end = performance.now() + budget;
    while (this.#inbox.length > 0) {
      const replies = this.#decode(this.#inbox.shift());
      if (replies !== undefined) this.#events.replies(this.index, replies);
      if (performance.now() >= end) break;
    }
    if (this.#inbox.length > 0 && !this.#drainScheduled) {
      this.#drainScheduled = true;
      setImmediate(() => this.#drain(TURN_BUDGET_MS));
    }
  }

  /** The replies of one post; `undefined` for a post that is not a reply batch. */
  #decode(data: unknown): readonly HostReply[] | undefined {
    let batch: unknown;
    try {
      batch = this.#codec.decode(data);
    } catch {
      return undefined;
    }
    return isReplyBatch(batch) ? batch.messages : undefined;
  }

  #spawn(): void {
    const url = this.#init.hostWorkerUrl === null ? WORKER_URL : new URL(this.#init.hostWorkerUrl);
    const channel = new MessageChannel();
    const worker = startHostThread(this.#init.placement ?? 'worker-threads', url, {
      ...this.#init,
      control: channel.port2,
    });
    this.#worker = worker;
    this.#control = connectHostControl(channel.port1);
    let exit: () => void = () => {};
    this.#exited = new Promise((resolve) => {
      exit = resolve;
    });
    if (this.#held === 0) worker.unref();
    worker.on('message', (data: unknown) => {
      // Decoded in `#drain`: a port delivers every queued post in one go, so decoding here
      // would hold the event loop for a whole large result.
      this.#inbox.push(data);
      if (this.#drainScheduled) return;
      this.#drainScheduled = true;
      if (data instanceof ArrayBuffer || typeof data === 'string') {
        setImmediate(() => this.#drain(TURN_BUDGET_MS));
      } else {
        // A post that came by structured clone was rebuilt by Node before this handler ran, in
        // native code no slice can bound (a cascade's 824 class events: 2-3 ms). An immediate set
        // here would run in this same loop iteration and add the first delivery slice to it;
        // one set from the next immediate runs in the following iteration, after timers and
        // I/O (bench/RESULTS.md, "Notification dispatch, the stall before the reply").
        setImmediate(() => setImmediate(() => this.#drain(TURN_BUDGET_MS)));
      }
    });
    worker.on('error', () => {
      // 'exit' follows; supervision happens there.
    });
    worker.on('exit', (code) => {
      channel.port1.close();
      exit();
      if (worker !== this.#worker) return;
      // Replies already received count: deliver them before failing what is still in flight.
      this.#drain(Number.POSITIVE_INFINITY);
      this.#codec.reset();
      if (this.#closing) return;
      this.#outbox.remove(() => true);
      const reason = `host ${this.index} exited with code ${code}`;
      const now = Date.now();
      this.#crashes = [...this.#crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
      if (this.#crashes.length >= CRASHES_IN_WINDOW) {
        this.#failed = `${reason}, ${CRASHES_IN_WINDOW} times within ${CRASH_WINDOW_MS / 1000} s`;
      }
      this.#events.crash(this.index, reason);
      if (this.#failed !== undefined) return;
      this.#restarts++;
      this.#spawn();
    });
  }
}
