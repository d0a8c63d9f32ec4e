/**
 * @module Namespaces as `__NAMESPACE` instances of their parent (`namespace-instances.ts`), called
 * directly: creation in each PutInstance mode, deletion, the events each raises, and the reading
 * of a caller's `__NAMESPACE` instance or path.
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
import { commit, ENV, refusal } from './helpers/env.js';
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

const failure = (op: () => unknown) => {
  const e = refusal(op);
  return [hresultName(e.hresult), e.detail];
};

describe('namespace instances', () => {
  it('a new child is one __NAMESPACE instance keyed by Name, with its creation event', () => {
    const store = new TestStore();
    const made = createNamespace(store, 'Child', ENV);
    assert.equal(made.name, 'Child');
    assert.deepEqual(
      made.changes.putInstances.map((r) => [
        r.key,
        r.instance.className,
        [...r.instance.properties],
      ]),
      [['__NAMESPACE.Name="Child"', NAMESPACE_CLASS, [['name', { name: 'Name', value: 'Child' }]]]],
    );
    assert.deepEqual(made.events, [
      {
        eventClass: '__NamespaceCreationEvent',
        namespace: 'root/test',
        timeCreated: '133000000000000000',
        targetNamespace: 'root/test/Child',
      },
    ]);
    commit(store, made);
    assert.deepEqual(names(store), ['Child']);
  });

  it('lists every child, or the one named in any case', () => {
    const store = parent();
    assert.deepEqual(names(store).sort(), ['Alpha', 'beta']);
    assert.deepEqual(
      getNamespaces(store, 'ALPHA').map((i) => i.properties.get('name')?.value),
      ['Alpha'],
    );
    assert.deepEqual(getNamespaces(store, 'gamma'), []);
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

  it('create-only refuses an existing child in any case', () => {
    assert.deepEqual(
      failure(() => createNamespace(parent(), 'ALPHA', ENV, 'create-only')),
      ['WBEM_E_ALREADY_EXISTS', 'namespace root/test/ALPHA already exists'],
    );
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
      failure(() => createNamespace(parent(), 'gamma', ENV, 'update-only')),
      ['WBEM_E_NOT_FOUND', 'namespace root/test/gamma does not exist'],
    );
    const made = createNamespace(parent(), 'gamma', ENV, 'create-or-update');
    assert.equal(made.events[0]?.eventClass, '__NamespaceCreationEvent');
  });

  it('deleting a child removes its instance, as stored, with its deletion event', () => {
    const store = parent();
    const gone = deleteNamespace(store, 'BETA', ENV);
    assert.deepEqual(gone.changes.deleteInstances, [
      { className: NAMESPACE_CLASS, key: '__NAMESPACE.Name="beta"' },
    ]);
    assert.deepEqual(gone.events, [
      {
        eventClass: '__NamespaceDeletionEvent',
        namespace: 'root/test',
        timeCreated: '133000000000000000',
        targetNamespace: 'root/test/beta',
      },
    ]);
    commit(store, gone);
    assert.deepEqual(names(store), ['Alpha']);
  });

  it('deleting a missing child is WBEM_E_INVALID_NAMESPACE', () => {
    assert.deepEqual(
      failure(() => deleteNamespace(parent(), 'gamma', ENV)),
      ['WBEM_E_INVALID_NAMESPACE', 'namespace root/test/gamma does not exist'],
    );
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
      failure(() => namespaceNameOfInstance(cimInstance('__NAMESPACE', {}))),
      ['WBEM_E_NO_KEY', '__NAMESPACE.Name (its key) is NULL'],
    );
    assert.deepEqual(
      failure(() => namespaceNameOfInstance(cimInstance('__NAMESPACE', { Name: null }))),
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
        failure(() => namespaceNameOfPath(path)),
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
