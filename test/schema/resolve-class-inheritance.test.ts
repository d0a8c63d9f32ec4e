/**
 * @module Inheritance as `getClass` shows it: member order and origin, which qualifiers flow to a
 * subclass and with which flavor, and how an override merges with what it overrides. Each
 * expectation is checked twice: for subclasses put below their parents, and for the same
 * subclasses re-derived when their top class is updated in safe mode.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cimClass,
  cimMethod,
  cimParameter,
  cimProperty,
  qualifier,
} from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import { getClass } from '../../src/schema/index.js';
import { commitPutClass, ENV, SAFE } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const TO_SUBCLASS = 0x2;
const PROPAGATED = 0x20;
const flows = (name: string, value: string) => qualifier(name, value, { flavor: TO_SUBCLASS });
const stays = (name: string, value: string) => qualifier(name, value);
const key = qualifier('Key', true);
const id = (n: number) => qualifier('ID', n, { flavor: TO_SUBCLASS });
const inQ = qualifier('In', true, { flavor: TO_SUBCLASS });

const base = (extra: readonly ReturnType<typeof cimProperty>[] = []): CimClass =>
  cimClass({
    name: 'Base',
    qualifiers: [flows('Flows', 'c'), stays('Stays', 'c'), key, flows('Also', 'a')],
    properties: [
      cimProperty('B', 'string', {
        qualifiers: [key, flows('Units', 'u'), stays('Local', 'l')],
      }),
      cimProperty('A', 'uint32', {
        value: 1,
        qualifiers: [flows('Description', 'base'), flows('Units', 'base')],
      }),
      ...extra,
    ],
    methods: [
      cimMethod('Run', 'uint32', {
        qualifiers: [flows('Flows', 'm'), qualifier('Key', true)],
        parameters: [
          cimParameter('x', 'uint32', {
            qualifiers: [id(0), inQ, flows('Description', 'px'), key],
          }),
        ],
      }),
      cimMethod('Stop', 'uint32', { qualifiers: [qualifier('Key', true), flows('Flows', 's')] }),
    ],
  });

const SUB = cimClass({
  name: 'Sub',
  superclass: 'Base',
  qualifiers: [stays('Flows', 'own')],
  properties: [
    cimProperty('C', 'string'),
    cimProperty('A', 'uint32', { value: 2, qualifiers: [stays('Description', 'sub')] }),
  ],
  methods: [
    cimMethod('Go', 'uint32'),
    cimMethod('Run', 'uint32', {
      parameters: [cimParameter('x', 'uint32', { qualifiers: [id(0), inQ] })],
    }),
  ],
});
const LEAF = cimClass({ name: 'Leaf', superclass: 'Sub' });
const DEEP = cimClass({
  name: 'Deep',
  superclass: 'Leaf',
  methods: [
    cimMethod('Run', 'uint32', {
      parameters: [cimParameter('x', 'uint32', { qualifiers: [id(0), inQ] })],
    }),
  ],
});
const EMPTY_BASE_CHILD = cimClass({
  name: 'Lone',
  superclass: 'Bare',
  methods: [cimMethod('M', 'uint32')],
});

/** The store two ways: classes put top-down, and the same after `Base` is updated in safe mode. */
function stores(): { readonly how: string; readonly store: TestStore }[] {
  const put = () => {
    const s = new TestStore();
    for (const c of [base(), SUB, LEAF, DEEP, cimClass({ name: 'Bare' }), EMPTY_BASE_CHILD])
      commitPutClass(s, c);
    return s;
  };
  const updated = put();
  commitPutClass(updated, base([cimProperty('Extra', 'string')]), SAFE);
  commitPutClass(updated, cimClass({ name: 'Bare', qualifiers: [stays('Note', 'n')] }), SAFE);
  return [
    { how: 'put below its parent', store: put() },
    { how: 're-derived after its top class changed', store: updated },
  ];
}

const flavorOf = (q: Qualifier | undefined) => (q === undefined ? undefined : [q.value, q.flavor]);
const without = (names: string[], drop: string) => names.filter((n) => n !== drop);

