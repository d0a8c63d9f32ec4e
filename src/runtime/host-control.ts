/**
 * @module The control plane between the main thread and a host worker, on comlink (`HostControl`
 * in `protocol.ts`): each host gets its own `MessageChannel`, so these proxy calls never share
 * the hot path's port and its batching. comlink costs 3.5-4x in calls per second against the
 * batched protocol (bench/engine.bench.ts), which only the hot path would feel.
 *
 * comlink carries a thrown error as message/name/stack only, so a `WbemError` would lose its
 * HRESULT: control calls return failures as values, and one transfer handler, `'wbem-error'`,
 * carries them across with their `.hresult`.
 */
import type { MessagePort } from 'node:worker_threads';
import comlink from 'comlink';
import nodeAdapter from 'comlink/dist/umd/node-adapter.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { HostControl } from './protocol.js';

// The UMD build's `module.exports` is the function itself; its typings describe an ES default.
const nodeEndpoint = nodeAdapter as unknown as typeof nodeAdapter.default;

/** A `WbemError` as it crosses the channel. */
interface WbemErrorData {
  readonly hresult: number;
  readonly message: string;
}

/** Registers the `'wbem-error'` transfer handler (once per thread; comlink keeps a global table). */
export function registerWbemErrorTransfer(): void {
  if (comlink.transferHandlers.has('wbem-error')) return;
  comlink.transferHandlers.set('wbem-error', {
    canHandle: (value: unknown): value is WbemError => value instanceof WbemError,
    serialize: (error: WbemError): [WbemErrorData, []] => [
      { hresult: error.hresult, message: error.detail ?? error.message },
      [],
    ],
    deserialize: (data: WbemErrorData) => new WbemError(data.hresult, { message: data.message }),
  } as comlink.TransferHandler<unknown, unknown>);
}

/** The host side: serves `control` on its end of the channel. */
export function exposeHostControl(port: MessagePort, control: HostControl): void {
  registerWbemErrorTransfer();
  comlink.expose(control, nodeEndpoint(port));
}

/**
 * The main-thread side: a proxy of the host's control plane. The port does not keep the process
 * alive (the connection refs its worker while a call needs it).
 */
export function connectHostControl(port: MessagePort): comlink.Remote<HostControl> {
  registerWbemErrorTransfer();
  const remote = comlink.wrap<HostControl>(nodeEndpoint(port));
  port.unref();
  return remote;
}
