import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEM_E_SHUTTING_DOWN, WBEM_S_NO_ERROR } from '../../src/wbem/status.js';
import { RecordingSink, sampleClass, startEngine } from '../runtime/helpers/engine-fixture.js';

describe('WbemEngine.shutdown', () => {
  it('fails new calls with WBEM_E_SHUTTING_DOWN and lets accepted calls finish', async () => {
    const engine = await startEngine({ fake: true });
    const svc = await engine.connectServer('root');
    const accepted = Array.from({ length: 100 }, () => new RecordingSink());
    for (const [i, s] of accepted.entries()) {
      assert.equal(svc.putClassAsync(sampleClass(`Down_${i}`), 0, null, s), WBEM_S_NO_ERROR);
    }
    const done = engine.shutdown();
    const late = new RecordingSink();
    assert.equal(svc.putClassAsync(sampleClass('Late'), 0, null, late), WBEM_E_SHUTTING_DOWN);
    await assert.rejects(svc.putClass(sampleClass('Late2')), { hresult: WBEM_E_SHUTTING_DOWN });
    await assert.rejects(engine.connectServer('root'), { hresult: WBEM_E_SHUTTING_DOWN });
    await done;
    for (const s of accepted) assert.equal(s.finals[0]?.hResult, WBEM_S_NO_ERROR);
    assert.equal(late.calls.length, 0);
    assert.equal(engine.shutdown(), done, 'idempotent');
  });

  it('completes events$ and status$ when the engine has shut down', async () => {
    const engine = await startEngine({ fake: true, hosts: 1 });
    let completed = 0;
    engine.events$.subscribe({ complete: () => completed++ });
    engine.status$.subscribe({ complete: () => completed++ });
    await engine.shutdown();
    assert.equal(completed, 2);
  });
});
