/**
 * `AmendedReads` against a scripted engine: the timing cases a real engine cannot pin down, such
 * as `CancelAsyncCall` arriving while the amendment namespace is being read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AmendedReads, wantsAmended } from '../../src/api/amended-reads.js';
import type { CallResult, StartCall } from '../../src/api/call-forms.js';
import type { EngineCore } from '../../src/api/engine-core.js';
import type { PreparedCall } from '../../src/api/phase1/prepared-call.js';
import { cimClass } from '../../src/model/cim-builders.js';
import type { IWbemObjectSink } from '../../src/sink/object-sink.js';
import { WBEM_STATUS_COMPLETE } from '../../src/wbem/flags.js';
import {
  WBEM_E_CALL_CANCELLED,
  WBEM_E_NOT_FOUND,
  WBEM_E_SHUTTING_DOWN,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { RecordingSink } from '../runtime/helpers/engine-fixture.js';

const amendedGet: PreparedCall = {
  operation: 'GetObject',
  sendStatus: false,
  request: { kind: 'getClass', name: 'A', options: { useAmendedQualifiers: true } },
};

/** An engine whose reads of other namespaces wait until the test lets them answer. */
function scripted() {
  const pending: ((result: CallResult) => void)[] = [];
  const core = {
    invoke: () => new Promise<CallResult>((resolve) => pending.push(resolve)),
    cancel: (sink: unknown) => (sink === null ? WBEM_S_NO_ERROR : WBEM_E_NOT_FOUND),
  } as unknown as EngineCore;
  let registered: IWbemObjectSink | undefined;
  const start: StartCall = (sink, phase1) => {
    phase1();
    registered = sink as IWbemObjectSink;
    return undefined;
  };
  return { core, pending, start, sink: () => registered as IWbemObjectSink };
}

describe('AmendedReads', () => {
  it('ends with one WBEM_E_CALL_CANCELLED and nothing after it when cancelled while the amendments are read', async () => {
    const engine = scripted();
    const reads = new AmendedReads(engine.core, 'root/x', 'ms_409');
    const target = new RecordingSink();
    assert.equal(
      reads.start(target, 'GetObject', (sink) => engine.start(sink, () => amendedGet)),
      undefined,
    );
    const wrapper = engine.sink();
    assert.notEqual(wrapper, target);
    wrapper.indicate([cimClass({ name: 'A' })]);
    wrapper.setStatus(WBEM_STATUS_COMPLETE, WBEM_S_NO_ERROR, null, null);
    assert.equal(engine.pending.length, 1);
    assert.equal(reads.cancel(target, engine.core.cancel), WBEM_S_NO_ERROR);
    assert.equal((await target.done).hResult, WBEM_E_CALL_CANCELLED);
    engine.pending[0]?.({ objects: [], param: null });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(target.calls.length, 1);
    assert.equal(reads.cancel(target, engine.core.cancel), WBEM_E_NOT_FOUND);
  });

  it('takes only class reads that ask for amended qualifiers', () => {
    assert.equal(wantsAmended(amendedGet), true);
    const enumeration: PreparedCall = {
      ...amendedGet,
      request: {
        kind: 'createClassEnum',
        superclass: null,
        deep: true,
        options: { useAmendedQualifiers: true },
      },
    };
    assert.equal(wantsAmended(enumeration), true);
    for (const options of [{}, { useAmendedQualifiers: false }]) {
      const plain: PreparedCall = {
        ...amendedGet,
        request: { kind: 'getClass', name: 'A', options },
      };
      assert.equal(wantsAmended(plain), false);
    }
    const instance: PreparedCall = {
      ...amendedGet,
      request: { kind: 'getInstance', path: 'A.K=1', options: { useAmendedQualifiers: true } },
    } as unknown as PreparedCall;
    assert.equal(wantsAmended(instance), false);
  });

  it('forwards a failed neutral read at once, without reading the amendments', async () => {
    const engine = scripted();
    const reads = new AmendedReads(engine.core, 'root/x', 'ms_409');
    const target = new RecordingSink();
    reads.start(target, 'GetObject', (sink) => engine.start(sink, () => amendedGet));
    engine.sink().setStatus(WBEM_STATUS_COMPLETE, WBEM_E_NOT_FOUND, null, null);
    assert.equal((await target.done).hResult, WBEM_E_NOT_FOUND);
    assert.equal(engine.pending.length, 0);
  });

  it('returns the neutral read’s refusal and keeps nothing pending for it', () => {
    const engine = scripted();
    const reads = new AmendedReads(engine.core, 'root/x', 'ms_409');
    const target = new RecordingSink();
    const refusal = new WbemError(WBEM_E_SHUTTING_DOWN, { message: 'the engine is shutting down' });
    assert.equal(
      reads.start(target, 'GetObject', () => refusal),
      refusal,
    );
    assert.equal(reads.cancel(target, engine.core.cancel), WBEM_E_NOT_FOUND);
    assert.equal(target.calls.length, 0);
  });
});
