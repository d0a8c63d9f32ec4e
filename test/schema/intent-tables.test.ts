/**
 * @module The whole intent each `lFlags` parser gives, per call and variant, and the message of
 * each refusal (the caller reads it in the HRESULT's text): every field of the result is
 * asserted, so a bit read wrongly or a flag forced on or off shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type PutClassIntent,
  parseDeleteFlags,
  parseEnumFlags,
  parseGetObjectFlags,
  parsePutClassFlags,
  parsePutInstanceFlags,
  putClassFlagsOf,
} from '../../src/schema/index.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

/** The message of the WbemError `op` throws; fails the test when it throws nothing else. */
function refusal(op: () => unknown): string {
  try {
    op();
  } catch (e) {
    assert.ok(e instanceof WbemError);
    assert.equal(e.hresult, 0x80041008);
    assert.ok(e.message.startsWith('WBEM_E_INVALID_PARAMETER: '));
    return e.message.slice('WBEM_E_INVALID_PARAMETER: '.length);
  }
  return assert.fail('the flags were accepted');
}

const NO_DELIVERY = { returnImmediately: false, sendStatus: false };

describe('parsePutClassFlags: the intent', () => {
  const rows: { flags: number; variant: 'async' | 'sync'; expect: object }[] = [
    {
      flags: 0,
      variant: 'async',
      expect: {
        mode: 'create-or-update',
        update: 'compatible',
        useAmendedQualifiers: false,
        ownerUpdate: false,
        ...NO_DELIVERY,
      },
    },
    {
      flags: 0x1 | 0x80,
      variant: 'async',
      expect: {
        mode: 'update-only',
        update: 'compatible',
        useAmendedQualifiers: false,
        ownerUpdate: false,
        returnImmediately: false,
        sendStatus: true,
      },
    },
    {
      flags: 0x2 | 0x20 | 0x10,
      variant: 'sync',
      expect: {
        mode: 'create-only',
        update: 'safe',
        useAmendedQualifiers: false,
        ownerUpdate: false,
        returnImmediately: true,
        sendStatus: false,
      },
    },
    {
      flags: 0x40 | 0x20000 | 0x100000 | 0x1000,
      variant: 'sync',
      expect: {
        mode: 'create-or-update',
        update: 'force',
        useAmendedQualifiers: true,
        ownerUpdate: false,
        ...NO_DELIVERY,
      },
    },
  ];
  for (const { flags, variant, expect } of rows) {
    it(`gives every field when the ${variant} call has flags 0x${flags.toString(16)}`, () => {
      assert.deepEqual(parsePutClassFlags(flags, variant), expect);
    });
  }

  it('accepts the largest unsigned and the smallest signed 32-bit values only up to their bits', () => {
    assert.match(
      refusal(() => parsePutClassFlags(0xffffffff, 'async')),
      /has bits/,
    );
    assert.match(
      refusal(() => parsePutClassFlags(-0x80000000, 'async')),
      /has bits 0x80000000/,
    );
    assert.match(
      refusal(() => parsePutClassFlags(0x100000000, 'async')),
      /32-bit integer, got/,
    );
    assert.match(
      refusal(() => parsePutClassFlags(-0x80000001, 'async')),
      /32-bit integer, got/,
    );
    assert.match(
      refusal(() => parsePutClassFlags(2.5, 'async')),
      /got 2\.5$/,
    );
    assert.match(
      refusal(() => parsePutClassFlags('2' as unknown as number, 'async')),
      /got string$/,
    );
  });

  it('names the call, the flags and the reason in each refusal', () => {
    assert.equal(
      refusal(() => parsePutClassFlags(0x3, 'async')),
      'PutClassAsync: lFlags 0x3 combines WBEM_FLAG_UPDATE_ONLY and WBEM_FLAG_CREATE_ONLY',
    );
    assert.equal(
      refusal(() => parsePutClassFlags(0x60, 'sync')),
      'PutClass: lFlags 0x60 combines WBEM_FLAG_UPDATE_SAFE_MODE and WBEM_FLAG_UPDATE_FORCE_MODE',
    );
    assert.equal(
      refusal(() => parsePutClassFlags(0x10, 'async')),
      'PutClassAsync: lFlags 0x10 sets WBEM_FLAG_RETURN_IMMEDIATELY, which the async call does not accept',
    );
    assert.equal(
      refusal(() => parsePutClassFlags(0x80, 'sync')),
      'PutClass: lFlags 0x80 sets WBEM_FLAG_SEND_STATUS, which the sync call does not accept',
    );
    assert.equal(
      refusal(() => parsePutClassFlags(0x8 | 0x10, 'async')),
      'PutClassAsync: lFlags 0x18 has bits 0x18 the call does not accept',
    );
    assert.equal(
      refusal(() => parsePutClassFlags(0x200000, 'sync')),
      'PutClass: lFlags 0x200000 has bits 0x200000 the call does not accept',
    );
  });
});

