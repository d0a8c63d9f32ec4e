import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { DMTF_RULES, getClass, putClass, WMI_RULES } from '../../src/schema/index.js';
import { commit, commitPutClass, ENV, intent, outcome, SAFE } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const abstract = qualifier('Abstract', true);

describe('SchemaRules.abstractBelowConcrete', () => {
  it('B39: fails with WBEM_E_CANNOT_BE_ABSTRACT under WMI rules (the default)', () => {
    const store = new TestStore();
    commitPutClass(store, cimClass({ name: 'Foo' }), intent());
    const bar = cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [abstract] });
    assert.equal(
      outcome(() => putClass(store, bar, intent(), { ...ENV, rules: WMI_RULES })),
      'WBEM_E_CANNOT_BE_ABSTRACT',
    );
    assert.equal(store.hasClass('Bar'), false);
  });

  it('accepts an abstract class under a concrete one under DMTF rules, as DSP0004 does', () => {
    const store = new TestStore();
    const env = { ...ENV, rules: DMTF_RULES };
    commit(store, putClass(store, cimClass({ name: 'Foo' }), intent(), env));
    const bar = cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [abstract] });
    commit(store, putClass(store, bar, intent(), env));
    assert.equal(getClass(store, 'Bar', {}, env).qualifiers.get('abstract')?.value, true);
  });

  it('re-derives an abstract subclass of a concrete class in safe mode under DMTF rules', () => {
    const store = new TestStore();
    const env = { ...ENV, rules: DMTF_RULES };
    commit(store, putClass(store, cimClass({ name: 'Foo' }), intent(), env));
    commit(
      store,
      putClass(
        store,
        cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [abstract] }),
        intent(),
        env,
      ),
    );
    const foo2 = cimClass({ name: 'Foo', properties: [cimProperty('P', 'uint32')] });
    commit(store, putClass(store, foo2, SAFE, env));
    assert.ok(getClass(store, 'Bar', {}, env).properties.has('p'));
  });
});

describe('SchemaRules.referenceOverride (A25)', () => {
  const existing = [
    cimClass({ name: 'Elem' }),
    cimClass({ name: 'Other' }),
    cimClass({
      name: 'Assoc',
      properties: [cimProperty('Dependent', 'ref', { referenceClass: 'Elem' })],
    }),
  ];
  const retarget = cimClass({
    name: 'Retarget',
    superclass: 'Assoc',
    properties: [cimProperty('Dependent', 'ref', { referenceClass: 'Other' })],
  });

  it('accepts an override that changes the reference class to an unrelated one under WMI rules', () => {
    const store = new TestStore();
    for (const cls of existing) commitPutClass(store, cls, intent());
    commit(store, putClass(store, retarget, intent(), { ...ENV, rules: WMI_RULES }));
    assert.equal(
      getClass(store, 'Retarget', {}, ENV).properties.get('dependent')?.referenceClass,
      'Other',
    );
  });

  it('fails with WBEM_E_TYPE_MISMATCH when the override does not narrow the class under DMTF rules', () => {
    const store = new TestStore();
    for (const cls of existing) commitPutClass(store, cls, intent());
    assert.equal(
      outcome(() => putClass(store, retarget, intent(), { ...ENV, rules: DMTF_RULES })),
      'WBEM_E_TYPE_MISMATCH',
    );
  });
});

describe('SchemaRules.singletonBelowKeylessConcrete (A24)', () => {
  const singleton = qualifier('Singleton', true);
  const below = cimClass({ name: 'One', superclass: 'Plain', qualifiers: [singleton] });

  it('accepts a singleton below a concrete class without keys under WMI rules', () => {
    const store = new TestStore();
    commitPutClass(
      store,
      cimClass({ name: 'Plain', properties: [cimProperty('P', 'uint32')] }),
      intent(),
    );
    commit(store, putClass(store, below, intent(), { ...ENV, rules: WMI_RULES }));
    assert.equal(store.hasClass('One'), true);
  });

  it('fails with WBEM_E_CANNOT_BE_SINGLETON below a concrete class under DMTF rules', () => {
    const store = new TestStore();
    const env = { ...ENV, rules: DMTF_RULES };
    commit(store, putClass(store, cimClass({ name: 'Plain' }), intent(), env));
    assert.equal(
      outcome(() => putClass(store, below, intent(), env)),
      'WBEM_E_CANNOT_BE_SINGLETON',
    );
  });

  it('fails with WBEM_E_CANNOT_BE_SINGLETON below a keyed class under either rules', () => {
    const store = new TestStore();
    const keyed = cimClass({
      name: 'Plain',
      properties: [cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] })],
    });
    commitPutClass(store, keyed, intent());
    assert.equal(
      outcome(() => putClass(store, below, intent(), { ...ENV, rules: WMI_RULES })),
      'WBEM_E_CANNOT_BE_SINGLETON',
    );
  });
});

describe('System classes users may derive from (A22)', () => {
  it('accepts a class derived from __ExtendedStatus', () => {
    const store = new TestStore();
    const status = cimClass({
      name: 'Win32_PrivilegesStatus',
      superclass: '__ExtendedStatus',
      properties: [cimProperty('PrivilegesNotHeld', 'string[]')],
    });
    commitPutClass(store, status, intent());
    assert.ok(getClass(store, 'Win32_PrivilegesStatus', {}, ENV).properties.has('statuscode'));
  });
});
