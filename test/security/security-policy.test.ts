import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_USER_RIGHTS } from '../../src/security/default-descriptor.js';
import { NamespaceSecurity } from '../../src/security/namespace-security.js';
import { ace, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import {
  principalOf,
  resolveSecurityPolicy,
  trusteesOf,
} from '../../src/security/security-policy.js';
import { PROCESS_OWNER } from '../../src/security/well-known-groups.js';
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WRITE_DAC,
} from '../../src/wbem/security.js';
import { WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const failsWith = (hresult: number, fn: () => unknown): void => {
  assert.throws(fn, (e: unknown) => e instanceof WbemError && e.hresult === hresult);
};

describe('resolveSecurityPolicy', () => {
  it('makes the process owner the default principal and an administrator', () => {
    const policy = resolveSecurityPolicy();
    assert.equal(policy.defaultPrincipal, PROCESS_OWNER);
    assert.ok(trusteesOf(PROCESS_OWNER, policy).has('administrators'));
  });

  it('accepts groups as a Map or as an object', () => {
    for (const groups of [new Map([['Ops', ['bob']]]), { Ops: ['bob'] }])
      assert.ok(trusteesOf('bob', resolveSecurityPolicy({ groups })).has('ops'));
  });

  const BAD: readonly { desc: string; input: unknown }[] = [
    { desc: 'the option is not an object', input: 5 },
    { desc: 'groups is an array', input: { groups: [] } },
    { desc: 'members are not an array', input: { groups: { Ops: 'bob' } } },
    { desc: 'a member is empty', input: { groups: { Ops: [''] } } },
    { desc: 'defaultPrincipal is not a string', input: { defaultPrincipal: 1 } },
    { desc: 'rootDescriptor is malformed', input: { rootDescriptor: { aces: 'x' } } },
  ];
  for (const c of BAD)
    it(`fails with WBEM_E_INVALID_PARAMETER when ${c.desc}`, () => {
      failsWith(WBEM_E_INVALID_PARAMETER, () => resolveSecurityPolicy(c.input));
    });
});

describe('principalOf', () => {
  const policy = resolveSecurityPolicy({ defaultPrincipal: 'app' });
  it('uses the default principal when connectServer gets no user', () => {
    assert.equal(principalOf(policy, undefined), 'app');
  });
  it('uses the user given at connectServer', () => {
    assert.equal(principalOf(policy, 'bob'), 'bob');
  });
  it('fails with WBEM_E_INVALID_PARAMETER when the user is empty', () => {
    failsWith(WBEM_E_INVALID_PARAMETER, () => principalOf(policy, ''));
  });
});

describe('NamespaceSecurity', () => {
  it('applies a parent descriptor change to its children at once', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    assert.equal(table.rightsOf('root/cimv2', 'bob') & WBEM_FULL_WRITE_REP, 0);
    table.setDescriptor('root', { aces: [ace('allow', 'bob', WBEM_ENABLE | WBEM_FULL_WRITE_REP)] });
    assert.equal(table.rightsOf('ROOT/CIMV2', 'bob'), WBEM_ENABLE | WBEM_FULL_WRITE_REP);
    table.setDescriptor('root', undefined);
    assert.equal(table.rightsOf('root/cimv2', 'bob') & WBEM_FULL_WRITE_REP, 0);
  });

  it('builds the chain from root and forgets deleted namespaces with their children', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    const own = { protected: true, aces: [ace('allow', 'bob', WBEM_ENABLE)] };
    table.setDescriptor('root/a', own);
    table.setDescriptor('root/a/b', own);
    assert.equal(table.chainOf('root/a/b/c').length, 4);
    assert.equal(table.rightsOf('root/a/b/c', PROCESS_OWNER), READ_CONTROL | WRITE_DAC);
    assert.equal(table.isLoaded('root/a/b'), true);
    assert.equal(table.isLoaded('root/a/b/c'), false);
    table.dropNamespace('root/A');
    assert.equal(table.isLoaded('root/a/b'), false);
    assert.equal(table.explicitDescriptorOf('root/a/b'), undefined);
    assert.equal(table.rightsOf('root/a/b/c', PROCESS_OWNER), WBEM_ALL_RIGHTS);
  });

  it('reports the effective descriptor with inherited entries', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    table.setDescriptor('root/a', { aces: [ace('deny', 'bob', WBEM_ENABLE)] });
    const eff = table.effectiveDescriptorOf('root/a');
    assert.equal(eff.aces[0]?.trustee, 'bob');
    assert.ok(eff.aces.length > 1);
    assert.equal(table.rightsOf('root/a', 'bob'), DEFAULT_USER_RIGHTS & ~WBEM_ENABLE);
  });
});
