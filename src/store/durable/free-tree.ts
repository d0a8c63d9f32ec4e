/**
 * @module A structural check of LMDB's free-page tree, by plain file reads. Reading records never
 * touches this tree, but every write transaction does (to reuse pages), so a damaged free page
 * passes a full read and then crashes the first commit. Walking it here, without LMDB, cannot
 * crash.
 *
 * Page layout (lmdb-js's LMDB): a 24-byte header (page number, txn id, pad, flags at 18, then the
 * lower and upper free-space bounds at 20 and 22, relative to the end of the header, or for an
 * overflow page its page count as a 32-bit number at 20). Node offsets (16-bit, also relative to
 * the end of the header) follow the header. A node is lo, hi, flags, key size (16 bits each),
 * then the key and the data; a branch node's child page is lo | hi << 16 | flags << 32, a leaf
 * node's data size lo | hi << 16. Free-tree leaves map a txn id (8-byte key) to a list of page
 * numbers (a count, then that many 8-byte entries), inline or in overflow pages.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { StoreFileHeader } from './lmdb-meta.js';

const HEADER = 24;
const NODE_HEADER = 8;
const P_BRANCH = 0x01;
const P_LEAF = 0x02;
const P_OVERFLOW = 0x04;
const F_BIGDATA = 0x01;
const PAGE_TYPES = 0x7f;

/**
 * Checks every page of the free tree of the newest meta page.
 * @returns the number of free-tree entries.
 * @throws {Error} naming the first fault.
 */
export function checkFreeTree(file: string, header: StoreFileHeader): number {
  const [m0, m1] = header.metas;
  const meta = m0.txnId >= m1.txnId ? m0 : m1;
  const { root, depth, entries } = meta.freeTree;
  if (root === undefined) return 0;
  const { pageSize } = header;
  const lastPage = meta.lastPage;
  const fd = openSync(file, 'r');
  const seen = new Set<number>();
  let count = 0;
  const fail = (pgno: number, what: string): Error =>
    new Error(`free-space tree page ${pgno}: ${what}`);

  /**
   * Reads a run of pages; only the first has a header (overflow runs continue headerless). A
   * child's page number is below 2^48, and an overflow run has passed `overflowPages` and holds
   * its list, so `pgno` is a safe integer and `pages` at least 1 here.
   */
  const readPages = (pgno: number, pages: number): Buffer => {
    if (pgno < 2 || pgno + pages - 1 > lastPage) {
      throw fail(pgno, `outside pages 2..${lastPage}`);
    }
    if ((pgno + pages) * pageSize > header.size) {
      throw fail(pgno, `past the end of the ${header.size}-byte file`);
    }
    for (let p = pgno; p < pgno + pages; p++) {
      if (seen.has(p)) throw fail(pgno, 'reached twice (a cycle or shared page)');
      seen.add(p);
    }
    const length = pages * pageSize;
    const bytes = Buffer.alloc(length);
    if (readSync(fd, bytes, 0, length, pgno * pageSize) < length) {
      throw fail(pgno, `past the end of the ${header.size}-byte file`);
    }
    if (Number(bytes.readBigUInt64LE(0)) !== pgno) {
      throw fail(pgno, `its header names page ${bytes.readBigUInt64LE(0)}`);
    }
    return bytes;
  };

  /** The page count an overflow page's header gives, read without claiming the page. */
  const overflowPages = (pgno: number): number => {
    const head = Buffer.alloc(HEADER);
    if (pgno < 2 || pgno > lastPage || readSync(fd, head, 0, HEADER, pgno * pageSize) < HEADER) {
      throw fail(pgno, `outside pages 2..${lastPage} or past the end of the file`);
    }
    if ((head.readUInt16LE(18) & PAGE_TYPES) !== P_OVERFLOW)
      throw fail(pgno, 'not an overflow page');
    return head.readUInt32LE(20);
  };

  const checkPageList = (pgno: number, list: Buffer): void => {
    const n = list.length >= 8 ? Number(list.readBigUInt64LE(0)) : -1;
    if (n < 0 || (n + 1) * 8 > list.length) throw fail(pgno, 'a free-page list is cut off');
    // lmdb-js's LMDB keeps free lists sparse: 0 is an empty slot, a negative entry the length of
    // a run of pages whose number follows. Every entry's magnitude is bounded by the last page.
    for (let i = 1; i <= n; i++) {
      const entry = list.readBigInt64LE(i * 8);
      const magnitude = entry < 0n ? -entry : entry;
      if (magnitude > BigInt(lastPage) + 1n) {
        throw fail(pgno, `lists free page entry ${entry}, beyond last page ${lastPage}`);
      }
    }
  };

  const visit = (pgno: number, level: number): void => {
    const page = readPages(pgno, 1);
    const flags = page.readUInt16LE(18) & PAGE_TYPES;
    const leaf = level === depth - 1;
    if (flags !== (leaf ? P_LEAF : P_BRANCH)) {
      throw fail(pgno, `type ${flags.toString(16)}, expected a ${leaf ? 'leaf' : 'branch'} page`);
    }
    const lower = page.readUInt16LE(20);
    const upper = page.readUInt16LE(22);
    const keys = lower >> 1;
    if (lower % 2 !== 0 || lower > upper || HEADER + upper > pageSize || keys === 0) {
      throw fail(pgno, `impossible bounds lower ${lower} upper ${upper}`);
    }
    for (let i = 0; i < keys; i++) {
      const at = HEADER + page.readUInt16LE(HEADER + 2 * i);
      if (at < HEADER + upper || at + NODE_HEADER > pageSize) {
        throw fail(pgno, `node ${i} at ${at} is outside the page's node area`);
      }
      const lo = page.readUInt16LE(at);
      const hi = page.readUInt16LE(at + 2);
      const nodeFlags = page.readUInt16LE(at + 4);
      const keySize = page.readUInt16LE(at + 6);
      const keyEnd = at + NODE_HEADER + keySize;
      if (!leaf) {
        if (keyEnd > pageSize) throw fail(pgno, `node ${i} overruns the page`);
        visit(lo + hi * 0x10000 + nodeFlags * 0x1_0000_0000, level + 1);
        continue;
      }
      const size = lo + hi * 0x10000;
      if (keySize !== 8) throw fail(pgno, `node ${i} has a ${keySize}-byte key, not a txn id`);
      if ((nodeFlags & F_BIGDATA) === 0) {
        if (keyEnd + size > pageSize) throw fail(pgno, `node ${i} overruns the page`);
        checkPageList(pgno, page.subarray(keyEnd, keyEnd + size));
      } else {
        if (keyEnd + 8 > pageSize) throw fail(pgno, `node ${i} overruns the page`);
        const overflow = Number(page.readBigUInt64LE(keyEnd));
        const pages = overflowPages(overflow);
        if (pages * pageSize < HEADER + size) {
          throw fail(overflow, `${pages} overflow pages cannot hold ${size} bytes`);
        }
        const data = readPages(overflow, pages).subarray(HEADER, HEADER + size);
        checkPageList(overflow, data);
      }
      count++;
    }
  };

  try {
    visit(root, 0);
  } finally {
    closeSync(fd);
  }
  if (count !== entries) {
    throw new Error(`free-space tree counts ${entries} entries but ${count} can be read`);
  }
  return count;
}
