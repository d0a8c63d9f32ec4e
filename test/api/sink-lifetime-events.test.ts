import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { WBEM_FLAG_CREATE_ONLY, WBEM_FLAG_UPDATE_ONLY } from '../../src/wbem/flags.js';
import {
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { RecordingSink, sampleClass, startEngine } from '../runtime/helpers/engine-fixture.js';

let engine: WbemEngine;
let svc: WbemServices;

before(async () => {
  engine = await startEngine();
  svc = await engine.connectServer('root');
});
after(() => engine.shutdown());

/**
 * JavaScript has no reference counts; the engine "retains" a sink exactly while it keeps the call
 * record that `CancelAsyncCall` finds. So B10/B11 are observed through that record: a sink is
 * pending (cancellable) from acceptance until its final status, and never after a phase-1 failure.
 */
describe('PutClassAsync: sink lifetime', () => {
  it('B10: does not retain the sink when the call fails synchronously (CancelAsyncCall finds nothing: WBEM_E_NOT_FOUND)', () => {
    const sink = new RecordingSink();
    assert.equal(
      svc.putClassAsync(sampleClass('Life_A'), 0x3, null, sink),
      WBEM_E_INVALID_PARAMETER,
    );
    assert.equal(svc.cancelAsyncCall(sink), WBEM_E_NOT_FOUND);
    assert.equal(sink.calls.length, 0);
  });

  it('B11: retains the sink from acceptance to its final status and releases it afterwards', async () => {
    const pending = new RecordingSink();
    assert.equal(svc.putClassAsync(sampleClass('Life_B'), 0, null, pending), WBEM_S_NO_ERROR);
    assert.equal(svc.cancelAsyncCall(pending), WBEM_S_NO_ERROR);
    await pending.done;

    const finished = new RecordingSink();
    assert.equal(svc.putClassAsync(sampleClass('Life_C'), 0, null, finished), WBEM_S_NO_ERROR);
    await finished.done;
    assert.equal(svc.cancelAsyncCall(finished), WBEM_E_NOT_FOUND);
  });
});

describe('engine.events$ for class puts', () => {
  it('B74: a __ClassModificationEvent carries the new class as TargetClass and the old one as PreviousClass', async () => {
    const seen: WbemEvent[] = [];
    const sub = engine.events$.subscribe((e) => seen.push(e));
    try {
      await svc.putClass(sampleClass('Life_Mod', 2), WBEM_FLAG_CREATE_ONLY);
      await svc.putClass(sampleClass('Life_Mod', 5), WBEM_FLAG_UPDATE_ONLY);
    } finally {
      // A subscriber paced on a busy machine gets what was raised before it leaves.
      engine.flushEvents();
      sub.unsubscribe();
    }
    const modification = seen.find((e) => e.eventClass === '__ClassModificationEvent');
    assert.ok(modification !== undefined);
    assert.equal(modification.targetClass?.properties.size, 5);
    assert.equal(modification.previousClass?.properties.size, 2);
    assert.equal(modification.previousClass?.name, 'Life_Mod');
  });

  it('B75: a failed put raises no class event', async () => {
    await svc.putClass(sampleClass('Life_Fail'));
    const seen: WbemEvent[] = [];
    const sub = engine.events$.subscribe((e) => seen.push(e));
    try {
      await assert.rejects(svc.putClass(sampleClass('Life_Fail'), WBEM_FLAG_CREATE_ONLY));
      await assert.rejects(svc.putClass(sampleClass('_Bad'), 0));
    } finally {
      // A subscriber paced on a busy machine gets what was raised before it leaves.
      engine.flushEvents();
      sub.unsubscribe();
    }
    assert.deepEqual(seen, []);
  });
});