describe('parsePutInstanceFlags: the intent', () => {
  it('gives every field for each mode and variant', () => {
    assert.deepEqual(parsePutInstanceFlags(0, 'async'), {
      mode: 'create-or-update',
      useAmendedQualifiers: false,
      ...NO_DELIVERY,
    });
    assert.deepEqual(parsePutInstanceFlags(0x1 | 0x20000 | 0x80, 'async'), {
      mode: 'update-only',
      useAmendedQualifiers: true,
      returnImmediately: false,
      sendStatus: true,
    });
    assert.deepEqual(parsePutInstanceFlags(0x2 | 0x10, 'sync'), {
      mode: 'create-only',
      useAmendedQualifiers: false,
      returnImmediately: true,
      sendStatus: false,
    });
  });

  it('names the instance call in its refusals', () => {
    assert.equal(
      refusal(() => parsePutInstanceFlags(0x3, 'sync')),
      'PutInstance: lFlags 0x3 combines WBEM_FLAG_UPDATE_ONLY and WBEM_FLAG_CREATE_ONLY',
    );
    assert.match(
      refusal(() => parsePutInstanceFlags(0x40, 'async')),
      /^PutInstanceAsync: /,
    );
  });
});

describe('parseDeleteFlags: the intent', () => {
  it('gives only the delivery bits of each variant', () => {
    assert.deepEqual(parseDeleteFlags(0, 'async'), NO_DELIVERY);
    assert.deepEqual(parseDeleteFlags(0x80, 'async'), {
      returnImmediately: false,
      sendStatus: true,
    });
    assert.deepEqual(parseDeleteFlags(0x10, 'sync'), {
      returnImmediately: true,
      sendStatus: false,
    });
    assert.deepEqual(parseDeleteFlags(0x1f000 | 0x100000, 'sync'), NO_DELIVERY);
  });

  it('names the delete call in its refusals', () => {
    assert.equal(
      refusal(() => parseDeleteFlags(0x20000, 'async')),
      'DeleteClassAsync: lFlags 0x20000 has bits 0x20000 the call does not accept',
    );
    assert.match(
      refusal(() => parseDeleteFlags(0x80, 'sync')),
      /^DeleteClass: .*SEND_STATUS/,
    );
  });
});

describe('parseGetObjectFlags: the intent', () => {
  it('gives every field for each variant', () => {
    assert.deepEqual(parseGetObjectFlags(0, 'sync'), {
      useAmendedQualifiers: false,
      directRead: false,
      ...NO_DELIVERY,
    });
    assert.deepEqual(parseGetObjectFlags(0x20000 | 0x80, 'async'), {
      useAmendedQualifiers: true,
      directRead: false,
      returnImmediately: false,
      sendStatus: true,
    });
    assert.deepEqual(parseGetObjectFlags(0x200 | 0x10, 'sync'), {
      useAmendedQualifiers: false,
      directRead: true,
      returnImmediately: true,
      sendStatus: false,
    });
  });

  it('names the call in its refusals', () => {
    assert.match(
      refusal(() => parseGetObjectFlags(0x1, 'async')),
      /^GetObjectAsync: lFlags 0x1 /,
    );
    assert.match(
      refusal(() => parseGetObjectFlags(0x1, 'sync')),
      /^GetObject: lFlags 0x1 /,
    );
  });
});

describe('parseEnumFlags: the intent', () => {
  it('gives every field for each variant', () => {
    assert.deepEqual(parseEnumFlags(0, 'async'), {
      deep: true,
      useAmendedQualifiers: false,
      forwardOnly: false,
      ...NO_DELIVERY,
    });
    assert.deepEqual(parseEnumFlags(0x1 | 0x20000 | 0x80, 'async'), {
      deep: false,
      useAmendedQualifiers: true,
      forwardOnly: false,
      returnImmediately: false,
      sendStatus: true,
    });
    assert.deepEqual(parseEnumFlags(0x20 | 0x10, 'sync'), {
      deep: true,
      useAmendedQualifiers: false,
      forwardOnly: true,
      returnImmediately: true,
      sendStatus: false,
    });
  });

  it('names the call in its refusals', () => {
    assert.match(
      refusal(() => parseEnumFlags(0x20, 'async')),
      /^CreateClassEnumAsync: /,
    );
    assert.match(
      refusal(() => parseEnumFlags(0x2, 'sync')),
      /^CreateClassEnum: /,
    );
  });
});

describe('putClassFlagsOf', () => {
  const intents: { intent: PutClassIntent; sendStatus: boolean; flags: number }[] = [
    {
      intent: {
        mode: 'create-or-update',
        update: 'compatible',
        useAmendedQualifiers: false,
        ownerUpdate: false,
      },
      sendStatus: false,
      flags: 0,
    },
    {
      intent: {
        mode: 'create-only',
        update: 'safe',
        useAmendedQualifiers: true,
        ownerUpdate: false,
      },
      sendStatus: true,
      flags: 0x2 | 0x20 | 0x20000 | 0x80,
    },
    {
      intent: {
        mode: 'update-only',
        update: 'force',
        useAmendedQualifiers: false,
        ownerUpdate: true,
      },
      sendStatus: false,
      flags: 0x1 | 0x40 | 0x10000,
    },
  ];
  for (const { intent, sendStatus, flags } of intents) {
    it(`gives 0x${flags.toString(16)} for ${intent.mode}/${intent.update} and parses back to the same intent`, () => {
      assert.equal(putClassFlagsOf(intent, sendStatus), flags);
      if (!sendStatus) assert.equal(putClassFlagsOf(intent), flags);
      const back = parsePutClassFlags(flags, 'async');
      assert.deepEqual(
        {
          mode: back.mode,
          update: back.update,
          useAmendedQualifiers: back.useAmendedQualifiers,
          ownerUpdate: back.ownerUpdate,
        },
        intent,
      );
    });
  }
});
