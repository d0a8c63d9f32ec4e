import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseDeleteClassFlags,
  parseEnumFlags,
  parseGetObjectFlags,
  parsePutClassFlags,
  parsePutInstanceFlags,
} from '../../src/schema/index.js';
import { caseTitle, outcome } from './helpers/env.js';

describe('parsePutClassFlags', () => {
  const cases: { desc: string; flags: number; variant: 'async' | 'sync'; expect: string }[] = [
    {
      desc: 'B3: UPDATE_ONLY|CREATE_ONLY (0x3)',
      flags: 0x3,
      variant: 'async',
      expect: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'B4: SAFE|FORCE (0x60)',
      flags: 0x60,
      variant: 'async',
      expect: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'B5: RETURN_IMMEDIATELY on the async call',
      flags: 0x10,
      variant: 'async',
      expect: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'B6: undefined bit 0x8',
      flags: 0x8,
      variant: 'async',
      expect: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'B7: SEND_STATUS on the sync call',
      flags: 0x80,
      variant: 'sync',
      expect: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'B8: OWNER_UPDATE (reserved, ignored)',
      flags: 0x10000,
      variant: 'async',
      expect: 'WBEM_S_NO_ERROR',
    },
    {
      desc: 'B9: CREATE_ONLY|SEND_STATUS|USE_AMENDED_QUALIFIERS',
      flags: 0x2 | 0x80 | 0x20000,
      variant: 'async',
      expect: 'WBEM_S_NO_ERROR',
    },
    {
      desc: 'A6: every reserved bit (0x1F000) and STRONG_VALIDATION',
      flags: 0x1f000 | 0x100000,
      variant: 'sync',
      expect: 'WBEM_S_NO_ERROR',
    },
    {
      desc: 'A6: bit 0x200000',
      flags: 0x200000,
      variant: 'sync',
      expect: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'RETURN_IMMEDIATELY on the sync call',
      flags: 0x10,
      variant: 'sync',
      expect: 'WBEM_S_NO_ERROR',
    },
    {
      desc: 'a negative value (all bits)',
      flags: -1,
      variant: 'async',
      expect: 'WBEM_E_INVALID_PARAMETER',
    },
    { desc: 'a fraction', flags: 1.5, variant: 'async', expect: 'WBEM_E_INVALID_PARAMETER' },
    { desc: 'NaN', flags: Number.NaN, variant: 'async', expect: 'WBEM_E_INVALID_PARAMETER' },
  ];
  for (const c of cases) {
    it(
      caseTitle(c.desc, c.expect, ['accepts', 'fails with']).replace(/(WBEM_E_\w+) /, '$1 for '),
      () => {
        assert.equal(
          outcome(() => parsePutClassFlags(c.flags, c.variant)),
          c.expect,
        );
      },
    );
  }

  it('parses modes and options when the bits are valid', () => {
    assert.deepEqual(parsePutClassFlags(0x2 | 0x40 | 0x20000 | 0x10000, 'async'), {
      mode: 'create-only',
      update: 'force',
      useAmendedQualifiers: true,
      ownerUpdate: true,
      returnImmediately: false,
      sendStatus: false,
    });
    const sync = parsePutClassFlags(0x1 | 0x20 | 0x10, 'sync');
    assert.equal(sync.mode, 'update-only');
    assert.equal(sync.update, 'safe');
    assert.equal(sync.returnImmediately, true);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when flags is not a number', () => {
    assert.equal(
      outcome(() => parsePutClassFlags('2' as unknown as number, 'async')),
      'WBEM_E_INVALID_PARAMETER',
    );
  });
});

describe('parsers of the neighbouring calls', () => {
  it('B95: DeleteClassAsync fails with WBEM_E_INVALID_PARAMETER when RETURN_IMMEDIATELY is set', () => {
    assert.equal(
      outcome(() => parseDeleteClassFlags(0x10, 'async')),
      'WBEM_E_INVALID_PARAMETER',
    );
    assert.equal(
      outcome(() => parseDeleteClassFlags(0x10, 'sync')),
      'WBEM_S_NO_ERROR',
    );
    assert.equal(
      outcome(() => parseDeleteClassFlags(0x1, 'sync')),
      'WBEM_E_INVALID_PARAMETER',
    );
  });
  it('reads DEEP/SHALLOW and refuses FORWARD_ONLY on the async enumeration', () => {
    assert.equal(parseEnumFlags(0, 'sync').deep, true);
    assert.equal(parseEnumFlags(0x1, 'async').deep, false);
    assert.equal(parseEnumFlags(0x20, 'sync').forwardOnly, true);
    assert.equal(
      outcome(() => parseEnumFlags(0x20, 'async')),
      'WBEM_E_INVALID_PARAMETER',
    );
    assert.equal(
      outcome(() => parseEnumFlags(0x2, 'sync')),
      'WBEM_E_INVALID_PARAMETER',
    );
  });
  it('reads GetObject flags and refuses the change bits', () => {
    assert.equal(parseGetObjectFlags(0x20000 | 0x200, 'sync').directRead, true);
    assert.equal(
      outcome(() => parseGetObjectFlags(0x2, 'sync')),
      'WBEM_E_INVALID_PARAMETER',
    );
  });
  it('reads PutInstance flags and refuses UPDATE_ONLY|CREATE_ONLY and the update modes', () => {
    assert.equal(parsePutInstanceFlags(0x2, 'async').mode, 'create-only');
    assert.equal(
      outcome(() => parsePutInstanceFlags(0x3, 'async')),
      'WBEM_E_INVALID_PARAMETER',
    );
    assert.equal(
      outcome(() => parsePutInstanceFlags(0x20, 'async')),
      'WBEM_E_INVALID_PARAMETER',
    );
  });
});
