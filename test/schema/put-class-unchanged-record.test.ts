/**
 * @module An update that leaves a class exactly as stored hands the stored record back, so that a
 * store writes nothing for it (`ChangeSet.putClasses`); any difference a reader can see, order
 * included, still writes the new record.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { putClass } from '../../src/schema/index.js';
import { commitPutClass, ENV, intent } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

/** The base class as stored, or with its description or the order of its properties changed. */
const base = ({ description = 'a base class', sizeFirst = false } = {}): CimClass => {
  const id = cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] });
  const size = cimProperty('Size', 'uint32', { value: 4 });
  return cimClass({
    name: 'Base',
    qualifiers: [qualifier('Description', description)],
    properties: sizeFirst ? [size, id] : [id, size],
  });
};
const sub = (): CimClass =>
  cimClass({ name: 'Sub', superclass: 'Base', properties: [cimProperty('Extra', 'string')] });

function stored(): TestStore {
  const store = new TestStore();
  commitPutClass(store, base());
  commitPutClass(store, sub());
  return store;
}

describe('PutClass of a class exactly as stored', () => {
  it('hands back the stored record, writes no descendant, and still raises the modification event', () => {
    const store = stored();
    const before = store.getClass('Base');
    const mutation = putClass(store, base(), intent(), ENV);
    assert.equal(mutation.changes.putClasses.length, 1);
    assert.equal(mutation.changes.putClasses[0], before, 'the stored record object itself');
    assert.deepEqual(mutation.changes.deleteInstancesOf, []);
    assert.deepEqual(
      mutation.events.map((e) => e.eventClass),
      ['__ClassModificationEvent'],
    );
  });

  it('hands back the stored record of a subclass put again under the same name spelt otherwise', () => {
    const store = stored();
    const before = store.getClass('Sub');
    const mutation = putClass(
      store,
      cimClass({ name: 'SUB', superclass: 'Base', properties: [cimProperty('Extra', 'string')] }),
      intent(),
      ENV,
    );
    assert.equal(mutation.changes.putClasses[0], before);
  });

  it('writes the new record when only the order of the properties differs', () => {
    const store = stored();
    const before = store.getClass('Base');
    const mutation = putClass(store, base({ sizeFirst: true }), intent(), ENV);
    const written = mutation.changes.putClasses[0];
    assert.notEqual(written, before);
    assert.deepEqual([...(written?.local.properties.keys() ?? [])], ['size', 'id']);
    // The subclass's view follows its parent's new order.
    assert.equal(mutation.changes.putClasses.length, 2);
  });

  it('writes the new record when only a cosmetic qualifier differs', () => {
    const store = stored();
    const before = store.getClass('Base');
    const described = base({ description: 'described again' });
    const written = putClass(store, described, intent(), ENV).changes.putClasses[0];
    assert.notEqual(written, before);
    assert.equal(written?.local.qualifiers.get('description')?.value, 'described again');
  });

  it('hands back the stored record when the superclass is spelt otherwise (its stored spelling is kept)', () => {
    const store = stored();
    const before = store.getClass('Sub');
    const respelt = cimClass({
      name: 'Sub',
      superclass: 'BASE',
      properties: [cimProperty('Extra', 'string')],
    });
    const written = putClass(store, respelt, intent(), ENV).changes.putClasses[0];
    assert.equal(written, before);
    assert.equal(written?.local.superclass, 'Base');
  });

  it('writes the new record when the stored resolved view is not what resolution gives now', () => {
    const store = stored();
    const record = store.getClass('Sub');
    assert.ok(record);
    // A view written by an engine that resolved differently: the put repairs it.
    const stale = { ...record, resolved: { ...record.resolved, properties: new Map() } };
    store.classes.set('sub', stale);
    const written = putClass(store, sub(), intent(), ENV).changes.putClasses[0];
    assert.notEqual(written, stale);
    assert.deepEqual(written?.resolved, record.resolved);
  });
});
