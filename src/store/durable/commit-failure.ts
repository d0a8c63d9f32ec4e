/**
 * @module What a failed LMDB commit means, as an HRESULT.
 *
 * lmdb-js rejects every write of a failed transaction with a generic "Commit failed" error whose
 * `commitError` is a promise of the real one. That promise must always be handled: lmdb-js
 * creates it whether or not anyone looks, and an unhandled rejection kills the thread it lands on.
 *
 * A full disk shows up in several shapes: ENOSPC or EDQUOT from a write or sync, `MDB_MAP_FULL`
 * when the map cannot grow, lmdb-js's failed resize, and EIO when the kernel accepts only part of
 * a page write (LMDB reports a short write as EIO). An EIO is read as a full disk only when the
 * file system indeed has almost no room left.
 */
import { statfsSync } from 'node:fs';
import { WBEM_E_FAILED, WBEM_E_OUT_OF_DISK_SPACE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

/** Below this much free space, an I/O error of a write is taken for a full disk. */
const LOW_SPACE_BYTES = 1 << 20;
/** How long to wait for lmdb-js to settle the real error of a failed commit. */
const CAUSE_WAIT_MS = 200;

const OUT_OF_SPACE_CODES: ReadonlySet<unknown> = new Set([
  'ENOSPC',
  'EDQUOT',
  28, // ENOSPC
  122, // EDQUOT
  -30792, // MDB_MAP_FULL
]);
const OUT_OF_SPACE_TEXT = /MDB_MAP_FULL|ENOSPC|EDQUOT|no space left|quota exceeded|resiz/i;

function commitErrorOf(error: unknown): PromiseLike<unknown> | undefined {
  const inner = (error as { commitError?: unknown } | null)?.commitError;
  return typeof (inner as PromiseLike<unknown> | undefined)?.then === 'function'
    ? (inner as PromiseLike<unknown>)
    : undefined;
}

/**
 * Handles lmdb-js's `commitError` promise of a failed write, so it never becomes an unhandled
 * rejection; resolves to the real error (or undefined when lmdb-js gives none in time).
 */
export function settleCommitError(error: unknown): Promise<unknown> {
  const inner = commitErrorOf(error);
  if (inner === undefined) return Promise.resolve(undefined);
  const settled = Promise.resolve(inner).then(
    () => undefined,
    (cause: unknown) => cause,
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, CAUSE_WAIT_MS, undefined);
    timer.unref();
  });
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}

function lowOnSpace(dir: string): boolean {
  try {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize < LOW_SPACE_BYTES;
  } catch {
    return false;
  }
}

/** Whether a write error means the disk (or LMDB's map) is full. */
export function isOutOfSpace(error: unknown, dir: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (OUT_OF_SPACE_CODES.has(code)) return true;
  if (typeof message === 'string' && OUT_OF_SPACE_TEXT.test(message)) return true;
  // The text covers an error without its code: lmdb-js's "I/O error" and the C library's
  // "Input/output error" (strerror of EIO).
  const io =
    code === 'EIO' ||
    code === 5 ||
    (typeof message === 'string' && /I\/O error|Input\/output error/i.test(message));
  return io && lowOnSpace(dir);
}

/**
 * The error to report for a failed commit of `what` in data directory `dir`.
 * @returns WBEM_E_OUT_OF_DISK_SPACE naming the directory when space ran out, else WBEM_E_FAILED;
 * either carries the underlying error as `cause`.
 */
export async function commitFailure(error: unknown, dir: string, what: string): Promise<WbemError> {
  const cause = (await settleCommitError(error)) ?? error;
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (isOutOfSpace(cause, dir) || isOutOfSpace(error, dir)) {
    return new WbemError(WBEM_E_OUT_OF_DISK_SPACE, {
      message: `${what} failed: out of disk space in ${dir} (${detail})`,
      cause,
    });
  }
  return new WbemError(WBEM_E_FAILED, { message: `${what} failed: ${detail}`, cause });
}
