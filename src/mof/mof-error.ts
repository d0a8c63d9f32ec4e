/**
 * @module The error every MOF failure is reported as: a `WbemError` that also names the file,
 * line and column of the offending text, so a schema author can jump to it, and, once the
 * compiler has attached it, quotes that source line with a caret under the column.
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

const MAX_EXCERPT = 160;

/**
 * Line `line` of `text` and a caret under `column` (tabs kept so the caret lines up), cut to a
 * window around the column when the line is long; `undefined` past the end of the text.
 */
export function sourceExcerpt(text: string, line: number, column: number): string | undefined {
  if (line < 1) return undefined;
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  let source = text.slice(start, end).replace(/\r$/, '');
  // A window of MAX_EXCERPT characters around the column; a shorter line is the window.
  const column0 = Math.max(0, column - 1);
  const from = Math.max(0, Math.min(column0 - MAX_EXCERPT / 2, source.length - MAX_EXCERPT));
  source = source.slice(from, from + MAX_EXCERPT);
  const at = column0 - from;
  const pad = source.slice(0, at).replace(/[^\t]/g, ' ');
  return `  ${source}\n  ${pad}^`;
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
  /** The source line and a caret under the column (two lines), when the text was at hand. */
  readonly excerpt?: string;

  constructor(
    hresult: number,
    position: MofPosition,
    reason: string,
    cause?: unknown,
    excerpt?: string,
  ) {
    const where = `${position.file}:${position.line}:${position.column}`;
    super(hresult, { message: `${where}: ${reason}`, cause });
    this.file = position.file;
    this.line = position.line;
    this.column = position.column;
    this.reason = reason;
    // WbemError names the code through hresultName, which does not know WBEMMOF_E_* codes.
    this.message = `${mofStatusName(hresult)}: ${where}: ${reason}`;
    if (excerpt !== undefined) {
      this.excerpt = excerpt;
      this.message += `\n${excerpt}`;
    }
  }

  /** This error with the offending line of `text` (the file it names) quoted under it. */
  withSource(text: string): MofError {
    const excerpt = sourceExcerpt(text, this.line, this.column);
    if (excerpt === undefined || this.excerpt !== undefined) return this;
    return new MofError(this.hresult, this, this.reason, this.cause, excerpt);
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
