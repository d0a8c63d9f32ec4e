/**
 * @module The error every MOF failure is reported as: a `WbemError` that also names the file,
 * line and column of the offending text, so a schema author can jump to it.
 */
import { hresultName } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { WBEMMOF_STATUS_NAMES } from './mof-status.js';

/** A place in a MOF file; `line` and `column` count from 1 (0 when the whole file is meant). */
export interface MofPosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** `MofError` as plain data, the form in which it crosses threads. */
export interface MofErrorData extends MofPosition {
  readonly hresult: number;
  /** The message without position or HRESULT name. */
  readonly reason: string;
}

/** The symbolic name of an HRESULT, `WBEMMOF_E_*` codes included. */
export function mofStatusName(hresult: number): string {
  return WBEMMOF_STATUS_NAMES.get(hresult >>> 0) ?? hresultName(hresult);
}

/**
 * A positioned MOF failure. `hresult` is a `WBEMMOF_E_*` code for syntax and declaration errors,
 * or the engine's own `WBEM_E_*` code when `applyMof` reports a rejected put; `detail` (as on
 * every `WbemError`) carries `file:line:column: reason` so the position survives a thread hop.
 */
export class MofError extends WbemError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(hresult: number, position: MofPosition, reason: string, cause?: unknown) {
    const where = `${position.file}:${position.line}:${position.column}`;
    super(
      hresult,
      cause === undefined
        ? { message: `${where}: ${reason}` }
        : { message: `${where}: ${reason}`, cause },
    );
    this.file = position.file;
    this.line = position.line;
    this.column = position.column;
    this.reason = reason;
    // WbemError names the code through hresultName, which does not know WBEMMOF_E_* codes.
    this.message = `${mofStatusName(hresult)}: ${where}: ${reason}`;
  }

  toData(): MofErrorData {
    return {
      hresult: this.hresult,
      file: this.file,
      line: this.line,
      column: this.column,
      reason: this.reason,
    };
  }

  static fromData(data: MofErrorData): MofError {
    return new MofError(data.hresult, data, data.reason);
  }
}
