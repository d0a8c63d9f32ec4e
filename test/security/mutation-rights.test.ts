/**
 * The rights check of a whole change inside a turn (`checkMutationRights`), over a counting stand-in
 * for the namespace's store: what it refuses, and that a cascade over a deep chain reads the store
 * a number of times linear in the chain's length.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeSet, ClassRecord } from '../../src/model/change-set.js';
import { EMPTY_CHANGE_SET } from '../../src/model/change-set.js';
import { cimClass, qualifier } from '../../src/model/cim-builders.js';
import { nameKey } from '../../src/model/names.js';
import { checkMutationRights } from '../../src/runtime/turns/mutation-rights.js';
import type { TurnScope } from '../../src/runtime/turns/turn.js';
import { DEFAULT_USER_RIGHTS } from '../../src/security/default-descriptor.js';
import { WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import { WBEM_ENABLE, WBEM_PARTIAL_WRITE_REP } from '../../src/wbem/security.js';
import { WBEM_E_ACCESS_DENIED } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

/** A chain `C0 ← C1 ← … ← C(n-1)`, `C0` dynamic, one instance in every class. */
function chainScope(n: number, options: { staticFrom?: number; root?: string } = {}) {
  const records = new Map<string, ClassRecord>();
  for (let i = 0; i < n; i++) {
    const dynamic = options.staticFrom === undefined || i < options.staticFrom;
    const local = cimClass({
      name: `C${i}`,
      superclass: i === 0 ? (options.root ?? null) : `C${i - 1}`,
      qualifiers: dynamic ? [qualifier('Dynamic', true)] : [],
    });
    records.set(nameKey(local.name), { local, resolved: local });
  }
  let reads = 0;
  const store = {
    getClass(name: string) {
      reads += 1;
      return records.get(nameKey(name));
    },
    instanceCount: (name: string) => (records.has(nameKey(name)) ? 1 : 0),
  };
  const scope = {
    store,
    env: { namespace: 'root', server: '.', now: () => '0' },
    providers: { registry: { registrations: [] } },
  } as unknown as TurnScope;
  const cascade: ChangeSet = {
    ...EMPTY_CHANGE_SET,
    deleteClasses: [...records.values()].map((r) => r.local.name),
  };
  return { scope, cascade, reads: () => reads };
}

const denied = (e: unknown): boolean =>
  e instanceof WbemError && e.hresult === WBEM_E_ACCESS_DENIED;

describe('checkMutationRights', () => {
  it('fails with WBEM_E_ACCESS_DENIED when a cascade reaches a static class below dynamic ones', () => {
    const { scope, cascade } = chainScope(10, { staticFrom: 7 });
    assert.throws(
      () => checkMutationRights(scope, DEFAULT_USER_RIGHTS, cascade),
      (e: unknown) => {
        assert.ok(denied(e));
        assert.match((e as Error).message, /class C7, a subclass removed with C0/);
        return true;
      },
    );
  });

  it('grants a default user a cascade over dynamic classes and their instances', () => {
    const { scope, cascade } = chainScope(10);
    checkMutationRights(scope, DEFAULT_USER_RIGHTS, cascade);
  });

  it('fails with WBEM_E_ACCESS_DENIED when partial write removes an instance derived from a system class', () => {
    const { scope } = chainScope(5, { staticFrom: 0, root: '__ExtendedStatus' });
    const change = { ...EMPTY_CHANGE_SET, deleteInstances: [{ className: 'C4', key: 'C4=@' }] };
    const partial = WBEM_ENABLE | WBEM_PARTIAL_WRITE_REP;
    assert.throws(() => checkMutationRights(scope, partial, change), denied);
    const plain = chainScope(5, { staticFrom: 0 });
    checkMutationRights(plain.scope, partial, change);
  });

  it('reads the store a number of times linear in the length of a 20,000-deep cascade', () => {
    const n = 20_000;
    const { scope, cascade, reads } = chainScope(n, { root: '__ExtendedStatus' });
    checkMutationRights(scope, WBEM_ALL_RIGHTS, cascade);
    assert.ok(reads() <= 4 * n, `${reads()} store reads for ${n} classes`);
  });
});
