import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open, type RootDatabase } from 'lmdb';
import type { ChangeSet } from '../../src/model/change-set.js';
import type { ClassStore } from '../../src/store/class-store.js';
import { DurableRepository } from '../../src/store/durable/durable-repository.js';
import { INDEX, storeKey } from '../../src/store/durable/keys.js';
import { LazyNamespace, type PlannedWrites } from '../../src/store/durable/lazy-namespace.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import { WBEM_E_CRITICAL_ERROR } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { changes, classRecord, declaration, instanceRecord } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-lazyns-'));
const opened: RootDatabase<Buffer, Buffer>[] = [];
after(async () => {
  for (const db of opened) await db.close();
  rmSync(root, { recursive: true, force: true });
});
let dirs = 0;
function freshDir(): string {
  return join(root, `d${dirs++}`);
}

const NS = 'root/lazy';
const codec = createRecordCodec();

function isCriticalError(...mentions: string[]) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, WBEM_E_CRITICAL_ERROR >>> 0, error.message);
    for (const text of mentions) {
      assert.ok(error.message.includes(text), `${error.message} names ${text}`);
    }
    return true;
  };
}

/**
 * A `LazyNamespace` over a database of its own, committed by hand the way `DurableClassStore`
 * does (show, write, count last, settle), counting the reads that reach the database.
 */
interface Bench {
  readonly db: RootDatabase<Buffer, Buffer>;
  ns: LazyNamespace;
  /** Database reads so far. */
  reads: number;
  /** Plans and shows a change set (visible, not committed). */
  show(parts: Partial<ChangeSet>): PlannedWrites;
  /** Commits shown writes in order, with the count record, and settles them. */
  commit(...planned: PlannedWrites[]): Promise<void>;
  /** A new `LazyNamespace` over the same database (nothing cached, nothing pending). */
  reopen(): LazyNamespace;
}

