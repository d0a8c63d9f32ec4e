/**
 * `visibleNamespaces` over a stub engine (a namespace tree and a rights table): the walk down
 * every level, the connection made as the viewer with its `remote` flag, the namespaces left out
 * (refused, vanished), the errors passed on, and the order.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cimInstance,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_FAILED,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_NOT_FOUND,
  WBEM_E_SHUTTING_DOWN,
  WBEM_FLAG_SHALLOW,
  type WbemEngine,
  WbemError,
} from '../../src/index.js';
import { visibleNamespaces } from '../../src/server/visible-namespaces.js';

interface StubOptions {
  /** Children's `Name` values by namespace path (lower-cased); a missing entry has none. */
  readonly tree: Readonly<Record<string, readonly (string | null)[]>>;
  /** The HRESULT refusing the viewer's connection to a namespace (lower-cased path). */
  readonly refuse?: Readonly<Record<string, number>>;
  /** The HRESULT failing the engine's own enumeration of a namespace's children. */
  readonly failWalk?: Readonly<Record<string, number>>;
  /** Every viewer connection, as `namespace user remote`. */
  readonly log?: string[];
}

function stubEngine(options: StubOptions): WbemEngine {
  return {
    connectServer: async (namespace: string, who?: { user: string; remote: boolean }) => {
      const key = namespace.toLowerCase();
      if (who !== undefined) {
        options.log?.push(`${namespace} ${who.user} ${who.remote}`);
        const hr = options.refuse?.[key];
        if (hr !== undefined) throw new WbemError(hr, { message: 'refused' });
        return {};
      }
      return {
        createInstanceEnum: async (className: string, flags: number) => {
          assert.equal(className, '__NAMESPACE');
          assert.equal(flags, WBEM_FLAG_SHALLOW);
          const hr = options.failWalk?.[key];
          if (hr !== undefined) throw new WbemError(hr, { message: 'walk failed' });
          return (options.tree[key] ?? []).map((name) =>
            name === null
              ? cimInstance('__NAMESPACE', {})
              : cimInstance('__NAMESPACE', { Name: name }),
          );
        },
      };
    },
  } as unknown as WbemEngine;
}

const ALICE = { user: 'alice', remote: false };

describe('visibleNamespaces', () => {
  it('lists every namespace of the tree, however deep, sorted without regard to case', async () => {
    const engine = stubEngine({
      tree: {
        root: ['cimv2', 'Interop', 'a'],
        'root/cimv2': ['Sub'],
        'root/cimv2/sub': ['deeper'],
        'root/a': [],
      },
    });
    assert.deepEqual(await visibleNamespaces(engine, ALICE), [
      'root',
      'root/a',
      'root/cimv2',
      'root/cimv2/Sub',
      'root/cimv2/Sub/deeper',
      'root/Interop',
    ]);
  });

  it('connects to each one as the viewer, remote or not', async () => {
    const log: string[] = [];
    const engine = stubEngine({ tree: { root: ['x'] }, log });
    await visibleNamespaces(engine, { user: 'bob', remote: true });
    assert.deepEqual(log.sort(), ['root bob true', 'root/x bob true']);
  });

  it('leaves out a namespace the viewer may not connect to, or that vanished, and keeps its children', async () => {
    const engine = stubEngine({
      tree: { root: ['denied', 'gone', 'missing', 'ok'], 'root/denied': ['child'] },
      refuse: {
        'root/denied': WBEM_E_ACCESS_DENIED,
        'root/gone': WBEM_E_INVALID_NAMESPACE,
        'root/missing': WBEM_E_NOT_FOUND,
      },
    });
    assert.deepEqual(await visibleNamespaces(engine, ALICE), [
      'root',
      'root/denied/child',
      'root/ok',
    ]);
  });

  it('skips a child without a name, and the children of a namespace that vanished or is refused during the walk', async () => {
    const engine = stubEngine({
      tree: {
        root: [null, '', 'a', 'b', 'c', 'd'],
        'root/a': ['x'],
        'root/b': ['y'],
        'root/c': ['z'],
      },
      failWalk: {
        'root/a': WBEM_E_INVALID_NAMESPACE,
        'root/b': WBEM_E_NOT_FOUND,
        'root/c': WBEM_E_ACCESS_DENIED,
      },
    });
    assert.deepEqual(await visibleNamespaces(engine, ALICE), [
      'root',
      'root/a',
      'root/b',
      'root/c',
      'root/d',
    ]);
  });

  it('passes on any other failure of the walk or of the viewer connection', async () => {
    await assert.rejects(
      visibleNamespaces(
        stubEngine({ tree: { root: ['a'] }, failWalk: { 'root/a': WBEM_E_FAILED } }),
        ALICE,
      ),
      (error: unknown) => error instanceof WbemError && error.hresult === WBEM_E_FAILED,
    );
    await assert.rejects(
      visibleNamespaces(
        stubEngine({ tree: { root: ['a'] }, refuse: { 'root/a': WBEM_E_SHUTTING_DOWN } }),
        ALICE,
      ),
      (error: unknown) => error instanceof WbemError && error.hresult === WBEM_E_SHUTTING_DOWN,
    );
  });

  it('lists nothing when the viewer may not even open root', async () => {
    const engine = stubEngine({ tree: { root: [] }, refuse: { root: WBEM_E_ACCESS_DENIED } });
    assert.deepEqual(await visibleNamespaces(engine, ALICE), []);
  });
});
