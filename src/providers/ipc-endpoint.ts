/**
 * @module comlink's `Endpoint` over a Node IPC channel (a `ChildProcess`, or `process` inside the
 * child). comlink speaks `postMessage`/`addEventListener` with `{ data }` events; IPC speaks
 * `send`/`on('message')` with the message itself.
 */
import type { Endpoint } from 'comlink';
import { SANDBOX_HELLO } from './provider-protocol.js';

/** The part of `ChildProcess` (or of `process` in the child) the adapter uses. */
export interface IpcChannel {
  send?(message: unknown, callback: (error: Error | null) => void): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

type Listener = Parameters<Endpoint['addEventListener']>[1];

export interface IpcEndpointOptions {
  /**
   * Hold outgoing messages until the peer sends `SANDBOX_HELLO`: a child drops whatever arrives
   * before it listens, and it listens only once its modules have loaded.
   */
  readonly awaitHello?: boolean;
}

export function ipcEndpoint(channel: IpcChannel, options: IpcEndpointOptions = {}): Endpoint {
  const wrapped = new Map<Listener, (message: unknown) => void>();
  let held: unknown[] | undefined = options.awaitHello === true ? [] : undefined;
  const send = (message: unknown): void => {
    // A closed channel reports through the callback; the owner learns of the exit separately,
    // so the error is only kept from becoming an unhandled 'error' event.
    channel.send?.(message, () => undefined);
  };
  const onHello = (message: unknown): void => {
    if (message !== SANDBOX_HELLO || held === undefined) return;
    const queue = held;
    held = undefined;
    channel.off('message', onHello);
    for (const m of queue) send(m);
  };
  if (held !== undefined) channel.on('message', onHello);
  return {
    postMessage(message: unknown): void {
      if (held !== undefined) held.push(message);
      else send(message);
    },
    addEventListener(_type: string, listener: Listener): void {
      const relay = (message: unknown): void => {
        if (message === SANDBOX_HELLO) return;
        const event = { data: message } as MessageEvent;
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      };
      wrapped.set(listener, relay);
      channel.on('message', relay);
    },
    removeEventListener(_type: string, listener: Listener): void {
      const relay = wrapped.get(listener);
      if (relay === undefined) return;
      wrapped.delete(listener);
      channel.off('message', relay);
    },
  };
}
