import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CimClass,
  hresultName,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_E_SHUTTING_DOWN,
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_RETURN_IMMEDIATELY,
  WBEM_FLAG_SEND_STATUS,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_INFINITE,
  WBEM_NO_WAIT,
  WBEM_S_NO_ERROR,
  WBEM_S_TIMEDOUT,
  WbemCallResult,
  WbemEngine,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import { sampleClass, startEngine } from '../runtime/helpers/engine-fixture.js';

let engine: WbemEngine;
let svc: WbemServices;
let seq = 0;
const fresh = (): CimClass => sampleClass(`Semi_${++seq}`);

before(async () => {
  engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
  svc = await engine.connectServer('root');
});
after(() => engine.shutdown());

/** Hex HRESULT with its name, so a failing assertion says which code it got. */
const named = (hr: number | undefined): string =>
  hr === undefined ? 'undefined' : `${hresultName(hr)} (0x${hr.toString(16)})`;

async function exists(name: string): Promise<boolean> {
  try {
    await svc.getClass(name);
    return true;
  } catch (error) {
    if (error instanceof WbemError && error.hresult === WBEM_E_NOT_FOUND) return false;
    throw error;
  }
}

/** A class that is already in the repository. */
async function existing(): Promise<CimClass> {
  const cls = fresh();
  await svc.putClass(cls, WBEM_FLAG_CREATE_ONLY);
  return cls;
}

describe('PutClass: synchronous form without a call result (putClassSync)', () => {
  it('B81: resolves to WBEM_E_ALREADY_EXISTS when Foo exists and CREATE_ONLY is set', async () => {
    const foo = await existing();
    assert.equal(
      named(await svc.putClassSync(foo, WBEM_FLAG_CREATE_ONLY)),
      named(WBEM_E_ALREADY_EXISTS),
    );
  });

  it('resolves to WBEM_S_NO_ERROR and the class is stored when the put succeeds', async () => {
    const cls = fresh();
    assert.equal(named(await svc.putClassSync(cls, WBEM_FLAG_CREATE_ONLY)), named(WBEM_S_NO_ERROR));
    assert.equal(await exists(cls.name), true);
  });

  it('resolves to WBEM_E_NOT_FOUND when UPDATE_ONLY names a missing class', async () => {
    assert.equal(
      named(await svc.putClassSync(fresh(), WBEM_FLAG_UPDATE_ONLY)),
      named(WBEM_E_NOT_FOUND),
    );
  });

  const refused: readonly { desc: string; cls: () => CimClass | null; flags: number }[] = [
    {
      desc: 'B7: resolves to WBEM_E_INVALID_PARAMETER when WBEM_FLAG_SEND_STATUS is set',
      cls: fresh,
      flags: WBEM_FLAG_SEND_STATUS,
    },
    {
      desc: 'B77: resolves to WBEM_E_INVALID_PARAMETER when RETURN_IMMEDIATELY is set without a call result',
      cls: fresh,
      flags: WBEM_FLAG_RETURN_IMMEDIATELY,
    },
    {
      desc: 'B77: resolves to WBEM_E_INVALID_PARAMETER for RETURN_IMMEDIATELY|CREATE_ONLY without a call result',
      cls: fresh,
      flags: WBEM_FLAG_RETURN_IMMEDIATELY | WBEM_FLAG_CREATE_ONLY,
    },
    {
      desc: 'resolves to WBEM_E_INVALID_PARAMETER when the class is null',
      cls: () => null,
      flags: 0,
    },
  ];
  for (const { desc, cls, flags } of refused) {
    it(`${desc} (nothing is written)`, async () => {
      const input = cls();
      assert.equal(named(await svc.putClassSync(input, flags)), named(WBEM_E_INVALID_PARAMETER));
      if (input !== null) assert.equal(await exists(input.name), false);
    });
  }
});

