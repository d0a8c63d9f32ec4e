import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readStoreHeader } from '../../src/store/durable/lmdb-meta.js';
import { WBEM_E_CRITICAL_ERROR, WBEM_E_INITIALIZATION_FAILURE } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';
import { isWbemError as failsWith } from './class-store-context.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-meta-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;

const NO_PAGE = 0xffff_ffff_ffff_ffffn;

/** The fields of one meta page, as LMDB (data version 2, 64-bit) lays them out. */
interface Meta {
  flags?: number;
  magic?: number;
  version?: number;
  pageSize?: number;
  /** Flags of the free-space tree (LMDB writes `MDB_INTEGERKEY`, 0x08). */
  freeTreeFlags?: number;
  txnId?: bigint;
  lastPage?: bigint;
}

/** Writes a meta page at `at` of `file`: both trees empty, the given fields. */
function writeMeta(content: Buffer, at: number, meta: Meta): void {
  content.writeUInt16LE(meta.flags ?? 0x08, at + 18);
  content.writeUInt32LE(meta.magic ?? 0xbeefc0de, at + 24);
  content.writeUInt32LE(meta.version ?? 2, at + 28);
  content.writeUInt32LE(meta.pageSize ?? 4096, at + 48);
  content.writeUInt16LE(meta.freeTreeFlags ?? 0x08, at + 52);
  for (const db of [48, 96]) content.writeBigUInt64LE(NO_PAGE, at + db + 40);
  content.writeBigUInt64LE(meta.lastPage ?? 1n, at + 144);
  content.writeBigUInt64LE(meta.txnId ?? 0n, at + 152);
}

/** A store file of two meta pages (no other page) with these fields. */
function storeFile(meta0: Meta, meta1: Meta = {}, pageSize = meta0.pageSize ?? 4096): string {
  const content = Buffer.alloc(2 * pageSize);
  writeMeta(content, 0, meta0);
  writeMeta(content, pageSize, { pageSize, ...meta1 });
  const file = join(root, `f${files++}.mdb`);
  writeFileSync(file, content);
  return file;
}

function rawFile(content: Buffer): string {
  const file = join(root, `f${files++}.mdb`);
  writeFileSync(file, content);
  return file;
}

describe('readStoreHeader of sane meta pages', () => {
  it('returns the page size, both txn ids and the bytes every used page needs', () => {
    const file = storeFile({ txnId: 2n, lastPage: 5n }, { txnId: 1n, lastPage: 9n });
    const header = readStoreHeader(file);
    assert.ok(header);
    assert.equal(header.size, 8192);
    assert.equal(header.pageSize, 4096);
    assert.deepEqual(
      header.metas.map((m) => [m.txnId, m.lastPage]),
      [
        [2n, 5],
        [1n, 9],
      ],
    );
    // Pages 0..9 are in use: ten pages.
    assert.equal(header.usedBytes, 10 * 4096);
    assert.match(header.metaHash, /^[0-9a-f]{64}$/);
  });

  it('accepts txn id 0 (never committed) on either meta page', () => {
    assert.ok(readStoreHeader(storeFile({ txnId: 2n }, { txnId: 0n })));
    assert.ok(readStoreHeader(storeFile({ txnId: 0n }, { txnId: 3n })));
  });

  it('accepts the smallest and the largest page size LMDB allows (512 and 65536 bytes)', () => {
    assert.equal(readStoreHeader(storeFile({ pageSize: 512 }))?.pageSize, 512);
    assert.equal(readStoreHeader(storeFile({ pageSize: 65536 }))?.pageSize, 65536);
  });

  it('accepts the free-space tree flags lmdb-js writes (0x4008) and LMDB’s own (0x08)', () => {
    for (const freeTreeFlags of [0x4008, 0x08])
      assert.ok(readStoreHeader(storeFile({ freeTreeFlags }, { freeTreeFlags })));
  });

  it('accepts a last page just below 2^40', () => {
    const header = readStoreHeader(storeFile({ lastPage: 2n ** 40n - 1n }));
    assert.equal(header?.metas[0].lastPage, 2 ** 40 - 1);
  });

  it('answers undefined for an absent or empty file (a new database)', () => {
    assert.equal(readStoreHeader(join(root, 'absent.mdb')), undefined);
    assert.equal(readStoreHeader(rawFile(Buffer.alloc(0))), undefined);
  });
});

