/**
 * @module Two connected ports within one thread, what the calling-thread host (`host-thread.ts`)
 * is fed through instead of a `MessageChannel`. They keep a port's contract: a message arrives a
 * turn later (`setImmediate`), in order, waits until something listens, is not delivered once
 * either side is closed, and a port listening for messages keeps the process alive unless
 * `unref`'d. What differs is the value:
 * over a `MessageChannel` every post is serialised and rebuilt even within one thread; here a
 * value the sending codec already copied (the `copy` encoding, `copyForWire`) is handed over as
 * it is, and any other is structured-cloned as `postMessage` would. For a one-shot command that
 * loads a schema, the serialising was a fifth of its time (bench/RESULTS.md, "The calling-thread
 * host without serialising").
 */
import { EventEmitter } from 'node:events';

/** What a keep-alive timer waits for: never fires in practice, only holds the event loop. */
const KEEP_ALIVE_MS = 2 ** 30;

export class InThreadPort extends EventEmitter {
  #peer: InThreadPort | undefined;
  readonly #copied: boolean;
  #queue: unknown[] = [];
  #scheduled = false;
  #closed = false;
  #refed = true;
  #listeners = 0;
  #keepAlive: NodeJS.Timeout | undefined;

  /** `copied`: the values posted are copies the receiver may own (the `copy` encoding). */
  constructor(copied: boolean) {
    super();
    this.#copied = copied;
    this.on('newListener', (event: string | symbol) => {
      if (event === 'message') this.#listen(1);
    });
    this.on('removeListener', (event: string | symbol) => {
      if (event === 'message') this.#listen(-1);
    });
  }

  /** Connects two new ports; what `inThreadChannel` does. */
  static pair(a: InThreadPort, b: InThreadPort): void {
    a.#peer = b;
    b.#peer = a;
  }

  postMessage(value: unknown, transfer: readonly ArrayBuffer[] = []): void {
    const peer = this.#peer;
    if (this.#closed || peer === undefined || peer.#closed) return;
    peer.#receive(this.#copied ? value : structuredClone(value, { transfer: [...transfer] }));
  }

  ref(): void {
    this.#refed = true;
    this.#holdLoop();
  }

  unref(): void {
    this.#refed = false;
    this.#holdLoop();
  }

  /** Closes both ends, as `MessagePort.close` does: nothing more is delivered on either. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // Stryker disable next-line ArrayDeclaration: nothing queued is delivered after close (the drain stops on closed)
    this.#queue = [];
    this.#holdLoop();
    this.#peer?.close();
    setImmediate(() => this.emit('close'));
  }

  #receive(value: unknown): void {
    this.#queue.push(value);
    // Stryker disable next-line ConditionalExpression: an extra drain finds the queue empty
    if (this.#scheduled) return;
    // Stryker disable next-line BooleanLiteral: as above
    this.#scheduled = true;
    setImmediate(this.#drain);
  }

  readonly #drain = (): void => {
    this.#scheduled = false;
    // Until something listens, messages wait, as on a port not yet started.
    if (this.#listeners === 0) return;
    const queue = this.#queue;
    this.#queue = [];
    for (let i = 0; i < queue.length && !this.#closed; i++) {
      try {
        this.emit('message', queue[i]);
      } catch (error) {
        // A listener's exception is the process's, as on a port; the messages after it still
        // arrive, in order.
        this.#queue = queue.slice(i + 1).concat(this.#queue);
        if (this.#queue.length > 0 && !this.#scheduled) {
          this.#scheduled = true;
          setImmediate(this.#drain);
        }
        throw error;
      }
    }
  };

  #listen(delta: number): void {
    this.#listeners += delta;
    this.#holdLoop();
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: an extra drain delivers nothing early: a queue waits only while nobody listened
    if (delta > 0 && this.#queue.length > 0 && !this.#scheduled) {
      // Stryker disable next-line BooleanLiteral: an extra drain finds the queue empty
      this.#scheduled = true;
      setImmediate(this.#drain);
    }
  }

  /** Holds the event loop while this port is open, ref'd and listened to, as a port does. */
  #holdLoop(): void {
    const hold = this.#refed && !this.#closed && this.#listeners > 0;
    if (hold && this.#keepAlive === undefined) {
      this.#keepAlive = setInterval(() => undefined, KEEP_ALIVE_MS);
    } else if (!hold && this.#keepAlive !== undefined) {
      clearInterval(this.#keepAlive);
      this.#keepAlive = undefined;
    }
  }
}

/** Two connected ports; `copied` as for `InThreadPort`. */
export function inThreadChannel(copied: boolean): {
  readonly port1: InThreadPort;
  readonly port2: InThreadPort;
} {
  const port1 = new InThreadPort(copied);
  const port2 = new InThreadPort(copied);
  InThreadPort.pair(port1, port2);
  return { port1, port2 };
}
