import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { ChangeSet } from '../../src/model/change-set.js';
import type { ClassStore } from '../../src/store/class-store.js';
import { MemoryClassStore } from '../../src/store/memory-class-store.js';
import { MemoryRepository } from '../../src/store/memory-repository.js';
import { runClassStoreSuite } from './class-store.case.js';
import { seed } from './class-store-context.js';
import { changes, classRecord, declaration, instanceRecord, snapshot } from './store-fixtures.js';

runClassStoreSuite('MemoryClassStore', async () => {
  const store = new MemoryClassStore();
  return { store, cleanup: () => store.close() };
});

runClassStoreSuite('MemoryRepository namespace', async () => {
  const repo = new MemoryRepository();
  return { store: repo.openNamespace('root/test'), cleanup: () => repo.close() };
});

describe('MemoryRepository', () => {
  it('returns the same store for a namespace path in any case', () => {
    const repo = new MemoryRepository();
    const store = repo.openNamespace('root/Test');
    store.apply(changes({ putClasses: [classRecord('Foo')] }));
    assert.equal(repo.openNamespace('ROOT/test'), store);
    assert.deepEqual(repo.listNamespaces(), ['root/test']);
  });

  it('forgets a namespace when it is dropped', async () => {
    const repo = new MemoryRepository();
    repo.openNamespace('root/test').apply(changes({ putClasses: [classRecord('Foo')] }));
    await repo.dropNamespace('root/test');
    assert.equal(repo.openNamespace('root/test').classCount(), 0);
  });
});

describe('MemoryClassStore rollback', () => {
  const ctx = { store: new MemoryClassStore() as ClassStore };
  beforeEach(() => {
    ctx.store = new MemoryClassStore();
  });

  const everything = (): ChangeSet =>
    changes({
      deleteClasses: ['Baz'],
      deleteInstances: [{ className: 'Foo', key: instanceRecord('Foo', 1).key }],
      deleteInstancesOf: ['Bar'],
      putClasses: [classRecord('New', 'Foo'), classRecord('Other', 'Foo')],
      putInstances: [instanceRecord('Foo', 3), instanceRecord('Foo', 2)],
      putQualifierDeclarations: [declaration('Fresh')],
      deleteQualifierDeclarations: ['Abstract'],
    });

  it('undoes every change applied since the last flush when rolled back', async () => {
    seed(ctx.store);
    await ctx.store.flush();
    const before = snapshot(ctx.store);
    ctx.store.apply(everything());
    ctx.store.apply(changes({ deleteClasses: ['Foo'], putClasses: [classRecord('Later')] }));
    assert.notDeepEqual(snapshot(ctx.store), before);
    ctx.store.rollback();
    assert.deepEqual(snapshot(ctx.store), before);
  });

  it('keeps what the last flush covered and accepts changes again after a rollback', async () => {
    seed(ctx.store);
    await ctx.store.flush();
    ctx.store.apply(changes({ putClasses: [classRecord('Kept')] }));
    await ctx.store.flush();
    ctx.store.apply(changes({ putClasses: [classRecord('Undone')] }));
    ctx.store.rollback();
    assert.ok(ctx.store.hasClass('Kept'));
    assert.equal(ctx.store.hasClass('Undone'), false);
    ctx.store.apply(changes({ putClasses: [classRecord('After')] }));
    await ctx.store.flush();
    assert.ok(ctx.store.hasClass('After'));
  });
});
