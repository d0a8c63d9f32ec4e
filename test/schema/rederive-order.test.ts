/**
 * Re-derivation keeps every stored view exactly what resolving the class afresh gives, member
 * order included: GetClass shows a subclass's inherited members in its superclass's order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { commitPutClass, intent } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const keys = (map: ReadonlyMap<string, unknown> | undefined): string[] =>
  [...(map ?? [])].map(([k]) => k);

describe('PutClass re-derivation', () => {
  it('puts the subclasses again when the superclass only reorders its properties', () => {
    const store = new TestStore();
    const props = ['p', 'q'].map((n) => cimProperty(n, 'string'));
    commitPutClass(store, cimClass({ name: 'A', properties: props }));
    commitPutClass(
      store,
      cimClass({ name: 'B', superclass: 'A', properties: [cimProperty('r', 'string')] }),
    );
    commitPutClass(store, cimClass({ name: 'C', superclass: 'B' }));
    const mutation = commitPutClass(
      store,
      cimClass({ name: 'A', properties: [...props].reverse() }),
    );
    assert.deepEqual(
      mutation.changes.putClasses.map((r) => r.local.name),
      ['A', 'B', 'C'],
    );
    assert.deepEqual(keys(store.getClass('B')?.resolved.properties), ['q', 'p', 'r']);
    assert.deepEqual(keys(store.getClass('C')?.resolved.properties), ['q', 'p', 'r']);
  });

  it('puts the subclasses again when the superclass only reorders its propagated qualifiers', () => {
    const store = new TestStore();
    const qs = ['X', 'Y'].map((n) => qualifier(n, 'v', { flavor: 0x2 }));
    commitPutClass(store, cimClass({ name: 'A', qualifiers: qs }));
    commitPutClass(store, cimClass({ name: 'B', superclass: 'A' }));
    const mutation = commitPutClass(store, cimClass({ name: 'A', qualifiers: [...qs].reverse() }));
    assert.deepEqual(
      mutation.changes.putClasses.map((r) => r.local.name),
      ['A', 'B'],
    );
    assert.deepEqual(keys(store.getClass('B')?.resolved.qualifiers), ['y', 'x']);
  });

  it('leaves the subclasses out when the superclass is put again unchanged', () => {
    const store = new TestStore();
    const a = cimClass({ name: 'A', properties: [cimProperty('p', 'string')] });
    commitPutClass(store, a);
    commitPutClass(store, cimClass({ name: 'B', superclass: 'A' }));
    const mutation = commitPutClass(store, a, intent({ update: 'safe' }));
    assert.deepEqual(
      mutation.changes.putClasses.map((r) => r.local.name),
      ['A'],
    );
  });
});