describe('PutClass sync and semisync forms: arguments of the wrong shape', () => {
  const bad: readonly { desc: string; flags: unknown; ctx: unknown }[] = [
    { desc: 'lFlags is a string', flags: '16', ctx: null },
    { desc: 'lFlags is not an integer', flags: 0.5, ctx: null },
    { desc: 'the context is a number', flags: 0, ctx: 42 },
    { desc: 'a context value is a function', flags: 0, ctx: { Fn: () => 1 } },
  ];
  for (const { desc, flags, ctx } of bad) {
    it(`fails with WBEM_E_INVALID_PARAMETER and no call result when ${desc}`, async () => {
      const cls = fresh();
      const args = [cls, flags, ctx] as unknown as Parameters<WbemServices['putClassSync']>;
      assert.equal(named(await svc.putClassSync(...args)), named(WBEM_E_INVALID_PARAMETER));
      for (const extra of [0, WBEM_FLAG_RETURN_IMMEDIATELY]) {
        const withBits = typeof flags === 'number' ? flags + extra : flags;
        const semi = [cls, withBits, ctx] as unknown as Parameters<
          WbemServices['putClassSemisync']
        >;
        const { hr, callResult } = await svc.putClassSemisync(...semi);
        assert.equal(named(hr), named(WBEM_E_INVALID_PARAMETER));
        assert.equal(callResult, null);
      }
      assert.equal(await exists(cls.name), false);
    });
  }
});

