import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { open, type RootDatabase } from 'lmdb';
import { EMPTY_CHANGE_SET } from '../../src/model/change-set.js';
import { DurableClassStore } from '../../src/store/durable/durable-class-store.js';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { keyComponents } from '../../src/store/durable/keys.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import {
  WBEM_E_CRITICAL_ERROR,
  WBEM_E_FAILED,
  WBEM_E_OUT_OF_DISK_SPACE,
  WBEM_E_SHUTTING_DOWN,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { changes, classRecord, instanceRecord } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-rules-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

/** An assertion predicate: a `WbemError` with this HRESULT and exactly this message. */
function wbemError(hresult: number, detail: string, cause?: unknown) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, hresult >>> 0, error.message);
    assert.equal(error.detail, detail);
    if (cause !== undefined) assert.equal(error.cause, cause);
    return true;
  };
}

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Issues a write to the real database: what lmdb-js does with `put` and `remove`. */
type WriteHook = (key: Buffer, bytes: Buffer | undefined) => Promise<unknown>;

/**
 * A namespace `root/X` holding the committed class `Kept`, opened over its real database through
 * a proxy whose writes (`onWrite`) and readability (`unreadable`) a test controls. `pending`
 * makes the write the repository issued before opening it (the namespace marker).
 */
interface Harness {
  readonly store: DurableClassStore;
  readonly real: RootDatabase<Buffer, Buffer>;
  readonly file: string;
  readonly dir: string;
  /** Issues each write; the default passes it to the real database. */
  onWrite: WriteHook;
  /** When set, every read of the database fails as LMDB's own errors do (through `guard`). */
  unreadable: boolean;
  /** When set, what `db.flushed` (the sync to disk) gives instead of the real one. */
  onFlushed: (() => Promise<void>) | undefined;
  /** Writes issued and `doesExist` look-ups made, counted. */
  readonly counts: { writes: number; doesExist: number };
  /** How often the store told its repository it closed. */
  readonly closes: { count: number };
}

