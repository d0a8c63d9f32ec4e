/**
 * @module Opening the LMDB database of a data directory, with every check that keeps a damaged
 * file from crashing the process (see docs/store-integrity.md):
 *
 * 1. the database and LMDB's lock file are regular files (or absent, and can be created);
 * 2. both meta pages are sane (`lmdb-meta.ts`), read without mapping the file;
 * 3. the file is known good, or a child process reads it whole first (`verify-store.ts`).
 *
 * Only then is the file mapped. None of the checks writes to the database file.
 */
import { accessSync, constants, lstatSync, readlinkSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RootDatabase } from 'lmdb';
import { WBEM_E_CRITICAL_ERROR, WBEM_E_INITIALIZATION_FAILURE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { readStoreHeader } from './lmdb-meta.js';
import { lmdb } from './lmdb-module.js';
import { currentStamp, readStamp, writeStamp } from './store-stamp.js';
import { ensureKnownGood } from './verify-store.js';

/**
 * LMDB page size of a new database (an existing one keeps its own). Class records are ~1.6 KB;
 * with 4 KB pages LMDB fits only two per leaf page and the file grows to ~4 KB per class, while
 * 16 KB pages halve the file (measured in bench/store.bench.ts) and keep records up to ~8 KB
 * out of overflow pages.
 */
export const PAGE_SIZE = 16384;

export interface OpenDatabaseOptions {
  readonly overlappingSync: boolean;
  readonly verifyTimeoutMs: number;
}

/**
 * LMDB's lock file must be a regular file: opening a FIFO there would block forever. When it is
 * absent, LMDB creates it (through a symbolic link left there, too), and lmdb-js crashes the
 * process (SIGSEGV) when it cannot: where it would be created must be a writable directory. The
 * check does not open the lock file: closing any descriptor of it would drop the POSIX locks that
 * this process's other LMDB environments on the same file hold.
 */
function checkLockFile(file: string): void {
  const lockFile = `${file}-lock`;
  const stat = statSync(lockFile, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isFile()) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${lockFile} (LMDB's lock file) is not a regular file`,
    });
  }
  if (stat !== undefined) return;
  try {
    const link = lstatSync(lockFile, { throwIfNoEntry: false });
    const created = link?.isSymbolicLink()
      ? resolve(dirname(lockFile), readlinkSync(lockFile))
      : lockFile;
    accessSync(dirname(created), constants.W_OK | constants.X_OK);
  } catch (cause) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${lockFile} (LMDB's lock file) cannot be created: ${(cause as Error).message}`,
      cause,
    });
  }
}

/**
 * Checks and opens the database file (created when absent).
 * @throws {WbemError} WBEM_E_INITIALIZATION_FAILURE when the file is not a database or cannot be
 * opened; WBEM_E_CRITICAL_ERROR naming the file and the fault when it is damaged.
 */
export function openDatabase(
  file: string,
  options: OpenDatabaseOptions,
): RootDatabase<Buffer, Buffer> {
  checkLockFile(file);
  const header = readStoreHeader(file);
  if (header === undefined) {
    const stamp = readStamp(file);
    const size = statSync(file, { throwIfNoEntry: false })?.size;
    if (size === 0 && stamp !== undefined && stamp.size !== '0') {
      // An empty file where a store was: LMDB would silently start a new one in it.
      throw new WbemError(WBEM_E_CRITICAL_ERROR, {
        message: `${file} is damaged: it is empty, but held ${stamp.size} bytes when last closed`,
      });
    }
  } else {
    ensureKnownGood(file, header, options.verifyTimeoutMs);
  }
  try {
    return lmdb.open<Buffer, Buffer>({
      path: file,
      noSubdir: true,
      encoding: 'binary',
      keyEncoding: 'binary',
      pageSize: PAGE_SIZE,
      overlappingSync: options.overlappingSync,
    });
  } catch (cause) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} cannot be opened as a database: ${(cause as Error).message}`,
      cause,
    });
  }
}

/** Stamps a cleanly closed database file as known good (best effort). */
export function stampClosedDatabase(file: string): void {
  try {
    const header = readStoreHeader(file);
    const stamp = header === undefined ? undefined : currentStamp(file, header);
    if (stamp !== undefined) writeStamp(file, stamp);
  } catch {
    // A file that fails its checks now is not stamped: the next open verifies it.
  }
}
