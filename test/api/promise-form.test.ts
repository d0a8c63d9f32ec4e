/**
 * The promise form of a call (`promiseForm`) against a scripted start: what its sink makes of each
 * callback, and that every caller gets a list of its own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promiseForm, type StartCall } from '../../src/api/call-forms.js';
import type { PreparedCall } from '../../src/api/phase1/prepared-call.js';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { IWbemObjectSink } from '../../src/sink/object-sink.js';
import { WBEM_STATUS_COMPLETE, WBEM_STATUS_PROGRESS } from '../../src/wbem/flags.js';
import {
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const phase1 = (): PreparedCall => ({
  operation: 'GetObject',
  sendStatus: false,
  request: { kind: 'getClass', name: 'A', options: {} },
});

/** A start that accepts the call and plays `script` on its sink once the call has returned. */
function scripted(script: (sink: IWbemObjectSink) => void): StartCall {
  return (sink, p) => {
    p();
    queueMicrotask(() => script(sink as IWbemObjectSink));
    return undefined;
  };
}

describe('promiseForm', () => {
  it('gathers every indicated batch in order and resolves with the final status’s param', async () => {
    const a = cimInstance('A', { K: 1 });
    const b = cimInstance('A', { K: 2 });
    const c = cimInstance('A', { K: 3 });
    const result = await promiseForm(
      scripted((sink) => {
        sink.indicate([a, b]);
        sink.indicate([c]);
        sink.setStatus(WBEM_STATUS_COMPLETE, WBEM_S_NO_ERROR, 'A.K=3', null);
      }),
      phase1,
    );
    assert.deepEqual(result.objects, [a, b, c]);
    assert.equal(result.param, 'A.K=3');
  });

  it('passes over progress reports and settles on the final status only', async () => {
    const result = await promiseForm(
      scripted((sink) => {
        sink.setStatus(WBEM_STATUS_PROGRESS, 0x00010000, 'half way', null);
        sink.indicate([cimInstance('A', { K: 1 })]);
        sink.setStatus(WBEM_STATUS_COMPLETE, WBEM_S_NO_ERROR, null, null);
      }),
      phase1,
    );
    assert.equal(result.objects.length, 1, 'the objects after the progress report are kept');
    assert.equal(result.param, null);
  });

  it('gives every call without objects a list of its own', async () => {
    const none = scripted((sink) =>
      sink.setStatus(WBEM_STATUS_COMPLETE, WBEM_S_NO_ERROR, null, null),
    );
    const first = await promiseForm(none, phase1);
    (first.objects as unknown[]).push('written by the caller');
    const second = await promiseForm(none, phase1);
    assert.deepEqual(second.objects, []);
    assert.notEqual(first.objects, second.objects);
  });

  it('rejects with the final status’s HRESULT as a WbemError', async () => {
    await assert.rejects(
      promiseForm(
        scripted((sink) => sink.setStatus(WBEM_STATUS_COMPLETE, WBEM_E_NOT_FOUND, null, null)),
        phase1,
      ),
      (error: unknown) => error instanceof WbemError && error.hresult === WBEM_E_NOT_FOUND,
    );
  });

  it('rejects with the refusal of a call that was not accepted', async () => {
    const refusal = new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'refused' });
    await assert.rejects(
      promiseForm(() => refusal, phase1),
      (error: unknown) => error === refusal,
    );
  });
});
