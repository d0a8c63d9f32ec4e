import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import {
  WBEM_E_CALL_CANCELLED,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import {
  RecordingSink,
  sampleClass,
  sleep,
  startEngine,
} from '../runtime/helpers/engine-fixture.js';

let engine: WbemEngine;
let svc: WbemServices;

before(async () => {
  engine = await startEngine({ fake: true, hosts: 1 });
  svc = await engine.connectServer('root');
});
after(() => engine.shutdown());

describe('IWbemServices::CancelAsyncCall', () => {
  it('B82: fails with WBEM_E_INVALID_PARAMETER when the sink is null', () => {
    assert.equal(svc.cancelAsyncCall(null), WBEM_E_INVALID_PARAMETER);
  });

  it('B83: fails with WBEM_E_NOT_FOUND when the sink was never used', () => {
    assert.equal(svc.cancelAsyncCall(new RecordingSink()), WBEM_E_NOT_FOUND);
  });

  it('B84: delivers exactly one WBEM_E_CALL_CANCELLED and the class is not created when cancelled before it ran', async () => {
    const sink = new RecordingSink();
    assert.equal(svc.putClassAsync(sampleClass('Cancel_Before'), 0, null, sink), WBEM_S_NO_ERROR);
    assert.equal(svc.cancelAsyncCall(sink), WBEM_S_NO_ERROR);
    await sink.done;
    await sleep(50);
    assert.deepEqual(
      sink.calls.map((c) => c.hResult),
      [WBEM_E_CALL_CANCELLED],
    );
    await assert.rejects(svc.getClass('Cancel_Before'), { hresult: WBEM_E_NOT_FOUND });
  });

  it('B84: delivers exactly one WBEM_E_CALL_CANCELLED, nothing after, when the actor is busy (paused) with an earlier call', async () => {
    const slow = new RecordingSink();
    svc.putClassAsync(sampleClass('Cancel_Slow', 1, { delayMs: 300 }), 0, null, slow);
    await sleep(60);
    const sink = new RecordingSink();
    assert.equal(svc.putClassAsync(sampleClass('Cancel_Queued'), 0, null, sink), WBEM_S_NO_ERROR);
    await sleep(10);
    assert.equal(svc.cancelAsyncCall(sink), WBEM_S_NO_ERROR);
    await slow.done;
    await sleep(50);
    assert.deepEqual(
      sink.calls.map((c) => c.hResult),
      [WBEM_E_CALL_CANCELLED],
    );
    assert.equal(slow.finals[0]?.hResult, WBEM_S_NO_ERROR);
  });

  it('cancels every pending call of the sink when one sink is used for several calls', async () => {
    const sink = new RecordingSink();
    svc.putClassAsync(sampleClass('Cancel_Many1'), 0, null, sink);
    svc.putClassAsync(sampleClass('Cancel_Many2'), 0, null, sink);
    assert.equal(svc.cancelAsyncCall(sink), WBEM_S_NO_ERROR);
    await sleep(50);
    assert.deepEqual(
      sink.calls.map((c) => c.hResult),
      [WBEM_E_CALL_CANCELLED, WBEM_E_CALL_CANCELLED],
    );
  });

  it('B85: fails with WBEM_E_NOT_FOUND and sends no second final status when the call already completed', async () => {
    const sink = new RecordingSink();
    svc.putClassAsync(sampleClass('Cancel_Done'), 0, null, sink);
    await sink.done;
    assert.equal(svc.cancelAsyncCall(sink), WBEM_E_NOT_FOUND);
    await sleep(30);
    assert.equal(sink.finals.length, 1);
    assert.equal(sink.finals[0]?.hResult, WBEM_S_NO_ERROR);
  });
});