describe('PutClass: semisynchronous form (putClassSemisync with WBEM_FLAG_RETURN_IMMEDIATELY)', () => {
  it('B78: returns WBEM_S_NO_ERROR, then GetCallStatus(WBEM_INFINITE) gives status WBEM_E_ALREADY_EXISTS for existing Foo with CREATE_ONLY', async () => {
    const foo = await existing();
    const { hr, callResult } = await svc.putClassSemisync(
      foo,
      WBEM_FLAG_RETURN_IMMEDIATELY | WBEM_FLAG_CREATE_ONLY,
    );
    assert.equal(named(hr), named(WBEM_S_NO_ERROR));
    assert.ok(callResult instanceof WbemCallResult);
    const reply = await callResult.getCallStatus(WBEM_INFINITE);
    assert.equal(named(reply.hr), named(WBEM_S_NO_ERROR));
    assert.equal(named(reply.status), named(WBEM_E_ALREADY_EXISTS));
  });

  it('B79: GetCallStatus(WBEM_NO_WAIT) gives WBEM_S_TIMEDOUT while the put is unfinished', async () => {
    const cls = fresh();
    // The host's reply is a worker message event: it cannot arrive before this turn's microtasks
    // (the await below and getCallStatus's) have run, so the call is unfinished by construction.
    const { hr, callResult } = await svc.putClassSemisync(cls, WBEM_FLAG_RETURN_IMMEDIATELY);
    assert.equal(named(hr), named(WBEM_S_NO_ERROR));
    assert.ok(callResult !== null);
    const early = await callResult.getCallStatus(WBEM_NO_WAIT);
    assert.deepEqual(
      { hr: named(early.hr), status: early.status },
      {
        hr: named(WBEM_S_TIMEDOUT),
        status: undefined,
      },
    );
    const done = await callResult.getCallStatus(WBEM_INFINITE);
    assert.equal(named(done.hr), named(WBEM_S_NO_ERROR));
    assert.equal(named(done.status), named(WBEM_S_NO_ERROR));
    const again = await callResult.getCallStatus(WBEM_NO_WAIT);
    assert.equal(named(again.status), named(WBEM_S_NO_ERROR));
    assert.equal(await exists(cls.name), true);
  });

  it('B79: GetCallStatus(WBEM_NO_WAIT) reports WBEM_S_NO_ERROR once the final status has arrived', async () => {
    const { callResult } = await svc.putClassSemisync(fresh(), WBEM_FLAG_RETURN_IMMEDIATELY);
    assert.ok(callResult !== null);
    let reply = await callResult.getCallStatus(WBEM_NO_WAIT);
    for (let i = 0; i < 200 && reply.hr === WBEM_S_TIMEDOUT; i++) {
      await new Promise((r) => setTimeout(r, 5));
      reply = await callResult.getCallStatus(WBEM_NO_WAIT);
    }
    assert.deepEqual(reply, { hr: WBEM_S_NO_ERROR, status: WBEM_S_NO_ERROR });
  });

  it('B80: GetResultString fails with WBEM_E_INVALID_OPERATION on a finished put (success and failure)', async () => {
    const foo = await existing();
    for (const [cls, status] of [
      [fresh(), WBEM_S_NO_ERROR],
      [foo, WBEM_E_ALREADY_EXISTS],
    ] as const) {
      const { callResult } = await svc.putClassSemisync(
        cls,
        WBEM_FLAG_RETURN_IMMEDIATELY | WBEM_FLAG_CREATE_ONLY,
      );
      assert.ok(callResult !== null);
      assert.equal(named((await callResult.getCallStatus(WBEM_INFINITE)).status), named(status));
      const text = await callResult.getResultString(WBEM_INFINITE);
      assert.deepEqual(
        { hr: named(text.hr), value: text.value },
        {
          hr: named(WBEM_E_INVALID_OPERATION),
          value: undefined,
        },
      );
    }
  });

  it('B80: GetResultString and GetResultObject fail with WBEM_E_INVALID_OPERATION at once, even unfinished', async () => {
    const { callResult } = await svc.putClassSemisync(fresh(), WBEM_FLAG_RETURN_IMMEDIATELY);
    assert.ok(callResult !== null);
    assert.equal(
      named((await callResult.getResultString(WBEM_NO_WAIT)).hr),
      named(WBEM_E_INVALID_OPERATION),
    );
    assert.equal(
      named((await callResult.getResultObject(WBEM_NO_WAIT)).hr),
      named(WBEM_E_INVALID_OPERATION),
    );
    assert.equal(named((await callResult.getCallStatus(WBEM_NO_WAIT)).hr), named(WBEM_S_TIMEDOUT));
    assert.equal(
      named((await callResult.getResultObject(WBEM_INFINITE)).hr),
      named(WBEM_E_INVALID_OPERATION),
    );
    assert.equal(
      named((await callResult.getCallStatus(WBEM_INFINITE)).status),
      named(WBEM_S_NO_ERROR),
    );
  });

  const phase1: readonly { desc: string; cls: () => CimClass | null; flags: number }[] = [
    {
      desc: 'B7: returns WBEM_E_INVALID_PARAMETER and no call result when SEND_STATUS is set',
      cls: fresh,
      flags: WBEM_FLAG_RETURN_IMMEDIATELY | WBEM_FLAG_SEND_STATUS,
    },
    {
      desc: 'returns WBEM_E_INVALID_PARAMETER and no call result when the class is null',
      cls: () => null,
      flags: WBEM_FLAG_RETURN_IMMEDIATELY,
    },
    {
      desc: 'returns WBEM_E_INVALID_PARAMETER and no call result for UPDATE_ONLY|CREATE_ONLY',
      cls: fresh,
      flags: WBEM_FLAG_RETURN_IMMEDIATELY | WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_CREATE_ONLY,
    },
    {
      desc: 'returns WBEM_E_INVALID_PARAMETER and no call result for an undefined flag bit',
      cls: fresh,
      flags: WBEM_FLAG_RETURN_IMMEDIATELY | 0x8,
    },
  ];
  for (const { desc, cls, flags } of phase1) {
    it(`${desc} (nothing is written)`, async () => {
      const input = cls();
      const { hr, callResult } = await svc.putClassSemisync(input, flags);
      assert.equal(named(hr), named(WBEM_E_INVALID_PARAMETER));
      assert.equal(callResult, null);
      if (input !== null) assert.equal(await exists(input.name), false);
    });
  }

  const timeouts: readonly { desc: string; value: number }[] = [
    { desc: 'negative', value: -5 },
    { desc: 'fractional', value: 1.5 },
    { desc: 'NaN', value: Number.NaN },
    { desc: 'above 32 bits', value: 2 ** 32 },
  ];
  for (const { desc, value } of timeouts) {
    it(`fails with WBEM_E_INVALID_PARAMETER when the timeout is ${desc}`, async () => {
      const { callResult } = await svc.putClassSemisync(fresh(), WBEM_FLAG_RETURN_IMMEDIATELY);
      assert.ok(callResult !== null);
      assert.equal(
        named((await callResult.getCallStatus(value)).hr),
        named(WBEM_E_INVALID_PARAMETER),
      );
      assert.equal(
        named((await callResult.getResultString(value)).hr),
        named(WBEM_E_INVALID_PARAMETER),
      );
      assert.equal(
        named((await callResult.getResultObject(value)).hr),
        named(WBEM_E_INVALID_PARAMETER),
      );
      assert.equal(named((await callResult.getCallStatus(-1)).status), named(WBEM_S_NO_ERROR));
    });
  }
});

