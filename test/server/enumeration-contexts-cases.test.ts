/**
 * `EnumerationContexts` called directly: the operation timeout's range, slicing, the bound on open
 * contexts, ownership, the kind a context is continued by, and expiry (on a mocked clock). Each
 * refusal is pinned with its CIM status, HRESULT and message.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { WBEM_E_INVALID_PARAMETER, WBEM_E_SERVER_TOO_BUSY } from '../../src/index.js';
import { CimStatusError, cimErrorOf } from '../../src/server/cim-status.js';
import {
  EnumerationContexts,
  type EnumerationLimits,
} from '../../src/server/enumeration-contexts.js';

const LIMITS: EnumerationLimits = {
  maxOpen: 2,
  defaultTimeoutS: 30,
  maxTimeoutS: 120,
  maxObjectCount: 10,
};
const ALICE = { principal: 'alice', namespace: 'root/cimv2' };
const ITEMS = ['a', 'b', 'c', 'd', 'e'];

/** A predicate for `assert.throws`: the CIM status, HRESULT and whole description. */
function cimRefusal(status: string, hresult: number, description: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof CimStatusError, String(error));
    assert.equal(error.cimStatus, status);
    assert.equal(error.hresult, hresult);
    assert.equal(cimErrorOf(error).description, description);
    return true;
  };
}

const NO_CONTEXT = cimRefusal(
  'CIM_ERR_INVALID_ENUMERATION_CONTEXT',
  WBEM_E_INVALID_PARAMETER,
  'CIM_ERR_INVALID_ENUMERATION_CONTEXT: no such enumeration context (closed, expired or never opened)',
);

function openOne(contexts: EnumerationContexts, max = 2, timeoutMs = 30_000): string {
  const first = contexts.open(ALICE, 'instances', ITEMS, max, timeoutMs);
  assert.ok(first.context !== null);
  return first.context;
}

describe('EnumerationContexts.timeoutMs', () => {
  const contexts = new EnumerationContexts(LIMITS);

  it('takes the default when the client gives none, in ms', () => {
    assert.equal(contexts.timeoutMs(null), 30_000);
  });

  it('accepts 1 second and the maximum', () => {
    assert.equal(contexts.timeoutMs(1), 1000);
    assert.equal(contexts.timeoutMs(120), 120_000);
  });

  it('refuses 0 (no timeout) and one second past the maximum with CIM_ERR_INVALID_OPERATION_TIMEOUT', () => {
    const refusal = cimRefusal(
      'CIM_ERR_INVALID_OPERATION_TIMEOUT',
      WBEM_E_INVALID_PARAMETER,
      'CIM_ERR_INVALID_OPERATION_TIMEOUT: OperationTimeout must be from 1 to 120 seconds',
    );
    assert.throws(() => contexts.timeoutMs(0), refusal);
    assert.throws(() => contexts.timeoutMs(121), refusal);
    assert.equal(
      cimErrorOf(new CimStatusError('CIM_ERR_INVALID_OPERATION_TIMEOUT', 0, '')).code,
      22,
    );
  });

  it('exposes its limits', () => {
    assert.equal(contexts.limits, LIMITS);
  });
});

