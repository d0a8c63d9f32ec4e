/**
 * @module Creating a durable data directory: the repository and its lock both need it to exist,
 * and either may be first, so both report a failure the same way.
 *
 * Node's `mkdirSync(path, { recursive: true })` is not used: under a parent that exists but
 * refuses new entries with ENOENT (`/proc`, `/sys`), it retries creating the parent forever at
 * 100% CPU. Creating one component at a time, from the deepest existing ancestor down, fails
 * at the first refusal instead.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WBEM_E_INITIALIZATION_FAILURE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

function fail(path: string, reason: string, cause?: unknown): WbemError {
  return new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
    message: `cannot create data directory ${path}: ${reason}`,
    cause,
  });
}

function isDirectory(path: string): boolean | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat === undefined ? undefined : stat.isDirectory();
}

/**
 * Creates `path` (and its parents) unless it exists.
 * @throws {WbemError} WBEM_E_INITIALIZATION_FAILURE naming the path when it cannot be created
 * (a component is a file, the file system refuses, or permissions forbid it).
 */
export function ensureDataDir(path: string): void {
  if (typeof path !== 'string' || path.length === 0 || path.includes('\u0000')) {
    throw fail(String(path), 'not a usable path');
  }
  const missing: string[] = [];
  let at = resolve(path);
  try {
    for (;;) {
      const found = isDirectory(at);
      if (found === true) break;
      if (found === false) throw fail(path, `${at} exists and is not a directory`);
      const parent = dirname(at);
      if (parent === at) throw fail(path, 'no existing ancestor');
      missing.push(at);
      at = parent;
    }
    for (const dir of missing.reverse()) {
      try {
        mkdirSync(dir);
      } catch (error) {
        // Another thread or process may create the same directory at the same moment.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || isDirectory(dir) !== true) {
          throw fail(path, (error as Error).message, error);
        }
      }
    }
  } catch (error) {
    if (error instanceof WbemError) throw error;
    throw fail(path, (error as Error).message, error);
  }
}
