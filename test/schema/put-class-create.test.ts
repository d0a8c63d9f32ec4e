import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { getClass, putClass } from '../../src/schema/index.js';
import {
  CREATE_ONLY,
  caseTitle,
  commitPutClass,
  ENV,
  intent,
  outcome,
  UPDATE_ONLY,
} from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const NONE = intent();

function withFoo(): TestStore {
  const store = new TestStore();
  commitPutClass(
    store,
    cimClass({
      name: 'Foo',
      properties: [cimProperty('a', 'uint32'), cimProperty('b', 'string')],
    }),
  );
  return store;
}

describe('PutClass: creation', () => {
  it('B20: creates Foo with genus 1, no superclass and dynasty Foo', () => {
    const store = new TestStore();
    const m = commitPutClass(store, cimClass({ name: 'Foo' }));
    assert.equal(m.events.length, 1);
    assert.equal(m.events[0]?.eventClass, '__ClassCreationEvent');
    assert.equal(m.events[0]?.targetClass?.name, 'Foo');
    const foo = getClass(store, 'Foo', {}, ENV);
    assert.equal(foo.systemProperties?.__GENUS, 1);
    assert.equal(foo.systemProperties?.__CLASS, 'Foo');
    assert.equal(foo.systemProperties?.__SUPERCLASS, null);
    assert.equal(foo.systemProperties?.__DYNASTY, 'Foo');
    assert.deepEqual(foo.systemProperties?.__DERIVATION, []);
    assert.equal(foo.systemProperties?.__PATH, '\\\\HOST\\root\\test:Foo');
    assert.equal(foo.systemProperties?.__NAMESPACE, 'root\\test');
    assert.equal(foo.systemProperties?.__RELPATH, 'Foo');
  });

  it('B21: fails with WBEM_E_ALREADY_EXISTS when Foo exists and CREATE_ONLY is set, leaving Foo unchanged', () => {
    const store = withFoo();
    const before = store.getClass('Foo');
    assert.equal(
      outcome(() =>
        putClass(
          store,
          cimClass({ name: 'Foo', properties: [cimProperty('z', 'string')] }),
          CREATE_ONLY,
          ENV,
        ),
      ),
      'WBEM_E_ALREADY_EXISTS',
    );
    assert.equal(store.getClass('Foo'), before);
  });

  it('B22: fails with WBEM_E_NOT_FOUND when Foo is absent and UPDATE_ONLY is set', () => {
    const store = new TestStore();
    assert.equal(
      outcome(() => putClass(store, cimClass({ name: 'Foo' }), UPDATE_ONLY, ENV)),
      'WBEM_E_NOT_FOUND',
    );
  });

  it('B23: adds a property to a class without subclasses or instances', () => {
    const store = withFoo();
    const m = commitPutClass(
      store,
      cimClass({
        name: 'Foo',
        properties: [
          cimProperty('a', 'uint32'),
          cimProperty('b', 'string'),
          cimProperty('c', 'boolean'),
        ],
      }),
    );
    assert.equal(m.events[0]?.eventClass, '__ClassModificationEvent');
    assert.ok(getClass(store, 'Foo', {}, ENV).properties.has('c'));
  });

  it('B24: a subclass gets superclass, dynasty, derivation and every inherited property', () => {
    const store = withFoo();
    commitPutClass(store, cimClass({ name: 'Bar', superclass: 'Foo' }));
    const bar = getClass(store, 'Bar', {}, ENV);
    assert.equal(bar.systemProperties?.__SUPERCLASS, 'Foo');
    assert.equal(bar.systemProperties?.__DYNASTY, 'Foo');
    assert.deepEqual(bar.systemProperties?.__DERIVATION, ['Foo']);
    assert.deepEqual(
      [...bar.properties.values()].map((p) => [p.name, p.classOrigin, p.propagated]),
      [
        ['a', 'Foo', true],
        ['b', 'Foo', true],
      ],
    );
  });

  it('B25: __PROPERTY_COUNT counts inherited properties', () => {
    const store = withFoo();
    commitPutClass(
      store,
      cimClass({ name: 'Bar', superclass: 'Foo', properties: [cimProperty('c', 'string')] }),
    );
    assert.equal(getClass(store, 'Bar', {}, ENV).systemProperties?.__PROPERTY_COUNT, 3);
  });

  it('B26: __DERIVATION lists ancestors nearest first', () => {
    const store = withFoo();
    commitPutClass(store, cimClass({ name: 'Bar', superclass: 'Foo' }));
    commitPutClass(store, cimClass({ name: 'Baz', superclass: 'Bar' }));
    const baz = getClass(store, 'Baz', {}, ENV);
    assert.deepEqual(baz.systemProperties?.__DERIVATION, ['Bar', 'Foo']);
    assert.equal(baz.systemProperties?.__DYNASTY, 'Foo');
  });

  const names: { desc: string; name: string; expect: string }[] = [
    { desc: 'B27: starts with _', name: '_Foo', expect: 'WBEM_E_INVALID_OPERATION' },
    {
      desc: 'B28: starts with __ (system name)',
      name: '__Foo',
      expect: 'WBEM_E_INVALID_OPERATION',
    },
    {
      desc: 'writes a system class (__NAMESPACE)',
      name: '__NAMESPACE',
      expect: 'WBEM_E_INVALID_OPERATION',
    },
    { desc: 'B29: ends with _', name: 'Foo_', expect: 'WBEM_E_INVALID_OBJECT' },
    { desc: 'B30: starts with a digit', name: '1Foo', expect: 'WBEM_E_INVALID_PARAMETER' },
    { desc: 'B30: contains a space', name: 'Foo Bar', expect: 'WBEM_E_INVALID_PARAMETER' },
    { desc: 'B30: contains a hyphen', name: 'Foo-Bar', expect: 'WBEM_E_INVALID_PARAMETER' },
    { desc: 'B31: is Acme_Disk', name: 'Acme_Disk', expect: 'WBEM_S_NO_ERROR' },
    {
      desc: 'B36: is 256 characters long',
      name: `A${'b'.repeat(255)}`,
      expect: 'WBEM_E_QUOTA_VIOLATION',
    },
    {
      desc: 'is exactly 255 characters long',
      name: `A${'b'.repeat(254)}`,
      expect: 'WBEM_S_NO_ERROR',
    },
    { desc: 'is a megabyte long', name: 'A'.repeat(1 << 20), expect: 'WBEM_E_QUOTA_VIOLATION' },
    { desc: 'uses non-ASCII letters', name: 'Größe', expect: 'WBEM_S_NO_ERROR' },
  ];
  for (const c of names) {
    it(caseTitle(c.desc.replace(/^((?:B\d+: )?)/, '$1when the class name '), c.expect), () => {
      const store = new TestStore();
      assert.equal(
        outcome(() => putClass(store, cimClass({ name: c.name }), NONE, ENV)),
        c.expect,
      );
    });
  }

  it('B32: fails with WBEM_E_INCOMPLETE_CLASS when the object from GetObject(NULL) has no name', () => {
    const store = new TestStore();
    const template = getClass(store, null, {}, ENV);
    assert.equal(
      outcome(() => putClass(store, template, NONE, ENV)),
      'WBEM_E_INCOMPLETE_CLASS',
    );
    assert.equal(
      outcome(() => putClass(store, { ...cimClass({ name: 'x' }), name: undefined }, NONE, ENV)),
      'WBEM_E_INCOMPLETE_CLASS',
    );
  });

  it('B33: fails with WBEM_E_INVALID_CLASS when the object is an instance', () => {
    const store = new TestStore();
    assert.equal(
      outcome(() => putClass(store, cimInstance('Foo', { a: 1 }), NONE, ENV)),
      'WBEM_E_INVALID_CLASS',
    );
  });

  it('B34: fails with WBEM_E_ALREADY_EXISTS when FOO is created with CREATE_ONLY after Foo', () => {
    const store = withFoo();
    assert.equal(
      outcome(() => putClass(store, cimClass({ name: 'FOO' }), CREATE_ONLY, ENV)),
      'WBEM_E_ALREADY_EXISTS',
    );
  });

  it('A19: keeps the stored spelling when an update changes only the case of the name', () => {
    const store = withFoo();
    const m = commitPutClass(
      store,
      cimClass({
        name: 'FOO',
        properties: [cimProperty('A', 'uint32'), cimProperty('b', 'string')],
      }),
    );
    assert.equal(m.changes.putClasses[0]?.local.name, 'Foo');
    assert.equal(getClass(store, 'foo', {}, ENV).name, 'Foo');
  });

  it('B35: fails with WBEM_E_NOT_FOUND when the superclass does not exist (A1)', () => {
    const store = new TestStore();
    assert.equal(
      outcome(() => putClass(store, cimClass({ name: 'Bar', superclass: 'Deleted' }), NONE, ENV)),
      'WBEM_E_NOT_FOUND',
    );
  });

  it('B1: fails with WBEM_E_INVALID_PARAMETER when the object is null', () => {
    assert.equal(
      outcome(() => putClass(new TestStore(), null, NONE, ENV)),
      'WBEM_E_INVALID_PARAMETER',
    );
  });

  it('B8/B9: a put with the intent of OWNER_UPDATE or CREATE_ONLY|USE_AMENDED succeeds', () => {
    const store = new TestStore();
    assert.equal(
      outcome(() => putClass(store, cimClass({ name: 'Foo' }), intent({ ownerUpdate: true }), ENV)),
      'WBEM_S_NO_ERROR',
    );
    assert.equal(
      outcome(() =>
        putClass(
          store,
          cimClass({ name: 'Foo' }),
          intent({ mode: 'create-only', useAmendedQualifiers: true }),
          ENV,
        ),
      ),
      'WBEM_S_NO_ERROR',
    );
  });

  it('derives from a derivable system class (__ExtrinsicEvent) and refuses a final one', () => {
    const store = new TestStore();
    commitPutClass(
      store,
      cimClass({
        name: 'Acme_Event',
        superclass: '__ExtrinsicEvent',
        properties: [cimProperty('Code', 'uint32')],
      }),
    );
    const ev = getClass(store, 'Acme_Event', {}, ENV);
    assert.deepEqual(ev.systemProperties?.__DERIVATION, [
      '__ExtrinsicEvent',
      '__Event',
      '__IndicationRelated',
      '__SystemClass',
    ]);
    assert.ok(ev.properties.has('time_created'));
    assert.equal(
      outcome(() =>
        putClass(store, cimClass({ name: 'Acme_Ns', superclass: '__NAMESPACE' }), NONE, ENV),
      ),
      'WBEM_E_INVALID_SUPERCLASS',
    );
  });

  it('keeps local parts only when a class read with getClass is written back', () => {
    const store = withFoo();
    commitPutClass(
      store,
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        qualifiers: [qualifier('Q', 1)],
        properties: [cimProperty('c', 'string')],
      }),
    );
    const read = getClass(store, 'Bar', {}, ENV);
    const before = store.getClass('Bar');
    const m = commitPutClass(store, read);
    assert.deepEqual(m.changes.putClasses[0]?.local, before?.local);
    assert.equal(m.events[0]?.eventClass, '__ClassModificationEvent');
  });
});
