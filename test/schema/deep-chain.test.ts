/**
 * Deep inheritance: a deep enumeration and a cascading delete of a chain cost store lookups in
 * proportion to the classes they return or remove (each result still carries its own
 * `__DERIVATION`), and a chain is refused past `MAX_CLASS_DEPTH` with WBEM_E_QUOTA_VIOLATION.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClassRecord } from '../../src/model/change-set.js';
import { cimClass, cimProperty } from '../../src/model/cim-builders.js';
import { MAX_CLASS_DEPTH } from '../../src/schema/class-lookup.js';
import { createClassEnum, deleteClass, putClass } from '../../src/schema/index.js';
import { commit, commitPutClass, ENV, FORCE, intent, outcome } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

/** A store that counts class lookups. */
class CountingStore extends TestStore {
  lookups = 0;
  override getClass(name: string): ClassRecord | undefined {
    this.lookups += 1;
    return super.getClass(name);
  }
}

function chain(depth: number): CountingStore {
  const store = new CountingStore();
  for (let i = 0; i < depth; i++) {
    commitPutClass(
      store,
      cimClass({
        name: `Deep_${i}`,
        superclass: i === 0 ? null : `Deep_${i - 1}`,
        properties: [cimProperty(`P${i % 7}`, 'uint32')],
      }),
    );
  }
  return store;
}

function lookupsOf(store: CountingStore, work: () => void): number {
  store.lookups = 0;
  work();
  return store.lookups;
}

describe('deep inheritance chains', () => {
  const small = chain(1000);
  const large = chain(3000);

  it('builds a chain top-down with lookups linear in its length (3k ≤ 4 × 1k)', () => {
    const a = small.lookups;
    const b = large.lookups;
    assert.ok(b <= 4 * a, `1k: ${a} lookups, 3k: ${b}`);
    const deepest = createClassEnum(small, 'Deep_998', false, {}, ENV)[0];
    assert.deepEqual(
      deepest?.systemProperties?.__DERIVATION,
      Array.from({ length: 999 }, (_, i) => `Deep_${998 - i}`),
    );
  });

  it('gives a class put below a re-parented chain its new __DERIVATION', () => {
    const store = chain(3);
    commitPutClass(store, cimClass({ name: 'Other_Root' }));
    commitPutClass(
      store,
      cimClass({
        name: 'Deep_0',
        superclass: 'Other_Root',
        properties: [cimProperty('P0', 'uint32')],
      }),
      FORCE,
    );
    const mutation = commitPutClass(store, cimClass({ name: 'Deep_3', superclass: 'Deep_2' }));
    const created = mutation.events[0];
    assert.deepEqual(
      created?.eventClass === '__ClassCreationEvent'
        ? created.targetClass?.systemProperties?.__DERIVATION
        : undefined,
      ['Deep_2', 'Deep_1', 'Deep_0', 'Other_Root'],
    );
  });

  it('enumerates a chain deeply with lookups linear in its length (3k ≤ 4 × 1k)', () => {
    let results = 0;
    const enumerate = (store: CountingStore) => () => {
      const classes = createClassEnum(store, 'Deep_0', true, {}, ENV);
      results = classes.length;
      const last = classes[classes.length - 1];
      assert.equal(last?.systemProperties?.__DERIVATION.length, results);
      assert.equal(last?.systemProperties?.__DERIVATION[0], `Deep_${results - 1}`);
      assert.equal(last?.systemProperties?.__DYNASTY, 'Deep_0');
    };
    const a = lookupsOf(small, enumerate(small));
    assert.equal(results, 999);
    const b = lookupsOf(large, enumerate(large));
    assert.equal(results, 2999);
    assert.ok(b <= 4 * a, `1k: ${a} lookups, 3k: ${b}`);
  });

  it('deletes a chain with its subclasses with lookups linear in its length (3k ≤ 4 × 1k)', () => {
    const remove = (store: CountingStore) => () => {
      const mutation = commit(store, deleteClass(store, 'Deep_0', ENV));
      assert.equal(mutation.events.length, store === small ? 1000 : 3000);
      assert.equal(store.classCount(), 0);
    };
    const a = lookupsOf(small, remove(small));
    const b = lookupsOf(large, remove(large));
    assert.ok(b <= 4 * a, `1k: ${a} lookups, 3k: ${b}`);
  });

  it(`fails with WBEM_E_QUOTA_VIOLATION when a class would be number ${MAX_CLASS_DEPTH + 1} of its chain`, () => {
    const store = chain(MAX_CLASS_DEPTH);
    const next = cimClass({ name: 'Deep_Over', superclass: `Deep_${MAX_CLASS_DEPTH - 1}` });
    assert.equal(
      outcome(() => putClass(store, next, intent(), ENV)),
      'WBEM_E_QUOTA_VIOLATION',
    );
    assert.throws(
      () => putClass(store, next, intent(), ENV),
      new RegExp(
        `: Deep_Over would have ${MAX_CLASS_DEPTH} ancestors: a chain holds at most ${MAX_CLASS_DEPTH} classes$`,
      ),
    );
    const sibling = cimClass({ name: 'Deep_Last', superclass: `Deep_${MAX_CLASS_DEPTH - 2}` });
    assert.equal(
      outcome(() => putClass(store, sibling, intent(), ENV)),
      'WBEM_S_NO_ERROR',
    );
  });
});
