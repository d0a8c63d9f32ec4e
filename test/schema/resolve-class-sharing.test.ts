/**
 * @module What the stored views of a class chain share: a class's own members and maps with its
 * local definition, an inherited member with the parent's view when the parent inherited it too,
 * and the members siblings inherit when they are re-derived together. Every stored class keeps
 * its views alive, so a copy where a share was possible costs memory for as long as the class
 * exists; these tests pin each share the store relies on, for classes put below their parents
 * and for the same classes re-derived after their top class changed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClassRecord } from '../../src/model/change-set.js';
import { cimClass, cimMethod, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { commitPutClass, SAFE } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const TO_SUBCLASS = 0x2;
const flows = (name: string, value: string) => qualifier(name, value, { flavor: TO_SUBCLASS });
const stays = (name: string, value: string) => qualifier(name, value);

const top = (extra: readonly ReturnType<typeof cimProperty>[] = []) =>
  cimClass({
    name: 'Top',
    qualifiers: [flows('Flows', 't'), stays('Stays', 's')],
    properties: [
      cimProperty('K', 'string', { qualifiers: [qualifier('Key', true)] }),
      cimProperty('P', 'uint32', { qualifiers: [flows('Units', 'u')] }),
      ...extra,
    ],
    methods: [cimMethod('Run', 'uint32', { qualifiers: [flows('Flows', 'm')] })],
  });
/** A parent none of whose class qualifiers flow, without methods. */
const quiet = (extra: readonly ReturnType<typeof cimProperty>[] = []) =>
  cimClass({
    name: 'Quiet',
    qualifiers: [stays('Stays', 's')],
    properties: [cimProperty('Q', 'string'), ...extra],
  });

const CLASSES = [
  top(),
  cimClass({ name: 'Left', superclass: 'Top', properties: [cimProperty('L', 'string')] }),
  cimClass({ name: 'Right', superclass: 'Top', properties: [cimProperty('R', 'string')] }),
  cimClass({ name: 'LeftLeaf', superclass: 'Left' }),
  cimClass({ name: 'LeftBranch', superclass: 'Left', methods: [cimMethod('Go', 'uint32')] }),
  quiet(),
  cimClass({
    name: 'Loud',
    superclass: 'Quiet',
    qualifiers: [stays('Note', 'n')],
    properties: [cimProperty('X', 'string'), cimProperty('Y', 'uint8')],
    methods: [cimMethod('Go', 'uint32'), cimMethod('Stop', 'uint32')],
  }),
];

function putAll(): TestStore {
  const s = new TestStore();
  for (const c of CLASSES) commitPutClass(s, c);
  return s;
}

/** The classes after both top classes gained a property in safe mode. */
function rederived(): TestStore {
  const s = putAll();
  commitPutClass(s, top([cimProperty('Extra', 'string')]), SAFE);
  commitPutClass(s, quiet([cimProperty('More', 'string')]), SAFE);
  return s;
}

const stores = [
  { how: 'put below its parent', store: putAll() },
  { how: 're-derived after its top class changed', store: rederived() },
];

for (const { how, store } of stores) {
  const record = (name: string): ClassRecord => {
    const r = store.getClass(name);
    assert.ok(r !== undefined, `${name} is stored`);
    return r;
  };
  const view = (name: string) => record(name).resolved;

  describe(`Stored class views (${how})`, () => {
    it('keeps the local maps of a class as its view when nothing flows into them', () => {
      const loud = record('Loud');
      assert.equal(loud.resolved.qualifiers, loud.local.qualifiers);
      assert.equal(loud.resolved.methods, loud.local.methods);
      assert.equal(loud.resolved.properties.get('x'), loud.local.properties.get('x'));
      assert.equal(loud.resolved.properties.get('y'), loud.local.properties.get('y'));
      const base = record('Quiet');
      assert.equal(base.resolved.properties, base.local.properties);
      assert.equal(base.resolved.qualifiers, base.local.qualifiers);
    });

    it('shares one empty map among the classes that declare no property or no method', () => {
      const none = record('LeftLeaf').local;
      assert.equal(none.properties.size, 0);
      assert.equal(none.properties, record('Right').local.methods);
      assert.equal(none.methods, record('Quiet').local.methods);
    });

    it('shares a member the parent already inherited when a subclass inherits it again', () => {
      assert.equal(view('LeftLeaf').properties.get('k'), view('Left').properties.get('k'));
      assert.equal(view('LeftLeaf').properties.get('p'), view('Left').properties.get('p'));
      assert.equal(view('LeftBranch').methods.get('run'), view('Left').methods.get('run'));
    });

    it('shares the parent method map when a subclass declares none and inherits only inherited methods', () => {
      assert.equal(view('LeftLeaf').methods, view('Left').methods);
      assert.notEqual(view('LeftBranch').methods, view('Left').methods);
      assert.deepEqual(
        [...view('LeftBranch').methods.values()].map((m) => `${m.name}:${m.classOrigin}`),
        ['Run:Top', 'Go:LeftBranch'],
      );
    });

    it('shares a class qualifier the parent already inherited when a subclass inherits it again', () => {
      const inherited = view('Left').qualifiers.get('flows');
      assert.ok(inherited !== undefined);
      assert.equal(view('LeftLeaf').qualifiers.get('flows'), inherited);
      assert.equal(view('LeftBranch').qualifiers.get('flows'), inherited);
    });
  });
}

describe('Stored class views (siblings re-derived together)', () => {
  const store = rederived();
  const view = (name: string) => store.getClass(name)?.resolved;

  it('gives siblings the same inherited members and class qualifier map', () => {
    const left = view('Left');
    const right = view('Right');
    assert.ok(left !== undefined && right !== undefined);
    for (const key of ['k', 'p', 'extra']) {
      assert.ok(left.properties.has(key), key);
      assert.equal(left.properties.get(key), right.properties.get(key), key);
    }
    assert.equal(left.methods.get('run'), right.methods.get('run'));
    assert.equal(left.qualifiers, right.qualifiers);
    assert.deepEqual([...left.qualifiers.keys()], ['flows']);
  });
});
