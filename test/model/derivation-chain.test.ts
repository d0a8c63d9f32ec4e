/**
 * `__DERIVATION` in chained form: a lazily derived property reads, copies, serialises and compares
 * exactly as the eager array it stands for, and the wire can tell whether it still holds its chain.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import {
  derivationChainOf,
  derivationLink,
  derivationNames,
  lazyDerivation,
  withLazyDerivation,
} from '../../src/model/derivation-chain.js';

const NAMES = ['Deep_2', 'Deep_1', 'Deep_0'];

/** System properties as `classView` gives a class `Deep_3` whose ancestors are `NAMES`. */
function eager(derivation: readonly string[] = NAMES) {
  return {
    __GENUS: 1,
    __CLASS: 'Deep_3',
    __SUPERCLASS: derivation[0] ?? null,
    __DYNASTY: derivation[derivation.length - 1] ?? 'Deep_3',
    __DERIVATION: derivation,
    __PROPERTY_COUNT: 1,
    __RELPATH: 'Deep_3',
    __PATH: '\\\\S\\root:Deep_3',
    __NAMESPACE: 'root',
    __SERVER: 'S',
  };
}

function lazy(names: readonly string[] = NAMES) {
  return withLazyDerivation(eager([...names]), derivationChainOf(names));
}

describe('DerivationChain', () => {
  it('gives back its names nearest first, with the root as dynasty, when built from them', () => {
    const chain = derivationChainOf(NAMES);
    assert.deepEqual(derivationNames(chain), NAMES);
    assert.equal(chain?.dynasty, 'Deep_0');
    assert.equal(chain?.length, 3);
    assert.deepEqual(derivationNames(null), []);
    assert.equal(derivationChainOf([]), null);
  });

  it('shares the superclass chain when a link is put in front of it', () => {
    const parent = derivationChainOf(NAMES);
    const child = derivationLink('Deep_3', parent);
    assert.equal(child.next, parent);
    assert.deepEqual(derivationNames(child), ['Deep_3', ...NAMES]);
    assert.equal(child.dynasty, 'Deep_0');
  });
});

describe('withLazyDerivation', () => {
  it('is deep-strict-equal to the eager object, key order included, when compared', () => {
    const object = lazy();
    assert.deepStrictEqual(object, eager());
    assert.deepEqual(Object.keys(object), Object.keys(eager()));
  });

  it('serialises as the eager object when cloned, stringified or spread', () => {
    assert.deepStrictEqual(structuredClone(lazy()), eager());
    assert.equal(JSON.stringify(lazy()), JSON.stringify(eager()));
    assert.deepStrictEqual({ ...lazy() }, eager());
    assert.deepStrictEqual(Object.entries(lazy()), Object.entries(eager()));
  });

  it('shows the names under util.inspect as the eager object does when logged', () => {
    assert.equal(inspect(lazy()), inspect(eager()));
    assert.equal(
      inspect({ cls: { systemProperties: lazy() } }, { depth: 5 }),
      inspect({ cls: { systemProperties: eager() } }, { depth: 5 }),
    );
  });

  it('becomes an ordinary writable data property when first read', () => {
    const object = lazy();
    const names = object.__DERIVATION;
    assert.ok(Array.isArray(names));
    assert.equal(Object.isFrozen(names), false);
    assert.equal(object.__DERIVATION, names);
    assert.deepEqual(Object.getOwnPropertyDescriptor(object, '__DERIVATION'), {
      value: NAMES,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });

  it('gives each object its own array when two objects share a chain', () => {
    const chain = derivationChainOf(NAMES);
    const a = withLazyDerivation(eager(), chain);
    const b = withLazyDerivation(eager(), chain);
    (a.__DERIVATION as string[]).push('Extra');
    assert.deepEqual(b.__DERIVATION, NAMES);
  });

  it('keeps the assigned value when the property is assigned before any read', () => {
    const object: { __DERIVATION: readonly string[] } = lazy();
    object.__DERIVATION = ['Other'];
    assert.deepEqual(object.__DERIVATION, ['Other']);
    assert.deepStrictEqual({ ...object }, { ...eager(), __DERIVATION: ['Other'] });
  });

  it('returns the same array on every read when the object is frozen', () => {
    const object = Object.freeze(lazy());
    const first = object.__DERIVATION;
    assert.deepEqual(first, NAMES);
    assert.equal(object.__DERIVATION, first);
  });

  it('gives an empty array when the chain is null', () => {
    assert.deepStrictEqual(withLazyDerivation(eager([]), null), eager([]));
  });

  it('leaves its input untouched when it copies it', () => {
    const input = eager();
    withLazyDerivation(input, derivationChainOf(['X']));
    assert.deepStrictEqual(input, eager());
  });
});

describe('lazyDerivation', () => {
  it('gives the chain while the property is unread or unchanged, undefined once changed', () => {
    const chain = derivationChainOf(NAMES);
    const object = withLazyDerivation(eager(), chain);
    assert.equal(lazyDerivation(object), chain);
    assert.deepEqual(object.__DERIVATION, NAMES);
    assert.equal(lazyDerivation(object), chain);
    (object.__DERIVATION as string[])[1] = 'Changed';
    assert.equal(lazyDerivation(object), undefined);
  });

  it('gives undefined when the derivation is an eager array or was replaced', () => {
    assert.equal(lazyDerivation(eager()), undefined);
    const object: { __DERIVATION: readonly string[] } = lazy();
    object.__DERIVATION = ['Other'];
    assert.equal(lazyDerivation(object), undefined);
  });

  it('does not materialise the names when it is asked', () => {
    const object = lazy();
    lazyDerivation(object);
    assert.equal(typeof Object.getOwnPropertyDescriptor(object, '__DERIVATION')?.get, 'function');
  });
});
