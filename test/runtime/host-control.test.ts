import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { resolveOptions } from '../../src/api/engine-options.js';
import { HostConnection } from '../../src/runtime/host-connection.js';
import { connectHostControl, exposeHostControl } from '../../src/runtime/host-control.js';
import type { HostControl } from '../../src/runtime/protocol.js';
import { WBEM_E_INITIALIZATION_FAILURE, WBEM_E_OUT_OF_DISK_SPACE } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { sampleClass, startEngine } from './helpers/engine-fixture.js';

const BROKEN = new URL('./helpers/broken-repository.js', import.meta.url).href;

describe('HostControl (comlink control plane)', () => {
  it('carries a WbemError back with its HRESULT and message through the wbem-error transfer handler', async () => {
    const { port1, port2 } = new MessageChannel();
    const control: HostControl = {
      shutdown: async () => new WbemError(WBEM_E_OUT_OF_DISK_SPACE, { message: 'no room' }),
      stats: () => ({ actors: [] }),
    };
    exposeHostControl(port2, control);
    const remote = connectHostControl(port1);
    try {
      const failure = await remote.shutdown();
      assert.ok(failure instanceof WbemError, `got ${String(failure)}`);
      assert.equal(failure.hresult, WBEM_E_OUT_OF_DISK_SPACE);
      assert.match(failure.message, /no room/);
      assert.deepEqual(await remote.stats(), { actors: [] });
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('reports the live actors of a host with their state and queue', async () => {
    const engine = await startEngine({ hosts: 1 });
    try {
      await engine.createNamespace('root', 'stats');
      const svc = await engine.connectServer('root/stats');
      await svc.putClass(sampleClass('Counted'));
      const stats = await engine.hosts[0]?.stats();
      const namespaces = stats?.actors.map((a) => a.namespace.toLowerCase()).sort();
      assert.deepEqual(namespaces, ['root', 'root/stats']);
      for (const actor of stats?.actors ?? []) {
        assert.equal(actor.state, 'active');
        assert.equal(actor.queued, 0);
      }
    } finally {
      await engine.shutdown();
    }
  });

  it('rejects with the start-up HRESULT when a host could not open its repository', async () => {
    const { init } = resolveOptions({ repository: { kind: 'module', url: BROKEN } });
    const host = new HostConnection(0, init, {
      replies: () => {},
      crash: () => assert.fail('the host must not crash'),
      reject: () => {},
    });
    try {
      await assert.rejects(host.stats(), (error: unknown) => {
        assert.ok(error instanceof WbemError, String(error));
        assert.equal(error.hresult, WBEM_E_INITIALIZATION_FAILURE);
        assert.match(error.message, /the store is broken/);
        return true;
      });
    } finally {
      await host.shutdown();
    }
  });
});
