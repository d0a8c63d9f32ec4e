/**
 * The known-good stamp (`store-stamp.ts`): what it records of a file, which stamp files are read
 * as none, when two stamps match, and how a stamp is written (whole, or not at all).
 */
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { StoreFileHeader } from '../../src/store/durable/lmdb-meta.js';
import {
  currentStamp,
  readStamp,
  type StoreStamp,
  sameStamp,
  stampFileOf,
  writeStamp,
} from '../../src/store/durable/store-stamp.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-stamp-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

/** A new directory holding a (not necessarily LMDB) file `data.mdb`. */
function fileIn(): { dir: string; file: string } {
  const dir = join(root, `d${dirs++}`);
  mkdirSync(dir);
  const file = join(dir, 'data.mdb');
  writeFileSync(file, Buffer.alloc(8192, 1));
  return { dir, file };
}

const tree = { root: undefined, depth: 0, entries: 0 };
const header: StoreFileHeader = {
  size: 8192,
  pageSize: 4096,
  metas: [
    { txnId: 12n, lastPage: 1, pageSize: 4096, freeTree: tree },
    { txnId: 13n, lastPage: 1, pageSize: 4096, freeTree: tree },
  ],
  usedBytes: 8192,
  metaHash: 'ab'.repeat(32),
};

const stamp: StoreStamp = {
  ino: '1234',
  size: '8192',
  mtimeNs: '1700000000123456789',
  ctimeNs: '1700000000987654321',
  txnIds: ['12', '13'],
  metaHash: 'ab'.repeat(32),
};

describe('stampFileOf', () => {
  it('names the file next to the database file', () => {
    assert.equal(stampFileOf('/data/store.mdb'), '/data/store.mdb-stamp');
  });
});

describe('currentStamp', () => {
  it("records the file's inode, size and times in nanoseconds, and its meta pages", () => {
    const { file } = fileIn();
    const stat = statSync(file, { bigint: true });
    assert.deepEqual(currentStamp(file, header), {
      ino: String(stat.ino),
      size: '8192',
      mtimeNs: String(stat.mtimeNs),
      ctimeNs: String(stat.ctimeNs),
      txnIds: ['12', '13'],
      metaHash: 'ab'.repeat(32),
    });
  });

  it('is undefined for a file that is gone', () => {
    assert.equal(currentStamp(join(root, 'absent.mdb'), header), undefined);
  });
});

describe('readStamp', () => {
  it('reads back what writeStamp wrote, as one JSON line', () => {
    const { file } = fileIn();
    writeStamp(file, stamp);
    assert.equal(readFileSync(stampFileOf(file), 'utf8'), `${JSON.stringify(stamp)}\n`);
    assert.deepEqual(readStamp(file), stamp);
  });

  it('is undefined when there is no stamp', () => {
    assert.equal(readStamp(fileIn().file), undefined);
  });

  const unreadable: { desc: string; text: string }[] = [
    { desc: 'not JSON', text: '{"ino":' },
    { desc: 'null', text: 'null' },
    { desc: 'a number', text: '42' },
    { desc: 'a string', text: '"1234"' },
    { desc: 'an array', text: '["1234"]' },
  ];
  for (const { desc, text } of unreadable) {
    it(`is undefined when the stamp file holds ${desc}`, () => {
      const { file } = fileIn();
      writeFileSync(stampFileOf(file), text);
      assert.equal(readStamp(file), undefined);
    });
  }

  const malformed: { desc: string; change: Record<string, unknown> }[] = [
    { desc: 'the inode is a number', change: { ino: 1234 } },
    { desc: 'the size is missing', change: { size: undefined } },
    { desc: 'the modification time is null', change: { mtimeNs: null } },
    { desc: 'the status-change time is a number', change: { ctimeNs: 17 } },
    { desc: 'the meta hash is missing', change: { metaHash: undefined } },
    { desc: 'the txn ids are not a list', change: { txnIds: '12,13' } },
    { desc: 'there is one txn id', change: { txnIds: ['12'] } },
    { desc: 'there are three txn ids', change: { txnIds: ['12', '13', '14'] } },
    { desc: 'the first txn id is a number', change: { txnIds: [12, '13'] } },
    { desc: 'the second txn id is a number', change: { txnIds: ['12', 13] } },
  ];
  for (const { desc, change } of malformed) {
    it(`is undefined when ${desc}`, () => {
      const { file } = fileIn();
      writeFileSync(stampFileOf(file), JSON.stringify({ ...stamp, ...change }));
      assert.equal(readStamp(file), undefined);
    });
  }
});

describe('sameStamp', () => {
  it('matches a stamp with equal fields', () => {
    assert.equal(sameStamp(stamp, { ...stamp, txnIds: ['12', '13'] }), true);
  });

  const differences: { field: string; change: Partial<StoreStamp> }[] = [
    { field: 'inode', change: { ino: '1235' } },
    { field: 'size', change: { size: '8193' } },
    { field: 'modification time', change: { mtimeNs: '1700000000123456780' } },
    { field: 'status-change time', change: { ctimeNs: '1700000000987654320' } },
    { field: 'first txn id', change: { txnIds: ['14', '13'] } },
    { field: 'second txn id', change: { txnIds: ['12', '15'] } },
    { field: 'meta hash', change: { metaHash: 'cd'.repeat(32) } },
  ];
  for (const { field, change } of differences) {
    it(`does not match when the ${field} differs`, () => {
      assert.equal(sameStamp(stamp, { ...stamp, ...change }), false);
      assert.equal(sameStamp({ ...stamp, ...change }, stamp), false);
    });
  }
});

describe('writeStamp', () => {
  it('replaces the stamp and leaves no other file behind', () => {
    const { dir, file } = fileIn();
    writeStamp(file, { ...stamp, size: '1' });
    writeStamp(file, stamp);
    assert.deepEqual(readStamp(file), stamp);
    assert.deepEqual(readdirSync(dir).sort(), ['data.mdb', 'data.mdb-stamp']);
  });

  it('gives up without throwing, and removes its draft, when the stamp cannot be put in place', () => {
    const { dir, file } = fileIn();
    // A directory (not empty) where the stamp belongs: the rename fails.
    mkdirSync(join(stampFileOf(file), 'inside'), { recursive: true });
    writeStamp(file, stamp);
    assert.deepEqual(readdirSync(dir).sort(), ['data.mdb', 'data.mdb-stamp']);
    assert.equal(readStamp(file), undefined);
  });

  it('gives up without throwing when the directory is gone', () => {
    const dir = join(root, 'gone');
    writeStamp(join(dir, 'data.mdb'), stamp);
    assert.equal(readStamp(join(dir, 'data.mdb')), undefined);
  });
});
