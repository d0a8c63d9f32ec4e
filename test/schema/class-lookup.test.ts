/**
 * @module The class lookups every schema operation reads through (`class-lookup.ts`), called
 * directly: subclasses with the system overlay, descendants and ancestry (bounded even over a
 * damaged store whose superclass links form a cycle), `derivesFrom` and class paths.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass } from '../../src/model/cim-builders.js';
import { nameKey } from '../../src/model/names.js';
import {
  ancestry,
  classNameOfPath,
  derivationMemo,
  derivesFrom,
  descendantNames,
  subclassNamesOf,
} from '../../src/schema/class-lookup.js';
import { commitPutClass } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

/** A → B → C stored the normal way, with D beside B. */
function chain(): TestStore {
  const store = new TestStore();
  commitPutClass(store, cimClass({ name: 'A' }));
  commitPutClass(store, cimClass({ name: 'B', superclass: 'A' }));
  commitPutClass(store, cimClass({ name: 'C', superclass: 'B' }));
  commitPutClass(store, cimClass({ name: 'D', superclass: 'A' }));
  return store;
}

/**
 * A damaged store: X's superclass is Y and Y's is X, and each lists the other as its subclass.
 * `putClass` refuses such a cycle; only damage (or a store written by hand) can hold one.
 */
function cycle(): TestStore {
  const store = new TestStore();
  for (const [name, superclass] of [
    ['X', 'Y'],
    ['Y', 'X'],
  ] as const) {
    const cls = cimClass({ name, superclass });
    store.classes.set(nameKey(name), { local: cls, resolved: cls });
    store.children.set(nameKey(superclass), new Map([[nameKey(name), name]]));
  }
  return store;
}

describe('class lookups', () => {
  it('subclasses of a user class are the stored ones; of a system class, system ones first', () => {
    const store = chain();
    assert.deepEqual(subclassNamesOf(store, 'a').sort(), ['B', 'D']);
    assert.deepEqual(subclassNamesOf(store, 'C'), []);
    const events = subclassNamesOf(store, '__Event');
    assert.ok(events.includes('__InstanceOperationEvent'), events.join());
    assert.ok(subclassNamesOf(store, null).includes('A'));
    assert.ok(subclassNamesOf(store, null).includes('__SystemClass'));
  });

  it('descendants come parents first, and a cycle in a damaged store ends', {
    timeout: 5000,
  }, () => {
    assert.deepEqual(descendantNames(chain(), 'A').sort(), ['B', 'C', 'D']);
    assert.deepEqual(descendantNames(cycle(), 'X'), ['Y']);
  });

  it('ancestry is nearest first, stops at a missing class, and is bounded over a cycle', {
    timeout: 5000,
  }, () => {
    const store = chain();
    assert.deepEqual(ancestry(store, 'B'), ['B', 'A']);
    assert.deepEqual(ancestry(store, null), []);
    assert.deepEqual(ancestry(store, 'Missing'), []);
    const damaged = cycle();
    const names = ancestry(damaged, 'X');
    assert.ok(names.length > damaged.classCount(), `${names.length}`);
    assert.ok(names.length <= damaged.classCount() + 65, `${names.length}`);
  });

  it('the derivation memo gives a base class none and extends a parent asked before', () => {
    const store = chain();
    const derivation = derivationMemo(store);
    assert.deepEqual(derivation('A', null), []);
    assert.deepEqual(derivation('B', 'A'), ['A']);
    assert.deepEqual(derivation('C', 'b'), ['B', 'A']);
  });

  it('derivesFrom: itself in any case, an ancestor, not a sibling, undefined when unknown', () => {
    const store = chain();
    assert.equal(derivesFrom(store, 'c', 'C'), true);
    assert.equal(derivesFrom(store, 'C', 'a'), true);
    assert.equal(derivesFrom(store, 'C', 'D'), false);
    assert.equal(derivesFrom(store, 'Nope', 'A'), undefined);
  });

  it('the class name of a class path, with or without its namespace', () => {
    assert.equal(classNameOfPath('Foo'), 'Foo');
    assert.equal(classNameOfPath('x:Foo'), 'Foo');
    assert.equal(classNameOfPath('root/cimv2:Foo'), 'Foo');
    assert.equal(classNameOfPath('\\\\server\\root\\cimv2:Foo'), 'Foo');
  });
});
