import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cimClass, WBEM_E_CRITICAL_ERROR, WbemEngine } from '../../src/index.js';

describe('WbemEngine.start on a damaged data directory', () => {
  it('fails with WBEM_E_CRITICAL_ERROR naming the file, writes nothing, and starts again once the file is restored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbemrx-damaged-engine-'));
    try {
      const engine = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
      await (await engine.connectServer('root')).putClass(cimClass({ name: 'Survivor' }));
      await engine.shutdown();
      const file = join(dir, 'store.mdb');
      const good = readFileSync(file);
      truncateSync(file, Math.floor(good.length / 2));
      const damaged = readFileSync(file);
      await assert.rejects(
        WbemEngine.start({ storage: { path: dir }, hosts: 1 }),
        (error: unknown) => {
          assert.equal((error as { hresult?: number }).hresult, WBEM_E_CRITICAL_ERROR);
          assert.ok(String((error as Error).message).includes(file), String(error));
          return true;
        },
      );
      assert.deepEqual(readFileSync(file), damaged, 'the damaged file is left as it was');
      writeFileSync(file, good);
      const again = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
      assert.equal(
        (await (await again.connectServer('root')).getClass('Survivor')).name,
        'Survivor',
      );
      await again.shutdown();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
