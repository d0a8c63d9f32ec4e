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
    message: string,
  ) {
    super(hresult, { message });
    this.httpStatus = httpStatus;
    this.cimError = cimError;
  }
}
