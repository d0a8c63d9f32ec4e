import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import {
  WBEM_E_FAILED,
  WBEM_E_INITIALIZATION_FAILURE,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_TRANSPORT_FAILURE,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { RecordingSink, sampleClass } from './helpers/engine-fixture.js';

async function withDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'wbemrx-runtime-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('WbemEngine storage', () => {
  it('keeps acknowledged classes and namespaces across engine restarts with storage { path }', async () => {
    await withDir(async (dir) => {
      const first = await WbemEngine.start({ storage: { path: dir }, hosts: 2 });
      await first.createNamespace('root', 'kept');
      const svc = await first.connectServer('root/kept');
      await svc.putClass(sampleClass('Durable_Class'));
      await first.shutdown();
      const second = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
      try {
        const again = await second.connectServer('root\\KEPT');
        assert.equal((await again.getClass('Durable_Class')).name, 'Durable_Class');
      } finally {
        await second.shutdown();
      }
    });
  });

  it('brings a killed host back with its namespaces from the durable store', async () => {
    await withDir(async (dir) => {
      const engine = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
      try {
        await engine.createNamespace('root', 'survives');
        const svc = await engine.connectServer('root/survives');
        await svc.putClass(sampleClass('Acked_Before_Kill'));
        const host = engine.hosts[0];
        assert.ok(host !== undefined);
        const inFlight = Array.from({ length: 50 }, () => new RecordingSink());
        for (const [i, s] of inFlight.entries())
          svc.putClassAsync(sampleClass(`Racing_${i}`), 0, null, s);
        host.kill();
        const finals = await Promise.all(inFlight.map((s) => s.done));
        assert.ok(
          finals.every(
            (f) => f.hResult === WBEM_S_NO_ERROR || f.hResult === WBEM_E_TRANSPORT_FAILURE,
          ),
        );
        const reconnected = await engine.connectServer('root/survives');
        assert.equal((await reconnected.getClass('Acked_Before_Kill')).name, 'Acked_Before_Kill');
        for (const [i, f] of finals.entries()) {
          if (f.hResult === WBEM_S_NO_ERROR) {
            assert.equal(
              (await reconnected.getClass(`Racing_${i}`)).name,
              `Racing_${i}`,
              'an acknowledged write survives',
            );
          }
        }
      } finally {
        await engine.shutdown();
      }
    });
  });
});

describe('WbemEngine.start failures', () => {
  it('fails with WBEM_E_INITIALIZATION_FAILURE when the storage path is a file', async () => {
    await withDir(async (dir) => {
      const file = join(dir, 'not-a-dir');
      await writeFile(file, 'x');
      await assert.rejects(WbemEngine.start({ storage: { path: file }, hosts: 1 }), {
        hresult: WBEM_E_INITIALIZATION_FAILURE,
      });
    });
  });

  it('fails with WBEM_E_FAILED when the repository module is missing', async () => {
    await assert.rejects(
      WbemEngine.start({
        hosts: 1,
        repository: { kind: 'module', url: 'file:///nonexistent/repository.js' },
      }),
      { hresult: WBEM_E_FAILED },
    );
  });

  it('fails with WBEM_E_TRANSPORT_FAILURE, without hanging, when the host dies as it starts', async () => {
    const url = new URL('./helpers/exit-repository.js', import.meta.url).href;
    await assert.rejects(WbemEngine.start({ hosts: 1, repository: { kind: 'module', url } }), {
      hresult: WBEM_E_TRANSPORT_FAILURE,
    });
  });

  const badOptions: readonly [string, object][] = [
    ['hosts is 0', { hosts: 0 }],
    ['hosts is not an integer', { hosts: 1.5 }],
    ['mailboxLimit is negative', { mailboxLimit: -1 }],
    ["storage is neither 'memory' nor { path }", { storage: 'disk' }],
  ];
  for (const [what, options] of badOptions) {
    it(`fails with WBEM_E_INVALID_PARAMETER when ${what}`, async () => {
      await assert.rejects(WbemEngine.start(options), { hresult: WBEM_E_INVALID_PARAMETER });
    });
  }
});
