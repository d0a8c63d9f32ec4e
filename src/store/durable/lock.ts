/**
 * @module The data-directory lock: at most one engine writes a data directory at a time.
 *
 * LMDB itself lets several processes write one environment, which is exactly what two engines
 * must not do (each keeps in-memory mirrors that the other would silently invalidate). The engine
 * takes this lock once on its main thread; its worker threads open the repository without it.
 *
 * The lock is a file naming its owner (`lock-owner.ts`: pid, and on Linux the boot id and the
 * process start time), put in place with `link(2)` (atomic, fails when the file exists). A lock
 * whose owner no longer runs is stale (its engine crashed, or the machine or container restarted
 * and the pid now belongs to another process, this one included) and is taken over. Hazard: two engines that find the same stale lock at the same instant can both remove it
 * and one may remove the other's fresh lock; the window is a few system calls wide, and a
 * supervisor that restarts one engine at a time never opens it.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WBEM_E_ACCESS_DENIED, WBEM_E_INITIALIZATION_FAILURE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { ensureDataDir } from './data-dir.js';
import {
  currentOwner,
  formatOwner,
  isOwnerAlive,
  type LockOwner,
  parseOwner,
} from './lock-owner.js';

export const LOCK_FILE = 'engine.lock';

/** A held data-directory lock. */
export interface DataDirLock {
  /** The lock file. */
  readonly file: string;
  /** Removes the lock file; idempotent. */
  release(): void;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return parseOwner(readFileSync(file, 'utf8'));
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
  const self = currentOwner();
  // The owner is written to a private file first and linked into place, so the lock file never
  // exists without its owner (an empty lock file would look stale and be stolen).
  const draft = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(draft, formatOwner(self));
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
        return lockHandle(file, self);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
            message: `cannot create lock file ${file}`,
            cause: error,
          });
        }
      }
      const owner = readOwner(file);
      if (owner !== undefined && isOwnerAlive(owner, self)) {
        throw new WbemError(WBEM_E_ACCESS_DENIED, {
          message: `data directory ${path} is in use by another engine (pid ${owner.pid}${owner.pid === self.pid ? ', this process' : ''}; lock file ${file})`,
        });
      }
      // Stale: its engine died or ran before a restart. A racing engine may take it over first; the next attempt then
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

function lockHandle(file: string, self: LockOwner): DataDirLock {
  let held = true;
  return {
    file,
    release() {
      if (!held) return;
      held = false;
      // Only remove a lock that is still ours: a lock taken over after a stale check is not.
      const owner = readOwner(file);
      if (owner?.pid === self.pid && owner.startTime === self.startTime) {
        try {
          unlinkSync(file);
        } catch {}
      }
    },
  };
}
