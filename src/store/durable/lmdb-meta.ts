/**
 * @module What can be checked of an LMDB file before LMDB maps it. LMDB trusts its file: a page
 * number past the end of a truncated file is a SIGBUS, a garbage page a SIGSEGV or an assertion
 * abort, and any of them kills the whole process. These checks read the two meta pages with plain
 * file reads, so a file that fails them is refused without ever being mapped.
 *
 * Meta page layout (lmdb-js's LMDB, data version 2, 64-bit): a 24-byte page header (page number,
 * page txn id, pad, flags at byte 18), then `MDB_meta`: magic (24), version (28), fixed-map
 * address (32), map size (40), the free-space and main `MDB_db` records (48 and 96, 48 bytes each:
 * page size in the first's pad, flags at +4, depth at +6, root page at +40), last used page (144),
 * committing txn id (152). Page 0 holds the meta of even transactions, page 1 (at one page size)
 * that of odd ones.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { WBEM_E_CRITICAL_ERROR, WBEM_E_INITIALIZATION_FAILURE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

const LMDB_MAGIC = 0xbeefc0de;
const LMDB_DATA_VERSION = 2;
const P_META = 0x08;
const META_BYTES = 168;
/** `P_INVALID`: the root of an empty tree. */
const NO_PAGE = 0xffff_ffff_ffff_ffffn;
/** LMDB's cursor stack depth: no valid tree is deeper. */
const MAX_DEPTH = 32;
/** Far beyond any real store (2^40 pages of 512 B is 512 TiB), small enough for exact numbers. */
const MAX_PAGE_NUMBER = 2n ** 40n;
/**
 * Key-order and duplicate flags (`MDB_REVERSEKEY`, `MDB_DUPSORT`, `MDB_DUPFIXED`,
 * `MDB_INTEGERDUP`, `MDB_REVERSEDUP`): LMDB never sets them on its free-space tree, and reads the
 * tree by them at the next write; with `MDB_DUPSORT` set that write aborts the process
 * (`mdb_cursor_init`: its free-page cursor has no duplicate cursor).
 */
const FREE_TREE_FOREIGN_FLAGS = 0x02 | 0x04 | 0x10 | 0x20 | 0x40;

/** Where a tree starts, as a meta page records it. */
export interface TreeRoot {
  /** Root page number; undefined for an empty tree. */
  readonly root: number | undefined;
  readonly depth: number;
  readonly entries: number;
}

/** One meta page as read from the file. */
export interface MetaPage {
  readonly txnId: bigint;
  readonly lastPage: number;
  readonly pageSize: number;
  /** The free-page tree, which LMDB reads to allocate pages at every write. */
  readonly freeTree: TreeRoot;
}

/** The checked header of an existing, non-empty database file. */
export interface StoreFileHeader {
  readonly size: number;
  readonly pageSize: number;
  readonly metas: readonly [MetaPage, MetaPage];
  /** Bytes the file needs for every page the meta pages count as used. */
  readonly usedBytes: number;
  /** SHA-256 of both meta pages, for the known-good stamp. */
  readonly metaHash: string;
}

function damaged(file: string, what: string): WbemError {
  return new WbemError(WBEM_E_CRITICAL_ERROR, { message: `${file} is damaged: ${what}` });
}

function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, bytes, read, length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return bytes.subarray(0, read);
}

