/**
 * @module Canonical qualifier sets: a set is replaced only by an earlier one equal in every field
 * and in order, small sets only, and the trie's bound costs sharing but never content. Each test
 * file runs in its own process, so the trie starts empty here; the tests use names of their own
 * so that one test's sets do not answer another's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { NameMap } from '../../src/model/names.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import {
  canonicalQualifierSet,
  MAX_NODES,
  MAX_QUALIFIERS,
  MAX_TEXT,
} from '../../src/schema/canonical-qualifier-sets.js';
import { CIM_BOOLEAN, CIM_REAL64, CIM_SINT32, CIM_STRING } from '../../src/wbem/cim-type.js';
import { commitPutClass } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

type Q = Qualifier;

function set(...qualifiers: readonly Q[]): NameMap<Q> {
  return new Map(qualifiers.map((q) => [q.name.toLowerCase(), { ...q }]));
}
const str = (name: string, value: string | null, flavor = 0): Q => ({
  name,
  type: CIM_STRING,
  value,
  flavor,
});
const num = (name: string, value: number | null, type = CIM_SINT32): Q => ({
  name,
  type,
  value,
  flavor: 0,
});
const list = (name: string, value: readonly string[] | null): Q => ({
  name,
  type: CIM_STRING,
  isArray: true,
  value: value as Q['value'],
  flavor: 0,
});

/** The set that stands for `s`, checked to be equal to it. */
function canonical(s: NameMap<Q>): NameMap<Q> {
  const out = canonicalQualifierSet(s);
  assert.deepEqual([...out.entries()], [...s.entries()]);
  return out;
}

/** True when two sets are read as the same one. */
function joined(a: NameMap<Q>, b: NameMap<Q>): boolean {
  const first = canonical(a);
  return canonical(b) === first;
}

describe('canonicalQualifierSet', () => {
  it('answers a set equal to one read before with that one', () => {
    const first = set(str('Units', 'Bytes'), num('MaxValue', 10));
    assert.equal(canonical(first), first);
    assert.equal(canonical(set(str('Units', 'Bytes'), num('MaxValue', 10))), first);
  });

  it('keeps apart sets that differ in any field or in order', () => {
    const pairs: [string, NameMap<Q>, NameMap<Q>][] = [
      ['name spelling', set(str('Role', 'a')), set(str('ROLE', 'a'))],
      ['type', set(num('Scale', 1)), set(num('Scale', 1, CIM_REAL64))],
      ['flavor', set(str('Note', 'a', 0x2)), set(str('Note', 'a', 0x10))],
      ['value', set(str('Text', 'a')), set(str('Text', 'b'))],
      ['minus zero', set(num('Zero', 0)), set(num('Zero', -0))],
      ['minus zero as text', set(str('Sign', '-0')), set(num('Sign', -0))],
      ['null and empty', set(str('Empty', null)), set(str('Empty', ''))],
      [
        'boolean',
        set({ name: 'On', type: CIM_BOOLEAN, value: true, flavor: 0 }),
        set({ name: 'On', type: CIM_BOOLEAN, value: false, flavor: 0 }),
      ],
      ['array flag', set(str('Shape', null)), set(list('Shape', null))],
      [
        'order',
        set(str('First', 'x'), str('Second', 'y')),
        set(str('Second', 'y'), str('First', 'x')),
      ],
      ['a longer set', set(str('Alone', 'x')), set(str('Alone', 'x'), str('Beside', 'y'))],
    ];
    for (const [what, a, b] of pairs) assert.equal(joined(a, b), false, what);
  });

  it('joins sets of NaN, which equals itself here', () => {
    assert.equal(
      joined(set(num('Odd', Number.NaN, CIM_REAL64)), set(num('Odd', Number.NaN, CIM_REAL64))),
      true,
    );
  });

  it('keeps only small sets without lists', () => {
    const long = 'x'.repeat(MAX_TEXT + 1);
    const edge = 'y'.repeat(MAX_TEXT);
    const many = Array.from({ length: MAX_QUALIFIERS + 1 }, (_, i) => str(`Many${i}`, 'v'));
    const most = Array.from({ length: MAX_QUALIFIERS }, (_, i) => str(`Most${i}`, 'v'));
    assert.equal(joined(set(str('Long', long)), set(str('Long', long))), false);
    assert.equal(joined(set(str('Edge', edge)), set(str('Edge', edge))), true);
    assert.equal(joined(set(...many), set(...many)), false);
    assert.equal(joined(set(...most), set(...most)), true);
    assert.equal(joined(set(list('Listed', ['0', '1'])), set(list('Listed', ['0', '1']))), false);
    assert.equal(joined(set(list('NoList', null)), set(list('NoList', null))), false);
    // The long value or the list is found after a scalar in the same set: nothing of it is kept.
    assert.equal(
      joined(set(str('Short', 'a'), str('Then', long)), set(str('Short', 'a'), str('Then', long))),
      false,
    );
    assert.equal(
      joined(
        set(str('Scalar', 'a'), list('Later', [])),
        set(str('Scalar', 'a'), list('Later', [])),
      ),
      false,
    );
  });

  it('starts again empty once the trie is full, keeping every set whole', () => {
    const before = set(str('Before', 'reset'));
    assert.equal(canonical(before), before);
    for (let i = 0; i < MAX_NODES; i++) canonical(set(str('Filler', `v${i}`)));
    const again = set(str('Before', 'reset'));
    assert.equal(canonical(again), again, 'the set read before the trie started again is gone');
    assert.equal(canonical(set(str('Before', 'reset'))), again, 'and the trie keeps sets again');
  });
});

