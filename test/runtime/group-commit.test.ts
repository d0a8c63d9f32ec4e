import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { WBEM_E_FAILED, WBEM_S_NO_ERROR } from '../../src/wbem/status.js';
import { FAKE_SCHEMA_HOST, RecordingSink, sampleClass } from './helpers/engine-fixture.js';

const REPOSITORY_URL = new URL('./helpers/instrumented-repository.js', import.meta.url).href;

async function instrumented(
  failFlush: boolean,
): Promise<{ engine: WbemEngine; counts: Int32Array }> {
  const counters = new SharedArrayBuffer(8);
  const engine = await WbemEngine.start({
    hosts: 1,
    hostWorkerUrl: FAKE_SCHEMA_HOST,
    repository: { kind: 'module', url: REPOSITORY_URL, options: { counters, failFlush } },
  });
  return { engine, counts: new Int32Array(counters) };
}

describe('NamespaceActor group commit', () => {
  it('flushes once per batch of mutations, not once per call', async () => {
    const { engine, counts } = await instrumented(false);
    try {
      const svc = await engine.connectServer('root');
      const sinks = Array.from({ length: 200 }, () => new RecordingSink());
      for (const [i, s] of sinks.entries())
        svc.putClassAsync(sampleClass(`Group_${i}`), 0, null, s);
      const finals = await Promise.all(sinks.map((s) => s.done));
      assert.ok(finals.every((f) => f.hResult === WBEM_S_NO_ERROR));
      const [applies, flushes] = [Atomics.load(counts, 0), Atomics.load(counts, 1)];
      assert.equal(applies, 200);
      assert.ok(flushes >= 1 && flushes <= 10, `${flushes} flushes for 200 writes`);
    } finally {
      await engine.shutdown();
    }
  });

  it('fails the batch with WBEM_E_FAILED and publishes no event when the commit fails', async () => {
    const { engine } = await instrumented(true);
    try {
      const svc = await engine.connectServer('root');
      const seen: WbemEvent[] = [];
      const sub = engine.events$.subscribe((e) => seen.push(e));
      const sinks = Array.from({ length: 5 }, () => new RecordingSink());
      for (const [i, s] of sinks.entries()) svc.putClassAsync(sampleClass(`Lost_${i}`), 0, null, s);
      const finals = await Promise.all(sinks.map((s) => s.done));
      // A subscriber paced on a busy machine gets what was raised before it leaves.
      engine.flushEvents();
      sub.unsubscribe();
      for (const f of finals) {
        assert.equal(f.hResult, WBEM_E_FAILED);
        const description =
          f.object?.genus === 2 ? f.object.properties.get('description')?.value : undefined;
        assert.match(String(description), /commit failed/);
      }
      assert.equal(seen.length, 0);
    } finally {
      await engine.shutdown();
    }
  });
});
