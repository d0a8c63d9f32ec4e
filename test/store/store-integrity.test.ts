import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { open } from 'lmdb';
import { Packr } from 'msgpackr';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { FORMAT_NAME } from '../../src/store/durable/format.js';
import { FORMAT_KEY, storeKey } from '../../src/store/durable/keys.js';
import { readStoreHeader } from '../../src/store/durable/lmdb-meta.js';
import { currentStamp, stampFileOf, writeStamp } from '../../src/store/durable/store-stamp.js';
import {
  WBEM_E_CRITICAL_ERROR,
  WBEM_E_DATABASE_VER_MISMATCH,
  WBEM_E_INITIALIZATION_FAILURE,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import {
  buildPristineStore,
  bytesOf,
  copyStore,
  overwrite,
  pagesOf,
  treeRoots,
} from './damage-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-integrity-'));
let pristine = '';
before(async () => {
  pristine = await buildPristineStore();
});
after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(pristine, { recursive: true, force: true });
});
let dirs = 0;
function damagedCopy(damage: (file: string) => void): { dir: string; file: string } {
  const dir = join(root, `d${dirs++}`);
  const file = copyStore(pristine, dir);
  damage(file);
  return { dir, file };
}

function isWbemError(hresult: number, ...mentions: string[]) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, hresult >>> 0, error.message);
    for (const text of mentions)
      assert.ok(error.message.includes(text), `${error.message} names ${text}`);
    return true;
  };
}

