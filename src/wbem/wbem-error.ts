/**
 * @module The one error type domain code throws.
 *
 * @example
 * throw new WbemError(WBEM_E_ALREADY_EXISTS, { message: 'class Foo already exists' });
 */
import { hresultName, WBEM_E_FAILED } from './status.js';

export interface WbemErrorOptions {
  readonly message?: string;
  readonly cause?: unknown;
}

/** Marks an error made by any copy of this module (see `WbemError[Symbol.hasInstance]`). */
const WBEM_ERROR: unique symbol = Symbol.for('wbemrx.WbemError');

/**
 * A failed WMI operation, carrying its HRESULT. Anything else thrown from domain code is a bug,
 * and the boundary reports it as `WBEM_E_FAILED` with the original as `cause` (see `toWbemError`).
 */
export class WbemError extends Error {
  /**
   * `instanceof WbemError` holds for an error made by any copy of this module: a host thread runs
   * a bundle with its own copy (`workers/bundle.mjs`), while a repository module it loads imports
   * the package's. Subclasses keep the ordinary prototype test.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` names.
    if (this !== WbemError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && WBEM_ERROR in value;
  }

  readonly [WBEM_ERROR] = true;
  override readonly name = 'WbemError';
  readonly hresult: number;
  /** The message without the HRESULT name in front: what crosses threads and is rebuilt. */
  readonly detail: string | undefined;

  constructor(hresult: number, options: WbemErrorOptions = {}) {
    const name = hresultName(hresult);
    super(options.message === undefined ? name : `${name}: ${options.message}`, {
      cause: options.cause,
    });
    this.hresult = hresult >>> 0;
    this.detail = options.message;
  }
}

/** Normalise anything thrown into a `WbemError`; unknown failures become `WBEM_E_FAILED`. */
export function toWbemError(thrown: unknown): WbemError {
  if (thrown instanceof WbemError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new WbemError(WBEM_E_FAILED, { message: `internal error: ${message}`, cause: thrown });
}
