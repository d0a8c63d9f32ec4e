/**
 * `objectIsA` over objects whose `__DERIVATION` is a shared chain (the class views of the store's
 * WQL reader): the same answers as over eager arrays, without building the arrays.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import { lazyDerivation } from '../../src/model/derivation-chain.js';
import { objectIsA } from '../../src/wql/object-values.js';
import { chainViews } from './helpers/chain-views.js';

describe('objectIsA over chained derivations', () => {
  it('answers as the derivation arrays do, for every class and several ancestors in turn', () => {
    const views = chainViews(200);
    for (const want of ['Root', 'a100', 'A199', 'Other', 'root', 'A5']) {
      for (const view of views) {
        const eager = [view.name, ...(view.systemProperties?.__DERIVATION ?? [])];
        const expected = eager.some((n) => n.toLowerCase() === want.toLowerCase());
        assert.equal(objectIsA(view, want, undefined), expected, `${view.name} ISA ${want}`);
      }
    }
  });

  it('leaves a long __DERIVATION unbuilt while it answers, and reads a short one', () => {
    const views = chainViews(100);
    assert.equal(objectIsA(views[99] as CimClass, 'Root', undefined), true);
    const long = (views[60] as CimClass).systemProperties as object;
    assert.equal(objectIsA(views[60] as CimClass, 'A70', undefined), false);
    assert.equal(lazyDerivation(long)?.length, 60);
    assert.equal(Object.getOwnPropertyDescriptor(long, '__DERIVATION')?.get !== undefined, true);
    const short = (views[10] as CimClass).systemProperties as object;
    assert.equal(objectIsA(views[10] as CimClass, 'A5', undefined), true);
    assert.equal(Object.getOwnPropertyDescriptor(short, '__DERIVATION')?.get, undefined);
  });
});
