import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryClassStore } from '../../src/store/memory-class-store.js';
import { MemoryRepository } from '../../src/store/memory-repository.js';
import { WBEM_E_SHUTTING_DOWN } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { changes, classRecord, instanceRecord } from './store-fixtures.js';

function shuttingDown(message: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, WBEM_E_SHUTTING_DOWN >>> 0, error.message);
    assert.equal(error.detail, message);
    return true;
  };
}

describe('MemoryClassStore reads of what is not stored', () => {
  it('answers undefined for an instance of a class that has no instances', () => {
    const store = new MemoryClassStore();
    store.apply(changes({ putClasses: [classRecord('Foo')] }));
    assert.equal(store.getInstance('Foo', instanceRecord('Foo', 1).key), undefined);
    assert.equal(store.getInstance('Nowhere', 'k'), undefined);
  });

  it('lists the keys of the instances of exactly one class, and none for a class without any', () => {
    const store = new MemoryClassStore();
    const one = instanceRecord('Foo', 1);
    const two = instanceRecord('Foo', 2);
    store.apply(
      changes({
        putClasses: [classRecord('Foo'), classRecord('Bar', 'Foo')],
        putInstances: [one, two, instanceRecord('Bar', 3)],
      }),
    );
    assert.deepEqual(store.instanceKeys('FOO'), [one.key, two.key]);
    assert.deepEqual(store.instanceKeys('Other'), []);
  });

  it('treats deleting a class that is not stored as nothing to do', () => {
    const store = new MemoryClassStore();
    store.apply(changes({ putClasses: [classRecord('Foo')] }));
    store.apply(changes({ deleteClasses: ['Missing'] }));
    assert.deepEqual([...store.classNames()], ['Foo']);
  });

  it('treats deleting an instance of a class without instances as nothing to do', () => {
    const store = new MemoryClassStore();
    store.apply(changes({ deleteInstances: [{ className: 'Foo', key: 'k' }] }));
    store.rollback();
    assert.equal(store.instanceCount('Foo'), 0);
  });
});

describe('MemoryClassStore children index', () => {
  it('keeps the order of subclasses when one of them is put again under the same parent', () => {
    const store = new MemoryClassStore();
    store.apply(
      changes({
        putClasses: [classRecord('Foo'), classRecord('A', 'Foo'), classRecord('B', 'Foo')],
      }),
    );
    store.apply(changes({ putClasses: [classRecord('A', 'Foo')] }));
    assert.deepEqual(store.subclassNames('Foo'), ['A', 'B']);
  });

  it('moves a class to its new parent when it is put again under another', () => {
    const store = new MemoryClassStore();
    store.apply(
      changes({
        putClasses: [
          classRecord('P'),
          classRecord('Q'),
          classRecord('A', 'P'),
          classRecord('B', 'P'),
        ],
      }),
    );
    store.apply(changes({ putClasses: [classRecord('A', 'Q')] }));
    assert.deepEqual(store.subclassNames('P'), ['B']);
    assert.deepEqual(store.subclassNames('Q'), ['A']);
  });
});

describe('MemoryClassStore after close', () => {
  it('refuses a change with WBEM_E_SHUTTING_DOWN "store is closed" and applies nothing', async () => {
    const store = new MemoryClassStore();
    await store.close();
    assert.throws(
      () => store.apply(changes({ putClasses: [classRecord('Foo')] })),
      shuttingDown('store is closed'),
    );
    assert.equal(store.classCount(), 0);
  });
});

describe('MemoryRepository', () => {
  it('closes a dropped namespace, and opening it again gives a new empty store', async () => {
    const repo = new MemoryRepository();
    const ns = repo.openNamespace('root/x');
    ns.apply(changes({ putClasses: [classRecord('Foo')] }));
    await repo.dropNamespace('ROOT/X');
    assert.throws(
      () => ns.apply(changes({ putClasses: [classRecord('Bar')] })),
      shuttingDown('store is closed'),
    );
    const again = repo.openNamespace('root/x');
    assert.notEqual(again, ns);
    assert.equal(again.classCount(), 0);
    assert.deepEqual(repo.listNamespaces(), ['root/x']);
  });

  it('drops a namespace that was never opened, and its metadata', async () => {
    const repo = new MemoryRepository();
    await repo.writeMeta('root/y', 'sd', 'text');
    await repo.dropNamespace('root/y');
    assert.equal(repo.readMeta('root/y', 'sd'), undefined);
    assert.deepEqual(repo.listNamespaces(), []);
  });

  it('keeps other metadata of a namespace when one record is removed', async () => {
    const repo = new MemoryRepository();
    await repo.writeMeta('root', 'a', '1');
    await repo.writeMeta('root', 'b', '2');
    await repo.writeMeta('root', 'a', null);
    assert.equal(repo.readMeta('root', 'a'), undefined);
    assert.equal(repo.readMeta('ROOT', 'b'), '2');
    await repo.writeMeta('root', 'b', null);
    assert.equal(repo.readMeta('root', 'b'), undefined);
  });

  it('closes every store it opened when it closes, and lists no namespace afterwards', async () => {
    const repo = new MemoryRepository();
    const a = repo.openNamespace('root/a');
    const b = repo.openNamespace('root/b');
    await repo.writeMeta('root/a', 'sd', 'text');
    await repo.close();
    for (const ns of [a, b]) {
      assert.throws(
        () => ns.apply(changes({ putClasses: [classRecord('Foo')] })),
        shuttingDown('store is closed'),
      );
    }
    assert.deepEqual(repo.listNamespaces(), []);
    assert.equal(repo.readMeta('root/a', 'sd'), undefined);
  });
});
