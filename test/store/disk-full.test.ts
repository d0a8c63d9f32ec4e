import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open, type RootDatabase } from 'lmdb';
import { commitFailure } from '../../src/store/durable/commit-failure.js';
import { DurableClassStore } from '../../src/store/durable/durable-class-store.js';
import { DurableRepository } from '../../src/store/durable/durable-repository.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import { CIM_STRING } from '../../src/wbem/cim-type.js';
import { WBEM_E_FAILED, WBEM_E_OUT_OF_DISK_SPACE } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { smallDisk } from './small-disk.js';
import { changes, classRecord, property } from './store-fixtures.js';

const disk = smallDisk('wbemrx-full-');
const { root, mountPoint } = disk;

function isWbemError(hresult: number, ...mentions: string[]) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, hresult >>> 0, error.message);
    for (const text of mentions)
      assert.ok(error.message.includes(text), `${error.message} names ${text}`);
    return true;
  };
}

/** A class whose record takes about 20 KB, so a 2 MiB disk fills within a few batches. */
function bulky(name: string) {
  return classRecord(name, null, [property('Blob', CIM_STRING, `${name}:`.padEnd(20_000, '#'))]);
}

describe('DurableClassStore on a full disk', () => {
  it('fails the flush with WBEM_E_OUT_OF_DISK_SPACE naming the directory, drops the batch and commits again when the disk fills and then frees up', async (t) => {
    if (disk.mounted !== true) {
      t.skip(disk.mounted);
      return;
    }
    const ballast = join(mountPoint, 'ballast');
    writeFileSync(ballast, Buffer.alloc(600_000));
    const dir = join(mountPoint, 'data');
    const repo = new DurableRepository(dir);
    const store = repo.openNamespace('root/full');
    let committed = 0;
    let failure: unknown;
    let failedBatch: string[] = [];
    for (let batch = 0; batch < 100 && failure === undefined; batch++) {
      failedBatch = [];
      for (let i = 0; i < 10; i++) {
        const name = `C${batch}_${i}`;
        store.apply(changes({ putClasses: [bulky(name)] }));
        failedBatch.push(name);
      }
      try {
        await store.flush();
        committed += failedBatch.length;
      } catch (error) {
        failure = error;
      }
    }
    assert.ok(failure !== undefined, 'the disk filled up');
    assert.ok(isWbemError(WBEM_E_OUT_OF_DISK_SPACE, dir)(failure));
    assert.ok((failure as WbemError).cause !== undefined, 'carries the cause');
    // Reads still work and show exactly what was committed.
    assert.equal(store.classCount(), committed);
    for (const name of failedBatch) assert.equal(store.hasClass(name), false, name);
    assert.equal(store.getClass('C0_0')?.local.name, 'C0_0');
    rmSync(ballast);
    store.apply(changes({ putClasses: [classRecord('AfterRoom')] }));
    await store.flush();
    assert.equal(store.hasClass('AfterRoom'), true);
    await repo.close();
    const again = new DurableRepository(dir);
    const reread = again.openNamespace('root/full');
    assert.equal(reread.classCount(), committed + 1);
    for (const name of failedBatch) assert.equal(reread.hasClass(name), false, name);
    await again.close();
  });
});

describe('DurableClassStore after a commit that fails for another reason', () => {
  it('fails the flush with WBEM_E_FAILED carrying the cause and serves the committed state when a commit fails otherwise', async () => {
    const dir = join(root, 'failing');
    const seed = new DurableRepository(dir);
    seed.openNamespace('root/x').apply(changes({ putClasses: [classRecord('Kept')] }));
    await seed.close();
    const cause = new Error('simulated device failure');
    // The real database for reads; every write rejected, as lmdb-js rejects a failed
    // transaction's writes (all writes of one transaction share one promise).
    let failed: Promise<never> | undefined;
    const real = open<Buffer, Buffer>({
      path: join(dir, 'store.mdb'),
      noSubdir: true,
      encoding: 'binary',
      keyEncoding: 'binary',
    });
    const db = new Proxy(real, {
      get(target, prop) {
        if (prop === 'put') {
          return () => {
            failed ??= Promise.reject(
              Object.assign(new Error('Commit failed'), { commitError: Promise.reject(cause) }),
            );
            return failed;
          };
        }
        if (prop === 'remove') return () => Promise.reject(cause);
        if (prop === 'flushed') return Promise.resolve();
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as RootDatabase<Buffer, Buffer>;
    after(() => real.close());
    const store = new DurableClassStore({
      db,
      codec: createRecordCodec(),
      nsKey: 'root/x',
      path: 'root/x',
      file: join(dir, 'store.mdb'),
      dir,
      guard: (read) => read(),
      onClose: () => {},
    });
    store.apply(changes({ putClasses: [classRecord('Lost')] }));
    assert.equal(store.hasClass('Lost'), true, 'visible before the commit');
    await assert.rejects(store.flush(), (error: unknown) => {
      assert.ok(isWbemError(WBEM_E_FAILED, 'root/x', 'simulated device failure')(error));
      assert.equal((error as WbemError).cause, cause);
      return true;
    });
    assert.equal(store.hasClass('Lost'), false);
    assert.equal(store.hasClass('Kept'), true);
  });
});

describe('commitFailure', () => {
  // Built per test: a rejected promise made ahead of time would be reported as unhandled.
  const cases: { desc: string; error: () => unknown; hresult: number }[] = [
    {
      desc: 'ENOSPC arrives through lmdb-js commitError',
      error: () =>
        Object.assign(new Error('Commit failed'), {
          commitError: Promise.reject(
            Object.assign(new Error('No space left on device'), { code: 'ENOSPC' }),
          ),
        }),
      hresult: WBEM_E_OUT_OF_DISK_SPACE,
    },
    {
      desc: 'LMDB reports MDB_MAP_FULL',
      error: () =>
        Object.assign(new Error('MDB_MAP_FULL: Environment mapsize limit reached'), {
          code: -30792,
        }),
      hresult: WBEM_E_OUT_OF_DISK_SPACE,
    },
    {
      desc: 'a quota is exceeded',
      error: () => Object.assign(new Error('Disk quota exceeded'), { code: 'EDQUOT' }),
      hresult: WBEM_E_OUT_OF_DISK_SPACE,
    },
    {
      desc: 'the error is anything else',
      error: () => new Error('MDB_BAD_TXN: Transaction must abort'),
      hresult: WBEM_E_FAILED,
    },
  ];
  for (const { desc, error, hresult } of cases) {
    it(`gives ${hresult === WBEM_E_FAILED ? 'WBEM_E_FAILED' : 'WBEM_E_OUT_OF_DISK_SPACE'} when ${desc}`, async () => {
      const wbem = await commitFailure(error(), root, 'writing x');
      assert.ok(isWbemError(hresult, 'writing x')(wbem));
      if (hresult === WBEM_E_OUT_OF_DISK_SPACE) assert.ok(wbem.message.includes(root));
      assert.ok(wbem.cause !== undefined);
    });
  }
});
