import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEM_E_SERVER_TOO_BUSY, WBEM_S_NO_ERROR } from '../../src/wbem/status.js';
import { RecordingSink, sampleClass, startEngine } from './helpers/engine-fixture.js';

describe('Mailbox back-pressure', () => {
  it('fails fast with WBEM_E_SERVER_TOO_BUSY past the bound and completes every accepted call', async () => {
    const engine = await startEngine({ fake: true, hosts: 1, mailboxLimit: 8 });
    try {
      const svc = await engine.connectServer('root');
      const sinks = Array.from({ length: 50 }, () => new RecordingSink());
      const results = sinks.map((s, i) => svc.putClassAsync(sampleClass(`Busy_${i}`), 0, null, s));
      assert.deepEqual(results.slice(0, 8), Array(8).fill(WBEM_S_NO_ERROR));
      assert.deepEqual(results.slice(8), Array(42).fill(WBEM_E_SERVER_TOO_BUSY));
      const finals = await Promise.all(sinks.slice(0, 8).map((s) => s.done));
      assert.ok(finals.every((f) => f.hResult === WBEM_S_NO_ERROR));
      assert.ok(
        sinks.slice(8).every((s) => s.calls.length === 0),
        'refused calls never touch their sink',
      );
      assert.equal((await svc.createClassEnum(null)).length, 8);
      // Slots are free again once the accepted calls completed.
      const again = new RecordingSink();
      assert.equal(svc.putClassAsync(sampleClass('Busy_Again'), 0, null, again), WBEM_S_NO_ERROR);
      assert.equal((await again.done).hResult, WBEM_S_NO_ERROR);
    } finally {
      await engine.shutdown();
    }
  });

  it('rejects the promise form with WBEM_E_SERVER_TOO_BUSY when the mailbox is full', async () => {
    const engine = await startEngine({ fake: true, hosts: 1, mailboxLimit: 1 });
    try {
      const svc = await engine.connectServer('root');
      const first = svc.putClass(sampleClass('One', 1, { delayMs: 50 }));
      await assert.rejects(svc.putClass(sampleClass('Two')), {
        hresult: WBEM_E_SERVER_TOO_BUSY,
        detail: 'the mailbox of root is full (1 calls pending)',
      });
      await first;
    } finally {
      await engine.shutdown();
    }
  });
});
