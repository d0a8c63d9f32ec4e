/**
 * @module What an engine holds on its storage for its lifetime: for a durable repository, the
 * data directory's lock (a second engine on the same directory is refused), for memory nothing.
 * The engine asks the store layer here and never reaches into the durable store's parts.
 */
import { FileLoadJournal } from './durable/load-journal-files.js';
import { acquireDataDirLock } from './durable/lock.js';

/** The engine's hold on its storage; released once, at shutdown. */
export interface StorageClaim {
  release(): void;
  /** The durable repository's journal of `atomic` MOF loads; none for memory storage. */
  readonly loadJournal?: FileLoadJournal;
}

const NOTHING_HELD: StorageClaim = { release() {} };

/**
 * Claims the storage an engine is about to open: `dataDir` is the durable repository's directory,
 * or `null` for memory storage.
 * @throws {WbemError} as `acquireDataDirLock` (another live engine holds the directory, ...).
 */
export function claimStorage(dataDir: string | null): StorageClaim {
  if (dataDir === null) return NOTHING_HELD;
  const lock = acquireDataDirLock(dataDir);
  return { release: () => lock.release(), loadJournal: new FileLoadJournal(dataDir) };
}
