/**
 * @module Edges of the schema operations that their behaviour tests do not reach: a store whose
 * subclass index names a class it does not hold (damage; reads skip the name), instances whose
 * keys come from a class default or cannot be read, superclass chains checked on an update, the
 * empty class template, and how member names are shown in messages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { nameKey } from '../../src/model/names.js';
import {
  createClassEnum,
  createInstanceEnum,
  deleteClass,
  getClass,
  getInstance,
  putClass,
  putInstance,
} from '../../src/schema/index.js';
import { shown } from '../../src/schema/read-input.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../../src/wbem/flags.js';
import {
  commit,
  commitPutClass,
  ENV,
  INSTANCE,
  intent,
  refusedWith,
  SAFE,
  UPDATE_ONLY,
} from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const key = qualifier('Key', true);

/** Top ← Mid, whose subclass index also lists `Ghost`, a class the store does not hold. */
function damaged(): TestStore {
  const store = new TestStore();
  commitPutClass(
    store,
    cimClass({ name: 'Top', properties: [cimProperty('Id', 'string', { qualifiers: [key] })] }),
  );
  commitPutClass(store, cimClass({ name: 'Mid', superclass: 'Top' }));
  store.children.get('mid')?.set('ghost', 'Ghost') ??
    store.children.set('mid', new Map([['ghost', 'Ghost']]));
  return store;
}

describe('reads over a damaged subclass index', () => {
  it('createClassEnum, createInstanceEnum, getInstance and deleteClass skip a listed class that is not there', () => {
    const store = damaged();
    commit(store, putInstance(store, cimInstance('Mid', { Id: 'm' }), INSTANCE, ENV));
    assert.deepEqual(
      createClassEnum(store, 'Top', true, {}, ENV).map((c) => c.name),
      ['Mid'],
    );
    assert.deepEqual(
      createInstanceEnum(store, 'Top', true, ENV).map((i) => i.systemProperties?.__RELPATH),
      ['Mid.Id="m"'],
    );
    assert.deepEqual(
      refusedWith(() => getInstance(store, 'Top.Id="none"', ENV)),
      ['WBEM_E_NOT_FOUND', 'instance Top.Id="none" does not exist'],
    );
    const gone = deleteClass(store, 'Mid', ENV);
    assert.deepEqual(gone.changes.deleteClasses, ['Mid', 'Ghost']);
    assert.deepEqual(
      gone.events.map((e) => e.targetClass?.name),
      ['Mid'],
    );
  });

  it('a safe-mode update of a parent re-derives the listed subclasses that are there and skips the rest', () => {
    const store = damaged();
    const put = putClass(
      store,
      cimClass({
        name: 'Top',
        properties: [
          cimProperty('Id', 'string', { qualifiers: [key] }),
          cimProperty('Added', 'string'),
        ],
      }),
      SAFE,
      ENV,
    );
    assert.deepEqual(
      put.changes.putClasses.map((r) => r.local.name),
      ['Top', 'Mid'],
    );
    commit(store, put);
    assert.deepEqual(
      [...(store.getClass('Mid')?.resolved.properties.keys() ?? [])],
      ['id', 'added'],
    );
  });
});

describe('instance paths of enumerated instances', () => {
  it('a key the stored instance lacks takes the class default', () => {
    const store = new TestStore();
    commitPutClass(
      store,
      cimClass({
        name: 'Dflt',
        properties: [cimProperty('Id', 'string', { value: 'd', qualifiers: [key] })],
      }),
    );
    commit(store, putInstance(store, cimInstance('Dflt', {}), INSTANCE, ENV));
    assert.deepEqual(
      createInstanceEnum(store, 'Dflt', false, ENV).map((i) => i.systemProperties?.__RELPATH),
      ['Dflt.Id="d"'],
    );
  });

  it('a stored instance whose keys cannot be read is listed under the bare class path', () => {
    const store = new TestStore();
    commitPutClass(store, cimClass({ name: 'Loose', properties: [cimProperty('P', 'string')] }));
    // Damage: no put stores an instance of a class without keys.
    store.instanceMap.set(
      nameKey('Loose'),
      new Map([['x', { genus: WBEM_GENUS_INSTANCE, className: 'Loose', properties: new Map() }]]),
    );
    assert.deepEqual(
      createInstanceEnum(store, 'Loose', false, ENV).map((i) => i.systemProperties?.__RELPATH),
      ['Loose=@'],
    );
  });
});

