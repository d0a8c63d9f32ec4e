/**
 * @module The on-disk format identity of a data directory, checked on every open so that a
 * directory written by another format version, or a file that is not a wbemrx store, is refused
 * with a clear error and never silently read, dropped or overwritten.
 */
import type { RootDatabase } from 'lmdb';
import {
  WBEM_E_DATABASE_VER_MISMATCH,
  WBEM_E_INITIALIZATION_FAILURE,
  WBEM_E_OUT_OF_DISK_SPACE,
} from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { isOutOfSpace } from './commit-failure.js';
import { FORMAT_KEY } from './keys.js';
import type { RecordCodec } from './record-codec.js';

export const FORMAT_NAME = 'wbemrx-store';
/**
 * Bump on any change to the key layout or record encoding.
 * 1: bare MessagePack values. 2: every value sealed with a CRC-32 (`record-codec.ts`).
 * 3: derived index records (subclass index, class count: `keys.ts`), which an engine reading
 * version 2 would take for damage.
 */
export const FORMAT_VERSION = 3;
/**
 * Older versions this engine opens and upgrades: a version-2 store differs only by lacking the
 * index records, which each namespace builds on its first open (`LazyNamespace.buildIndexes`).
 */
export const UPGRADABLE_VERSIONS: readonly number[] = [2];

export interface FormatRecord {
  readonly format: string;
  readonly version: number;
}

export const CURRENT_FORMAT: FormatRecord = { format: FORMAT_NAME, version: FORMAT_VERSION };

/**
 * Checks a decoded format record; returns its version (this one, or one it upgrades).
 * @throws {WbemError} WBEM_E_INITIALIZATION_FAILURE when the record is not a wbemrx format record;
 * WBEM_E_DATABASE_VER_MISMATCH when it names a version this engine does not read.
 */
export function checkFormat(record: unknown, file: string): number {
  const format: { readonly format?: unknown; readonly version?: unknown } =
    typeof record === 'object' && record !== null ? record : {};
  if (format.format !== FORMAT_NAME || typeof format.version !== 'number') {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} is not a ${FORMAT_NAME} database (format record is missing or damaged)`,
    });
  }
  if (format.version !== FORMAT_VERSION && !UPGRADABLE_VERSIONS.includes(format.version)) {
    throw new WbemError(WBEM_E_DATABASE_VER_MISMATCH, {
      message: `${file} has ${FORMAT_NAME} format version ${format.version}; this engine reads versions ${[...UPGRADABLE_VERSIONS, FORMAT_VERSION].join(', ')} only`,
    });
  }
  return format.version;
}

/** The format record, sealed (this version) or bare (version 1, refused by `checkFormat`). */
export function decodeFormatRecord(codec: RecordCodec, raw: Uint8Array): unknown {
  try {
    return codec.decode(raw, FORMAT_KEY);
  } catch {}
  try {
    return codec.decodeUnsealed(raw);
  } catch {}
  return undefined;
}

/**
 * Writes the format record into an empty database (`noOverwrite` makes the first write atomic
 * against other threads opening the same fresh directory at once), or with `upgrade` over the
 * record of an older version this engine upgrades (threads racing to do so write the same).
 * @throws {WbemError} WBEM_E_OUT_OF_DISK_SPACE naming `dir` when there is no room;
 * WBEM_E_INITIALIZATION_FAILURE when the write fails otherwise.
 */
export function writeFormatRecord(
  db: RootDatabase<Buffer, Buffer>,
  codec: RecordCodec,
  file: string,
  dir: string,
  upgrade = false,
): void {
  try {
    db.putSync(FORMAT_KEY, codec.encode(CURRENT_FORMAT, FORMAT_KEY), { noOverwrite: !upgrade });
  } catch (cause) {
    const full = isOutOfSpace(cause, dir);
    throw new WbemError(full ? WBEM_E_OUT_OF_DISK_SPACE : WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} cannot be ${upgrade ? 'upgraded' : 'created'}${full ? `: out of disk space in ${dir}` : ''} (${(cause as Error).message})`,
      cause,
    });
  }
}
