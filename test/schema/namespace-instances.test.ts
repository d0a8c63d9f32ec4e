/**
 * @module Namespaces as `__NAMESPACE` instances of their parent (`namespace-instances.ts`), called
 * directly: creation in each PutInstance mode, deletion, the events each raises, and the reading
 * of a caller's `__NAMESPACE` instance or path. The last block came from `class-reads.test.ts`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import {
  createNamespace,
  deleteNamespace,
  getNamespaces,
  isNamespaceClass,
  NAMESPACE_CLASS,
  namespaceNameOfInstance,
  namespaceNameOfPath,
} from '../../src/schema/namespace-instances.js';
import { hresultName } from '../../src/wbem/status.js';
import { commit, ENV, refusal, refusedWith } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

/** A parent namespace (ENV's) with children `Alpha` and `beta`. */
function parent(): TestStore {
  const store = new TestStore();
  commit(store, createNamespace(store, 'Alpha', ENV));
  commit(store, createNamespace(store, 'beta', ENV));
  return store;
}

const names = (store: TestStore) =>
  getNamespaces(store, null).map((i) => i.properties.get('name')?.value);

describe('namespace instances', () => {
  it('a child is named as given, listed once committed, and no longer once deleted', () => {
    const store = new TestStore();
    const made = createNamespace(store, 'Child', ENV);
    assert.equal(made.name, 'Child');
    commit(store, made);
    assert.deepEqual(names(store), ['Child']);
    commit(store, deleteNamespace(store, 'CHILD', ENV));
    assert.deepEqual(names(store), []);
  });

  it('a damaged __NAMESPACE instance without a Name is listed, and matches no name', () => {
    const store = parent();
    store.instanceMap.get('__namespace')?.set('__NAMESPACE.Name="lost"', {
      genus: 2,
      className: NAMESPACE_CLASS,
      properties: new Map(),
    });
    assert.equal(getNamespaces(store, null).length, 3);
    assert.deepEqual(getNamespaces(store, 'lost'), []);
    assert.equal(getNamespaces(store, 'beta').length, 1);
  });

  it('create-or-update and update-only leave an existing child as it is, as stored', () => {
    for (const mode of ['create-or-update', 'update-only'] as const) {
      const again = createNamespace(parent(), 'ALPHA', ENV, mode);
      assert.equal(again.name, 'Alpha', mode);
      assert.deepEqual(again.events, [], mode);
      assert.deepEqual(again.changes.putInstances, [], mode);
    }
  });

  it('update-only of a missing child is WBEM_E_NOT_FOUND; create-or-update creates it', () => {
    assert.deepEqual(
      refusedWith(() => createNamespace(parent(), 'gamma', ENV, 'update-only')),
      ['WBEM_E_NOT_FOUND', 'namespace root/test/gamma does not exist'],
    );
    const made = createNamespace(parent(), 'gamma', ENV, 'create-or-update');
    assert.equal(made.events[0]?.eventClass, '__NamespaceCreationEvent');
  });

  it('isNamespaceClass: __NAMESPACE in any case, nothing else', () => {
    assert.equal(isNamespaceClass('__namespace'), true);
    assert.equal(isNamespaceClass('__NAMESPACE'), true);
    assert.equal(isNamespaceClass('__NAMESPACEs'), false);
    assert.equal(isNamespaceClass(undefined), false);
    assert.equal(isNamespaceClass(7), false);
  });

  it("the Name of a caller's __NAMESPACE instance, or WBEM_E_NO_KEY without one", () => {
    assert.equal(namespaceNameOfInstance(cimInstance('__NAMESPACE', { Name: 'x' })), 'x');
    assert.deepEqual(
      refusedWith(() => namespaceNameOfInstance(cimInstance('__NAMESPACE', {}))),
      ['WBEM_E_NO_KEY', '__NAMESPACE.Name (its key) is NULL'],
    );
    assert.deepEqual(
      refusedWith(() => namespaceNameOfInstance(cimInstance('__NAMESPACE', { Name: null }))),
      ['WBEM_E_NO_KEY', '__NAMESPACE.Name (its key) is NULL'],
    );
  });

  it('the child a __NAMESPACE path names, by Name or unnamed', () => {
    assert.equal(namespaceNameOfPath('__NAMESPACE.Name="x"'), 'x');
    assert.equal(namespaceNameOfPath('__namespace.name="x"'), 'x');
    assert.equal(namespaceNameOfPath('__NAMESPACE="x"'), 'x');
  });

  it('refuses a __NAMESPACE path of any other shape, quoting at most 300 characters', () => {
    for (const path of [
      'root/other:__NAMESPACE.Name="x"',
      '__NAMESPACE=@',
      '__NAMESPACE.Name="x",Other="y"',
      '__NAMESPACE.Other="x"',
      '__NAMESPACE.Name=5',
    ]) {
      assert.deepEqual(
        refusedWith(() => namespaceNameOfPath(path)),
        [
          'WBEM_E_INVALID_OBJECT_PATH',
          `a __NAMESPACE path has one string key, Name, and no namespace: ${JSON.stringify(path)}`,
        ],
        path,
      );
    }
    const long = `__NAMESPACE.Other="${'x'.repeat(400)}"`;
    assert.equal(
      refusal(() => namespaceNameOfPath(long)).detail,
      `a __NAMESPACE path has one string key, Name, and no namespace: ${JSON.stringify(long.slice(0, 300))}`,
    );
  });
});