function bench(cacheEntries?: number): Bench {
  const db = open<Buffer, Buffer>({
    path: join(freshDir(), 'lazy.mdb'),
    noSubdir: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
  opened.push(db);
  const b: Bench = {
    db,
    ns: undefined as unknown as LazyNamespace,
    reads: 0,
    show(parts) {
      const planned = b.ns.plan(changes(parts));
      b.ns.show(planned);
      return planned;
    },
    async commit(...planned) {
      let last: Promise<unknown> = Promise.resolve();
      for (const p of planned) {
        for (const { key, bytes } of p.writes.values()) {
          last = bytes === undefined ? db.remove(key) : db.put(key, bytes);
        }
      }
      const count = b.ns.takeCountWrite();
      if (count !== undefined) last = db.put(count.key, count.bytes);
      await last;
      for (const p of planned) b.ns.settle(p);
    },
    reopen() {
      b.ns = new LazyNamespace({
        db,
        codec,
        nsKey: NS,
        file: 'lazy.mdb',
        guard: (read) => {
          b.reads++;
          return read();
        },
        ...(cacheEntries === undefined ? {} : { cacheEntries }),
      });
      return b.ns;
    },
  };
  b.reopen();
  return b;
}

/** Stores `value` sealed under the key of these components, bypassing the namespace. */
function putRaw(db: RootDatabase<Buffer, Buffer>, value: unknown, ...parts: string[]) {
  const key = storeKey(...parts);
  return db.put(key, codec.encode(value, key));
}

describe('LazyNamespace: the class count record', () => {
  it('writes the count with a change that changes it, once, and not for a change that keeps it', () => {
    const { ns, show } = bench();
    assert.equal(ns.takeCountWrite(), undefined);
    show({ putClasses: [classRecord('Foo')] });
    const first = ns.takeCountWrite();
    assert.ok(first);
    const countKey = storeKey(NS, INDEX, 'classes');
    assert.deepEqual(first.key, countKey);
    assert.equal(codec.decode(first.bytes, countKey), 1);
    assert.equal(ns.takeCountWrite(), undefined, 'taken once');
    show({ putInstances: [instanceRecord('Foo', 1)], putClasses: [classRecord('FOO')] });
    assert.equal(ns.takeCountWrite(), undefined, 'the count did not change');
    show({ putClasses: [classRecord('Bar', 'Foo')] });
    show({ deleteClasses: ['Missing'] });
    assert.equal(codec.decode(ns.takeCountWrite()?.bytes as Buffer, countKey), 2);
  });

  it('gives a namespace without a count record one with its first change, even one adding no class', () => {
    const { ns, show } = bench();
    show({ putInstances: [instanceRecord('Foo', 1)] });
    const count = ns.takeCountWrite();
    assert.ok(count, 'the count record marks the indexes built');
    assert.equal(codec.decode(count.bytes, count.key), 0);
  });

  it('builds no indexes for an empty namespace and opens the next time without a build', async () => {
    const b = bench();
    assert.equal(b.ns.buildIndexes(), undefined);
    assert.equal(b.ns.takeCountWrite(), undefined);
    await b.commit(b.show({ putClasses: [classRecord('Foo')] }));
    assert.equal(b.reopen().buildIndexes(), undefined);
    assert.equal(b.ns.classCount(), 1);
  });

  it('forgets a count not yet taken when the writes not committed are dropped', () => {
    const { ns, show } = bench();
    show({ putClasses: [classRecord('Foo'), classRecord('Bar')] });
    ns.reset();
    assert.equal(ns.classCount(), 0);
    assert.equal(ns.takeCountWrite(), undefined);
    assert.equal(ns.hasClass('Foo'), false);
  });

  it('counts a class put twice in one change set once, and a class deleted that is absent not at all', async () => {
    const b = bench();
    b.show({ putClasses: [classRecord('Foo'), classRecord('FOO', 'Other')] });
    assert.equal(b.ns.classCount(), 1);
    await b.commit(b.show({ deleteClasses: ['Missing', 'foo', 'Foo'] }));
    assert.equal(b.ns.classCount(), 0);
    assert.equal(b.reopen().classCount(), 0);
  });
});

describe('LazyNamespace: a class put back as stored', () => {
  it('plans no write for the record it holds, and the record and its index writes for an equal copy', async () => {
    const b = bench();
    await b.commit(b.show({ putClasses: [classRecord('Base'), classRecord('Sub', 'Base')] }));
    const held = b.ns.getClass('Sub');
    assert.ok(held);
    assert.equal(b.ns.plan(changes({ putClasses: [held] })).writes.size, 0);
    const copy = classRecord('Sub', 'Base');
    assert.equal(b.ns.plan(changes({ putClasses: [copy] })).writes.size, 2, 'record and index');
    // A record read afresh (nothing cached) is another object: it is written.
    const fresh = b.reopen().getClass('Sub');
    assert.ok(fresh);
    b.reopen();
    assert.equal(b.ns.plan(changes({ putClasses: [fresh] })).writes.size, 2);
  });
});

describe('LazyNamespace: an instance put back as stored', () => {
  it('plans no write for the instance it holds in memory, and one for a copy or one only on disk', async () => {
    const b = bench();
    const record = instanceRecord('Foo', 1);
    await b.commit(b.show({ putClasses: [classRecord('Foo')], putInstances: [record] }));
    const held = b.ns.getInstance('Foo', record.key);
    assert.ok(held);
    const put = (instance: typeof held) =>
      changes({ putInstances: [{ key: record.key, instance }] });
    assert.equal(b.ns.plan(put(held)).writes.size, 0);
    assert.equal(b.ns.plan(put(instanceRecord('Foo', 1).instance)).writes.size, 1);
    // Shown and not yet committed: the pending layer holds it (the cache was dropped for it).
    const next = instanceRecord('Foo', 1, { N: 2 });
    b.show({ putInstances: [next] });
    assert.equal(b.ns.getInstance('Foo', record.key), next.instance);
    assert.equal(b.ns.plan(put(next.instance)).writes.size, 0);
    assert.equal(b.ns.plan(put(held)).writes.size, 1);
    await b.commit();
    // Read afresh in another namespace object, then asked of one that never read it: no read
    // of the database is made to find out, so the instance is written.
    const fresh = b.reopen().getInstance('Foo', record.key);
    assert.ok(fresh);
    b.reopen();
    const reads = b.reads;
    assert.equal(b.ns.plan(put(fresh)).writes.size, 1);
    assert.equal(b.reads, reads, 'no database read to plan an instance put');
  });
});

describe('LazyNamespace: building the indexes of a namespace stored without them', () => {
  it('indexes every stored class under its superclass and counts them', async () => {
    const b = bench();
    await putRaw(b.db, classRecord('Base'), NS, 'c', 'base');
    await putRaw(b.db, classRecord('Child', 'BASE'), NS, 'c', 'child');
    const ns = b.reopen();
    const build = ns.buildIndexes();
    assert.ok(build);
    assert.equal(build.classCount, 2);
    ns.show(build);
    await b.commit(build);
    assert.deepEqual(ns.subclassNames(null), ['Base']);
    assert.deepEqual(ns.subclassNames('base'), ['Child']);
    assert.equal(ns.classCount(), 2);
    assert.equal(b.reopen().buildIndexes(), undefined);
    assert.deepEqual(b.ns.subclassNames('Base'), ['Child']);
  });

  it('fails with WBEM_E_CRITICAL_ERROR naming the record when a class is stored under another name', async () => {
    const b = bench();
    await putRaw(b.db, classRecord('Foo'), NS, 'c', 'bar');
    const ns = b.reopen();
    assert.throws(
      () => ns.buildIndexes(),
      isCriticalError('lazy.mdb', `record "${NS}"/"c"/"bar"`, 'is not the class its key names'),
    );
  });
});

describe('LazyNamespace: damaged records', () => {
  it('fails with WBEM_E_CRITICAL_ERROR when a subclass index record is not a class name', async () => {
    const b = bench();
    await b.commit(b.show({ putClasses: [classRecord('Foo')] }));
    await putRaw(b.db, 42, NS, 's', '', 'bar');
    const ns = b.reopen();
    assert.throws(
      () => ns.subclassNames(null),
      isCriticalError('"s"/""/"bar"', 'not a class name'),
    );
    assert.throws(() => [...ns.classNames()], isCriticalError('not a class name'));
  });

  it('fails with WBEM_E_CRITICAL_ERROR when an instance record is not an instance', async () => {
    const b = bench();
    await putRaw(b.db, 'not an instance', NS, 'i', 'foo', 'Foo.Id="1"');
    assert.throws(() => [...b.ns.instances('Foo')], isCriticalError('"i"/"foo"', 'malformed'));
  });

  it('fails with WBEM_E_CRITICAL_ERROR when a qualifier declaration record is not a declaration', async () => {
    const b = bench();
    await putRaw(b.db, { name: 42 }, NS, 'q', 'key');
    assert.throws(() => [...b.ns.qualifierDeclarations()], isCriticalError('"q"/"key"'));
  });

  it('fails with WBEM_E_CRITICAL_ERROR on open when the class count is not a count', async () => {
    const b = bench();
    await putRaw(b.db, -1, NS, INDEX, 'classes');
    assert.throws(() => b.reopen(), isCriticalError('"x"/"classes"', 'is not a count'));
  });

  it('removes the damaged instances of a deleted class without decoding them', async () => {
    const b = bench();
    await b.commit(b.show({ putClasses: [classRecord('Foo')] }));
    await b.db.put(storeKey(NS, 'i', 'foo', 'Foo.Id="1"'), Buffer.from([0xc1, 0xc1]));
    const first = b.show({ deleteInstancesOf: ['Foo'] });
    assert.equal(b.ns.instanceCount('Foo'), 0);
    await b.db.put(storeKey(NS, 'i', 'foo', 'Foo.Id="2"'), Buffer.from([0xc1, 0xc1]));
    const second = b.show({ deleteClasses: ['Foo'] });
    assert.equal(b.ns.instanceCount('Foo'), 0);
    await b.commit(first, second);
    assert.equal(b.reopen().instanceCount('Foo'), 0);
  });

  it('lists a pending instance in place of the damaged stored one it replaces', async () => {
    const b = bench();
    await b.db.put(storeKey(NS, 'i', 'foo', 'Foo.Id="1"'), Buffer.from([0xc1, 0xc1]));
    const fresh = instanceRecord('Foo', 1, { Fresh: true });
    b.show({ putInstances: [fresh] });
    assert.deepEqual([...b.ns.instances('Foo')], [fresh.instance]);
  });
});

describe('LazyNamespace: the cache of decoded records', () => {
  it('answers a read of a record it committed from memory, with the record that was put', async () => {
    const b = bench();
    const foo = classRecord('Foo');
    const inst = instanceRecord('Foo', 1);
    const decl = declaration('Key');
    await b.commit(
      b.show({ putClasses: [foo], putInstances: [inst], putQualifierDeclarations: [decl] }),
    );
    const before = b.reads;
    assert.equal(b.ns.getClass('foo'), foo);
    assert.equal(b.ns.getInstance('FOO', inst.key), inst.instance);
    assert.equal(b.ns.getQualifierDeclaration('KEY'), decl);
    assert.equal(b.reads, before, 'no read reached the database');
  });

  it('keeps a record read from the database decoded for the next read', async () => {
    const b = bench();
    await b.commit(b.show({ putClasses: [classRecord('Foo')] }));
    const ns = b.reopen();
    const before = b.reads;
    const first = ns.getClass('Foo');
    assert.deepEqual(first, classRecord('Foo'));
    assert.equal(b.reads, before + 1);
    assert.equal(ns.getClass('FOO'), first);
    assert.equal(b.reads, before + 1, 'the second read is answered from memory');
  });

  it('spends its room on the records reads ask for, not on index records or removals', async () => {
    const b = bench(1);
    const foo = classRecord('Foo');
    await b.commit(
      b.show({ putClasses: [foo], deleteQualifierDeclarations: ['Gone'] }),
      b.show({ deleteInstances: [{ className: 'Foo', key: 'k' }] }),
    );
    const before = b.reads;
    assert.equal(b.ns.getClass('Foo'), foo);
    assert.equal(b.reads, before, 'the class is still in memory');
  });

  it('keeps the cached classes when it builds indexes', async () => {
    const b = bench(1);
    await putRaw(b.db, classRecord('Foo'), NS, 'c', 'foo');
    const ns = b.reopen();
    const foo = ns.getClass('Foo');
    const build = ns.buildIndexes();
    assert.ok(build);
    ns.show(build);
    await b.commit(build);
    const before = b.reads;
    assert.equal(ns.getClass('Foo'), foo);
    assert.equal(b.reads, before);
  });

  it('holds no more committed records in memory than its bound: the others are read again', async () => {
    const b = bench(1);
    const foo = classRecord('Foo');
    await b.commit(b.show({ putClasses: [foo, classRecord('Bar')] }));
    const before = b.reads;
    const back = b.ns.getClass('Foo');
    assert.equal(b.reads, before + 1, 'Foo was read from the database');
    assert.deepEqual(back, foo);
    assert.notEqual(back, foo);
  });

  it('keeps no record of a class put and then deleted in writes committed together', async () => {
    const b = bench();
    const put = b.show({ putClasses: [classRecord('Foo')] });
    const del = b.show({ deleteClasses: ['Foo'] });
    await b.commit(put, del);
    assert.equal(b.ns.getClass('Foo'), undefined);
    assert.deepEqual(b.ns.subclassNames(null), []);
  });

  it('answers the later of two puts of a class committed together', async () => {
    const b = bench();
    const later = classRecord('Foo', 'Other');
    const first = b.show({ putClasses: [classRecord('Foo')] });
    const second = b.show({ putClasses: [later] });
    await b.commit(first, second);
    assert.equal(b.ns.getClass('Foo'), later);
    assert.deepEqual(b.reopen().getClass('Foo'), later);
  });
});

describe('DurableClassStore reads while writes are pending', () => {
  async function withStore(test: (store: ClassStore) => Promise<void>): Promise<void> {
    const repo = new DurableRepository(freshDir());
    try {
      await test(repo.openNamespace(NS));
    } finally {
      await repo.close();
    }
  }

  async function reopened(dir: string): Promise<{ repo: DurableRepository; store: ClassStore }> {
    const repo = new DurableRepository(dir);
    return { repo, store: repo.openNamespace(NS) };
  }

  it('counts instances over stored and pending puts, replacements and deletes', async () => {
    const dir = freshDir();
    const repo = new DurableRepository(dir);
    const store = repo.openNamespace(NS);
    store.apply(
      changes({
        putClasses: [classRecord('Foo')],
        putInstances: [instanceRecord('Foo', 1), instanceRecord('Foo', 2)],
      }),
    );
    await store.flush();
    store.apply(
      changes({ deleteInstances: [{ className: 'Foo', key: instanceRecord('Foo', 1).key }] }),
    );
    assert.equal(store.instanceCount('Foo'), 1, 'a stored instance deleted');
    store.apply(changes({ putInstances: [instanceRecord('Foo', 2, { Again: true })] }));
    assert.equal(store.instanceCount('Foo'), 1, 'a stored instance replaced');
    store.apply(changes({ putInstances: [instanceRecord('Foo', 3)] }));
    assert.equal(store.instanceCount('Foo'), 2, 'a new instance');
    store.apply(changes({ deleteInstances: [{ className: 'Foo', key: 'Foo.Id="404"' }] }));
    assert.equal(store.instanceCount('Foo'), 2, 'an absent instance deleted');
    await store.flush();
    assert.equal(store.instanceCount('Foo'), 2);
    store.apply(changes({ deleteClasses: ['FOO'] }));
    assert.equal(store.instanceCount('Foo'), 0, 'the stored instances of a deleted class');
    assert.deepEqual([...store.instances('Foo')], []);
    await repo.close();
    const again = await reopened(dir);
    assert.equal(again.store.instanceCount('Foo'), 0);
    assert.equal(again.store.hasClass('Foo'), false);
    await again.repo.close();
  });

  it('ignores the delete of a class that is not stored', async () => {
    await withStore(async (store) => {
      store.apply(changes({ putClasses: [classRecord('Foo')] }));
      await store.flush();
      store.apply(changes({ deleteClasses: ['Missing'], putClasses: [classRecord('Bar', 'Foo')] }));
      assert.equal(store.classCount(), 2);
      assert.deepEqual(store.subclassNames('Foo'), ['Bar']);
      await store.flush();
      store.apply(changes({ deleteClasses: ['Missing'] }));
      assert.equal(store.classCount(), 2);
    });
  });

  it('moves a stored class in the subclass index when it is put again under another superclass', async () => {
    const dir = freshDir();
    const repo = new DurableRepository(dir);
    const store = repo.openNamespace(NS);
    store.apply(
      changes({
        putClasses: [classRecord('A'), classRecord('B'), classRecord('Child', 'A')],
      }),
    );
    await store.flush();
    store.apply(changes({ putClasses: [classRecord('child', 'b')] }));
    assert.deepEqual(store.subclassNames('A'), []);
    assert.deepEqual(store.subclassNames('B'), ['child']);
    assert.equal(store.classCount(), 3);
    await repo.close();
    const again = await reopened(dir);
    assert.deepEqual(again.store.subclassNames('a'), []);
    assert.deepEqual(again.store.subclassNames('b'), ['child']);
    assert.deepEqual([...again.store.classNames()].sort(), ['A', 'B', 'child']);
    await again.repo.close();
  });

  it('lists in the same order whatever is pending, committed or reopened', async () => {
    const dir = freshDir();
    const repo = new DurableRepository(dir);
    const store = repo.openNamespace(NS);
    store.apply(
      changes({
        putClasses: [classRecord('Aaa'), classRecord('Ccc'), classRecord('Ddd')],
        putInstances: [
          instanceRecord('Aaa', 1),
          instanceRecord('Aaa', 3),
          instanceRecord('Aaa', 4),
        ],
        putQualifierDeclarations: [declaration('Qa'), declaration('Qc'), declaration('Qd')],
      }),
    );
    await store.flush();
    store.apply(
      changes({
        putClasses: [classRecord('Bbb')],
        putInstances: [instanceRecord('Aaa', 2)],
        putQualifierDeclarations: [declaration('Qb')],
      }),
    );
    const lists = (s: ClassStore) => ({
      base: [...s.subclassNames(null)],
      names: [...s.classNames()],
      instances: [...s.instances('Aaa')].map((i) => i.properties.get('id')?.value),
      declarations: [...s.qualifierDeclarations()].map((d) => d.name),
    });
    const pending = lists(store);
    assert.deepEqual(pending.base, ['Aaa', 'Bbb', 'Ccc', 'Ddd']);
    assert.deepEqual(pending.instances, ['1', '2', '3', '4']);
    assert.deepEqual(pending.declarations, ['Qa', 'Qb', 'Qc', 'Qd']);
    await store.flush();
    assert.deepEqual(lists(store), pending);
    await repo.close();
    const again = await reopened(dir);
    assert.deepEqual(lists(again.store), pending);
    await again.repo.close();
  });

  it('shows nothing of a class put and deleted before one flush, then or after reopen', async () => {
    const dir = freshDir();
    const repo = new DurableRepository(dir);
    const store = repo.openNamespace(NS);
    store.apply(
      changes({ putClasses: [classRecord('Foo')], putInstances: [instanceRecord('Foo', 1)] }),
    );
    store.apply(changes({ deleteClasses: ['Foo'] }));
    await store.flush();
    assert.equal(store.getClass('Foo'), undefined);
    assert.equal(store.instanceCount('Foo'), 0);
    assert.equal(store.classCount(), 0);
    await repo.close();
    const again = await reopened(dir);
    assert.equal(again.store.getClass('Foo'), undefined);
    assert.equal(again.store.classCount(), 0);
    await again.repo.close();
  });
});
