import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
} from '../../src/security/descriptor-codec.js';
import { ace, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import { validateSecurityDescriptor } from '../../src/security/validate-security-descriptor.js';
import { WBEM_ENABLE } from '../../src/wbem/security.js';
import { WBEM_E_FAILED, WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const failsWith = (hresult: number, fn: () => unknown): void => {
  assert.throws(fn, (e: unknown) => e instanceof WbemError && e.hresult === hresult);
};

const good = { trustee: 'bob', type: 'allow', mask: WBEM_ENABLE };

describe('validateSecurityDescriptor', () => {
  const BAD: readonly { desc: string; input: unknown }[] = [
    { desc: 'the input is null', input: null },
    { desc: 'the input is a string', input: 'O:BAG:BAD:(A;;0x1;;;WD)' },
    { desc: 'aces is missing', input: {} },
    { desc: 'aces is not an array', input: { aces: {} } },
    { desc: 'an ACE is not an object', input: { aces: [1] } },
    { desc: 'the trustee is empty', input: { aces: [{ ...good, trustee: ' ' }] } },
    { desc: 'the trustee is not a string', input: { aces: [{ ...good, trustee: 7 }] } },
    { desc: 'the type is unknown', input: { aces: [{ ...good, type: 'audit' }] } },
    { desc: 'the mask is negative', input: { aces: [{ ...good, mask: -1 }] } },
    { desc: 'the mask is fractional', input: { aces: [{ ...good, mask: 1.5 }] } },
    { desc: 'the mask has unknown bits', input: { aces: [{ ...good, mask: 0x100 }] } },
    { desc: 'the mask is above 32 bits', input: { aces: [{ ...good, mask: 2 ** 33 + 1 }] } },
    {
      desc: 'an inherit flag is not boolean',
      input: { aces: [{ ...good, inherit: { container: 'yes' } }] },
    },
    {
      desc: 'inheritOnly is set without container',
      input: { aces: [{ ...good, inherit: { inheritOnly: true } }] },
    },
    { desc: 'protected is not boolean', input: { aces: [], protected: 1 } },
    { desc: 'the owner is empty', input: { aces: [], owner: '' } },
    {
      desc: 'there are too many entries',
      input: { aces: Array.from({ length: 1025 }, () => good) },
    },
  ];
  for (const c of BAD)
    it(`fails with WBEM_E_INVALID_PARAMETER when ${c.desc}`, () => {
      failsWith(WBEM_E_INVALID_PARAMETER, () => validateSecurityDescriptor(c.input));
    });

  it('returns a normalised copy with all inheritance flags and no unknown fields', () => {
    const out = validateSecurityDescriptor({
      aces: [{ ...good, extra: 1 }],
      owner: 'alice',
      protected: true,
    });
    assert.deepEqual(out, {
      owner: 'alice',
      protected: true,
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

describe('security descriptor persisted form', () => {
  it('round-trips explicit entries with every inheritance flag', () => {
    const sd = {
      owner: 'Administrators',
      protected: true,
      aces: [
        ace('allow', 'Administrators', WBEM_ALL_RIGHTS),
        ace('deny', 'bob', WBEM_ENABLE, { container: true, noPropagate: true, inheritOnly: true }),
        ace('allow', 'carol', WBEM_ENABLE, { container: false }),
      ],
    };
    assert.deepEqual(parseSecurityDescriptor(serializeSecurityDescriptor(sd)), sd);
  });

  it('drops inherited entries when serialising', () => {
    const text = serializeSecurityDescriptor({
      aces: [{ ...ace('allow', 'x', WBEM_ENABLE), inherited: true }],
    });
    assert.deepEqual(parseSecurityDescriptor(text).aces, []);
  });

  const CORRUPT = [
    'not json',
    '[]',
    '{"v":2,"aces":[]}',
    '{"v":1}',
    '{"v":1,"aces":[["x","A",1]]}',
    '{"v":1,"aces":[["x","Q",1,0]]}',
  ];
  for (const text of CORRUPT)
    it(`fails with WBEM_E_FAILED when the stored text is ${text}`, () => {
      failsWith(WBEM_E_FAILED, () => parseSecurityDescriptor(text));
    });
});