describe('Namespaces (__NAMESPACE instances)', () => {
  it('creates a child with its instance and a creation event', () => {
    const m = createNamespace(new TestStore(), 'Child', ENV);
    assert.deepEqual(m.changes.putInstances.length, 1);
    const [put] = m.changes.putInstances;
    assert.equal(put?.key, '__NAMESPACE.Name="Child"');
    assert.equal(put?.instance.className, '__NAMESPACE');
    assert.equal(put?.instance.genus, 2);
    assert.deepEqual(
      [...(put?.instance.properties.entries() ?? [])],
      [['name', { name: 'Name', value: 'Child' }]],
    );
    assert.deepEqual(m.events, [
      {
        eventClass: '__NamespaceCreationEvent',
        namespace: 'root/test',
        timeCreated: '133000000000000000',
        targetNamespace: 'root/test/Child',
      },
    ]);
  });

  it('finds children by name in any case and lists them all', () => {
    const s = new TestStore();
    commit(s, createNamespace(s, 'Child', ENV));
    commit(s, createNamespace(s, 'Other', ENV));
    assert.equal(getNamespaces(s, null).length, 2);
    assert.deepEqual(
      getNamespaces(s, 'CHILD').map((i) => i.properties.get('name')?.value),
      ['Child'],
    );
    assert.deepEqual(getNamespaces(s, 'Missing'), []);
  });

  it('fails with WBEM_E_ALREADY_EXISTS naming the namespace when the child exists in any case', () => {
    const s = new TestStore();
    commit(s, createNamespace(s, 'Child', ENV));
    const err = refusal(() => createNamespace(s, 'CHILD', ENV));
    assert.equal(hresultName(err.hresult), 'WBEM_E_ALREADY_EXISTS');
    assert.match(err.message, /: namespace root\/test\/CHILD already exists$/);
  });

  it('deletes a child named in another case by its stored name, with a deletion event', () => {
    const s = new TestStore();
    commit(s, createNamespace(s, 'Child', ENV));
    const m = deleteNamespace(s, 'child', ENV);
    assert.deepEqual(m.changes.deleteInstances, [
      { className: '__NAMESPACE', key: '__NAMESPACE.Name="Child"' },
    ]);
    assert.deepEqual(m.events, [
      {
        eventClass: '__NamespaceDeletionEvent',
        namespace: 'root/test',
        timeCreated: '133000000000000000',
        targetNamespace: 'root/test/Child',
      },
    ]);
  });

  it('fails with WBEM_E_INVALID_NAMESPACE naming the namespace when there is no such child', () => {
    const err = refusal(() => deleteNamespace(new TestStore(), 'Child', ENV));
    assert.equal(hresultName(err.hresult), 'WBEM_E_INVALID_NAMESPACE');
    assert.match(err.message, /: namespace root\/test\/Child does not exist$/);
  });
});
