/**
 * The effective descriptor and rights of a namespace from its chain of descriptors (MS-WMI SetSD
 * inheritance, Windows ACL rules): what `GetSD` reports as owner and `protected`, who owns a
 * namespace, and how entries travel down several levels.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_USER_RIGHTS,
  defaultNamespaceDescriptor,
} from '../../src/security/default-descriptor.js';
import {
  effectiveDescriptor,
  effectiveRights,
  ownerOf,
  ownsNamespace,
} from '../../src/security/effective-rights.js';
import type { SecurityDescriptor } from '../../src/security/security-descriptor.js';
import { ace, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import { resolveSecurityPolicy } from '../../src/security/security-policy.js';
import { PROCESS_OWNER } from '../../src/security/well-known-groups.js';
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_METHOD_EXECUTE,
  WRITE_DAC,
} from '../../src/wbem/security.js';

const policy = resolveSecurityPolicy({ groups: { Operators: ['bob'] } });
const sd = (...aces: SecurityDescriptor['aces']): SecurityDescriptor => ({ aces });

describe('effectiveDescriptor: owner and protection', () => {
  it('reports a protected child namespace as protected', () => {
    const child: SecurityDescriptor = { protected: true, aces: [ace('allow', 'bob', WBEM_ENABLE)] };
    const eff = effectiveDescriptor([undefined, child], policy);
    assert.equal(eff.protected, true);
    assert.deepEqual(eff.aces, child.aces);
  });

  it('does not pass protection on to the namespaces below a protected one', () => {
    const child: SecurityDescriptor = { protected: true, aces: [ace('allow', 'bob', WBEM_ENABLE)] };
    assert.equal('protected' in effectiveDescriptor([undefined, child, undefined], policy), false);
    assert.equal('protected' in effectiveDescriptor([undefined, child, sd()], policy), false);
  });

  it("reports root as protected when the policy's root descriptor is, and only root", () => {
    const strict = resolveSecurityPolicy({
      rootDescriptor: { protected: true, aces: [ace('allow', 'Everyone', WBEM_ENABLE)] },
    });
    assert.equal(effectiveDescriptor([undefined], strict).protected, true);
    assert.equal('protected' in effectiveDescriptor([undefined, undefined], strict), false);
  });

  it('names no owner when neither the chain nor the policy gives one', () => {
    const ownerless = resolveSecurityPolicy({
      rootDescriptor: sd(ace('allow', 'bob', WBEM_ENABLE)),
    });
    assert.deepEqual(effectiveDescriptor([undefined], ownerless), {
      aces: [ace('allow', 'bob', WBEM_ENABLE)],
    });
    assert.equal(ownerOf([undefined, undefined], ownerless), undefined);
  });

  it('reports the nearest owner above a namespace that names none', () => {
    const mid: SecurityDescriptor = { owner: 'Operators', aces: [] };
    assert.equal(ownerOf([undefined, mid, sd()], policy), 'Operators');
    assert.equal(effectiveDescriptor([undefined, mid, sd(), undefined], policy).owner, 'Operators');
    assert.equal(
      ownerOf([{ owner: 'alice', aces: [] }, mid, { owner: 'carol', aces: [] }], policy),
      'carol',
    );
  });

  it("gives a root descriptor without owner the policy's root owner, stored or not", () => {
    assert.equal(ownerOf([sd()], policy), 'Administrators');
    assert.equal(ownerOf([undefined], policy), 'Administrators');
    assert.equal(ownerOf([sd(), sd()], policy), 'Administrators');
  });
});

describe('an empty chain (no namespace)', () => {
  it('has no owner and no entries', () => {
    assert.equal(ownerOf([], policy), undefined);
    assert.deepEqual(effectiveDescriptor([], policy), { aces: [] });
  });

  it('is owned by no one, not even the process principal, and grants nothing', () => {
    assert.equal(ownsNamespace([], PROCESS_OWNER, policy), false);
    assert.equal(effectiveRights([], PROCESS_OWNER, policy), 0);
  });
});

describe('ownsNamespace', () => {
  it('makes the owner named lower in the chain, and its group members, owners', () => {
    const mid: SecurityDescriptor = { owner: 'Operators', aces: [] };
    assert.equal(ownsNamespace([undefined, mid, undefined], 'bob', policy), true);
    assert.equal(ownsNamespace([undefined, mid, undefined], 'carol', policy), false);
    // The owner named on the child replaces root's Administrators for that subtree.
    assert.equal(ownsNamespace([undefined, mid], 'Administrators', policy), false);
    assert.equal(ownsNamespace([undefined, mid], PROCESS_OWNER, policy), true);
    assert.equal(ownsNamespace([undefined, mid], 'system', policy), true);
  });
});

describe('effectiveRights: inheritance over several levels', () => {
  it('takes nothing from above a protected namespace but passes its own entries down', () => {
    const root = sd(ace('allow', 'bob', WBEM_FULL_WRITE_REP));
    const mid: SecurityDescriptor = { protected: true, aces: [ace('allow', 'bob', WBEM_ENABLE)] };
    assert.equal(effectiveRights([root, mid], 'bob', policy), WBEM_ENABLE);
    assert.equal(effectiveRights([root, mid, undefined, undefined], 'bob', policy), WBEM_ENABLE);
  });

  it('lets a deny from the parent win over an allow from the grandparent', () => {
    const root = sd(ace('allow', 'bob', WBEM_ENABLE | WBEM_FULL_WRITE_REP));
    const mid = sd(ace('deny', 'bob', WBEM_FULL_WRITE_REP));
    assert.equal(effectiveRights([root, mid, undefined], 'bob', policy), WBEM_ENABLE);
    assert.equal(effectiveRights([root, mid, sd()], 'bob', policy), WBEM_ENABLE);
  });

  it('lets an allow from the parent win over a deny from the grandparent', () => {
    const root = sd(ace('allow', 'bob', WBEM_ENABLE), ace('deny', 'bob', WBEM_FULL_WRITE_REP));
    const mid = sd(ace('allow', 'bob', WBEM_FULL_WRITE_REP));
    assert.equal(
      effectiveRights([root, mid, undefined], 'bob', policy),
      WBEM_ENABLE | WBEM_FULL_WRITE_REP,
    );
  });

  it('carries a no-propagate entry of a middle namespace to its children only', () => {
    const mid = sd(
      ace('allow', 'carol', WBEM_FULL_WRITE_REP, { container: true, noPropagate: true }),
    );
    assert.equal(
      effectiveRights([undefined, mid, undefined], 'carol', policy),
      DEFAULT_USER_RIGHTS | WBEM_FULL_WRITE_REP,
    );
    assert.equal(
      effectiveRights([undefined, mid, undefined, undefined], 'carol', policy),
      DEFAULT_USER_RIGHTS,
    );
  });

  it('lists the inherited copies of every ancestor, nearest first, in the effective descriptor', () => {
    const mid = sd(ace('allow', 'bob', WBEM_METHOD_EXECUTE));
    const eff = effectiveDescriptor([undefined, mid, sd(ace('deny', 'bob', WBEM_ENABLE))], policy);
    assert.deepEqual(
      eff.aces.map((entry) => [entry.trustee, entry.type, entry.inherited === true]),
      [
        ['bob', 'deny', false],
        ['bob', 'allow', true],
        ...defaultNamespaceDescriptor().aces.map((entry) => [entry.trustee, entry.type, true]),
      ],
    );
  });

  it('keeps the owner rights through inherited denies on a child', () => {
    const root: SecurityDescriptor = {
      owner: 'Operators',
      aces: [ace('deny', 'Everyone', WBEM_ALL_RIGHTS)],
    };
    assert.equal(effectiveRights([root, undefined], 'bob', policy), READ_CONTROL | WRITE_DAC);
  });
});
