import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import { WBEM_FLAG_CREATE_ONLY } from '../../src/wbem/flags.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INITIALIZATION_FAILURE,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
} from '../../src/wbem/status.js';
import { sampleClass } from './helpers/engine-fixture.js';

const WBEM_ENGINE_JS = fileURLToPath(new URL('../../src/api/wbem-engine.js', import.meta.url));
const BROKEN_REPOSITORY = new URL('./helpers/broken-repository.js', import.meta.url).href;

async function withDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'wbemrx-placement-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("WbemEngine placement 'calling-thread'", () => {
  it('runs the one host on the calling thread and serves puts and reads when in memory', async () => {
    const engine = await WbemEngine.start({ placement: 'calling-thread' });
    try {
      assert.equal(engine.hosts.length, 1);
      assert.equal(engine.hosts[0]?.threadId, threadId);
      const svc = await engine.connectServer('root/cimv2');
      await svc.putClass(sampleClass('Local_Base'));
      await svc.putClass(sampleClass('Local_Derived', 3, { superclass: 'Local_Base' }));
      const derived = await svc.getClass('Local_Derived');
      assert.equal(derived.superclass, 'Local_Base');
      assert.deepEqual(
        (await svc.createClassEnum('Local_Base')).map((c) => c.name),
        ['Local_Derived'],
      );
      await assert.rejects(svc.putClass(sampleClass('Local_Base'), WBEM_FLAG_CREATE_ONLY), {
        hresult: WBEM_E_ALREADY_EXISTS,
      });
      await assert.rejects(svc.getClass('Local_Missing'), { hresult: WBEM_E_NOT_FOUND });
    } finally {
      await engine.shutdown();
    }
  });

  it('reads exactly what worker hosts wrote when both open the same durable store', async () => {
    await withDir(async (dir) => {
      const writer = await WbemEngine.start({ storage: { path: dir }, hosts: 2 });
      const written = await (async () => {
        const svc = await writer.connectServer('root/cimv2');
        await svc.putClass(sampleClass('Kept_Base'));
        await svc.putClass(sampleClass('Kept_Derived', 3, { superclass: 'Kept_Base' }));
        return svc.getClass('Kept_Derived');
      })().finally(() => writer.shutdown());
      const reader = await WbemEngine.start({
        storage: { path: dir },
        placement: 'calling-thread',
      });
      try {
        const svc = await reader.connectServer('ROOT\\CIMV2');
        assert.deepEqual(await svc.getClass('Kept_Derived'), written);
      } finally {
        await reader.shutdown();
      }
    });
  });

  it('fails every call with the host start failure when the repository cannot be opened', async () => {
    await assert.rejects(
      WbemEngine.start({
        placement: 'calling-thread',
        repository: { kind: 'module', url: BROKEN_REPOSITORY },
      }),
      { hresult: WBEM_E_INITIALIZATION_FAILURE },
    );
  });

  it('lets the process exit when an engine is left idle without shutdown', async () => {
    await withDir(async (dir) => {
      const script = join(dir, 'idle.mjs');
      await writeFile(
        script,
        `import { WbemEngine } from ${JSON.stringify(WBEM_ENGINE_JS)};
const engine = await WbemEngine.start({ placement: 'calling-thread' });
const svc = await engine.connectServer('root/cimv2');
console.log((await svc.getClass('__NAMESPACE')).name);
`,
      );
      const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(run.signal, null, 'the process was still running after 20 s');
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), '__NAMESPACE');
    });
  });

  const invalid: { desc: string; options: Parameters<typeof WbemEngine.start>[0] }[] = [
    { desc: 'hosts is not 1', options: { placement: 'calling-thread', hosts: 2 } },
    {
      desc: 'a host worker entry is given',
      options: { placement: 'calling-thread', hostWorkerUrl: BROKEN_REPOSITORY },
    },
    {
      desc: 'the placement is unknown',
      options: { placement: 'elsewhere' as 'calling-thread' },
    },
  ];
  for (const { desc, options } of invalid) {
    it(`fails with WBEM_E_INVALID_PARAMETER when ${desc}`, async () => {
      await assert.rejects(WbemEngine.start(options), { hresult: WBEM_E_INVALID_PARAMETER });
    });
  }
});
