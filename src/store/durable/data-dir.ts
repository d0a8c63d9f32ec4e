/**
 * @module Creating a durable data directory: the repository and its lock both need it to exist,
 * and either may be first, so both report a failure the same way.
 */
import { mkdirSync } from 'node:fs';
import { WBEM_E_INITIALIZATION_FAILURE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

/**
 * Creates `path` (and its parents) unless it exists.
 * @throws {WbemError} WBEM_E_INITIALIZATION_FAILURE when it cannot be created.
 */
export function ensureDataDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (cause) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `cannot create data directory ${path}`,
      cause,
    });
  }
}
