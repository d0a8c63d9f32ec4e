import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { WBEM_FLAG_CREATE_ONLY } from '../../src/wbem/flags.js';
import { WBEM_E_ALREADY_EXISTS, WBEM_S_NO_ERROR } from '../../src/wbem/status.js';
import { RecordingSink, sampleClass, startEngine } from './helpers/engine-fixture.js';

describe('NamespaceActor under load', () => {
  it('completes 10,000 concurrent putClassAsync over 8 namespaces, each with the right outcome', async () => {
    const engine = await startEngine({ hosts: 2 });
    try {
      const services: WbemServices[] = [];
      for (let n = 0; n < 8; n++) {
        await engine.createNamespace('root', `load${n}`);
        services.push(await engine.connectServer(`root/load${n}`));
      }
      // Per namespace: 1,250 calls over 625 class names, each put twice with CREATE_ONLY, so
      // exactly one of each pair succeeds and the other fails with WBEM_E_ALREADY_EXISTS.
      const calls: { sink: RecordingSink; ns: number; name: string }[] = [];
      for (let i = 0; i < 10_000; i++) {
        const ns = i % 8;
        const name = `Load_${Math.floor(i / 16)}`;
        const sink = new RecordingSink();
        const svc = services[ns] as WbemServices;
        assert.equal(
          svc.putClassAsync(sampleClass(name, 10), WBEM_FLAG_CREATE_ONLY, null, sink),
          WBEM_S_NO_ERROR,
        );
        calls.push({ sink, ns, name });
      }
      const finals = await Promise.all(calls.map((c) => c.sink.done));
      assert.ok(calls.every((c) => c.sink.finals.length === 1));
      const outcomes = new Map<string, number[]>();
      finals.forEach((f, i) => {
        const c = calls[i] as (typeof calls)[number];
        const key = `${c.ns}/${c.name}`;
        outcomes.set(key, [...(outcomes.get(key) ?? []), f.hResult ?? -1]);
      });
      assert.equal(outcomes.size, 8 * 625);
      for (const [key, hrs] of outcomes) {
        assert.deepEqual(hrs, [WBEM_S_NO_ERROR, WBEM_E_ALREADY_EXISTS], key);
      }
      for (const svc of services) {
        const user = (await svc.createClassEnum(null)).filter((c) => !c.name.startsWith('__'));
        assert.equal(user.length, 625);
      }
    } finally {
      await engine.shutdown();
    }
  });

  it('ends in the last accepted state when updates of one class interleave across namespaces', async () => {
    const engine = await startEngine({ hosts: 2 });
    try {
      await engine.createNamespace('root', 'orderA');
      await engine.createNamespace('root', 'orderB');
      const a = await engine.connectServer('root/orderA');
      const b = await engine.connectServer('root/orderB');
      const sinks: RecordingSink[] = [];
      for (let v = 1; v <= 200; v++) {
        for (const svc of [a, b]) {
          const sink = new RecordingSink();
          svc.putClassAsync(sampleClass('Ordered', 1 + (v % 7), {}), 0, null, sink);
          sinks.push(sink);
        }
        if (v % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      await Promise.all(sinks.map((s) => s.done));
      assert.ok(sinks.every((s) => s.finals[0]?.hResult === WBEM_S_NO_ERROR));
      for (const svc of [a, b]) {
        const last = await svc.getClass('Ordered');
        assert.equal(
          [...last.properties.values()].filter((p) => !p.propagated).length,
          1 + (200 % 7),
        );
      }
    } finally {
      await engine.shutdown();
    }
  });
});