function checkMeta(file: string, page: Buffer, index: number, pageSize?: number): MetaPage {
  const where = `meta page ${index}`;
  if (page.length < META_BYTES) throw damaged(file, `${where} is cut off`);
  if ((page.readUInt16LE(18) & P_META) === 0 || page.readUInt32LE(24) !== LMDB_MAGIC) {
    throw damaged(file, `${where} is not an LMDB meta page`);
  }
  const version = page.readUInt32LE(28) & 0xffff;
  if (version !== LMDB_DATA_VERSION) {
    throw damaged(
      file,
      `${where} has LMDB data version ${version} (${LMDB_DATA_VERSION} expected)`,
    );
  }
  const size = page.readUInt32LE(48);
  if (size < 512 || size > 65536 || (size & (size - 1)) !== 0) {
    throw damaged(file, `${where} has an impossible page size ${size}`);
  }
  if (pageSize !== undefined && size !== pageSize) {
    throw damaged(file, `${where} has page size ${size}, meta page 0 has ${pageSize}`);
  }
  const txnId = page.readBigUInt64LE(152);
  if (txnId !== 0n && Number(txnId % 2n) !== index) {
    throw damaged(file, `${where} holds txn id ${txnId}, which belongs on the other meta page`);
  }
  const lastPage = page.readBigUInt64LE(144);
  if (lastPage < 1n || lastPage >= MAX_PAGE_NUMBER) {
    throw damaged(file, `${where} has an impossible last page ${lastPage}`);
  }
  const [freeTree] = (['free-space', 'main'] as const).map((name, i): TreeRoot => {
    const at = 48 + 48 * i;
    const root = page.readBigUInt64LE(at + 40);
    if (root !== NO_PAGE && (root < 2n || root > lastPage)) {
      throw damaged(file, `${where}: ${name} tree root ${root} is outside pages 2..${lastPage}`);
    }
    const depth = page.readUInt16LE(at + 6);
    if (depth > MAX_DEPTH || (root === NO_PAGE) !== (depth === 0)) {
      throw damaged(file, `${where}: ${name} tree has an impossible depth ${depth}`);
    }
    const flags = page.readUInt16LE(at + 4);
    if (i === 0 && (flags & FREE_TREE_FOREIGN_FLAGS) !== 0) {
      throw damaged(
        file,
        `${where}: free-space tree has flags 0x${flags.toString(16)}, which LMDB never gives it`,
      );
    }
    const entries = page.readBigUInt64LE(at + 32);
    return {
      root: root === NO_PAGE ? undefined : Number(root),
      depth,
      entries: entries > MAX_PAGE_NUMBER ? Number.MAX_SAFE_INTEGER : Number(entries),
    };
  }) as [TreeRoot, TreeRoot];
  return { txnId, lastPage: Number(lastPage), pageSize: size, freeTree };
}

/**
 * Checks the file's type and both meta pages, without mapping it.
 *
 * @returns undefined for an absent or empty file (a new database), else the checked header.
 * @throws {WbemError} WBEM_E_INITIALIZATION_FAILURE naming the file when it is not a regular file,
 * cannot be read, or is not an LMDB database at all (no meta page where one must start);
 * WBEM_E_CRITICAL_ERROR naming the file and the fault when it is an LMDB database whose meta
 * pages are damaged or cut off.
 */
export function readStoreHeader(file: string): StoreFileHeader | undefined {
  let fd: number;
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) return undefined;
    if (!stat.isFile()) {
      throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, { message: `${file} is not a file` });
    }
    // Opening a FIFO for reading would block until a writer appears: only regular files.
    fd = openSync(file, 'r');
  } catch (error) {
    if (error instanceof WbemError) throw error;
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} cannot be read: ${(error as Error).message}`,
      cause: error,
    });
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const first = readAt(fd, 0, META_BYTES);
    if (first.length < 28 || first.readUInt32LE(24) !== LMDB_MAGIC) {
      throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
        message: `${file} is damaged or not a database file (no LMDB meta page)`,
      });
    }
    const meta0 = checkMeta(file, first, 0);
    const { pageSize } = meta0;
    if (size < 2 * pageSize) {
      throw damaged(file, `it is ${size} bytes, shorter than its two ${pageSize}-byte meta pages`);
    }
    // `checkMeta` keeps even txn ids on page 0 and odd ones on page 1, so the two pages never
    // hold the same committed txn id.
    const meta1 = checkMeta(file, readAt(fd, pageSize, META_BYTES), 1, pageSize);
    const hash = createHash('sha256');
    hash.update(readAt(fd, 0, pageSize));
    hash.update(readAt(fd, pageSize, pageSize));
    return {
      size,
      pageSize,
      metas: [meta0, meta1],
      usedBytes: (Math.max(meta0.lastPage, meta1.lastPage) + 1) * pageSize,
      metaHash: hash.digest('hex'),
    };
  } catch (error) {
    if (error instanceof WbemError) throw error;
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} cannot be read: ${(error as Error).message}`,
      cause: error,
    });
  } finally {
    closeSync(fd);
  }
}
