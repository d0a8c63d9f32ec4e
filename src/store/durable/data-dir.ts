/**
 * @module Creating a durable data directory: the repository and its lock both need it to exist,
 * and either may be first, so both report a failure the same way.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WBEM_E_INITIALIZATION_FAILURE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

function isDirectory(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch {
    return undefined;
  }
}

/**
 * Creates `path` (and its parents) unless it exists, one segment at a time from the deepest
 * existing ancestor. Not `mkdirSync(path, { recursive: true })`: under a file system that answers
 * ENOENT for a directory whose parent exists (`/proc/nope`), Node's recursive mkdir retries
 * forever at full CPU.
 * @throws {WbemError} WBEM_E_INITIALIZATION_FAILURE when it cannot be created.
 */
export function ensureDataDir(path: string): void {
  const target = resolve(path);
  const missing: string[] = [];
  let at = target;
  while (isDirectory(at) !== true) {
    if (isDirectory(at) === false) {
      throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
        message: `cannot create data directory ${path}: ${at} is not a directory`,
      });
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (cause) {
      // Another engine or thread may create the same directory at the same moment.
      if ((cause as NodeJS.ErrnoException).code === 'EEXIST' && isDirectory(dir) === true) continue;
      throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
        message: `cannot create data directory ${path}: ${(cause as Error).message}`,
        cause,
      });
    }
  }
}
