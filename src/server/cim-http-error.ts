/**
 * @module A request refused at the HTTP level (DSP0200 §7): its HTTP status and the `CIMError`
 * header value, with the HRESULT the engine would give for the same fault so that logs and tests
 * speak one language.
 */
import { WbemError } from '../index.js';

/** DSP0200 `CIMError` header values. */
export type CimErrorHeader =
  | 'unsupported-protocol-version'
  | 'multiple-requests-unsupported'
  | 'unsupported-cim-version'
  | 'unsupported-dtd-version'
  | 'request-not-valid'
  | 'request-not-well-formed'
  | 'request-not-loosely-valid'
  | 'header-mismatch'
  | 'unsupported-operation';

export class CimHttpError extends WbemError {
  readonly httpStatus: number;
  /** The `CIMError` header; `undefined` for plain HTTP failures (413, 408, 405...). */
  readonly cimError: CimErrorHeader | undefined;

  constructor(
    hresult: number,
    httpStatus: number,
    cimError: CimErrorHeader | undefined,
    message: string | undefined,
  ) {
    super(hresult, message === undefined ? {} : { message });
    this.httpStatus = httpStatus;
    this.cimError = cimError;
  }

  /** The headers that say what was refused: `CIMError`, and `Allow` on a 405 (RFC 9110 §15.5.6). */
  refusalHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.cimError !== undefined) headers['CIMError'] = this.cimError;
    if (this.httpStatus === 405) headers['Allow'] = 'POST';
    return headers;
  }
}
