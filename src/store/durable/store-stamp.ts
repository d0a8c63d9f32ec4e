/**
 * @module The known-good stamp of a database file: written after a clean close or a successful
 * verification, it says "this file, exactly as it is now, was left whole". An open whose file
 * still matches the stamp skips the full verification (`verify-store.ts`).
 *
 * A stamp matches only while the file has the same inode, size, modification and status-change
 * times (nanoseconds) and the same two meta pages (txn ids and a hash of both pages). Any write
 * changes the times and, once committed, the meta pages; the status-change time cannot be set
 * back by an ordinary process, so copying damage in with the old times does not match either.
 * A crash or kill writes no stamp, so the next open after one verifies once.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { StoreFileHeader } from './lmdb-meta.js';

/** The stamp file next to the database file. */
export function stampFileOf(file: string): string {
  return `${file}-stamp`;
}

/** What a stamp records (all text, so it round-trips through JSON exactly). */
export interface StoreStamp {
  readonly ino: string;
  readonly size: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
  readonly txnIds: readonly [string, string];
  readonly metaHash: string;
}

/** The stamp the file has now, given its checked header; undefined when it cannot be read. */
export function currentStamp(file: string, header: StoreFileHeader): StoreStamp | undefined {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  if (stat === undefined) return undefined;
  return {
    ino: String(stat.ino),
    size: String(stat.size),
    mtimeNs: String(stat.mtimeNs),
    ctimeNs: String(stat.ctimeNs),
    txnIds: [String(header.metas[0].txnId), String(header.metas[1].txnId)],
    metaHash: header.metaHash,
  };
}

/** The stamp last written for `file`; undefined when there is none or it is unreadable. */
export function readStamp(file: string): StoreStamp | undefined {
  try {
    // Anything but an object fails the checks below: a primitive has none of the fields, and
    // null throws on the first one (caught below).
    const stamp = JSON.parse(readFileSync(stampFileOf(file), 'utf8')) as Partial<
      Record<keyof StoreStamp, unknown>
    >;
    const text = (x: unknown): x is string => typeof x === 'string';
    const ids = stamp.txnIds;
    if (
      !text(stamp.ino) ||
      !text(stamp.size) ||
      !text(stamp.mtimeNs) ||
      !text(stamp.ctimeNs) ||
      !text(stamp.metaHash) ||
      !Array.isArray(ids) ||
      ids.length !== 2 ||
      !text(ids[0]) ||
      !text(ids[1])
    ) {
      return undefined;
    }
    return stamp as StoreStamp;
  } catch {
    return undefined;
  }
}

export function sameStamp(a: StoreStamp, b: StoreStamp): boolean {
  return (
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs &&
    a.txnIds[0] === b.txnIds[0] &&
    a.txnIds[1] === b.txnIds[1] &&
    a.metaHash === b.metaHash
  );
}

/**
 * Records `stamp` as known good. Best effort: a stamp that cannot be written only costs one
 * verification at the next open, so failures are ignored. Written aside and renamed into place,
 * so a reader never sees half a stamp.
 */
export function writeStamp(file: string, stamp: StoreStamp): void {
  const target = stampFileOf(file);
  const draft = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(draft, `${JSON.stringify(stamp)}\n`);
    renameSync(draft, target);
  } catch {
    try {
      rmSync(draft, { force: true });
    } catch {}
  }
}
