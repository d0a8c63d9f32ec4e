import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open } from 'lmdb';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { META, namespaceMarker, storeKey } from '../../src/store/durable/keys.js';
import { readStoreHeader } from '../../src/store/durable/lmdb-meta.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import {
  currentStamp,
  type StoreStamp,
  stampFileOf,
  writeStamp,
} from '../../src/store/durable/store-stamp.js';
import {
  WBEM_E_CRITICAL_ERROR,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_SHUTTING_DOWN,
} from '../../src/wbem/status.js';
import { isWbemError as failsWith } from './class-store-context.js';
import { changes, classRecord } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-repo-rules-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  return join(root, `d${dirs++}`);
}

/** Writes raw records into a closed data directory, then stamps it known good again. */
async function writeBehindStamp(dir: string, records: [Buffer, Buffer][]): Promise<void> {
  const file = join(dir, STORE_FILE);
  const db = open<Buffer, Buffer>({
    path: file,
    noSubdir: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
  for (const [key, value] of records) await db.put(key, value);
  await db.close();
  const header = readStoreHeader(file);
  assert.ok(header);
  const stamp = currentStamp(file, header);
  assert.ok(stamp);
  writeStamp(file, stamp);
}

/** A closed data directory holding namespace `root` with class Foo and metadata `sd`. */
async function storedDir(): Promise<string> {
  const dir = freshDir();
  const repo = new DurableRepository(dir);
  const ns = repo.openNamespace('root');
  ns.apply(changes({ putClasses: [classRecord('Foo')] }));
  await repo.writeMeta('root', 'sd', 'O:BA');
  await repo.close();
  return dir;
}

describe('DurableRepository namespaces', () => {
  it('returns the same store when a namespace is opened again, in any case', async () => {
    const repo = new DurableRepository(freshDir());
    try {
      const ns = repo.openNamespace('root/Cimv2');
      assert.equal(repo.openNamespace('ROOT/cimv2'), ns);
    } finally {
      await repo.close();
    }
  });

  it('opens a new store for a namespace whose store was closed, and keeps the path as first opened', async () => {
    const repo = new DurableRepository(freshDir());
    try {
      const first = repo.openNamespace('Root/First');
      first.apply(changes({ putClasses: [classRecord('Foo')] }));
      await first.close();
      const again = repo.openNamespace('ROOT/FIRST');
      assert.notEqual(again, first);
      again.apply(changes({ putClasses: [classRecord('Bar')] }));
      assert.deepEqual([...again.classNames()].sort(), ['Bar', 'Foo']);
      await again.flush();
      assert.deepEqual(repo.listNamespaces(), ['Root/First']);
    } finally {
      await repo.close();
    }
  });

  it('drops a stored namespace that is not open', async () => {
    const dir = await storedDir();
    const repo = new DurableRepository(dir);
    try {
      await repo.dropNamespace('ROOT');
      assert.deepEqual(repo.listNamespaces(), []);
      assert.equal(repo.readMeta('root', 'sd'), undefined);
      assert.equal(repo.openNamespace('root').classCount(), 0);
    } finally {
      await repo.close();
    }
  });

  it('honours the cacheEntries option: a record evicted from the cache is decoded afresh', async () => {
    const repo = new DurableRepository(freshDir(), { cacheEntries: 1 });
    try {
      const ns = repo.openNamespace('root');
      ns.apply(changes({ putClasses: [classRecord('A'), classRecord('B')] }));
      await ns.flush();
      const a = ns.getClass('A');
      assert.equal(ns.getClass('A'), a, 'a record in the cache is the same object');
      ns.getClass('B');
      const again = ns.getClass('A');
      assert.notEqual(again, a);
      assert.deepEqual(again, a);
    } finally {
      await repo.close();
    }
  });
});

describe('DurableRepository refusals', () => {
  it('fails with WBEM_E_INVALID_NAMESPACE "namespace path is empty" for an empty or missing path', async () => {
    const repo = new DurableRepository(freshDir());
    try {
      for (const path of ['', undefined, 5]) {
        assert.throws(
          () => repo.openNamespace(path as never),
          failsWith(WBEM_E_INVALID_NAMESPACE, 'namespace path is empty'),
        );
      }
      assert.throws(
        () => repo.readMeta('', 'sd'),
        failsWith(WBEM_E_INVALID_NAMESPACE, 'namespace path is empty'),
      );
    } finally {
      await repo.close();
    }
  });

  it('fails with WBEM_E_SHUTTING_DOWN naming the directory after close, and closes twice quietly', async () => {
    const dir = freshDir();
    const repo = new DurableRepository(dir);
    await repo.close();
    await repo.close();
    const closed = failsWith(WBEM_E_SHUTTING_DOWN, `repository ${dir} is closed`);
    assert.throws(() => repo.openNamespace('root'), closed);
    assert.throws(() => repo.listNamespaces(), closed);
    assert.throws(() => repo.readMeta('root', 'sd'), closed);
    await assert.rejects(repo.dropNamespace('root'), closed);
    await assert.rejects(repo.writeMeta('root', 'sd', 'x'), closed);
  });
});

describe('DurableRepository damage found by reads', () => {
  const file = (dir: string) => join(dir, STORE_FILE);

  it('fails a damaged metadata record with WBEM_E_CRITICAL_ERROR and does not stamp the file known good', async () => {
    const dir = await storedDir();
    await writeBehindStamp(dir, [[storeKey('root', META, 'sd'), Buffer.from('tampered')]]);
    const repo = new DurableRepository(dir);
    assert.throws(
      () => repo.readMeta('root', 'sd'),
      failsWith(
        WBEM_E_CRITICAL_ERROR,
        new RegExp(`^${file(dir)} is damaged: metadata sd of namespace root: `),
      ),
    );
    rmSync(stampFileOf(file(dir)));
    await repo.close();
    assert.equal(existsSync(stampFileOf(file(dir))), false);
  });

  it('does not stamp the file known good after a namespace read met a damaged record', async () => {
    const dir = await storedDir();
    await writeBehindStamp(dir, [
      [storeKey('root', 'c', 'foo'), Buffer.from([0xa5, 0, 0, 0, 0, 0x90])],
    ]);
    const repo = new DurableRepository(dir);
    const ns = repo.openNamespace('root');
    assert.throws(() => ns.getClass('Foo'), failsWith(WBEM_E_CRITICAL_ERROR, /foo/));
    rmSync(stampFileOf(file(dir)));
    await repo.close();
    assert.equal(existsSync(stampFileOf(file(dir))), false);
  });

  it('stamps an intact file known good when it closes', async () => {
    const dir = await storedDir();
    rmSync(stampFileOf(file(dir)));
    const repo = new DurableRepository(dir, { verifyTimeoutMs: 60_000 });
    assert.equal(repo.readMeta('root', 'sd'), 'O:BA');
    await repo.close();
    assert.ok(existsSync(stampFileOf(file(dir))));
  });

  it('fails listNamespaces with WBEM_E_CRITICAL_ERROR when a namespace marker cannot be decoded', async () => {
    const dir = await storedDir();
    await writeBehindStamp(dir, [[namespaceMarker('bad'), Buffer.from('garbage')]]);
    const repo = new DurableRepository(dir);
    try {
      assert.throws(
        () => repo.listNamespaces(),
        failsWith(
          WBEM_E_CRITICAL_ERROR,
          new RegExp(`^${file(dir)} is damaged: a namespace marker cannot be decoded \\(.+\\)$`),
        ),
      );
    } finally {
      await repo.close();
    }
  });

  for (const [desc, value] of [
    ['null', null],
    ['a record without a path', { name: 'bad' }],
  ] as const) {
    it(`fails listNamespaces with WBEM_E_CRITICAL_ERROR when a namespace marker holds ${desc}`, async () => {
      const dir = await storedDir();
      const key = namespaceMarker('bad');
      await writeBehindStamp(dir, [[key, createRecordCodec().encode(value, key)]]);
      const repo = new DurableRepository(dir);
      try {
        assert.throws(
          () => repo.listNamespaces(),
          failsWith(
            WBEM_E_CRITICAL_ERROR,
            `${file(dir)} is damaged: a namespace marker holds no path`,
          ),
        );
      } finally {
        await repo.close();
      }
    });
  }
});

describe('DurableRepository opening', () => {
  const file = (dir: string) => join(dir, STORE_FILE);
  const txnIds = (dir: string) => readStoreHeader(file(dir))?.metas.map((meta) => meta.txnId);

  it('writes nothing to a current store that is opened and closed', async () => {
    const dir = await storedDir();
    const before = txnIds(dir);
    const repo = new DurableRepository(dir);
    assert.deepEqual(repo.listNamespaces(), ['root']);
    await repo.close();
    assert.deepEqual(txnIds(dir), before);
  });

  it('verifies a file not known good within verifyTimeoutMs, and fails with WBEM_E_CRITICAL_ERROR past it', async () => {
    const dir = await storedDir();
    rmSync(stampFileOf(file(dir)));
    assert.throws(
      () => new DurableRepository(dir, { verifyTimeoutMs: 1 }),
      failsWith(
        WBEM_E_CRITICAL_ERROR,
        new RegExp(`^${file(dir)} is damaged: verifying it did not finish within 1 ms`),
      ),
    );
  });

  it('starts a new store in an empty file that has no stamp', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(file(dir), '');
    const repo = new DurableRepository(dir);
    assert.deepEqual(repo.listNamespaces(), []);
    await repo.close();
  });

  it('starts a new store in an empty file whose stamp says it was empty', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(file(dir), '');
    const stamp: StoreStamp = {
      ino: '1',
      size: '0',
      mtimeNs: '0',
      ctimeNs: '0',
      txnIds: ['0', '0'],
      metaHash: '',
    };
    writeStamp(file(dir), stamp);
    const repo = new DurableRepository(dir);
    assert.deepEqual(repo.listNamespaces(), []);
    await repo.close();
  });

  it('starts a new store where the database file was removed, whatever its old stamp says', async () => {
    const dir = await storedDir();
    rmSync(file(dir));
    const repo = new DurableRepository(dir);
    assert.deepEqual(repo.listNamespaces(), []);
    await repo.close();
  });
});

describe('DurableRepository store closes', () => {
  it('keeps a namespace reopened while an earlier close of its old store is still finishing', async () => {
    const repo = new DurableRepository(freshDir());
    try {
      const first = repo.openNamespace('root');
      const closing = first.close();
      // A write that slips in before the store is closed holds back a second close's flush.
      first.apply(changes({ putClasses: [classRecord('Late')] }));
      const closingLater = first.close();
      await closing;
      const second = repo.openNamespace('root');
      await closingLater;
      assert.equal(repo.openNamespace('root'), second);
      assert.ok(second.hasClass('Late'));
    } finally {
      await repo.close();
    }
  });
});
