/**
 * @module The rights checks the write turns run on a whole change (`checkMutationRights`) and on
 * a PutInstance's class (`checkInstanceRights`), called directly on change sets the turns' own
 * earlier checks would stop first: which object each refusal names and why the write reaches it,
 * and that a store whose superclass chain is damaged (a cycle, a missing ancestor) is walked to an
 * end.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeSet, ClassRecord } from '../../src/model/change-set.js';
import { EMPTY_CHANGE_SET } from '../../src/model/change-set.js';
import { cimClass, cimInstance, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { nameKey } from '../../src/model/names.js';
import { checkInstanceRights } from '../../src/runtime/turns/instance-rights.js';
import { checkMutationRights } from '../../src/runtime/turns/mutation-rights.js';
import type { TurnScope } from '../../src/runtime/turns/turn.js';
import {
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_WRITE_PROVIDER,
} from '../../src/wbem/security.js';
import { WBEM_E_ACCESS_DENIED } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const STATIC = WBEM_ENABLE | WBEM_FULL_WRITE_REP | WBEM_PARTIAL_WRITE_REP;
const PROVIDER = WBEM_ENABLE | WBEM_WRITE_PROVIDER;
const PARTIAL = WBEM_ENABLE | WBEM_PARTIAL_WRITE_REP;

const record = (local: CimClass): ClassRecord => ({ local, resolved: local });
const dynamic = (name: string, superclass: string | null = null) =>
  cimClass({ name, superclass, qualifiers: [qualifier('Dynamic', true)] });

/** A turn scope over a store of `classes` (instance counts by class name), without providers. */
function scopeOf(classes: readonly CimClass[], instances: Record<string, number> = {}): TurnScope {
  const records = new Map(classes.map((c) => [nameKey(c.name), record(c)]));
  const store = {
    getClass: (name: string) => records.get(nameKey(name)),
    instanceCount: (name: string) => instances[name] ?? 0,
  };
  return {
    store,
    env: { namespace: 'root/test', server: 'HOST', now: () => '0' },
    providers: { registry: { registrations: [] } },
  } as unknown as TurnScope;
}

/** The message `checkMutationRights` refuses `changes` with (it must refuse). */
function refusal(scope: TurnScope, rights: number, changes: Partial<ChangeSet>): string {
  try {
    checkMutationRights(scope, rights, { ...EMPTY_CHANGE_SET, ...changes });
  } catch (e) {
    assert.ok(e instanceof WbemError && e.hresult === WBEM_E_ACCESS_DENIED, String(e));
    return e.detail ?? '';
  }
  return assert.fail('the change was allowed');
}