describe('EnumerationContexts open and pull', () => {
  let contexts: EnumerationContexts;
  beforeEach(() => {
    contexts = new EnumerationContexts(LIMITS);
  });
  afterEach(() => {
    contexts.closeAll();
  });

  it('answers everything with no context when the first slice holds it all, opening none', () => {
    assert.deepEqual(contexts.open(ALICE, 'instances', ITEMS, 5, 1000), {
      items: ITEMS,
      context: null,
    });
    assert.deepEqual(contexts.open(ALICE, 'paths', [], 0, 1000), { items: [], context: null });
    assert.equal(contexts.size, 0);
  });

  it('gives the first slice, then the rest in order, and closes at the end', () => {
    const first = contexts.open(ALICE, 'instances', ITEMS, 2, 1000);
    assert.deepEqual(first.items, ['a', 'b']);
    assert.equal(typeof first.context, 'string');
    const id = first.context as string;
    assert.equal(contexts.size, 1);
    assert.equal(contexts.remaining(ALICE, id), 3);
    const second = contexts.pull(ALICE, id, 'instances', 2);
    assert.deepEqual(second, { items: ['c', 'd'], context: id });
    assert.equal(contexts.remaining(ALICE, id), 1);
    const last = contexts.pull(ALICE, id, 'instances', 2);
    assert.deepEqual(last, { items: ['e'], context: null });
    assert.equal(contexts.size, 0);
    assert.throws(() => contexts.pull(ALICE, id, 'instances', 2), NO_CONTEXT);
  });

  it('ends the enumeration when a pull takes exactly what is left', () => {
    const id = openOne(contexts, 3);
    assert.deepEqual(contexts.pull(ALICE, id, 'instances', 2), {
      items: ['d', 'e'],
      context: null,
    });
    assert.equal(contexts.size, 0);
  });

  it('keeps the context on a pull of 0 objects', () => {
    const id = openOne(contexts, 0);
    assert.deepEqual(contexts.pull(ALICE, id, 'instances', 0), { items: [], context: id });
    assert.equal(contexts.remaining(ALICE, id), 5);
  });

  it('accepts MaxObjectCount up to the limit and refuses one more, on open and on pull', () => {
    const refusal = cimRefusal(
      'CIM_ERR_SERVER_LIMITS_EXCEEDED',
      WBEM_E_INVALID_PARAMETER,
      'CIM_ERR_SERVER_LIMITS_EXCEEDED: MaxObjectCount above 10',
    );
    assert.throws(() => contexts.open(ALICE, 'instances', ITEMS, 11, 1000), refusal);
    assert.equal(contexts.open(ALICE, 'instances', ITEMS, 10, 1000).context, null);
    const id = openOne(contexts, 1);
    assert.throws(() => contexts.pull(ALICE, id, 'instances', 11), refusal);
    assert.equal(contexts.pull(ALICE, id, 'instances', 10).items.length, 4);
  });

  it('refuses a context past the bound with CIM_ERR_SERVER_LIMITS_EXCEEDED, and takes one once another closes', () => {
    const one = openOne(contexts);
    openOne(contexts);
    assert.throws(
      () => contexts.open(ALICE, 'instances', ITEMS, 2, 1000),
      cimRefusal(
        'CIM_ERR_SERVER_LIMITS_EXCEEDED',
        WBEM_E_SERVER_TOO_BUSY,
        'CIM_ERR_SERVER_LIMITS_EXCEEDED: 2 enumeration contexts are open',
      ),
    );
    // An enumeration answered whole needs no context, so the bound does not stop it.
    assert.equal(contexts.open(ALICE, 'instances', ITEMS, 5, 1000).context, null);
    contexts.close(ALICE, one);
    assert.equal(contexts.size, 1);
    openOne(contexts);
    assert.equal(contexts.size, 2);
  });

  it('refuses another principal, or another namespace, and takes the namespace in any case', () => {
    const id = openOne(contexts);
    const bob = { principal: 'bob', namespace: 'root/cimv2' };
    const elsewhere = { principal: 'alice', namespace: 'root/other' };
    assert.throws(() => contexts.pull(bob, id, 'instances', 1), NO_CONTEXT);
    assert.throws(() => contexts.pull(elsewhere, id, 'instances', 1), NO_CONTEXT);
    assert.throws(() => contexts.remaining(bob, id), NO_CONTEXT);
    assert.throws(() => contexts.close(elsewhere, id), NO_CONTEXT);
    // The principal is compared exactly: it is the authenticated name.
    assert.throws(
      () => contexts.pull({ ...ALICE, principal: 'ALICE' }, id, 'instances', 1),
      NO_CONTEXT,
    );
    const upper = { principal: 'alice', namespace: 'ROOT/CIMV2' };
    assert.deepEqual(contexts.pull(upper, id, 'instances', 1).items, ['c']);
    assert.equal(contexts.remaining(upper, id), 2);
    contexts.close(upper, id);
    assert.equal(contexts.size, 0);
  });

  it('refuses an unknown context', () => {
    assert.throws(() => contexts.pull(ALICE, 'nonesuch', 'instances', 1), NO_CONTEXT);
    assert.throws(() => contexts.remaining(ALICE, 'nonesuch'), NO_CONTEXT);
    assert.throws(() => contexts.close(ALICE, 'nonesuch'), NO_CONTEXT);
  });

  it('refuses a pull of the other kind, naming the kind the context enumerates, and keeps the context', () => {
    const words = {
      instances: 'instances with their paths (PullInstancesWithPath)',
      paths: 'instance paths (PullInstancePaths)',
      'query-instances': 'query results (PullInstances)',
    } as const;
    for (const kind of ['instances', 'paths', 'query-instances'] as const) {
      const first = contexts.open(ALICE, kind, ITEMS, 1, 1000);
      const id = first.context as string;
      for (const other of ['instances', 'paths', 'query-instances'] as const) {
        if (other === kind) continue;
        assert.throws(
          () => contexts.pull(ALICE, id, other, 1),
          cimRefusal(
            'CIM_ERR_INVALID_ENUMERATION_CONTEXT',
            WBEM_E_INVALID_PARAMETER,
            `CIM_ERR_INVALID_ENUMERATION_CONTEXT: the context enumerates ${words[kind]}`,
          ),
        );
      }
      assert.equal(contexts.remaining(ALICE, id), 4);
      assert.deepEqual(contexts.pull(ALICE, id, kind, 1).items, ['b']);
      contexts.close(ALICE, id);
    }
  });

  it('closes every context on closeAll', () => {
    const one = openOne(contexts);
    openOne(contexts);
    contexts.closeAll();
    assert.equal(contexts.size, 0);
    assert.throws(() => contexts.remaining(ALICE, one), NO_CONTEXT);
  });
});

describe('EnumerationContexts expiry', () => {
  let contexts: EnumerationContexts;
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout'] });
    contexts = new EnumerationContexts(LIMITS);
  });
  afterEach(() => {
    contexts.closeAll();
    mock.timers.reset();
  });

  it('expires a context no pull comes for within its timeout', () => {
    const id = openOne(contexts, 2, 1000);
    mock.timers.tick(999);
    assert.equal(contexts.remaining(ALICE, id), 3);
    mock.timers.tick(1);
    assert.equal(contexts.size, 0);
    assert.throws(() => contexts.pull(ALICE, id, 'instances', 1), NO_CONTEXT);
  });

  it('restarts the timeout at each pull', () => {
    const id = openOne(contexts, 1, 1000);
    mock.timers.tick(900);
    contexts.pull(ALICE, id, 'instances', 1);
    mock.timers.tick(900);
    assert.equal(contexts.remaining(ALICE, id), 3);
    mock.timers.tick(100);
    assert.throws(() => contexts.remaining(ALICE, id), NO_CONTEXT);
  });

  it('a pull of the wrong kind does not restart the timeout', () => {
    const id = openOne(contexts, 1, 1000);
    mock.timers.tick(900);
    assert.throws(() => contexts.pull(ALICE, id, 'paths', 1));
    mock.timers.tick(100);
    assert.throws(() => contexts.remaining(ALICE, id), NO_CONTEXT);
  });
});