/** Opens a store file with lmdb directly, bypassing every check of the repository. */
function rawDatabase(file: string) {
  return open<Buffer, Buffer>({
    path: file,
    noSubdir: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
}

/** Re-stamps a damaged file as known good, as if the damage happened behind a matching stamp. */
function forgeStamp(file: string): void {
  const header = readStoreHeader(file);
  assert.ok(header);
  const stamp = currentStamp(file, header);
  assert.ok(stamp);
  writeStamp(file, stamp);
}

describe('DurableRepository opening a damaged file', () => {
  const cases: { desc: string; damage: (file: string) => void; mentions: string[] }[] = [
    {
      desc: 'it is truncated to 100 bytes',
      damage: (file) => truncateSync(file, 100),
      mentions: ['meta page 0 is cut off'],
    },
    {
      desc: 'it is truncated to 16 KB',
      damage: (file) => truncateSync(file, 16384),
      mentions: ['shorter than its two'],
    },
    {
      desc: 'it is truncated to half',
      damage: (file) => truncateSync(file, Math.floor(bytesOf(file).length / 2)),
      mentions: ['truncated?'],
    },
    {
      desc: 'meta page 1 has a bad magic',
      damage: (file) => overwrite(file, pagesOf(file).pageSize + 24, Buffer.from('nope')),
      mentions: ['meta page 1 is not an LMDB meta page'],
    },
    {
      desc: "a meta page's txn id is on the wrong page",
      damage: (file) => {
        const at = pagesOf(file).pageSize + 152;
        const txn = bytesOf(file).readBigUInt64LE(at);
        const moved = Buffer.alloc(8);
        moved.writeBigUInt64LE(txn + 1n);
        overwrite(file, at, moved);
      },
      mentions: ['belongs on the other meta page'],
    },
    {
      desc: "a meta page's main tree root is past the last page",
      damage: (file) => overwrite(file, 136, Buffer.alloc(8, 0x7f)),
      mentions: ['main tree root'],
    },
    {
      // Read alone it opens; the next write aborted the process in LMDB (`mdb_cursor_init`).
      desc: "meta page 0's free-space tree is marked as holding sorted duplicates",
      damage: (file) => overwrite(file, 52, Buffer.from([0x24])),
      mentions: ['free-space tree has flags 0x4024'],
    },
    {
      desc: 'the main tree root page is garbage',
      damage: (file) => {
        const { pageSize } = pagesOf(file);
        overwrite(file, treeRoots(file).main * pageSize, Buffer.alloc(pageSize, 0x5a));
      },
      mentions: [],
    },
    {
      desc: 'the free-page tree root page is garbage',
      damage: (file) => {
        const { pageSize } = pagesOf(file);
        overwrite(file, treeRoots(file).free * pageSize + 24, Buffer.alloc(64, 0xee));
      },
      mentions: ['free-space tree page'],
    },
    {
      desc: 'every data page is zeroed',
      damage: (file) => {
        const { pageSize, pages } = pagesOf(file);
        overwrite(file, 2 * pageSize, Buffer.alloc((pages - 2) * pageSize));
      },
      mentions: [],
    },
  ];
  for (const { desc, damage, mentions } of cases) {
    it(`fails with WBEM_E_CRITICAL_ERROR naming the file and leaves it untouched when ${desc}`, () => {
      const { dir, file } = damagedCopy(damage);
      const bytes = bytesOf(file);
      assert.throws(
        () => new DurableRepository(dir),
        isWbemError(WBEM_E_CRITICAL_ERROR, file, 'is damaged', ...mentions),
      );
      assert.deepEqual(bytesOf(file), bytes);
    });
  }

  it('fails with WBEM_E_CRITICAL_ERROR naming the record when a value was changed on disk', () => {
    const { dir, file } = damagedCopy((file) => {
      const content = bytesOf(file);
      // The big class's blob is long runs of 'x' in overflow pages: flip one of them.
      const at = content.indexOf('x'.repeat(64));
      assert.ok(at > 0);
      overwrite(file, at + 10, Buffer.from('y'));
    });
    assert.throws(
      () => new DurableRepository(dir),
      isWbemError(WBEM_E_CRITICAL_ERROR, file, '"big"', 'checksum mismatch'),
    );
  });

  it('fails with WBEM_E_CRITICAL_ERROR when the file is empty but its stamp says it held a store', () => {
    const { dir, file } = damagedCopy((file) => truncateSync(file, 0));
    assert.throws(
      () => new DurableRepository(dir),
      isWbemError(WBEM_E_CRITICAL_ERROR, file, 'is empty'),
    );
    assert.equal(bytesOf(file).length, 0);
  });

  it("fails with WBEM_E_INITIALIZATION_FAILURE at once when LMDB's lock file is a FIFO", () => {
    const { dir, file } = damagedCopy((file) => {
      rmSync(`${file}-lock`, { force: true });
      execFileSync('mkfifo', [`${file}-lock`]);
    });
    assert.throws(
      () => new DurableRepository(dir),
      isWbemError(WBEM_E_INITIALIZATION_FAILURE, `${file}-lock`, 'not a regular file'),
    );
  });

  it('opens and reads everything when the file is intact but not stamped', async () => {
    const { dir, file } = damagedCopy((file) => rmSync(stampFileOf(file)));
    const repo = new DurableRepository(dir);
    assert.deepEqual(repo.listNamespaces().sort(), ['root', 'root/cimv2', 'root/other']);
    assert.equal(repo.openNamespace('root/cimv2').classCount(), 101);
    assert.equal(repo.readMeta('root', 'sd'), 'O:BAG:BAD:(A;;0x3f;;;WD)');
    await repo.close();
    assert.ok(existsSync(stampFileOf(file)), 'verified and closed: stamped');
  });
});

describe('DurableRepository known-good stamp', () => {
  it('opens without verifying when the stamp matches, and fails each damaged record as it is read', async () => {
    const { dir, file } = damagedCopy(() => {});
    // Damage records through LMDB itself, so the tree stays valid.
    const db = rawDatabase(file);
    db.putSync(storeKey('root/other', 'c', 'cls_5'), Buffer.from([0xa5, 0, 0, 0, 0, 0x90]));
    db.putSync(storeKey('root', 'm', 'sd'), Buffer.from('tampered'));
    await db.close();
    // Not stamped since that write: a full verification finds it.
    assert.throws(
      () => new DurableRepository(dir),
      isWbemError(WBEM_E_CRITICAL_ERROR, file, 'record "root"/"m"/"sd"', 'not a sealed record'),
    );
    forgeStamp(file);
    const repo = new DurableRepository(dir);
    const other = repo.openNamespace('root/other');
    assert.throws(
      () => other.getClass('cls_5'),
      isWbemError(WBEM_E_CRITICAL_ERROR, file, 'root/other', 'cls_5'),
    );
    assert.throws(() => repo.readMeta('root', 'sd'), isWbemError(WBEM_E_CRITICAL_ERROR, 'sd'));
    assert.equal(repo.openNamespace('root/cimv2').classCount(), 101);
    rmSync(stampFileOf(file));
    await repo.close();
    assert.equal(existsSync(stampFileOf(file)), false, 'a file found damaged is not stamped');
  });

  it('is rewritten when the repository closes cleanly after a write', async () => {
    const { dir, file } = damagedCopy(() => {});
    const first = readFileSync(stampFileOf(file), 'utf8');
    const repo = new DurableRepository(dir);
    await repo.writeMeta('root', 'note', 'changed');
    await repo.close();
    const second = readFileSync(stampFileOf(file), 'utf8');
    assert.notEqual(second, first);
    const header = readStoreHeader(file);
    assert.ok(header);
    assert.equal(`${JSON.stringify(currentStamp(file, header))}\n`, second);
  });
});

describe('DurableRepository format version 1 stores', () => {
  it('fails with WBEM_E_DATABASE_VER_MISMATCH naming version 1 when the records are not sealed', async () => {
    const dir = join(root, `v1-${dirs++}`);
    const file = join(dir, STORE_FILE);
    mkdirSync(dir);
    const db = rawDatabase(file);
    const packr = new Packr({ structuredClone: true });
    db.putSync(FORMAT_KEY, packr.pack({ format: FORMAT_NAME, version: 1 }));
    db.putSync(storeKey('root', 'c', 'foo'), packr.pack({ local: { name: 'Foo' } }));
    await db.close();
    const bytes = bytesOf(file);
    assert.throws(
      () => new DurableRepository(dir),
      isWbemError(WBEM_E_DATABASE_VER_MISMATCH, file, 'version 1'),
    );
    assert.deepEqual(bytesOf(file), bytes);
  });
});
