/**
 * @module The data-directory lock: at most one engine writes a data directory at a time.
 *
 * LMDB itself lets several processes write one environment, which is exactly what two engines
 * must not do (each keeps in-memory mirrors that the other would silently invalidate). The engine
 * takes this lock once on its main thread; its worker threads open the repository without it.
 *
 * The lock is a file holding the owner's pid, put in place with `link(2)` (atomic, fails when the
 * file exists). A lock whose pid is no longer alive is stale (its engine crashed) and is taken
 * over. Hazard: two engines that find the same stale lock at the same instant can both remove it
 * and one may remove the other's fresh lock; the window is a few system calls wide, and a
 * supervisor that restarts one engine at a time never opens it.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WBEM_E_ACCESS_DENIED, WBEM_E_INITIALIZATION_FAILURE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { ensureDataDir } from './data-dir.js';

export const LOCK_FILE = 'engine.lock';

/** A held data-directory lock. */
export interface DataDirLock {
  /** The lock file. */
  readonly file: string;
  /** Removes the lock file; idempotent. */
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the exclusive engine lock of a data directory (creating the directory when absent).
 *
 * @throws {WbemError} WBEM_E_ACCESS_DENIED when a live engine (this process included) holds the
 * lock, naming the directory and the owner's pid; WBEM_E_INITIALIZATION_FAILURE when the lock file
 * cannot be created.
 */
export function acquireDataDirLock(path: string): DataDirLock {
  const file = join(path, LOCK_FILE);
  ensureDataDir(path);
  // The pid is written to a private file first and linked into place, so the lock file never
  // exists without its owner's pid (an empty lock file would look stale and be stolen).
  const draft = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(draft, `${process.pid}\n`);
  } catch (cause) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `cannot write lock file in ${path}`,
      cause,
    });
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(draft, file);
        return lockHandle(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
            message: `cannot create lock file ${file}`,
            cause: error,
          });
        }
      }
      const owner = readOwner(file);
      if (owner !== undefined && isAlive(owner)) {
        throw new WbemError(WBEM_E_ACCESS_DENIED, {
          message: `data directory ${path} is in use by another engine (pid ${owner}${owner === process.pid ? ', this process' : ''}; lock file ${file})`,
        });
      }
      // Stale: its engine died. A racing engine may take it over first; the next attempt then
      // sees that engine's live pid.
      try {
        unlinkSync(file);
      } catch {}
    }
  } finally {
    try {
      unlinkSync(draft);
    } catch {}
  }
  throw new WbemError(WBEM_E_ACCESS_DENIED, {
    message: `data directory ${path} is contended: could not take lock file ${file}`,
  });
}

function lockHandle(file: string): DataDirLock {
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      // Only remove a lock that is still ours: a lock taken over after a stale check is not.
      if (readOwner(file) === process.pid) {
        try {
          unlinkSync(file);
        } catch {}
      }
    },
  };
}