const QUALIFIER = fc.oneof(
  fc.record({
    name: fc.constantFrom('Key', 'key', 'Units', 'Role'),
    type: fc.constant(CIM_STRING),
    value: fc.constantFrom('', 'a', 'ab', '-0', null),
    flavor: fc.constantFrom(0, 0x2, 0x10),
  }),
  fc.record({
    name: fc.constantFrom('Max', 'Scale'),
    type: fc.constantFrom(CIM_SINT32, CIM_REAL64),
    value: fc.constantFrom(0, -0, 1, Number.NaN, null),
    flavor: fc.constantFrom(0, 0x2),
  }),
  fc.record({
    name: fc.constantFrom('ValueMap', 'Values'),
    type: fc.constant(CIM_STRING),
    isArray: fc.constant(true as const),
    value: fc.option(fc.array(fc.constantFrom('', 'a', 'b', 'ab'), { maxLength: 3 })),
    flavor: fc.constant(0),
  }),
) as fc.Arbitrary<Q>;

const SET = fc.array(QUALIFIER, { maxLength: 3 }).map((qs) => set(...qs));

/** The model: two sets are equal when every field of every qualifier is, in order. */
function sameSet(a: NameMap<Q>, b: NameMap<Q>): boolean {
  if (a.size !== b.size) return false;
  const bs = [...b.values()];
  return [...a.values()].every((q, i) => {
    const r = bs[i] as Q;
    const sameValue =
      Array.isArray(q.value) && Array.isArray(r.value)
        ? q.value.length === r.value.length &&
          q.value.every((v, k) => Object.is(v, (r.value as unknown[])[k]))
        : Object.is(q.value, r.value);
    return (
      q.name === r.name &&
      q.type === r.type &&
      (q.isArray ?? false) === (r.isArray ?? false) &&
      q.flavor === r.flavor &&
      sameValue
    );
  });
}

/** The model of what is kept: no list (the generated strings are all short). */
const kept = (s: NameMap<Q>): boolean => [...s.values()].every((q) => q.isArray !== true);

describe('canonicalQualifierSet, random sets', () => {
  it('never answers a set with one that differs, and joins an equal kept set read next', () => {
    fc.assert(
      fc.property(fc.array(SET, { minLength: 1, maxLength: 30 }), (sets) => {
        const out = sets.map(canonical);
        for (let j = 0; j < sets.length; j++) {
          for (let i = 0; i < j; i++) {
            if (out[i] === out[j])
              assert.ok(
                sameSet(sets[i] as NameMap<Q>, sets[j] as NameMap<Q>),
                `sets ${i} and ${j}`,
              );
          }
          const s = sets[j] as NameMap<Q>;
          const copy = set(...s.values());
          assert.equal(canonical(copy), kept(s) ? out[j] : copy, `a copy of set ${j}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('Stored classes and canonical qualifier sets', () => {
  it('share the qualifier sets that their members repeat', () => {
    const store = new TestStore();
    const member = (name: string) =>
      cimProperty(name, 'string', {
        qualifiers: [qualifier('MaxLen', 64), qualifier('Units', 'Bytes')],
      });
    commitPutClass(store, cimClass({ name: 'One', properties: [member('A'), member('B')] }));
    commitPutClass(store, cimClass({ name: 'Two', properties: [member('C')] }));
    const qualifiersOf = (cls: string, prop: string) =>
      store.getClass(cls)?.local.properties.get(prop)?.qualifiers;
    const shared = qualifiersOf('One', 'a');
    assert.ok(shared !== undefined && shared.size === 2);
    assert.equal(qualifiersOf('One', 'b'), shared);
    assert.equal(qualifiersOf('Two', 'c'), shared);
    assert.equal(store.getClass('Two')?.resolved.properties.get('c')?.qualifiers, shared);
  });
});
