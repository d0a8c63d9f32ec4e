/**
 * `validateSecurityDescriptor`: the `WBEM_E_INVALID_PARAMETER` refusal of each malformed part of
 * a caller's descriptor, word for word (the message names the field at fault), its limits, and
 * the normalised copy it returns.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import {
  MAX_ACES,
  MAX_TRUSTEE_LENGTH,
  validateSecurityDescriptor,
} from '../../src/security/validate-security-descriptor.js';
import { WBEM_ENABLE } from '../../src/wbem/security.js';
import { WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';

const good = { trustee: 'bob', type: 'allow', mask: WBEM_ENABLE };
const withAce = (fields: Record<string, unknown>): unknown => ({ aces: [{ ...good, ...fields }] });

const refused = (input: unknown, detail: string): void => {
  assert.throws(() => validateSecurityDescriptor(input), {
    hresult: WBEM_E_INVALID_PARAMETER,
    detail: `security descriptor: ${detail}`,
    message: `WBEM_E_INVALID_PARAMETER: security descriptor: ${detail}`,
  });
};

describe('validateSecurityDescriptor refuses with a message naming the field at fault', () => {
  const CASES: readonly { desc: string; input: unknown; detail: string }[] = [
    {
      desc: 'a string',
      input: 'O:BAG:BAD:(A;;0x1;;;WD)',
      detail: 'expected an object with an aces array',
    },
    { desc: 'null', input: null, detail: 'expected an object with an aces array' },
    { desc: 'an array', input: [good], detail: 'expected an object with an aces array' },
    { desc: 'a descriptor without aces', input: { owner: 'bob' }, detail: 'aces must be an array' },
    { desc: 'aces as an object', input: { aces: { 0: good } }, detail: 'aces must be an array' },
    { desc: 'an ACE that is a number', input: { aces: [1] }, detail: 'aces[0] must be an object' },
    {
      desc: 'a second ACE that is null',
      input: { aces: [good, null] },
      detail: 'aces[1] must be an object',
    },
    {
      desc: 'an ACE that is an array',
      input: { aces: [['bob', 'allow', 1]] },
      detail: 'aces[0] must be an object',
    },
    {
      desc: 'a trustee that is a number',
      input: withAce({ trustee: 7 }),
      detail: 'aces[0].trustee must be a string',
    },
    {
      desc: 'a missing trustee',
      input: withAce({ trustee: undefined }),
      detail: 'aces[0].trustee must be a string',
    },
    {
      desc: 'a blank trustee',
      input: withAce({ trustee: ' \t' }),
      detail: 'aces[0].trustee must not be empty',
    },
    {
      desc: 'a trustee one character too long',
      input: withAce({ trustee: 'x'.repeat(MAX_TRUSTEE_LENGTH + 1) }),
      detail: 'aces[0].trustee is longer than 256 characters',
    },
    {
      desc: 'an audit ACE',
      input: withAce({ type: 'audit' }),
      detail: "aces[0].type must be 'allow' or 'deny'",
    },
    {
      desc: 'a type in capitals',
      input: withAce({ type: 'ALLOW' }),
      detail: "aces[0].type must be 'allow' or 'deny'",
    },
    {
      desc: 'a negative mask',
      input: withAce({ mask: -1 }),
      detail: 'aces[0].mask must be a non-negative integer',
    },
    {
      desc: 'a fractional mask',
      input: withAce({ mask: 1.5 }),
      detail: 'aces[0].mask must be a non-negative integer',
    },
    {
      desc: 'a mask as a string',
      input: withAce({ mask: '1' }),
      detail: 'aces[0].mask must be a non-negative integer',
    },
    {
      desc: 'a mask with a bit that is no WBEM_* right',
      input: withAce({ mask: 0x100 }),
      detail: 'aces[0].mask 0x100 has bits that are not WBEM_* rights',
    },
    {
      desc: 'a mask above 32 bits',
      input: withAce({ mask: 2 ** 32 + 1 }),
      detail: 'aces[0].mask 0x100000001 has bits that are not WBEM_* rights',
    },
    {
      desc: 'inherit as a number',
      input: withAce({ inherit: 5 }),
      detail: 'aces[0].inherit must be an object',
    },
    {
      desc: 'inherit as an array',
      input: withAce({ inherit: [true] }),
      detail: 'aces[0].inherit must be an object',
    },
    {
      desc: 'a container flag that is a string',
      input: withAce({ inherit: { container: 'yes' } }),
      detail: 'aces[0].inherit.container must be a boolean',
    },
    {
      desc: 'a noPropagate flag that is a number',
      input: withAce({ inherit: { container: true, noPropagate: 1 } }),
      detail: 'aces[0].inherit.noPropagate must be a boolean',
    },
    {
      desc: 'an inheritOnly flag that is null',
      input: withAce({ inherit: { container: true, inheritOnly: null } }),
      detail: 'aces[0].inherit.inheritOnly must be a boolean',
    },
    {
      desc: 'noPropagate without container',
      input: withAce({ inherit: { noPropagate: true } }),
      detail: 'aces[0]: noPropagate and inheritOnly require inherit.container',
    },
    {
      desc: 'inheritOnly without container',
      input: withAce({ inherit: { container: false, inheritOnly: true } }),
      detail: 'aces[0]: noPropagate and inheritOnly require inherit.container',
    },
    {
      desc: 'inherited as a string',
      input: withAce({ inherited: 'yes' }),
      detail: 'aces[0].inherited must be a boolean',
    },
    {
      desc: 'an owner that is a number',
      input: { aces: [], owner: 5 },
      detail: 'owner must be a string',
    },
    { desc: 'a null owner', input: { aces: [], owner: null }, detail: 'owner must be a string' },
    { desc: 'an empty owner', input: { aces: [], owner: '' }, detail: 'owner must not be empty' },
    {
      desc: 'an owner one character too long',
      input: { aces: [], owner: 'o'.repeat(MAX_TRUSTEE_LENGTH + 1) },
      detail: 'owner is longer than 256 characters',
    },
    {
      desc: 'protected as a number',
      input: { aces: [], protected: 1 },
      detail: 'protected must be a boolean',
    },
    {
      desc: 'one entry more than the limit',
      input: { aces: Array.from({ length: MAX_ACES + 1 }, () => good) },
      detail: 'more than 1024 entries',
    },
  ];
  for (const c of CASES)
    it(`refuses ${c.desc} with WBEM_E_INVALID_PARAMETER`, () => {
      refused(c.input, c.detail);
    });
});

describe('validateSecurityDescriptor accepts the limits themselves', () => {
  it('accepts exactly 1024 entries', () => {
    const out = validateSecurityDescriptor({ aces: Array.from({ length: MAX_ACES }, () => good) });
    assert.equal(out.aces.length, 1024);
  });

  it('accepts trustee and owner names of exactly 256 characters', () => {
    const name = 'n'.repeat(MAX_TRUSTEE_LENGTH);
    const out = validateSecurityDescriptor({ owner: name, aces: [{ ...good, trustee: name }] });
    assert.equal(out.owner, name);
    assert.equal(out.aces[0]?.trustee, name);
  });

  it('accepts an entry with an empty mask and one with every right', () => {
    const out = validateSecurityDescriptor({
      aces: [
        { ...good, mask: 0 },
        { ...good, type: 'deny', mask: WBEM_ALL_RIGHTS },
      ],
    });
    assert.deepEqual(
      out.aces.map((entry) => [entry.type, entry.mask]),
      [
        ['allow', 0],
        ['deny', WBEM_ALL_RIGHTS],
      ],
    );
  });
});

describe('validateSecurityDescriptor: the normalised copy', () => {
  it('keeps the inherited mark of an entry copied from an ancestor', () => {
    const out = validateSecurityDescriptor({
      aces: [{ ...good, inherit: { container: true }, inherited: true }],
    });
    assert.deepEqual(out, {
      aces: [
        {
          trustee: 'bob',
          type: 'allow',
          mask: WBEM_ENABLE,
          inherit: { container: true, noPropagate: false, inheritOnly: false },
          inherited: true,
        },
      ],
    });
  });

  it('leaves out a false inherited mark, a false protected flag and an absent owner', () => {
    const out = validateSecurityDescriptor({
      aces: [{ ...good, inherited: false }],
      protected: false,
    });
    assert.deepEqual(out, {
      aces: [
        {
          trustee: 'bob',
          type: 'allow',
          mask: WBEM_ENABLE,
          inherit: { container: false, noPropagate: false, inheritOnly: false },
        },
      ],
    });
  });
});
