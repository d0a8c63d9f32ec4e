import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_USER_RIGHTS,
  defaultNamespaceDescriptor,
} from '../../src/security/default-descriptor.js';
import {
  effectiveDescriptor,
  effectiveRights,
  inheritedCopy,
} from '../../src/security/effective-rights.js';
import type { SecurityDescriptor } from '../../src/security/security-descriptor.js';
import { ace, NO_INHERITANCE, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import { resolveSecurityPolicy } from '../../src/security/security-policy.js';
import { PROCESS_OWNER } from '../../src/security/well-known-groups.js';
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_METHOD_EXECUTE,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_REMOTE_ACCESS,
  WBEM_WRITE_PROVIDER,
  WRITE_DAC,
} from '../../src/wbem/security.js';

const policy = resolveSecurityPolicy({ groups: { Administrators: ['alice'], Operators: ['bob'] } });
const sd = (...aces: SecurityDescriptor['aces']): SecurityDescriptor => ({ aces });

describe('default namespace descriptor (decision A11)', () => {
  const cases = [
    { who: 'the process owner (no user given)', principal: PROCESS_OWNER, expect: WBEM_ALL_RIGHTS },
    { who: 'a member of Administrators', principal: 'alice', expect: WBEM_ALL_RIGHTS },
    {
      who: 'a member of Administrators in another case',
      principal: 'ALICE',
      expect: WBEM_ALL_RIGHTS,
    },
    { who: 'an ordinary user', principal: 'carol', expect: DEFAULT_USER_RIGHTS },
  ];
  for (const c of cases)
    it(`grants 0x${c.expect.toString(16)} to ${c.who}`, () => {
      assert.equal(effectiveRights([undefined], c.principal, policy), c.expect);
      assert.equal(
        effectiveRights([undefined, undefined, undefined], c.principal, policy),
        c.expect,
      );
    });

  it('gives ordinary users Enable, Execute Methods and Provider Write and nothing else', () => {
    const rights = effectiveRights([undefined], 'carol', policy);
    assert.equal(rights, WBEM_ENABLE | WBEM_METHOD_EXECUTE | WBEM_WRITE_PROVIDER);
    for (const missing of [
      WBEM_FULL_WRITE_REP,
      WBEM_PARTIAL_WRITE_REP,
      WBEM_REMOTE_ACCESS,
      READ_CONTROL,
      WRITE_DAC,
    ])
      assert.equal(rights & missing, 0);
  });

  it('uses the rootDescriptor option instead of the default when given', () => {
    const strict = resolveSecurityPolicy({
      rootDescriptor: sd(ace('allow', 'alice', WBEM_ENABLE)),
    });
    assert.equal(effectiveRights([undefined], 'alice', strict), WBEM_ENABLE);
    // The process principal keeps only what lets it repair the descriptor.
    assert.equal(effectiveRights([undefined], PROCESS_OWNER, strict), READ_CONTROL | WRITE_DAC);
  });

  it('grants nothing for an empty chain', () => {
    assert.equal(effectiveRights([], PROCESS_OWNER, policy), 0);
  });
});