describe('putClass: superclass checks and modes', () => {
  /** A ← B ← C. */
  function abc(): TestStore {
    const store = new TestStore();
    commitPutClass(store, cimClass({ name: 'A' }));
    commitPutClass(store, cimClass({ name: 'B', superclass: 'A' }));
    commitPutClass(store, cimClass({ name: 'C', superclass: 'B' }));
    return store;
  }

  it('an update under a parent that has ancestors of its own succeeds', () => {
    const store = abc();
    const put = putClass(store, cimClass({ name: 'C', superclass: 'B' }), intent(), ENV);
    assert.equal(put.events[0]?.eventClass, '__ClassModificationEvent');
    assert.equal(put.events[0]?.targetClass?.amended, undefined);
    assert.equal(put.events[0]?.previousClass?.amended, undefined);
  });

  it('the chain walk ends at a missing ancestor and at a cycle of a damaged store', {
    timeout: 5000,
  }, () => {
    const store = abc();
    commitPutClass(store, cimClass({ name: 'Z' }));
    // Damage: P's superclass is not stored; X and Y derive from each other.
    for (const [name, superclass] of [
      ['P', 'Gone'],
      ['X', 'Y'],
      ['Y', 'X'],
    ] as const) {
      const cls = cimClass({ name, superclass });
      store.classes.set(nameKey(name), { local: cls, resolved: cls });
    }
    for (const parent of ['P', 'X']) {
      const put = putClass(store, cimClass({ name: 'Z', superclass: parent }), intent(), ENV);
      assert.equal(put.events[0]?.eventClass, '__ClassModificationEvent', parent);
    }
  });

  it('update-only of an existing class updates it', () => {
    const store = abc();
    const put = putClass(
      store,
      cimClass({ name: 'C', superclass: 'B', properties: [cimProperty('N', 'uint8')] }),
      UPDATE_ONLY,
      ENV,
    );
    assert.equal(put.events[0]?.eventClass, '__ClassModificationEvent');
  });
});

describe('names in messages', () => {
  it('a member name is shown whole up to 80 characters, and shortened past that', () => {
    assert.equal(shown('x'.repeat(80)), JSON.stringify('x'.repeat(80)));
    assert.equal(shown('x'.repeat(81)), JSON.stringify(`${'x'.repeat(80)}...(81 chars)`));
  });
});

describe('inputs', () => {
  it('an instance whose property list is null gives no properties', () => {
    const store = new TestStore();
    commitPutClass(
      store,
      cimClass({ name: 'Foo', properties: [cimProperty('Id', 'string', { qualifiers: [key] })] }),
    );
    const instance = { genus: WBEM_GENUS_INSTANCE, className: 'Foo', properties: null };
    assert.deepEqual(
      refusedWith(() => putInstance(store, instance, INSTANCE, ENV)),
      ['WBEM_E_NO_KEY', 'the instance of Foo has no key values'],
    );
  });
});

describe('the empty class template', () => {
  it('GetObject with a null, undefined or empty path returns it whole', () => {
    for (const path of [null, undefined, '']) {
      const template = getClass(new TestStore(), path, {}, ENV);
      assert.deepEqual(
        {
          ...template,
          qualifiers: [...template.qualifiers],
          properties: [...template.properties],
          methods: [...template.methods],
        },
        {
          genus: WBEM_GENUS_CLASS,
          name: '',
          superclass: null,
          qualifiers: [],
          properties: [],
          methods: [],
          systemProperties: {
            __GENUS: WBEM_GENUS_CLASS,
            __CLASS: '',
            __SUPERCLASS: null,
            __DYNASTY: '',
            __DERIVATION: [],
            __PROPERTY_COUNT: 0,
            __RELPATH: null,
            __PATH: null,
            __NAMESPACE: null,
            __SERVER: null,
          },
        },
        String(path),
      );
    }
  });
});
