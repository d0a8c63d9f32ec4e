/**
 * @module The durable store's public surface.
 */
export { DurableClassStore } from './durable-class-store.js';
export {
  DurableRepository,
  type DurableRepositoryOptions,
  STORE_FILE,
} from './durable-repository.js';
export { FORMAT_NAME, FORMAT_VERSION } from './format.js';
export { acquireDataDirLock, type DataDirLock, LOCK_FILE } from './lock.js';
