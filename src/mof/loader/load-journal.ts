/**
 * @module The undo journal of an `atomic` load: what the load may change, recorded durably before
 * its first write and removed when it commits, so that a load interrupted by anything (an error,
 * Ctrl-C, SIGKILL, a power cut) is rolled back, at the latest when the repository is next opened.
 * The engine supplies the journal for a durable repository (`MofLoadEngine.loadJournal`); the
 * design is in docs/atomic-load.md.
 */
import { deserialize, serialize } from 'node:v8';
import { WBEM_E_CRITICAL_ERROR } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import type { Snapshot } from './namespace-snapshot.js';

/** One journal record: a load that began and has not committed (or not finished rolling back). */
export interface LoadJournalEntry {
  readonly id: string;
  readonly data: Uint8Array;
}

/**
 * Durable storage for load journals. Every method resolves only once its change is on disk; the
 * repository's owner (one engine, under the data-directory lock) is the only writer.
 */
export interface LoadJournal {
  /** Records `data` as a new entry and resolves with its id. */
  record(data: Uint8Array): Promise<string>;
  /** Removes an entry: the load it belongs to committed, or was rolled back. */
  remove(id: string): Promise<void>;
  /** The entries present, oldest first. */
  pending(): Promise<LoadJournalEntry[]>;
}

const VERSION = 1;

/** Encodes a snapshot (class and instance data are structured-clone-safe, Maps included). */
export function encodeSnapshot(snapshot: Snapshot): Uint8Array {
  return serialize({ version: VERSION, snapshot });
}

/**
 * Decodes an entry written by `encodeSnapshot`.
 * @throws {WbemError} WBEM_E_CRITICAL_ERROR when the entry is damaged or of another version.
 */
export function decodeSnapshot(entry: LoadJournalEntry): Snapshot {
  let decoded: unknown;
  try {
    decoded = deserialize(entry.data);
  } catch (cause) {
    throw new WbemError(WBEM_E_CRITICAL_ERROR, {
      message: `load journal entry ${entry.id} is damaged and cannot be rolled back`,
      cause,
    });
  }
  const record = decoded as { version?: unknown; snapshot?: { namespaces?: unknown } } | null;
  if (record?.version !== VERSION || !Array.isArray(record.snapshot?.namespaces)) {
    throw new WbemError(WBEM_E_CRITICAL_ERROR, {
      message: `load journal entry ${entry.id} is not a version ${VERSION} load journal`,
    });
  }
  return record.snapshot as Snapshot;
}
