/**
 * The engine's `security` option (`resolveSecurityPolicy`) and the principal of a connection
 * (`principalOf`): each refusal word for word, the groups it resolves, and the well-known names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveRights } from '../../src/security/effective-rights.js';
import { ace } from '../../src/security/security-descriptor.js';
import {
  principalOf,
  resolveSecurityPolicy,
  trusteesOf,
} from '../../src/security/security-policy.js';
import { MAX_TRUSTEE_LENGTH } from '../../src/security/validate-security-descriptor.js';
import {
  ADMINISTRATORS,
  AUTHENTICATED_USERS,
  EVERYONE,
  PROCESS_OWNER,
} from '../../src/security/well-known-groups.js';
import { WBEM_ENABLE, WBEM_FULL_WRITE_REP } from '../../src/wbem/security.js';
import { WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';

const refused = (fn: () => unknown, detail: string): void => {
  assert.throws(fn, {
    hresult: WBEM_E_INVALID_PARAMETER,
    detail,
    message: `WBEM_E_INVALID_PARAMETER: ${detail}`,
  });
};

describe('resolveSecurityPolicy refuses a malformed option with a message naming it', () => {
  const LONG = 'm'.repeat(MAX_TRUSTEE_LENGTH + 1);
  const CASES: readonly { desc: string; input: unknown; detail: string }[] = [
    { desc: 'a number', input: 5, detail: 'expected an object' },
    { desc: 'null', input: null, detail: 'expected an object' },
    { desc: 'a string', input: 'groups', detail: 'expected an object' },
    {
      desc: 'groups as an array',
      input: { groups: [['Ops', ['bob']]] },
      detail: 'groups must be a Map or an object of member arrays',
    },
    {
      desc: 'groups as null',
      input: { groups: null },
      detail: 'groups must be a Map or an object of member arrays',
    },
    {
      desc: 'groups as a string',
      input: { groups: 'Ops' },
      detail: 'groups must be a Map or an object of member arrays',
    },
    {
      desc: 'groups as a number',
      input: { groups: 5 },
      detail: 'groups must be a Map or an object of member arrays',
    },
    {
      desc: 'members as a string',
      input: { groups: { Ops: 'bob' } },
      detail: 'members of group Ops must be an array',
    },
    {
      desc: 'an empty member',
      input: { groups: { Ops: ['bob', ''] } },
      detail: 'member of Ops must be a non-empty string',
    },
    {
      desc: 'a blank member',
      input: { groups: { Ops: ['  '] } },
      detail: 'member of Ops must be a non-empty string',
    },
    {
      desc: 'a member that is a number',
      input: { groups: { Ops: [7] } },
      detail: 'member of Ops must be a non-empty string',
    },
    {
      desc: 'a member name too long',
      input: { groups: { Ops: [LONG] } },
      detail: 'member of Ops is longer than 256 characters',
    },
    {
      desc: 'a group name that is not a string',
      input: { groups: new Map([[5, ['bob']]]) },
      detail: 'group name must be a non-empty string',
    },
    {
      desc: 'a blank group name',
      input: { groups: { ' ': ['bob'] } },
      detail: 'group name must be a non-empty string',
    },
    {
      desc: 'a group name too long',
      input: { groups: { [LONG]: ['bob'] } },
      detail: 'group name is longer than 256 characters',
    },
    {
      desc: 'an empty defaultPrincipal',
      input: { defaultPrincipal: '' },
      detail: 'defaultPrincipal must be a non-empty string',
    },
    {
      desc: 'a defaultPrincipal that is null',
      input: { defaultPrincipal: null },
      detail: 'defaultPrincipal must be a non-empty string',
    },
  ];
  for (const c of CASES)
    it(`refuses ${c.desc} with WBEM_E_INVALID_PARAMETER`, () => {
      refused(() => resolveSecurityPolicy(c.input), `security options: ${c.detail}`);
    });

  it("refuses a malformed rootDescriptor with the descriptor validator's message", () => {
    refused(
      () => resolveSecurityPolicy({ rootDescriptor: { aces: 'x' } }),
      'security descriptor: aces must be an array',
    );
  });

  it('accepts names of exactly 256 characters', () => {
    const name = 'n'.repeat(MAX_TRUSTEE_LENGTH);
    const policy = resolveSecurityPolicy({ groups: { [name]: [name] }, defaultPrincipal: name });
    assert.deepEqual(policy.groups.get(name), [name]);
    assert.equal(policy.defaultPrincipal, name);
  });
});

describe('resolveSecurityPolicy: groups', () => {
  it('holds only the process owner in Administrators when no group is given', () => {
    const policy = resolveSecurityPolicy();
    assert.deepEqual([...policy.groups], [['administrators', ['SYSTEM']]]);
  });

  it('keeps the members of each group as given, keyed by the lower-cased group name', () => {
    const policy = resolveSecurityPolicy({ groups: new Map([['Ops', ['Bob', 'NightShift']]]) });
    assert.deepEqual(policy.groups.get('ops'), ['Bob', 'NightShift']);
  });

  it('merges the members of one group given twice in different case', () => {
    const policy = resolveSecurityPolicy({ groups: { Ops: ['bob'], OPS: ['carol'] } });
    assert.deepEqual(policy.groups.get('ops'), ['bob', 'carol']);
  });

  it('adds the process owner to the Administrators given', () => {
    const policy = resolveSecurityPolicy({ groups: { Administrators: ['alice'] } });
    assert.deepEqual(policy.groups.get('administrators'), ['alice', PROCESS_OWNER]);
  });

  it('does not add the process owner again when Administrators lists it in any case', () => {
    const policy = resolveSecurityPolicy({ groups: { administrators: ['system', 'alice'] } });
    assert.deepEqual(policy.groups.get('administrators'), ['system', 'alice']);
  });
});

describe('principalOf', () => {
  const policy = resolveSecurityPolicy({ defaultPrincipal: 'app' });

  it('uses the default principal when connectServer is given a null user', () => {
    assert.equal(principalOf(policy, null), 'app');
  });

  it("runs a connection without a user as 'SYSTEM' when no default principal is set", () => {
    assert.equal(principalOf(resolveSecurityPolicy(), undefined), 'SYSTEM');
  });

  // The user is an argument of connectServer: its refusal must not blame the security options.
  for (const user of ['', '   ', 5, {}])
    it(`refuses the user ${JSON.stringify(user)} as an argument of connectServer`, () => {
      refused(
        () => principalOf(policy, user),
        'the user given to connectServer must be a non-empty string',
      );
    });

  it('refuses a user name longer than 256 characters', () => {
    refused(
      () => principalOf(policy, 'u'.repeat(MAX_TRUSTEE_LENGTH + 1)),
      'the user given to connectServer is longer than 256 characters',
    );
    assert.equal(principalOf(policy, 'u'.repeat(MAX_TRUSTEE_LENGTH)).length, 256);
  });
});

describe('well-known groups', () => {
  it('spells the group and principal names as Windows does', () => {
    assert.equal(ADMINISTRATORS, 'Administrators');
    assert.equal(AUTHENTICATED_USERS, 'Authenticated Users');
    assert.equal(EVERYONE, 'Everyone');
    assert.equal(PROCESS_OWNER, 'SYSTEM');
  });

  it("makes every principal a member of 'Authenticated Users' and 'Everyone'", () => {
    const policy = resolveSecurityPolicy();
    const trustees = trusteesOf('bob', policy);
    assert.ok(trustees.has('authenticated users'));
    assert.ok(trustees.has('everyone'));
    const root = {
      aces: [
        ace('allow', 'Authenticated Users', WBEM_FULL_WRITE_REP),
        ace('allow', 'everyone', WBEM_ENABLE),
      ],
    };
    assert.equal(effectiveRights([root], 'bob', policy), WBEM_ENABLE | WBEM_FULL_WRITE_REP);
  });
});
