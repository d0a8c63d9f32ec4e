/**
 * @module Errors about a WQL text: the HRESULT, the 1-based column, and the query quoted with a
 * caret under that column.
 */
import { WBEM_E_INVALID_QUERY } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

/** Characters of the query shown around the caret; longer queries are cut to this window. */
const WINDOW = 72;

/**
 * A `WbemError` pointing at `offset` (0-based) in `query`:
 *
 * ```
 * WBEM_E_INVALID_QUERY: expected FROM at column 10
 *   SELECT * FORM Win32_Process
 *            ^
 * ```
 */
export function wqlError(
  query: string,
  offset: number,
  message: string,
  hresult: number = WBEM_E_INVALID_QUERY,
): WbemError {
  const at = Math.max(0, Math.min(offset, query.length));
  // A query no longer than the window starts at 0 and ends before `end`: no cut on either side.
  const start = Math.max(0, Math.min(at - WINDOW / 2, query.length - WINDOW));
  const end = start + WINDOW;
  // Control characters would break the caret line up; each becomes one space, keeping columns.
  const shown = Array.from(query.slice(start, end), (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? ' ' : c;
  }).join('');
  const lead = start > 0 ? '...' : '';
  const tail = end < query.length ? '...' : '';
  const caret = ' '.repeat(lead.length + at - start);
  return new WbemError(hresult, {
    message: `${message} at column ${at + 1}\n  ${lead}${shown}${tail}\n  ${caret}^`,
  });
}