describe('effectiveRights: deny before allow', () => {
  it('denies a right when a deny and an allow on the same namespace both match', () => {
    const root = sd(
      ace('allow', 'bob', WBEM_ENABLE | WBEM_FULL_WRITE_REP),
      ace('deny', 'bob', WBEM_FULL_WRITE_REP),
    );
    assert.equal(effectiveRights([root], 'bob', policy), WBEM_ENABLE);
  });

  it('denies a right granted to the user when a group of the user is denied it', () => {
    const root = sd(
      ace('allow', 'bob', WBEM_ENABLE | WBEM_FULL_WRITE_REP),
      ace('deny', 'Operators', WBEM_FULL_WRITE_REP),
    );
    assert.equal(effectiveRights([root], 'bob', policy), WBEM_ENABLE);
    assert.equal(effectiveRights([root], 'carol', policy), 0);
  });

  it('denies Everyone-wide when Everyone is denied, even for administrators', () => {
    const root = sd(
      ace('allow', 'Administrators', WBEM_ALL_RIGHTS),
      ace('deny', 'Everyone', WBEM_FULL_WRITE_REP),
    );
    assert.equal(effectiveRights([root], 'alice', policy), WBEM_ALL_RIGHTS & ~WBEM_FULL_WRITE_REP);
  });

  it('keeps READ_CONTROL and WRITE_DAC for the owner when Everyone is denied them', () => {
    const root = {
      owner: 'Operators',
      aces: [ace('allow', 'Everyone', WBEM_ENABLE), ace('deny', 'Everyone', WBEM_ALL_RIGHTS)],
    };
    assert.equal(effectiveRights([root], 'bob', policy), READ_CONTROL | WRITE_DAC);
    assert.equal(effectiveRights([root], 'carol', policy), 0);
    assert.equal(effectiveRights([root], PROCESS_OWNER, policy), READ_CONTROL | WRITE_DAC);
  });

  it("takes the policy's root owner when a stored root descriptor names none", () => {
    const root = sd(ace('deny', 'Everyone', WBEM_ALL_RIGHTS));
    assert.equal(effectiveRights([root], 'alice', policy), READ_CONTROL | WRITE_DAC);
    assert.equal(effectiveDescriptor([root], policy).owner, 'Administrators');
  });

  it('lets an explicit allow on a child win over a deny it inherits (canonical order)', () => {
    const root = sd(ace('allow', 'bob', WBEM_ENABLE), ace('deny', 'bob', WBEM_FULL_WRITE_REP));
    const child = sd(ace('allow', 'bob', WBEM_FULL_WRITE_REP));
    assert.equal(effectiveRights([root, child], 'bob', policy), WBEM_ENABLE | WBEM_FULL_WRITE_REP);
  });

  it('lets an explicit deny on a child win over an allow it inherits', () => {
    const child = sd(ace('deny', 'carol', WBEM_WRITE_PROVIDER));
    assert.equal(
      effectiveRights([undefined, child], 'carol', policy),
      WBEM_ENABLE | WBEM_METHOD_EXECUTE,
    );
  });

  it('keeps READ_CONTROL and WRITE_DAC for the owner even when every entry denies them', () => {
    const root: SecurityDescriptor = { owner: 'bob', aces: [ace('deny', 'bob', WBEM_ALL_RIGHTS)] };
    assert.equal(effectiveRights([root], 'bob', policy), READ_CONTROL | WRITE_DAC);
    assert.equal(effectiveRights([root, undefined], 'bob', policy), READ_CONTROL | WRITE_DAC);
    assert.equal(effectiveRights([root], 'carol', policy), 0);
  });

  it('gives the owner rights to members of an owning group', () => {
    const root: SecurityDescriptor = { owner: 'Operators', aces: [] };
    assert.equal(effectiveRights([root], 'bob', policy), READ_CONTROL | WRITE_DAC);
  });

  it('resolves nested groups', () => {
    const nested = resolveSecurityPolicy({ groups: { Ops: ['Night'], Night: ['dave'] } });
    const root = sd(ace('allow', 'ops', WBEM_ENABLE));
    assert.equal(effectiveRights([root], 'dave', nested), WBEM_ENABLE);
    assert.equal(effectiveRights([root], 'erin', nested), 0);
  });

  it('ends on membership cycles between groups', () => {
    const cyclic = resolveSecurityPolicy({ groups: { A: ['B'], B: ['A', 'frank'] } });
    assert.equal(
      effectiveRights([sd(ace('allow', 'A', WBEM_ENABLE))], 'frank', cyclic),
      WBEM_ENABLE,
    );
  });
});

