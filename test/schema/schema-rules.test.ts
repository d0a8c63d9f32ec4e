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
