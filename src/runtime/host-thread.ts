/**
 * @module Where a host runs: a worker thread, or the calling thread (`HostPlacement`). Both are
 * driven through the same `HostThread` surface, the part of `Worker` a `HostConnection` uses, so
 * the connection, the wire and the host itself are the same code in both placements.
 *
 * ```
 *   worker-threads:  HostConnection ──postMessage──▶ Worker ──parentPort──▶ serveActorHost
 *   calling-thread:  HostConnection ──postMessage──▶ port1 ═ inThreadChannel ═ port2 ──▶ serveActorHost
 * ```
 */
import { EventEmitter } from 'node:events';
import { type MessagePort, threadId, Worker } from 'node:worker_threads';
import { type InThreadPort, inThreadChannel } from './in-thread-channel.js';
import type { HostPlacement } from './placement.js';
import type { HostInit } from './protocol.js';

/** What a `HostConnection` needs of the thread its host runs on (a subset of `Worker`). */
export interface HostThread {
  readonly threadId: number;
  postMessage(value: unknown, transferList?: readonly ArrayBuffer[]): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'message', listener: (value: unknown) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'exit', listener: (code: number) => void): this;
}

/** The host's start data: its init and its end of the control-plane channel. */
export type HostStart = HostInit & { readonly control: MessagePort };

/** Exit code of a terminated host, as `Worker.terminate` reports it. */
const TERMINATED = 1;

/**
 * A host on the calling thread: `serveActorHost` on one end of an in-thread channel, so requests
 * and replies still cross a port (encoded, batched, delivered a turn later) as with a worker.
 * Only the parallelism is gone, which a one-shot command does not use, and, with the `copy`
 * encoding (the default for this placement), serialising: each side gets a copy it owns.
 */
export class CallingThreadHost extends EventEmitter implements HostThread {
  readonly threadId = threadId;
  readonly #port: InThreadPort;
  readonly #hostPort: InThreadPort;
  readonly #control: MessagePort;
  #exited = false;

  constructor(start: HostStart) {
    super();
    const channel = inThreadChannel(start.encoding === 'copy');
    this.#port = channel.port1;
    this.#hostPort = channel.port2;
    this.#control = start.control;
    this.#port.on('message', (value: unknown) => this.emit('message', value));
    // The actor host is imported here, not at the top: an engine with worker hosts never loads
    // it on the calling thread. Its store module loads alongside (see `preloadRepository`).
    import('./open-repository.js').then(
      ({ preloadRepository }) => preloadRepository(start.repository),
      () => undefined,
    );
    import('./actor-host.js')
      .then(({ serveActorHost }) => serveActorHost(this.#hostPort, start))
      .then(
        () => {
          // The host's listeners must not keep the process alive: the connection refs its end
          // (`ref`) while calls are in flight, as it refs a worker.
          this.#hostPort.unref();
          this.#control.unref();
        },
        (error: unknown) => {
          this.emit('error', error instanceof Error ? error : new Error(String(error)));
          this.#exit();
        },
      );
  }

  postMessage(value: unknown, transferList: readonly ArrayBuffer[] = []): void {
    if (!this.#exited) this.#port.postMessage(value, transferList);
  }

  ref(): void {
    this.#port.ref();
  }

  unref(): void {
    this.#port.unref();
  }

  terminate(): Promise<number> {
    const exited = new Promise<number>((resolve) => this.once('exit', resolve));
    this.#exit();
    return exited;
  }

  #exit(): void {
    if (this.#exited) {
      setImmediate(() => this.emit('exit', TERMINATED));
      return;
    }
    this.#exited = true;
    this.#port.close();
    this.#control.close();
    // A worker's 'exit' arrives a turn after `terminate`; so does this one.
    setImmediate(() => this.emit('exit', TERMINATED));
  }
}

/** Starts a host where `placement` says: on a worker thread at `url`, or on this thread. */
export function startHostThread(placement: HostPlacement, url: URL, start: HostStart): HostThread {
  if (placement === 'calling-thread') return new CallingThreadHost(start);
  return new Worker(url, { workerData: start, transferList: [start.control] });
}
