/**
 * @module The comlink transfer handler `'wbem-error'`: a `WbemError` crosses the provider IPC as
 * `{ hresult, message }` and is rebuilt on the other side, so its `.hresult` survives (comlink's
 * own error handling keeps only message, name and stack). Both ends register it.
 */
import type { TransferHandler } from 'comlink';
import { WBEM_E_PROVIDER_FAILURE } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

interface WireWbemError {
  readonly hresult: number;
  readonly message: string;
}

export const wbemErrorHandler: TransferHandler<WbemError, WireWbemError> = {
  canHandle: (value: unknown): value is WbemError => value instanceof WbemError,
  serialize: (error) => [{ hresult: error.hresult, message: error.detail ?? '' }, []],
  deserialize: (wire) => {
    // The peer is untrusted: anything but a failure HRESULT and a string is a provider failure.
    const data = (typeof wire === 'object' && wire !== null ? wire : {}) as Partial<WireWbemError>;
    const hresult =
      typeof data.hresult === 'number' &&
      Number.isInteger(data.hresult) &&
      data.hresult >>> 0 >= 0x80000000
        ? data.hresult >>> 0
        : WBEM_E_PROVIDER_FAILURE;
    const message = typeof data.message === 'string' ? data.message : 'provider failure';
    return new WbemError(hresult, { message });
  },
};

/**
 * Adds the handler to comlink's `transferHandlers` (passed in: the provider process imports
 * comlink by URL, see `provider-child.ts`). Idempotent; call before `wrap` or `expose`.
 */
export function registerWbemErrorHandler(
  handlers: Map<string, TransferHandler<unknown, unknown>>,
): void {
  handlers.set('wbem-error', wbemErrorHandler as TransferHandler<unknown, unknown>);
}