describe('checkMutationRights: what a refusal names', () => {
  it('the class written, judged on its new definition', () => {
    const scope = scopeOf([]);
    assert.equal(
      refusal(scope, STATIC, { putClasses: [record(dynamic('D'))] }),
      'writing a dynamic (provider-backed) class (class D, the class written) needs WBEM_WRITE_PROVIDER, which the caller does not hold on this namespace',
    );
  });

  it('the class written, as stored', () => {
    const scope = scopeOf([cimClass({ name: 'D' })]);
    assert.match(
      refusal(scope, PROVIDER, { putClasses: [record(dynamic('D'))] }),
      /^writing a static class \(class D, the class written, as stored\) needs WBEM_FULL_WRITE_REP/,
    );
  });

  it('a subclass an update rewrites, judged on its new definition', () => {
    const scope = scopeOf([]);
    assert.match(
      refusal(scope, PROVIDER, {
        putClasses: [record(dynamic('D')), record(cimClass({ name: 'S', superclass: 'D' }))],
      }),
      /^writing a static class \(class S, a subclass the update of D rewrites\) needs/,
    );
  });

  it('the class deleted, and a subclass removed with it', () => {
    const scope = scopeOf([cimClass({ name: 'X' }), dynamic('D'), cimClass({ name: 'S' })]);
    assert.match(
      refusal(scope, PROVIDER, { deleteClasses: ['X'] }),
      /^writing a static class \(class X, the class deleted\) needs WBEM_FULL_WRITE_REP/,
    );
    assert.match(
      refusal(scope, PROVIDER, { deleteClasses: ['D', 'S'] }),
      /^writing a static class \(class S, a subclass removed with D\) needs WBEM_FULL_WRITE_REP/,
    );
  });

  it('the instances a force-mode update removes', () => {
    const scope = scopeOf([dynamic('D')]);
    assert.match(
      refusal(scope, STATIC, { deleteInstancesOf: ['D'] }),
      /^writing an instance of a dynamic class \(an instance of D, removed by the force-mode update of D\) needs WBEM_WRITE_PROVIDER/,
    );
  });

  it('the instance deleted, and the instance written', () => {
    const scope = scopeOf([dynamic('D')]);
    assert.match(
      refusal(scope, STATIC, { deleteInstances: [{ className: 'D', key: 'D=@' }] }),
      /^writing an instance of a dynamic class \(an instance of D, the instance deleted \(D=@\)\)/,
    );
    assert.match(
      refusal(scope, STATIC, { putInstances: [{ key: 'D=@', instance: cimInstance('D') }] }),
      /^writing an instance of a dynamic class \(an instance of D, the instance written\)/,
    );
  });

  it('a qualifier declaration put or deleted, as a static class', () => {
    const scope = scopeOf([]);
    const declaration = { name: 'Q', type: 11, isArray: false, value: true, scopes: [], flavor: 0 };
    for (const changes of [
      { putQualifierDeclarations: [declaration] },
      { deleteQualifierDeclarations: ['Q'] },
    ])
      assert.equal(
        refusal(scope, PROVIDER, changes),
        'writing a static class (class Q, a qualifier declaration) needs WBEM_FULL_WRITE_REP, which the caller does not hold on this namespace',
      );
    // Not judged as a dynamic class: the provider right alone does not pass.
    checkMutationRights(scope, STATIC, {
      ...EMPTY_CHANGE_SET,
      putQualifierDeclarations: [declaration],
    });
  });

  it('an instance of a class derived from a system class, through its ancestors', () => {
    const scope = scopeOf([
      cimClass({ name: 'Mid', superclass: '__EventConsumer' }),
      cimClass({ name: 'Low', superclass: 'Mid' }),
      cimClass({ name: 'Plain' }),
    ]);
    // Two instances of one lineage: the second is judged from what the first walk learnt.
    assert.match(
      refusal(scope, PARTIAL, {
        deleteInstances: [
          { className: 'Plain', key: 'Plain=@' },
          { className: 'Low', key: 'Low=@' },
          { className: 'Mid', key: 'Mid=@' },
        ],
      }),
      /^writing an instance of a system-derived class \(an instance of Low, the instance deleted/,
    );
    assert.match(
      refusal(scope, PARTIAL, {
        deleteInstances: [
          { className: 'Plain', key: 'Plain=@' },
          { className: 'Plain', key: 'Plain=@' },
          { className: 'Mid', key: 'Mid=@' },
        ],
      }),
      /\(an instance of Mid, the instance deleted/,
    );
  });
});

describe('rights checks over a damaged store', () => {
  const cyclic = scopeOf([
    cimClass({ name: 'A', superclass: 'B' }),
    cimClass({ name: 'B', superclass: 'A' }),
    cimClass({ name: 'Orphan', superclass: 'Gone' }),
  ]);

  it('a superclass cycle derives from no system class', () => {
    checkMutationRights(cyclic, PARTIAL, {
      ...EMPTY_CHANGE_SET,
      deleteInstances: [
        { className: 'A', key: 'A=@' },
        { className: 'B', key: 'B=@' },
      ],
    });
    checkInstanceRights(cyclic, 'A', PARTIAL);
  });

  it('a chain that ends at a missing ancestor derives from no system class', () => {
    checkMutationRights(cyclic, PARTIAL, {
      ...EMPTY_CHANGE_SET,
      deleteInstances: [{ className: 'Orphan', key: 'Orphan=@' }],
    });
    checkInstanceRights(cyclic, 'Orphan', PARTIAL);
  });

  it('a cycle through a system class still counts as system-derived', () => {
    const scope = scopeOf([
      cimClass({ name: '__Sys', superclass: 'C' }),
      cimClass({ name: 'C', superclass: '__Sys' }),
    ]);
    assert.throws(() => checkInstanceRights(scope, 'C', PARTIAL), /system-derived/);
  });
});