for (const { how, store } of stores()) {
  const read = (name: string) => getClass(store, name, {}, ENV);

  describe(`Inheritance (${how})`, () => {
    it('lists inherited properties first in the parent order, then new ones', () => {
      assert.deepEqual(
        without(
          [...read('Sub').properties.values()].map((p) => p.name),
          'Extra',
        ),
        ['B', 'A', 'C'],
      );
      assert.deepEqual(
        without(
          [...read('Leaf').properties.values()].map((p) => p.name),
          'Extra',
        ),
        ['B', 'A', 'C'],
      );
    });

    it('keeps the origin of inherited and overridden members and marks only inherited ones propagated', () => {
      const shape = (cls: CimClass) =>
        [...cls.properties.values(), ...cls.methods.values()]
          .filter((m) => m.name !== 'Extra')
          .map((m) => `${m.name}:${m.classOrigin}:${m.propagated}`);
      assert.deepEqual(shape(read('Sub')), [
        'B:Base:true',
        'A:Base:false',
        'C:Sub:false',
        'Run:Base:false',
        'Stop:Base:true',
        'Go:Sub:false',
      ]);
      assert.deepEqual(shape(read('Leaf')), [
        'B:Base:true',
        'A:Base:true',
        'C:Sub:true',
        'Run:Base:true',
        'Stop:Base:true',
        'Go:Sub:true',
      ]);
    });

    it('keeps the origin of a method overridden two levels below the class that declares it', () => {
      const run = read('Deep').methods.get('run');
      assert.equal(run?.classOrigin, 'Base');
      assert.equal(run?.propagated, false);
    });

    it('keeps the default an override gives and passes it on', () => {
      assert.equal(read('Sub').properties.get('a')?.value, 2);
      assert.equal(read('Leaf').properties.get('a')?.value, 2);
    });

    it('passes on only ToSubclass class qualifiers, marked propagated, and lets a local one replace them', () => {
      const sub = read('Sub').qualifiers;
      assert.deepEqual(flavorOf(sub.get('flows')), ['own', 0]);
      assert.equal(sub.has('stays'), false);
      assert.equal(sub.has('key'), false);
      assert.deepEqual(flavorOf(sub.get('also')), ['a', TO_SUBCLASS | PROPAGATED]);
      const leaf = read('Leaf').qualifiers;
      assert.deepEqual(flavorOf(leaf.get('flows')), undefined);
      const lone = read('Lone');
      assert.equal(lone.qualifiers.has('note'), false);
    });

    it('passes Key and ToSubclass property qualifiers on, marked propagated, and no others', () => {
      const b = read('Sub').properties.get('b')?.qualifiers;
      assert.deepEqual(flavorOf(b?.get('key')), [true, PROPAGATED]);
      assert.deepEqual(flavorOf(b?.get('units')), ['u', TO_SUBCLASS | PROPAGATED]);
      assert.equal(b?.has('local'), false);
      const leafB = read('Leaf').properties.get('b')?.qualifiers;
      assert.deepEqual(flavorOf(leafB?.get('key')), [true, PROPAGATED]);
      assert.deepEqual(flavorOf(leafB?.get('units')), ['u', TO_SUBCLASS | PROPAGATED]);
    });

    it('merges an overriding property with the qualifiers it does not redeclare', () => {
      const a = read('Sub').properties.get('a')?.qualifiers;
      assert.deepEqual(flavorOf(a?.get('description')), ['sub', 0]);
      assert.deepEqual(flavorOf(a?.get('units')), ['base', TO_SUBCLASS | PROPAGATED]);
      const leafA = read('Leaf').properties.get('a')?.qualifiers;
      assert.equal(leafA?.has('description'), false);
      assert.deepEqual(flavorOf(leafA?.get('units')), ['base', TO_SUBCLASS | PROPAGATED]);
    });

    it('passes on only ToSubclass method qualifiers (Key is not kept on a method)', () => {
      const stop = read('Sub').methods.get('run')?.qualifiers;
      assert.deepEqual(flavorOf(stop?.get('flows')), ['m', TO_SUBCLASS | PROPAGATED]);
      assert.equal(stop?.has('key'), false);
    });

    it('passes on only ToSubclass qualifiers of a method inherited without an override', () => {
      for (const cls of ['Sub', 'Leaf']) {
        const stop = read(cls).methods.get('stop')?.qualifiers;
        assert.deepEqual(flavorOf(stop?.get('flows')), ['s', TO_SUBCLASS | PROPAGATED], cls);
        assert.equal(stop?.has('key'), false, cls);
      }
    });

    it('merges an overriding method parameter with the qualifiers it does not redeclare', () => {
      const x = read('Sub').methods.get('run')?.parameters.get('x')?.qualifiers;
      assert.deepEqual(flavorOf(x?.get('description')), ['px', TO_SUBCLASS | PROPAGATED]);
      assert.deepEqual(flavorOf(x?.get('id')), [0, TO_SUBCLASS]);
      assert.equal(x?.has('key'), false);
      const leafX = read('Leaf').methods.get('run')?.parameters.get('x')?.qualifiers;
      assert.deepEqual(flavorOf(leafX?.get('description')), ['px', TO_SUBCLASS | PROPAGATED]);
    });

    it('keeps the methods a class declares below a parent that has none', () => {
      const lone = read('Lone');
      assert.deepEqual(
        [...lone.methods.values()].map((m) => `${m.name}:${m.classOrigin}:${m.propagated}`),
        ['M:Lone:false'],
      );
    });
  });
}