describe('PutClass: synchronous form with a call result (decision A5)', () => {
  it('A5: returns the final WBEM_E_ALREADY_EXISTS and a completed call result reporting it', async () => {
    const foo = await existing();
    const { hr, callResult } = await svc.putClassSemisync(foo, WBEM_FLAG_CREATE_ONLY);
    assert.equal(named(hr), named(WBEM_E_ALREADY_EXISTS));
    assert.ok(callResult !== null);
    const reply = await callResult.getCallStatus(WBEM_NO_WAIT);
    assert.equal(named(reply.hr), named(WBEM_S_NO_ERROR));
    assert.equal(named(reply.status), named(WBEM_E_ALREADY_EXISTS));
  });

  it('A5: returns WBEM_S_NO_ERROR with a completed call result once the class is stored', async () => {
    const cls = fresh();
    const { hr, callResult } = await svc.putClassSemisync(cls, WBEM_FLAG_CREATE_ONLY);
    assert.equal(named(hr), named(WBEM_S_NO_ERROR));
    assert.deepEqual(await callResult?.getCallStatus(WBEM_NO_WAIT), {
      hr: WBEM_S_NO_ERROR,
      status: WBEM_S_NO_ERROR,
    });
    assert.equal(await exists(cls.name), true);
  });
});

describe('IWbemCallResult::GetCallStatus timeouts (an actor held busy)', () => {
  let slowEngine: WbemEngine;
  let slow: WbemServices;
  before(async () => {
    slowEngine = await startEngine({ fake: true, hosts: 1 });
    slow = await slowEngine.connectServer('root');
  });
  after(() => slowEngine.shutdown());

  it('gives WBEM_S_TIMEDOUT after waiting about timeoutMs, then the status with WBEM_INFINITE', async () => {
    const { hr, callResult } = await slow.putClassSemisync(
      sampleClass('Semi_Slow', 1, { delayMs: 400 }),
      WBEM_FLAG_RETURN_IMMEDIATELY,
    );
    assert.equal(named(hr), named(WBEM_S_NO_ERROR));
    assert.ok(callResult !== null);
    const started = performance.now();
    const waited = await callResult.getCallStatus(60);
    const elapsed = performance.now() - started;
    assert.equal(named(waited.hr), named(WBEM_S_TIMEDOUT));
    assert.ok(elapsed >= 50, `returned after ${elapsed.toFixed(1)} ms, before the timeout`);
    const done = await callResult.getCallStatus(WBEM_INFINITE);
    assert.deepEqual(done, { hr: WBEM_S_NO_ERROR, status: WBEM_S_NO_ERROR });
  });

  it('returns as soon as the call finishes when timeoutMs is longer than the call', async () => {
    const { callResult } = await slow.putClassSemisync(
      sampleClass('Semi_Short', 1, { delayMs: 50 }),
      WBEM_FLAG_RETURN_IMMEDIATELY,
    );
    assert.ok(callResult !== null);
    const started = performance.now();
    const reply = await callResult.getCallStatus(20_000);
    assert.deepEqual(reply, { hr: WBEM_S_NO_ERROR, status: WBEM_S_NO_ERROR });
    assert.ok(performance.now() - started < 5_000);
  });

  it('fails with WBEM_E_SHUTTING_DOWN and no call result once the engine is shutting down', async () => {
    const closing = await startEngine({ fake: true, hosts: 1 });
    const conn = await closing.connectServer('root');
    await closing.shutdown();
    assert.equal(named(await conn.putClassSync(fresh())), named(WBEM_E_SHUTTING_DOWN));
    const { hr, callResult } = await conn.putClassSemisync(fresh(), WBEM_FLAG_RETURN_IMMEDIATELY);
    assert.equal(named(hr), named(WBEM_E_SHUTTING_DOWN));
    assert.equal(callResult, null);
  });
});
