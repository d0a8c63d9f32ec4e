/**
 * Large results cross to the main thread in slices (`part` replies ahead of the `ok`): every
 * object arrives, once, in order, through Indicate calls before the one final status, and a sink
 * refusing Indicate midway ends the call with WBEM_E_CALL_CANCELLED.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CimClass,
  cimClass,
  cimProperty,
  E_FAIL,
  WBEM_E_CALL_CANCELLED,
  WBEM_FLAG_DEEP,
  WBEM_S_NO_ERROR,
  WbemEngine,
  type WbemServices,
} from '../../src/index.js';
import { RecordingSink } from '../runtime/helpers/engine-fixture.js';

const DEPTH = 1000;
let engine: WbemEngine;
let svc: WbemServices;

before(async () => {
  engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
  svc = await engine.connectServer('root');
  const puts: Promise<void>[] = [];
  for (let i = 0; i < DEPTH; i++) {
    puts.push(
      svc.putClass(
        cimClass({
          name: `Large_${i}`,
          superclass: i === 0 ? null : `Large_${i - 1}`,
          properties: [cimProperty(`P${i % 3}`, 'uint32')],
        }),
      ),
    );
  }
  await Promise.all(puts);
});

after(async () => {
  await engine.shutdown();
});

describe('CreateClassEnum of a large result', () => {
  it('delivers every class once, in order, before the final status when the result is sliced', async () => {
    const sink = new RecordingSink();
    assert.equal(svc.createClassEnumAsync('Large_0', WBEM_FLAG_DEEP, null, sink), WBEM_S_NO_ERROR);
    await sink.done;
    const indicated = sink.calls.flatMap((c) => (c.method === 'indicate' ? c.objects : []));
    assert.deepEqual(
      indicated.map((c) => (c as CimClass).name),
      Array.from({ length: DEPTH - 1 }, (_, i) => `Large_${i + 1}`),
    );
    const last = sink.calls[sink.calls.length - 1];
    assert.equal(last?.method, 'setStatus');
    assert.equal(last?.method === 'setStatus' ? last.hResult : -1, WBEM_S_NO_ERROR);
    const deepest = indicated[indicated.length - 1] as CimClass;
    assert.equal(deepest.systemProperties?.__DERIVATION.length, DEPTH - 1);
  });

  it('ends with WBEM_E_CALL_CANCELLED and nothing after when the sink refuses Indicate', async () => {
    const sink = new RecordingSink({ indicate: E_FAIL });
    svc.createClassEnumAsync('Large_0', WBEM_FLAG_DEEP, null, sink);
    const final = await sink.done;
    assert.equal(final.method === 'setStatus' ? final.hResult : -1, WBEM_E_CALL_CANCELLED);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(sink.calls.filter((c) => c.method === 'indicate').length, 1);
    assert.equal(sink.calls.filter((c) => c.method === 'setStatus').length, 1);
  });
});
