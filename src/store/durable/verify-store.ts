/**
 * @module Verifying a database file before the engine maps it.
 *
 * Damage inside a B-tree page cannot be found by reading records in-process without risking the
 * crash it causes (a SIGSEGV or SIGBUS in a worker thread kills the whole process). So a file
 * that is not known good (no stamp, or a stamp it no longer matches: `store-stamp.ts`) is read
 * whole by a child process (`verify-store-main.ts`, read-only), and opened here only if that
 * child read every record and exited cleanly. The child is spawned synchronously: it blocks the
 * opening thread (a host worker, not the engine's main thread) for the length of the walk.
 *
 * ```
 *  open ──► meta pages (lmdb-meta.ts) ──► stamp matches? ──yes──► map the file
 *                                              │ no
 *                                              ▼
 *                       node verify-store-main.js <file>  (read-only, every record)
 *                         exit 0 ──► write the stamp ──► map the file
 *                         exit 1 / signal / timeout ──► WBEM_E_CRITICAL_ERROR, file untouched
 * ```
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WBEM_E_CRITICAL_ERROR, WBEM_E_INITIALIZATION_FAILURE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { readStoreHeader, type StoreFileHeader } from './lmdb-meta.js';
import { currentStamp, readStamp, type StoreStamp, sameStamp, writeStamp } from './store-stamp.js';

/** Default bound on one verification; a walk of a DMTF-schema store takes well under a second. */
export const VERIFY_TIMEOUT_MS = 120_000;

const VERIFIER = fileURLToPath(new URL('./verify-store-main.js', import.meta.url));

interface VerifierReport {
  readonly ok?: unknown;
  readonly message?: unknown;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/** The report on the last line; a primitive or null there has no `ok` and reads as none. */
function parseReport(stdout: string): VerifierReport | null | undefined {
  try {
    return JSON.parse(lastLine(stdout)) as VerifierReport | null;
  } catch {}
  return undefined;
}

/** What the meta pages already say about a file that reading crashed on. */
function hint(header: StoreFileHeader): string {
  return header.size < header.usedBytes
    ? ` (the file is ${header.size} bytes but its meta pages use ${header.usedBytes}: truncated?)`
    : '';
}

/**
 * Reads the whole file in a child process.
 * @throws {WbemError} WBEM_E_CRITICAL_ERROR naming the file and the damage when the walk failed,
 * crashed or did not finish in time; WBEM_E_INITIALIZATION_FAILURE when no verifier could run.
 */
export function verifyStoreFile(file: string, header: StoreFileHeader, timeoutMs: number): void {
  const result = spawnSync(process.execPath, [VERIFIER, file], {
    env: { ...process.env, WBEMRX_VERIFY_STORE: '1' },
    // Stryker disable next-line ArrayDeclaration: spawnSync pipes every stream by default, and the child reads no input
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 20,
  });
  const damaged = (what: string): WbemError =>
    new WbemError(WBEM_E_CRITICAL_ERROR, { message: `${file} is damaged: ${what}` });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ETIMEDOUT') {
    throw damaged(`verifying it did not finish within ${timeoutMs} ms${hint(header)}`);
  }
  if (result.error !== undefined) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} cannot be verified: ${result.error.message}`,
      cause: result.error,
    });
  }
  if (result.signal !== null) {
    throw damaged(`reading it crashed the verifier (${result.signal})${hint(header)}`);
  }
  const report = parseReport(result.stdout);
  if (result.status === 0 && report?.ok === true) return;
  if (report?.ok === false && typeof report.message === 'string') {
    throw damaged(`${report.message}${hint(header)}`);
  }
  const detail = lastLine(result.stderr) || lastLine(result.stdout) || 'no output';
  throw damaged(`the verifier exited with code ${result.status} (${detail})${hint(header)}`);
}

/**
 * Makes sure `file` is known good before it is mapped: at once when its stamp matches, else by a
 * full verification, after which the file is stamped.
 * @throws {WbemError} as `verifyStoreFile`.
 */
export function ensureKnownGood(file: string, header: StoreFileHeader, timeoutMs: number): void {
  const now = currentStamp(file, header);
  const known = readStamp(file);
  if (now !== undefined && known !== undefined && sameStamp(now, known)) return;
  try {
    verifyStoreFile(file, header, timeoutMs);
  } catch (error) {
    // A file written while the walk read it can look damaged without being so (a free page past
    // the end of a file that was growing). Only the engine that holds the data directory's lock
    // writes it, so a file that changed during the walk is open in another of this engine's
    // threads, whose own open checked it: this open maps it as that one did.
    if (now !== undefined && changedSince(file, now)) return;
    throw error;
  }
  // The stamp taken before the walk: if anything wrote the file meanwhile, it no longer matches.
  if (now !== undefined) writeStamp(file, now);
}

/** Whether the file is no longer what `before` recorded (false when that cannot be told). */
function changedSince(file: string, before: StoreStamp): boolean {
  try {
    const header = readStoreHeader(file);
    const after = header === undefined ? undefined : currentStamp(file, header);
    return after !== undefined && !sameStamp(after, before);
  } catch {}
  return false;
}
