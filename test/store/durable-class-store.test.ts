import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open } from 'lmdb';
import type { ClassStore } from '../../src/store/class-store.js';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { FORMAT_NAME, FORMAT_VERSION } from '../../src/store/durable/format.js';
import { FORMAT_KEY, storeKey } from '../../src/store/durable/keys.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import {
  WBEM_E_CRITICAL_ERROR,
  WBEM_E_DATABASE_VER_MISMATCH,
  WBEM_E_INITIALIZATION_FAILURE,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_INVALID_PARAMETER,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { runClassStoreSuite } from './class-store.case.js';
import { changes, classRecord, instanceRecord, snapshot } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-store-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  return join(root, `d${dirs++}`);
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

/** Writes raw records into a closed data directory, bypassing the repository. */
async function writeRaw(dir: string, records: [Buffer, Buffer][]): Promise<void> {
  const db = open<Buffer, Buffer>({
    path: join(dir, STORE_FILE),
    noSubdir: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
  for (const [key, value] of records) await db.put(key, value);
  await db.close();
}

runClassStoreSuite('DurableRepository namespace', async () => {
  const dir = freshDir();
  let repo = new DurableRepository(dir);
  return {
    store: repo.openNamespace('root/Conformance'),
    reopen: async (): Promise<ClassStore> => {
      await repo.close();
      repo = new DurableRepository(dir);
      return repo.openNamespace('ROOT/conformance');
    },
    cleanup: () => repo.close(),
  };
});

describe('DurableRepository', () => {
  it('lists namespaces and keeps each one separate, prefixes included', async () => {
    const dir = freshDir();
    const repo = new DurableRepository(dir);
    repo.openNamespace('root').apply(changes({ putClasses: [classRecord('Foo', null)] }));
    repo.openNamespace('root/x').apply(changes({ putClasses: [classRecord('Foo', 'Base')] }));
    repo.openNamespace('root/xy').apply(changes({ putInstances: [instanceRecord('Foo', 1)] }));
    await repo.close();
    const again = new DurableRepository(dir);
    assert.deepEqual(again.listNamespaces().sort(), ['root', 'root/x', 'root/xy']);
    assert.equal(again.openNamespace('root').getClass('foo')?.local.superclass, null);
    assert.equal(again.openNamespace('root/x').getClass('foo')?.local.superclass, 'Base');
    assert.equal(again.openNamespace('root/xy').classCount(), 0);
    assert.equal(again.openNamespace('root/xy').instanceCount('Foo'), 1);
    await again.close();
  });

  it('removes only that namespace when a namespace is dropped', async () => {
    const dir = freshDir();
    const repo = new DurableRepository(dir);
    const seeded = changes({
      putClasses: [classRecord('Foo')],
      putInstances: [instanceRecord('Foo', 1)],
    });
    repo.openNamespace('root').apply(seeded);
    repo.openNamespace('root/x').apply(seeded);
    await repo.flush();
    await repo.dropNamespace('ROOT');
    assert.deepEqual(repo.listNamespaces(), ['root/x']);
    await repo.close();
    const again = new DurableRepository(dir);
    assert.equal(again.openNamespace('root').classCount(), 0);
    assert.equal(again.openNamespace('root').instanceCount('Foo'), 0);
    assert.equal(again.openNamespace('root/x').instanceCount('Foo'), 1);
    await again.close();
  });

  it('fails with WBEM_E_INVALID_NAMESPACE when the namespace path is empty', async () => {
    const repo = new DurableRepository(freshDir());
    assert.throws(() => repo.openNamespace(''), isWbemError(WBEM_E_INVALID_NAMESPACE));
    await repo.close();
  });

  it('fails with WBEM_E_INVALID_PARAMETER and applies nothing when a value cannot be stored', async () => {
    const repo = new DurableRepository(freshDir());
    const store = repo.openNamespace('root');
    store.apply(changes({ putClasses: [classRecord('Foo')] }));
    const before = snapshot(store);
    const bad = instanceRecord('Foo', 2, { Odd: Symbol('x') as never });
    assert.throws(
      () => store.apply(changes({ deleteClasses: ['Foo'], putInstances: [bad] })),
      isWbemError(WBEM_E_INVALID_PARAMETER),
    );
    assert.deepEqual(snapshot(store), before);
    await repo.close();
  });
});

describe('DurableRepository format checks', () => {
  it('fails with WBEM_E_DATABASE_VER_MISMATCH naming the file when the format version differs', async () => {
    const dir = freshDir();
    await new DurableRepository(dir).close();
    const codec = createRecordCodec();
    const other = codec.encode({ format: FORMAT_NAME, version: FORMAT_VERSION + 1 }, FORMAT_KEY);
    await writeRaw(dir, [[FORMAT_KEY, other]]);
    assert.throws(
      () => new DurableRepository(dir),
      isWbemError(
        WBEM_E_DATABASE_VER_MISMATCH,
        join(dir, STORE_FILE),
        `version ${FORMAT_VERSION + 1}`,
      ),
    );
    // Refused, not overwritten.
    assert.throws(() => new DurableRepository(dir), isWbemError(WBEM_E_DATABASE_VER_MISMATCH));
  });

  it('fails with WBEM_E_INITIALIZATION_FAILURE when the format record names another format', async () => {
    const dir = freshDir();
    await writeRaw(dir, [
      [FORMAT_KEY, createRecordCodec().encode({ format: 'other-db', version: 1 }, FORMAT_KEY)],
    ]);
    assert.throws(
      () => new DurableRepository(dir),
      isWbemError(WBEM_E_INITIALIZATION_FAILURE, STORE_FILE, 'not a'),
    );
  });

  it('fails with WBEM_E_INITIALIZATION_FAILURE when the database holds records but no format record', async () => {
    const dir = freshDir();
    await writeRaw(dir, [[storeKey('foreign'), Buffer.from('data')]]);
    assert.throws(
      () => new DurableRepository(dir),
      isWbemError(WBEM_E_INITIALIZATION_FAILURE, 'no format record'),
    );
  });

  const damagedFiles: { desc: string; bytes: Buffer }[] = [
    { desc: 'text', bytes: Buffer.from('this is not a database\n'.repeat(300)) },
    { desc: 'a short file', bytes: Buffer.from([0xde, 0xc0]) },
    { desc: 'zeroed pages', bytes: Buffer.alloc(8192) },
  ];
  for (const { desc, bytes } of damagedFiles) {
    it(`fails with WBEM_E_INITIALIZATION_FAILURE naming the file and leaves it untouched when it holds ${desc}`, async () => {
      const dir = freshDir();
      const file = join(dir, STORE_FILE);
      await new DurableRepository(dir).close();
      writeFileSync(file, bytes);
      assert.throws(
        () => new DurableRepository(dir),
        isWbemError(WBEM_E_INITIALIZATION_FAILURE, file),
      );
      assert.deepEqual(readFileSync(file), bytes);
    });
  }

  it('fails with WBEM_E_CRITICAL_ERROR naming the file and the record when a stored record is damaged', async () => {
    const dir = freshDir();
    const repo = new DurableRepository(dir);
    repo.openNamespace('root/hurt').apply(changes({ putClasses: [classRecord('Foo')] }));
    await repo.close();
    await writeRaw(dir, [[storeKey('root/hurt', 'c', 'bar'), Buffer.from([0xc1, 0xc1, 0xc1])]]);
    const file = join(dir, STORE_FILE);
    const bytes = readFileSync(file);
    assert.throws(
      () => new DurableRepository(dir),
      isWbemError(WBEM_E_CRITICAL_ERROR, file, 'record "root/hurt"/"c"/"bar"'),
    );
    assert.deepEqual(readFileSync(file), bytes);
  });
});
