import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryClassStore } from '../../src/store/memory-class-store.js';
import { MemoryRepository } from '../../src/store/memory-repository.js';
import { runClassStoreSuite } from './class-store.case.js';
import { changes, classRecord } from './store-fixtures.js';

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