async function harness(t: TestContext, pending?: () => Promise<unknown>): Promise<Harness> {
  const dir = join(root, `d${dirs++}`);
  const seed = new DurableRepository(dir);
  seed.openNamespace('root/X').apply(changes({ putClasses: [classRecord('Kept')] }));
  await seed.close();
  const file = join(dir, STORE_FILE);
  const real = open<Buffer, Buffer>({
    path: file,
    noSubdir: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
  t.after(() => real.close());
  const counts = { writes: 0, doesExist: 0 };
  const closes = { count: 0 };
  const passThrough: WriteHook = (key, bytes) =>
    bytes === undefined ? real.remove(key) : real.put(key, bytes);
  const h = {
    real,
    file,
    dir,
    onWrite: passThrough,
    unreadable: false,
    onFlushed: undefined,
    counts,
    closes,
  } as Omit<Harness, 'store'>;
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === 'put') {
        return (key: Buffer, bytes: Buffer) => {
          counts.writes++;
          return h.onWrite(key, bytes);
        };
      }
      if (prop === 'remove') {
        return (key: Buffer) => {
          counts.writes++;
          return h.onWrite(key, undefined);
        };
      }
      if (prop === 'flushed' && h.onFlushed !== undefined) return h.onFlushed();
      if (prop === 'doesExist') {
        return (key: Buffer) => {
          counts.doesExist++;
          return target.doesExist(key);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as RootDatabase<Buffer, Buffer>;
  const store = new DurableClassStore(
    {
      db,
      codec: createRecordCodec(),
      nsKey: 'root/x',
      path: 'root/X',
      file,
      dir,
      guard: (read) => {
        if (h.unreadable) {
          throw new WbemError(WBEM_E_CRITICAL_ERROR, { message: `${file} cannot be read` });
        }
        return read();
      },
      onClose: () => {
        closes.count++;
      },
    },
    pending?.(),
  );
  return Object.assign(h, { store });
}

/** A write hook whose writes all fail with `cause`, as the writes of one failed transaction do. */
function failingWrites(cause: unknown): WriteHook {
  let failed: Promise<never> | undefined;
  return () => {
    failed ??= Promise.reject(cause);
    return failed;
  };
}

const put = (...names: string[]) => changes({ putClasses: names.map((n) => classRecord(n)) });

describe('DurableClassStore apply', () => {
  it('applies an empty change set, or the removal of a class it does not hold, without writing', async (t) => {
    const h = await harness(t);
    h.store.apply(EMPTY_CHANGE_SET);
    h.store.apply(changes({ deleteClasses: ['Missing'], deleteInstancesOf: ['Missing'] }));
    await h.store.flush();
    assert.equal(h.counts.writes, 0);
    assert.equal(h.store.classCount(), 1);
  });

  it('fails with WBEM_E_SHUTTING_DOWN naming the namespace as opened after close', async (t) => {
    const h = await harness(t);
    await h.store.close();
    assert.throws(
      () => h.store.apply(put('Late')),
      wbemError(WBEM_E_SHUTTING_DOWN, 'namespace root/X is closed'),
    );
  });

  it('closes once: a second close neither flushes nor tells the repository again', async (t) => {
    const h = await harness(t);
    h.store.apply(put('Foo'));
    await h.store.close();
    assert.equal(h.closes.count, 1);
    h.onWrite = () => assert.fail('nothing is written after close');
    await h.store.close();
    assert.equal(h.closes.count, 1);
  });
});

describe('DurableClassStore after a failed commit', () => {
  it('refuses apply with WBEM_E_FAILED naming the namespace, the file and the cause until flush reports the failure, then accepts changes again', async (t) => {
    const h = await harness(t);
    const cause = new Error('simulated device failure');
    h.onWrite = failingWrites(cause);
    h.store.apply(put('Lost'));
    assert.equal(h.store.hasClass('Lost'), true, 'visible before the commit');
    await tick();
    h.onWrite = () => assert.fail('a refused change writes nothing');
    const pending = `writing namespace root/X to ${h.file} failed (simulated device failure); the store recovers at the next flush`;
    assert.throws(() => h.store.apply(put('Refused')), wbemError(WBEM_E_FAILED, pending, cause));
    assert.equal(h.store.hasClass('Refused'), false);
    await assert.rejects(
      h.store.flush(),
      wbemError(
        WBEM_E_FAILED,
        `writing namespace root/X to ${h.file} failed: simulated device failure`,
        cause,
      ),
    );
    assert.equal(h.store.hasClass('Lost'), false);
    assert.equal(h.store.hasClass('Kept'), true);
    h.onWrite = (key, bytes) => (bytes === undefined ? h.real.remove(key) : h.real.put(key, bytes));
    h.store.apply(put('After'));
    await h.store.flush();
    assert.equal(h.store.hasClass('After'), true);
  });

  it('refuses apply with WBEM_E_OUT_OF_DISK_SPACE naming the data directory when the commit failed for lack of space', async (t) => {
    const h = await harness(t);
    const cause = Object.assign(new Error('No space left on device'), { code: 'ENOSPC' });
    h.onWrite = failingWrites(cause);
    h.store.apply(put('Lost'));
    await tick();
    assert.throws(
      () => h.store.apply(put('Refused')),
      wbemError(
        WBEM_E_OUT_OF_DISK_SPACE,
        `writing namespace root/X to ${h.file} failed: out of disk space in ${h.dir} (No space left on device); the store recovers at the next flush`,
        cause,
      ),
    );
    await assert.rejects(
      h.store.flush(),
      wbemError(
        WBEM_E_OUT_OF_DISK_SPACE,
        `writing namespace root/X to ${h.file} failed: out of disk space in ${h.dir} (No space left on device)`,
        cause,
      ),
    );
  });

  it('fails apply with WBEM_E_FAILED, and refuses until the next flush, when the database refuses a write outright', async (t) => {
    const h = await harness(t);
    const cause = new Error('write refused');
    h.onWrite = () => {
      throw cause;
    };
    const detail = `writing namespace root/X to ${h.file} failed (write refused); the store recovers at the next flush`;
    assert.throws(() => h.store.apply(put('Lost')), wbemError(WBEM_E_FAILED, detail, cause));
    h.onWrite = () => assert.fail('a refused change writes nothing');
    assert.throws(() => h.store.apply(put('Refused')), wbemError(WBEM_E_FAILED, detail, cause));
    await assert.rejects(
      h.store.flush(),
      wbemError(
        WBEM_E_FAILED,
        `writing namespace root/X to ${h.file} failed: write refused`,
        cause,
      ),
    );
    assert.equal(h.store.hasClass('Lost'), false);
    h.onWrite = (key, bytes) => (bytes === undefined ? h.real.remove(key) : h.real.put(key, bytes));
    h.store.apply(put('After'));
    await h.store.flush();
    assert.deepEqual([...h.store.classNames()].sort(), ['After', 'Kept']);
  });

  it('writes no class count for changes whose writes failed, when lmdb-js commits afterwards', async (t) => {
    const h = await harness(t);
    const cause = new Error('class record refused');
    const passThrough = h.onWrite;
    // Class records are refused; the count record, were it written, would land.
    h.onWrite = (key, bytes) => {
      if (keyComponents(key)[1] === 'c') throw cause;
      return passThrough(key, bytes);
    };
    assert.throws(
      () => h.store.apply(put('Lost')),
      wbemError(
        WBEM_E_FAILED,
        `writing namespace root/X to ${h.file} failed (class record refused); the store recovers at the next flush`,
      ),
    );
    assert.equal(h.store.classCount(), 2, 'reads are ahead until the flush');
    h.store.beforeCommit();
    await assert.rejects(
      h.store.flush(),
      wbemError(
        WBEM_E_FAILED,
        `writing namespace root/X to ${h.file} failed: class record refused`,
      ),
    );
    assert.equal(h.store.classCount(), 1);
    assert.deepEqual([...h.store.classNames()], ['Kept']);
  });

  it('reports a failed write of the namespace marker at the first flush and refuses apply until then', async (t) => {
    const cause = new Error('marker write failed');
    const h = await harness(t, () => Promise.reject(cause));
    await tick();
    assert.throws(
      () => h.store.apply(put('Foo')),
      wbemError(
        WBEM_E_FAILED,
        `writing namespace root/X to ${h.file} failed (marker write failed); the store recovers at the next flush`,
      ),
    );
    await assert.rejects(
      h.store.flush(),
      wbemError(
        WBEM_E_FAILED,
        `writing namespace root/X to ${h.file} failed: marker write failed`,
        cause,
      ),
    );
    h.store.apply(put('Foo'));
    await h.store.flush();
    assert.equal(h.store.hasClass('Foo'), true);
  });

  it('waits in flush for a write issued before the store opened, such as the namespace marker', async (t) => {
    const marker = deferred<boolean>();
    const h = await harness(t, () => marker.promise);
    let landed = false;
    setTimeout(() => {
      landed = true;
      marker.resolve(true);
    }, 30);
    await h.store.flush();
    assert.equal(landed, true);
  });

  it('waits, before it forgets the writes not committed, for the writes still in flight, so that it shows them once they land', async (t) => {
    const h = await harness(t);
    const first = deferred<boolean>();
    h.onWrite = () => first.promise;
    h.store.apply(put('A'));
    const flushed = h.store.flush();
    // Applied while the flush waits, before the failure surfaces: its transaction commits.
    const second = deferred<boolean>();
    const queued: [Buffer, Buffer | undefined][] = [];
    h.onWrite = (key, bytes) => {
      queued.push([key, bytes]);
      return second.promise;
    };
    h.store.apply(put('B'));
    first.reject(new Error('commit of A failed'));
    setTimeout(() => {
      void (async () => {
        for (const [key, bytes] of queued) {
          await (bytes === undefined ? h.real.remove(key) : h.real.put(key, bytes));
        }
        second.resolve(true);
      })();
    }, 30);
    await assert.rejects(flushed, (error: unknown) => {
      assert.ok(
        wbemError(
          WBEM_E_FAILED,
          `writing namespace root/X to ${h.file} failed: commit of A failed`,
        )(error),
      );
      assert.equal(h.store.hasClass('B'), true, 'B landed and is shown');
      assert.equal(h.store.hasClass('A'), false);
      return true;
    });
  });

  it('reports a commit that fails while another flush reports an earlier failure at the next flush, refusing apply until then', async (t) => {
    const h = await harness(t);
    // lmdb-js gives the real error of a failed commit later; this one never comes, so each flush
    // waits for it on an unreferenced timer: keep the process alive meanwhile.
    const first = Object.assign(new Error('Commit failed'), { commitError: new Promise(() => {}) });
    const alive = setInterval(() => {}, 1000);
    t.after(() => clearInterval(alive));
    const second = new Error('commit of C failed');
    h.onWrite = failingWrites(first);
    h.store.apply(put('A'));
    const one = h.store.flush();
    const two = h.store.flush();
    const firstReported = one.then(
      () => assert.fail('the first flush reports the failure'),
      (error: unknown) => {
        // The store recovered: a change applied now is accepted, and its commit fails too.
        h.onWrite = failingWrites(second);
        h.store.apply(put('C'));
        return error;
      },
    );
    const failedA = `writing namespace root/X to ${h.file} failed: Commit failed`;
    assert.ok(wbemError(WBEM_E_FAILED, failedA)(await firstReported));
    await assert.rejects(two, wbemError(WBEM_E_FAILED, failedA));
    h.onWrite = () => assert.fail('a refused change writes nothing');
    assert.throws(
      () => h.store.apply(put('D')),
      wbemError(
        WBEM_E_FAILED,
        `writing namespace root/X to ${h.file} failed (commit of C failed); the store recovers at the next flush`,
        second,
      ),
    );
    await assert.rejects(
      h.store.flush(),
      wbemError(
        WBEM_E_FAILED,
        `writing namespace root/X to ${h.file} failed: commit of C failed`,
        second,
      ),
    );
    h.onWrite = (key, bytes) => (bytes === undefined ? h.real.remove(key) : h.real.put(key, bytes));
    h.store.apply(put('D'));
    await h.store.flush();
    assert.deepEqual([...h.store.classNames()].sort(), ['D', 'Kept']);
  });
});

describe('DurableClassStore after a failed sync', () => {
  it('fails the flush with WBEM_E_FAILED carrying the cause when the sync to disk fails, then serves what the database holds', async (t) => {
    const h = await harness(t);
    const cause = new Error('fsync failed');
    h.store.apply(put('Committed'));
    h.onFlushed = () => Promise.reject(cause);
    await assert.rejects(
      h.store.flush(),
      wbemError(WBEM_E_FAILED, `writing namespace root/X to ${h.file} failed: fsync failed`, cause),
    );
    h.onFlushed = undefined;
    assert.equal(h.store.hasClass('Committed'), true, 'its transaction did commit');
    h.store.apply(put('After'));
    await h.store.flush();
    assert.deepEqual([...h.store.classNames()].sort(), ['After', 'Committed', 'Kept']);
  });
});

describe('DurableClassStore rollback', () => {
  it('fails with the read error, and apply keeps refusing, while the database cannot be read back; succeeds once it can', async (t) => {
    const h = await harness(t);
    const cause = new Error('simulated device failure');
    h.onWrite = failingWrites(cause);
    h.store.apply(put('Lost'));
    await tick();
    h.unreadable = true;
    const failed = `writing namespace root/X to ${h.file} failed: simulated device failure`;
    await assert.rejects(h.store.flush(), wbemError(WBEM_E_FAILED, failed, cause));
    const refused = `writing namespace root/X to ${h.file} failed (simulated device failure); the store recovers at the next flush`;
    assert.throws(() => h.store.apply(put('Refused')), wbemError(WBEM_E_FAILED, refused, cause));
    assert.throws(
      () => h.store.rollback(),
      wbemError(WBEM_E_CRITICAL_ERROR, `${h.file} cannot be read`),
    );
    assert.throws(() => h.store.apply(put('Refused')), wbemError(WBEM_E_FAILED, refused, cause));
    h.unreadable = false;
    h.store.rollback();
    assert.equal(h.store.hasClass('Lost'), false);
    h.onWrite = (key, bytes) => (bytes === undefined ? h.real.remove(key) : h.real.put(key, bytes));
    h.store.apply(put('After'));
    await h.store.flush();
    assert.deepEqual([...h.store.classNames()].sort(), ['After', 'Kept']);
  });

  it('leaves the changes already queued visible when no failed commit is pending', async (t) => {
    const h = await harness(t);
    h.store.apply(put('Queued'));
    h.store.rollback();
    assert.equal(h.store.hasClass('Queued'), true);
    await h.store.flush();
    assert.equal(h.store.hasClass('Queued'), true);
  });
});

describe('DurableClassStore flush', () => {
  it('lets committed writes go: counting instances afterwards looks up none of them one by one', async (t) => {
    const h = await harness(t);
    h.store.apply(
      changes({ putInstances: Array.from({ length: 20 }, (_, i) => instanceRecord('Kept', i)) }),
    );
    assert.equal(h.store.instanceCount('Kept'), 20);
    assert.equal(h.counts.doesExist, 20, 'before the commit, each written instance is checked');
    await h.store.flush();
    h.counts.doesExist = 0;
    assert.equal(h.store.instanceCount('Kept'), 20);
    assert.equal(h.counts.doesExist, 0);
    assert.equal(h.store.getInstance('Kept', 'Kept.Id="7"')?.properties.get('id')?.value, '7');
  });
});
