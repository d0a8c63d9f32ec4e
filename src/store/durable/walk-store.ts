/**
 * @module The full read of a database file that `verify-store.ts` runs in a child process: the
 * free-page tree by plain reads (`free-tree.ts`), then every record of every namespace, through LMDB (so every branch, leaf and overflow page of the main
 * tree is touched) with every value's checksum checked. Damage inside a B-tree page can make LMDB
 * crash instead of failing; that is why this never runs in the engine's own process.
 */

import { FORMAT_NAME, FORMAT_VERSION, UPGRADABLE_VERSIONS } from './format.js';
import { checkFreeTree } from './free-tree.js';
import { FORMAT_KEY, keyComponents } from './keys.js';
import { readStoreHeader } from './lmdb-meta.js';
import { lmdb } from './lmdb-module.js';
import { createRecordCodec, unseal } from './record-codec.js';

/** What a complete walk found. */
export interface StoreWalk {
  readonly records: number;
  /** False when the format record is not this version's: records were read but not checked. */
  readonly checked: boolean;
}

function describeKey(key: Uint8Array): string {
  return keyComponents(key)
    .map((part) => JSON.stringify(part))
    .join('/');
}

/**
 * Reads every record of `file`, read-only.
 * @throws {Error} naming the first damaged record, or LMDB's own error for a damaged page, or
 * when records are missing.
 */
export function walkStore(file: string): StoreWalk {
  const db = lmdb.open<Buffer, Buffer>({
    path: file,
    noSubdir: true,
    readOnly: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
  try {
    const codec = createRecordCodec();
    const raw = db.getBinary(FORMAT_KEY);
    let checked = false;
    if (raw !== undefined) {
      try {
        const format = codec.decode(raw, FORMAT_KEY) as { format?: unknown; version?: unknown };
        checked =
          format.format === FORMAT_NAME &&
          (format.version === FORMAT_VERSION ||
            UPGRADABLE_VERSIONS.includes(format.version as number));
      } catch {
        // Another format version (or a foreign file): the open reports that, after this walk
        // has shown its pages can be read safely.
      }
    }
    // Everything below runs synchronously, inside the read transaction the first read began:
    // one snapshot for records and counts, and a reader slot that keeps a writer in another
    // thread or process from reusing the pages the plain reads of the free-page tree walk.
    const header = readStoreHeader(file);
    if (header !== undefined) checkFreeTree(file, header);
    let records = 0;
    for (const { key, value } of db.getRange()) {
      records++;
      if (!checked) continue;
      try {
        unseal(value, key);
      } catch (error) {
        throw new Error(`record ${describeKey(key)}: ${(error as Error).message}`);
      }
    }
    // A damaged branch or leaf page can hide records without any read failing: the main tree's
    // entry count, kept in the meta page, tells.
    const { entryCount } = db.getStats() as { entryCount?: unknown };
    if (typeof entryCount === 'number' && entryCount !== records) {
      throw new Error(`its main tree counts ${entryCount} records but ${records} can be read`);
    }
    return { records, checked };
  } finally {
    db.close().catch(() => {});
  }
}
