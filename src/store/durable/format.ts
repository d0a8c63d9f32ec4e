/**
 * @module The on-disk format identity of a data directory, checked on every open so that a
 * directory written by another format version, or a file that is not a wbemrx store, is refused
 * with a clear error and never silently read, dropped or overwritten.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { WBEM_E_DATABASE_VER_MISMATCH, WBEM_E_INITIALIZATION_FAILURE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

export const FORMAT_NAME = 'wbemrx-store';
/** Bump on any change to the key layout or record encoding; no migration exists yet. */
export const FORMAT_VERSION = 1;

export interface FormatRecord {
  readonly format: string;
  readonly version: number;
}

export const CURRENT_FORMAT: FormatRecord = { format: FORMAT_NAME, version: FORMAT_VERSION };

/**
 * Checks a decoded format record.
 *
 * @throws {WbemError} WBEM_E_INITIALIZATION_FAILURE when the record is not a wbemrx format record;
 * WBEM_E_DATABASE_VER_MISMATCH when it names another version.
 */
export function checkFormat(record: unknown, file: string): void {
  const format: { readonly format?: unknown; readonly version?: unknown } =
    typeof record === 'object' && record !== null ? record : {};
  if (format.format !== FORMAT_NAME || typeof format.version !== 'number') {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} is not a ${FORMAT_NAME} database (format record is missing or damaged)`,
    });
  }
  if (format.version !== FORMAT_VERSION) {
    throw new WbemError(WBEM_E_DATABASE_VER_MISMATCH, {
      message: `${file} has ${FORMAT_NAME} format version ${format.version}; this engine reads version ${FORMAT_VERSION} only`,
    });
  }
}

/** LMDB meta page: `MDB_meta.mm_magic` and `mm_version` follow the page header (24 bytes in the LMDB lmdb-js builds). */
const LMDB_MAGIC = 0xbeefc0de;
const LMDB_DATA_VERSION = 2;
const LMDB_HEADER_BYTES = 32;

/**
 * Checks that an existing database file starts with an LMDB meta page, before LMDB maps it:
 * LMDB trusts its file, and mapping a foreign file can crash the process instead of failing.
 * An absent or empty file is a new database.
 *
 * @throws {WbemError} WBEM_E_INITIALIZATION_FAILURE naming the file when it is not a regular
 * file, cannot be read, or is not an LMDB database of the supported data version.
 */
export function checkDatabaseHeader(file: string): void {
  let size: number;
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (!stat.isFile()) {
      throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, { message: `${file} is not a file` });
    }
    size = stat.size;
  } catch (error) {
    if (error instanceof WbemError) throw error;
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} cannot be read`,
      cause: error,
    });
  }
  if (size === 0) return;
  const header = Buffer.alloc(LMDB_HEADER_BYTES);
  let read = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      read = readSync(fd, header, 0, LMDB_HEADER_BYTES, 0);
    } finally {
      closeSync(fd);
    }
  } catch (cause) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} cannot be read`,
      cause,
    });
  }
  if (read < LMDB_HEADER_BYTES || header.readUInt32LE(24) !== LMDB_MAGIC) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} is damaged or not a database file (no LMDB meta page)`,
    });
  }
  const version = header.readUInt32LE(28);
  if (version !== LMDB_DATA_VERSION) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} has LMDB data version ${version}; version ${LMDB_DATA_VERSION} is supported`,
    });
  }
}
