/**
 * @module A repository module that cannot be opened: every host using it fails to start with
 * `WBEM_E_INITIALIZATION_FAILURE`.
 */
import type { Repository } from '../../../src/store/repository.js';
import { WBEM_E_INITIALIZATION_FAILURE } from '../../../src/wbem/status.js';
import { WbemError } from '../../../src/wbem/wbem-error.js';

export function createRepository(): Repository {
  throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, { message: 'the store is broken' });
}
