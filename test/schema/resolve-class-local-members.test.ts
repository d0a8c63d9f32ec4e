/**
 * @module `resolveClass` (public) on local definitions that do not come from `putClass`: members
 * without origin fields (as the builders make them) or with stale ones (copied from another
 * class's view). Whatever they carry, a class's own members come out with the class as their
 * origin, not propagated, in their declared order, among members that already were tagged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimMethod, cimProperty } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimMethod } from '../../src/model/cim-method.js';
import type { CimProperty } from '../../src/model/cim-property.js';
import { resolveClass } from '../../src/schema/index.js';

type Tags = Pick<CimProperty, 'classOrigin' | 'propagated'>;

const property = (name: string, tags: Tags) => ({ ...cimProperty(name, 'string'), ...tags });
const method = (name: string, tags: Tags): CimMethod => ({ ...cimMethod(name, 'uint32'), ...tags });

/** Tagged as `putClass` tags them, stale in two ways, untagged: in that order. */
const MIXED: readonly [string, Tags][] = [
  ['Tagged', { classOrigin: 'Mine', propagated: false }],
  ['Foreign', { classOrigin: 'Elsewhere', propagated: false }],
  ['Inherited', { classOrigin: 'Mine', propagated: true }],
  ['Bare', {}],
];

const mine = (superclass: string | null, extra: { p?: CimProperty[]; m?: CimMethod[] } = {}) =>
  cimClass({
    name: 'Mine',
    superclass,
    properties: [...(extra.p ?? []), ...MIXED.map(([n, t]) => property(n, t))],
    methods: [...(extra.m ?? []), ...MIXED.map(([n, t]) => method(n, t))],
  });

const shape = (members: Iterable<{ name: string } & Tags>) =>
  [...members].map((m) => `${m.name}:${m.classOrigin}:${m.propagated}`);

const OWN = MIXED.map(([n]) => `${n}:Mine:false`);

const PARENT = resolveClass(
  cimClass({
    name: 'Parent',
    properties: [cimProperty('Shared', 'string'), cimProperty('Inherited', 'string')],
    methods: [cimMethod('Run', 'uint32')],
  }),
  null,
);
const EMPTY_PARENT = resolveClass(cimClass({ name: 'Empty' }), null);

describe('resolveClass', () => {
  it('tags every member of a base class with the class, in order, when some carry other tags', () => {
    const cls = resolveClass(mine(null), null);
    assert.deepEqual(shape(cls.properties.values()), OWN);
    assert.deepEqual(shape(cls.methods.values()), OWN);
  });

  it('tags new members with the class when the parent has no members', () => {
    const cls = resolveClass(mine('Empty'), EMPTY_PARENT);
    assert.deepEqual(shape(cls.properties.values()), OWN);
    assert.deepEqual(shape(cls.methods.values()), OWN);
  });

  it('tags new members with the class after the inherited ones when the parent has members', () => {
    const cls = resolveClass(
      cimClass({
        name: 'Mine',
        superclass: 'Parent',
        properties: MIXED.filter(([n]) => n !== 'Inherited').map(([n, t]) => property(n, t)),
        methods: MIXED.map(([n, t]) => method(n, t)),
      }),
      PARENT,
    );
    assert.deepEqual(shape(cls.properties.values()), [
      'Shared:Parent:true',
      'Inherited:Parent:true',
      ...OWN.filter((s) => !s.startsWith('Inherited')),
    ]);
    assert.deepEqual(shape(cls.methods.values()), ['Run:Parent:true', ...OWN]);
  });

  it('keeps the parent as origin of an override and tags the other new members with the class', () => {
    const cls: CimClass = resolveClass(mine('Parent'), PARENT);
    assert.deepEqual(shape(cls.properties.values()), [
      'Shared:Parent:true',
      'Inherited:Parent:false',
      ...OWN.filter((s) => !s.startsWith('Inherited')),
    ]);
  });
});
