import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WBEM_E_NOT_FOUND,
  WBEM_E_TRANSPORT_FAILURE,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { RecordingSink, sampleClass, sleep, startEngine } from './helpers/engine-fixture.js';

describe('ActorHost supervision', () => {
  for (const how of ['crash message (process.exit in the worker)', 'worker.terminate()'] as const) {
    it(`fails in-flight calls with WBEM_E_TRANSPORT_FAILURE and restarts the host after a ${how}`, async () => {
      const engine = await startEngine({ fake: true, hosts: 1 });
      try {
        const svc = await engine.connectServer('root');
        await svc.putClass(sampleClass('Before_Crash'));
        const host = engine.hosts[0];
        assert.ok(host !== undefined);
        const threadBefore = host.threadId;
        const slow = new RecordingSink();
        assert.equal(
          svc.putClassAsync(sampleClass('Slow_Crash', 1, { delayMs: 400 }), 0, null, slow),
          WBEM_S_NO_ERROR,
        );
        await sleep(50);
        const queued = Array.from({ length: 20 }, () => new RecordingSink());
        for (const [i, s] of queued.entries())
          svc.putClassAsync(sampleClass(`Queued_${i}`), 0, null, s);
        if (how === 'worker.terminate()') host.kill();
        else host.crash();
        const finals = await Promise.all(queued.map((s) => s.done));
        for (const f of finals) assert.equal(f.hResult, WBEM_E_TRANSPORT_FAILURE);
        // The crash message is read after the busy turn; a terminate interrupts it.
        const slowFinal = await slow.done;
        assert.equal(
          slowFinal.hResult,
          how === 'worker.terminate()' ? WBEM_E_TRANSPORT_FAILURE : WBEM_S_NO_ERROR,
        );
        assert.equal(host.restarts, 1);
        assert.notEqual(host.threadId, threadBefore);
        // The namespace comes back on the new worker; with memory storage its data did not survive.
        await svc.putClass(sampleClass('After_Crash'));
        assert.equal((await svc.getClass('After_Crash')).name, 'After_Crash');
        await assert.rejects(svc.getClass('Before_Crash'), { hresult: WBEM_E_NOT_FOUND });
      } finally {
        await engine.shutdown();
      }
    });
  }
});
