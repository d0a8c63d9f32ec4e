/**
 * @module What readers of classes and namespaces get: the system properties of a class from
 * `getClass`, `createClassEnum` and the events of `deleteClass`, the amended mark, and the messages
 * of refused reads (namespace operations: `namespace-instances.test.ts`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimProperty } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { createClassEnum, deleteClass, getClass } from '../../src/schema/index.js';
import { hresultName } from '../../src/wbem/status.js';
import { commitPutClass, ENV, refusal } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

function chain(): TestStore {
  const s = new TestStore();
  commitPutClass(s, cimClass({ name: 'Top', properties: [cimProperty('A', 'string')] }));
  commitPutClass(s, cimClass({ name: 'Mid', superclass: 'Top' }));
  commitPutClass(s, cimClass({ name: 'Leaf', superclass: 'Mid' }));
  commitPutClass(s, cimClass({ name: 'Twig', superclass: 'Mid' }));
  commitPutClass(s, cimClass({ name: 'Tip', superclass: 'Leaf' }));
  commitPutClass(s, cimClass({ name: 'Other', properties: [cimProperty('B', 'string')] }));
  return s;
}

const derivations = (classes: readonly CimClass[]) =>
  Object.fromEntries(classes.map((c) => [c.name, c.systemProperties?.__DERIVATION]));

describe('GetObject (class system properties)', () => {
  it('gives a derived class its superclass, dynasty, derivation, counts and paths', () => {
    assert.deepEqual(getClass(chain(), 'tip', {}, ENV).systemProperties, {
      __GENUS: 1,
      __CLASS: 'Tip',
      __SUPERCLASS: 'Leaf',
      __DYNASTY: 'Top',
      __DERIVATION: ['Leaf', 'Mid', 'Top'],
      __PROPERTY_COUNT: 1,
      __RELPATH: 'Tip',
      __PATH: '\\\\HOST\\root\\test:Tip',
      __NAMESPACE: 'root\\test',
      __SERVER: 'HOST',
    });
  });

  it('gives a base class no superclass and itself as dynasty', () => {
    const sp = getClass(chain(), 'Top', {}, ENV).systemProperties;
    assert.equal(sp?.__SUPERCLASS, null);
    assert.equal(sp?.__DYNASTY, 'Top');
    assert.deepEqual(sp?.__DERIVATION, []);
  });

  it('spells __NAMESPACE and __PATH as the environment gives the namespace text', () => {
    const env = { ...ENV, namespaceText: 'ROOT\\Test' };
    const sp = getClass(chain(), 'Mid', {}, env).systemProperties;
    assert.equal(sp?.__NAMESPACE, 'ROOT\\Test');
    assert.equal(sp?.__PATH, '\\\\HOST\\ROOT\\Test:Mid');
  });

  it('marks the class amended only when read with amended qualifiers', () => {
    assert.equal(getClass(chain(), 'Mid', { useAmendedQualifiers: true }, ENV).amended, true);
    assert.equal('amended' in getClass(chain(), 'Mid', {}, ENV), false);
    assert.equal(
      'amended' in getClass(chain(), 'Mid', { useAmendedQualifiers: false }, ENV),
      false,
    );
  });

  it('fails with WBEM_E_INVALID_PARAMETER when the read options are not an object', () => {
    const err = refusal(() => getClass(chain(), 'Mid', 'amended' as never, ENV));
    assert.equal(hresultName(err.hresult), 'WBEM_E_INVALID_PARAMETER');
    assert.match(err.message, /: read options must be an object$/);
    for (const options of [null, undefined]) {
      const cls = getClass(chain(), 'Mid', options as never, ENV);
      assert.equal(cls.name, 'Mid');
      assert.equal('amended' in cls, false);
    }
  });

  it('names the class it cannot find, shortened to 300 characters', () => {
    const err = refusal(() => getClass(chain(), 'Nope', {}, ENV));
    assert.equal(hresultName(err.hresult), 'WBEM_E_NOT_FOUND');
    assert.match(err.message, /: class "Nope" does not exist$/);
    const long = refusal(() => getClass(chain(), 'n'.repeat(400), {}, ENV));
    assert.match(long.message, /: class "n{300}" does not exist$/);
  });

  it('fails with WBEM_E_INVALID_PARAMETER naming the defect when the name is not a string', () => {
    const err = refusal(() => getClass(chain(), 7, {}, ENV));
    assert.match(err.message, /: the class name is not a string$/);
  });
});

describe('CreateClassEnum (system properties and messages)', () => {
  it('gives every enumerated class the derivation getClass gives it', () => {
    const s = chain();
    for (const from of [null, 'Top', 'Mid']) {
      const classes = createClassEnum(s, from, true, {}, ENV);
      for (const c of classes) {
        assert.deepEqual(
          c.systemProperties,
          getClass(s, c.name, {}, ENV).systemProperties,
          `${c.name} from ${from}`,
        );
      }
    }
  });

  it('enumerates from the top when the superclass is undefined, as for null', () => {
    const names = (from: unknown) =>
      createClassEnum(chain(), from, false, {}, ENV).map((c) => c.name);
    assert.deepEqual(names(undefined), names(null));
    assert.ok(names(undefined).includes('Top'));
  });

  it('lists descendants parents before children', () => {
    const names = createClassEnum(chain(), 'Top', true, {}, ENV).map((c) => c.name);
    assert.deepEqual(names, ['Mid', 'Leaf', 'Twig', 'Tip']);
    assert.deepEqual(derivations(createClassEnum(chain(), 'Leaf', true, {}, ENV)), {
      Tip: ['Leaf', 'Mid', 'Top'],
    });
  });

  it('marks every enumerated class amended only when asked', () => {
    assert.ok(createClassEnum(chain(), null, false, {}, ENV).every((c) => !('amended' in c)));
  });

  it('fails with WBEM_E_INVALID_PARAMETER naming the defect for a non-boolean deep or superclass', () => {
    const deep = refusal(() => createClassEnum(chain(), 'Top', 'yes', {}, ENV));
    assert.equal(hresultName(deep.hresult), 'WBEM_E_INVALID_PARAMETER');
    assert.match(deep.message, /: deep must be a boolean$/);
    const name = refusal(() => createClassEnum(chain(), 5, true, {}, ENV));
    assert.equal(hresultName(name.hresult), 'WBEM_E_INVALID_PARAMETER');
    assert.match(name.message, /: the superclass name is not a string$/);
  });

  it('fails with WBEM_E_INVALID_CLASS naming the superclass when it does not exist', () => {
    const err = refusal(() => createClassEnum(chain(), 'Nope', false, {}, ENV));
    assert.equal(hresultName(err.hresult), 'WBEM_E_INVALID_CLASS');
    assert.match(err.message, /: class "Nope" does not exist$/);
  });
});

describe('DeleteClass (events and messages)', () => {
  it('deletes the class and its descendants parents first, with one deletion event each', () => {
    const s = chain();
    const m = deleteClass(s, 'root\\test:mid', ENV);
    assert.deepEqual(m.changes.deleteClasses, ['Mid', 'Leaf', 'Twig', 'Tip']);
    assert.deepEqual(m.changes.putClasses, []);
    assert.deepEqual(
      m.events.map((e) => [e.eventClass, e.namespace, e.timeCreated, e.targetClass?.name]),
      [
        ['__ClassDeletionEvent', 'root/test', '133000000000000000', 'Mid'],
        ['__ClassDeletionEvent', 'root/test', '133000000000000000', 'Leaf'],
        ['__ClassDeletionEvent', 'root/test', '133000000000000000', 'Twig'],
        ['__ClassDeletionEvent', 'root/test', '133000000000000000', 'Tip'],
      ],
    );
    for (const e of m.events) {
      const name = e.targetClass?.name ?? '';
      assert.deepEqual(
        e.targetClass?.systemProperties,
        getClass(s, name, {}, ENV).systemProperties,
      );
      assert.equal('amended' in (e.targetClass ?? {}), false);
    }
  });

  it('names the class in each refusal', () => {
    const cases: [unknown, string, RegExp][] = [
      ['', 'WBEM_E_INVALID_PARAMETER', /: a class name is required$/],
      [null, 'WBEM_E_INVALID_PARAMETER', /: a class name is required$/],
      ['__NAMESPACE', 'WBEM_E_INVALID_OPERATION', /: system class __NAMESPACE cannot be deleted$/],
      ['Nope', 'WBEM_E_NOT_FOUND', /: class "Nope" does not exist$/],
      [
        `__${'N'.repeat(400)}`,
        'WBEM_E_INVALID_OPERATION',
        /: system class __N{298} cannot be deleted$/,
      ],
      ['N'.repeat(400), 'WBEM_E_NOT_FOUND', /: class "N{300}" does not exist$/],
    ];
    for (const [name, hresult, message] of cases) {
      const err = refusal(() => deleteClass(chain(), name, ENV));
      assert.equal(hresultName(err.hresult), hresult);
      assert.match(err.message, message);
    }
  });
});