describe('readStoreHeader refusals', () => {
  it('fails with WBEM_E_INITIALIZATION_FAILURE when the path is a directory', () => {
    const dir = join(root, `dir${files++}`);
    mkdirSync(dir);
    assert.throws(
      () => readStoreHeader(dir),
      failsWith(WBEM_E_INITIALIZATION_FAILURE, `${dir} is not a file`),
    );
  });

  it('fails with WBEM_E_INITIALIZATION_FAILURE carrying the cause when the file cannot be read', () => {
    const loop = join(root, `loop${files++}`);
    symlinkSync(loop, loop);
    assert.throws(
      () => readStoreHeader(loop),
      (error: unknown) => {
        failsWith(
          WBEM_E_INITIALIZATION_FAILURE,
          new RegExp(`^${loop} cannot be read: ELOOP`),
        )(error);
        assert.equal(((error as WbemError).cause as NodeJS.ErrnoException).code, 'ELOOP');
        return true;
      },
    );
  });

  it('fails with WBEM_E_INITIALIZATION_FAILURE when the file is too short to hold the LMDB magic', () => {
    const file = rawFile(Buffer.alloc(10, 1));
    assert.throws(
      () => readStoreHeader(file),
      failsWith(
        WBEM_E_INITIALIZATION_FAILURE,
        `${file} is damaged or not a database file (no LMDB meta page)`,
      ),
    );
  });

  it('fails with WBEM_E_CRITICAL_ERROR when the file ends right after the LMDB magic', () => {
    const content = Buffer.alloc(28);
    content.writeUInt32LE(0xbeefc0de, 24);
    const file = rawFile(content);
    assert.throws(
      () => readStoreHeader(file),
      failsWith(WBEM_E_CRITICAL_ERROR, `${file} is damaged: meta page 0 is cut off`),
    );
  });

  const damaged: { desc: string; file: () => string; what: string }[] = [
    {
      desc: 'meta page 0 lacks the meta-page flag',
      file: () => storeFile({ flags: 0x01 }),
      what: 'meta page 0 is not an LMDB meta page',
    },
    {
      desc: 'meta page 0 has another LMDB data version',
      file: () => storeFile({ version: 1 }),
      what: 'meta page 0 has LMDB data version 1 (2 expected)',
    },
    {
      desc: 'the page size is below 512',
      file: () => storeFile({ pageSize: 256 }, {}, 4096),
      what: 'meta page 0 has an impossible page size 256',
    },
    {
      desc: 'the page size is above 65536',
      file: () => storeFile({ pageSize: 131072 }, {}, 4096),
      what: 'meta page 0 has an impossible page size 131072',
    },
    {
      desc: 'the page size is not a power of two',
      file: () => storeFile({ pageSize: 3000 }, {}, 4096),
      what: 'meta page 0 has an impossible page size 3000',
    },
    {
      desc: 'the two meta pages disagree on the page size',
      file: () => storeFile({ pageSize: 4096 }, { pageSize: 8192 }),
      what: 'meta page 1 has page size 8192, meta page 0 has 4096',
    },
    {
      desc: 'the free-space tree is marked as holding sorted duplicates (a write would abort LMDB)',
      file: () => storeFile({ freeTreeFlags: 0x24 }),
      what: 'meta page 0: free-space tree has flags 0x24, which LMDB never gives it',
    },
    {
      desc: 'the free-space tree of meta page 1 has reverse keys',
      file: () => storeFile({}, { freeTreeFlags: 0x0a }),
      what: 'meta page 1: free-space tree has flags 0xa, which LMDB never gives it',
    },
    {
      desc: 'the last used page is 0',
      file: () => storeFile({ lastPage: 0n }),
      what: 'meta page 0 has an impossible last page 0',
    },
    {
      desc: 'the last used page is 2^40',
      file: () => storeFile({}, { lastPage: 2n ** 40n }),
      what: `meta page 1 has an impossible last page ${2n ** 40n}`,
    },
  ];
  for (const { desc, file, what } of damaged) {
    it(`fails with WBEM_E_CRITICAL_ERROR "${what}" when ${desc}`, () => {
      const path = file();
      assert.throws(
        () => readStoreHeader(path),
        failsWith(WBEM_E_CRITICAL_ERROR, `${path} is damaged: ${what}`),
      );
    });
  }
});