describe('effectiveRights: inheritance across the namespace chain (MS-WMI SetSD)', () => {
  it('carries container-inherit entries from root to grandchildren', () => {
    const root = sd(ace('allow', 'bob', WBEM_ENABLE));
    assert.equal(effectiveRights([root, undefined, undefined], 'bob', policy), WBEM_ENABLE);
  });

  it('keeps an entry without container-inherit on its own namespace only', () => {
    const root = sd(ace('allow', 'bob', WBEM_ENABLE, NO_INHERITANCE));
    assert.equal(effectiveRights([root], 'bob', policy), WBEM_ENABLE);
    assert.equal(effectiveRights([root, undefined], 'bob', policy), 0);
  });

  it('stops a no-propagate entry after the first child', () => {
    const root = sd(ace('allow', 'bob', WBEM_ENABLE, { container: true, noPropagate: true }));
    assert.equal(effectiveRights([root, undefined], 'bob', policy), WBEM_ENABLE);
    assert.equal(effectiveRights([root, undefined, undefined], 'bob', policy), 0);
  });

  it('applies an inherit-only entry to children but not to its own namespace', () => {
    const root = sd(ace('allow', 'bob', WBEM_ENABLE, { container: true, inheritOnly: true }));
    assert.equal(effectiveRights([root], 'bob', policy), 0);
    assert.equal(effectiveRights([root, undefined], 'bob', policy), WBEM_ENABLE);
    assert.equal(effectiveRights([root, undefined, undefined], 'bob', policy), WBEM_ENABLE);
  });

  it('inherits nothing into a protected descriptor or below it', () => {
    const child: SecurityDescriptor = { protected: true, aces: [ace('allow', 'bob', WBEM_ENABLE)] };
    assert.equal(effectiveRights([undefined, child], 'carol', policy), 0);
    assert.equal(effectiveRights([undefined, child, undefined], 'carol', policy), 0);
    // Administrators still own it (the owner is inherited from root), so they can repair it.
    assert.equal(
      effectiveRights([undefined, child, undefined], 'alice', policy),
      READ_CONTROL | WRITE_DAC,
    );
    assert.equal(effectiveRights([undefined, child, undefined], 'bob', policy), WBEM_ENABLE);
  });

  it('combines rights inherited from several ancestors', () => {
    const root = sd(ace('allow', 'bob', WBEM_ENABLE));
    const mid = sd(ace('allow', 'bob', WBEM_FULL_WRITE_REP));
    assert.equal(
      effectiveRights([root, mid, undefined], 'bob', policy),
      WBEM_ENABLE | WBEM_FULL_WRITE_REP,
    );
    assert.equal(effectiveRights([root], 'bob', policy), WBEM_ENABLE);
  });
});

describe('inheritedCopy', () => {
  const cases = [
    { desc: 'no container-inherit', inherit: { container: false }, expect: undefined },
    {
      desc: 'container-inherit',
      inherit: { container: true },
      expect: { container: true, noPropagate: false, inheritOnly: false },
    },
    {
      desc: 'no-propagate',
      inherit: { container: true, noPropagate: true },
      expect: { container: false, noPropagate: false, inheritOnly: false },
    },
    {
      desc: 'inherit-only',
      inherit: { container: true, inheritOnly: true },
      expect: { container: true, noPropagate: false, inheritOnly: false },
    },
  ];
  for (const c of cases)
    it(`copies the flags of SetSD when the parent ACE has ${c.desc}`, () => {
      const copy = inheritedCopy(ace('allow', 'x', WBEM_ENABLE, c.inherit));
      assert.deepEqual(copy?.inherit, c.expect);
      if (copy !== undefined) assert.equal(copy.inherited, true);
    });
});

describe('effectiveDescriptor', () => {
  it('lists explicit entries first, then inherited copies marked inherited', () => {
    const child = sd(ace('deny', 'bob', WBEM_ENABLE));
    const eff = effectiveDescriptor([undefined, child], policy);
    assert.equal(eff.aces.length, 1 + defaultNamespaceDescriptor().aces.length);
    assert.equal(eff.aces[0]?.trustee, 'bob');
    assert.equal(eff.aces[0]?.inherited, undefined);
    assert.ok(eff.aces.slice(1).every((a) => a.inherited === true));
  });

  it('returns the default descriptor for root when none is stored', () => {
    assert.deepEqual(
      effectiveDescriptor([undefined], policy).aces,
      defaultNamespaceDescriptor().aces,
    );
  });

  it('ignores inherited entries handed back as part of a stored descriptor', () => {
    const stale = sd({ ...ace('allow', 'bob', WBEM_ALL_RIGHTS), inherited: true });
    assert.equal(effectiveRights([undefined, stale], 'bob', policy), DEFAULT_USER_RIGHTS);
  });
});
