import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  cimClass,
  qualifier,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_CANNOT_BE_ABSTRACT,
  WbemEngine,
} from '../../src/index.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wbemrx-dir-'));
}

describe('WbemEngine data directory', () => {
  it('uses the durable store in .wbemrx under the working directory when storage is not given', async () => {
    const dir = tempDir();
    const before = process.cwd();
    process.chdir(dir);
    try {
      const engine = await WbemEngine.start({ hosts: 1 });
      const svc = await engine.connectServer('root');
      await svc.putClass(cimClass({ name: 'Dir_Default' }));
      await engine.shutdown();
      assert.ok(existsSync(join(dir, '.wbemrx', 'store.mdb')));
      const again = await WbemEngine.start({ hosts: 1 });
      const cls = await (await again.connectServer('root')).getClass('Dir_Default');
      assert.equal(cls.name, 'Dir_Default');
      await again.shutdown();
    } finally {
      process.chdir(before);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second engine on the same directory with WBEM_E_ACCESS_DENIED naming it, until the first shuts down', async () => {
    const dir = tempDir();
    try {
      const first = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
      await assert.rejects(
        WbemEngine.start({ storage: { path: dir }, hosts: 1 }),
        (error: unknown) => {
          assert.equal((error as { hresult?: number }).hresult, WBEM_E_ACCESS_DENIED);
          assert.match(
            String((error as Error).message),
            new RegExp(dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')),
          );
          return true;
        },
      );
      await first.shutdown();
      const second = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
      await second.shutdown();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('WbemEngine rules option', () => {
  const abstractBar = cimClass({
    name: 'Bar',
    superclass: 'Foo',
    qualifiers: [qualifier('Abstract', true)],
  });

  it("B39: fails with WBEM_E_CANNOT_BE_ABSTRACT under the default 'wmi' rules", async () => {
    const engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
    try {
      const svc = await engine.connectServer('root');
      await svc.putClass(cimClass({ name: 'Foo' }));
      await assert.rejects(svc.putClass(abstractBar), { hresult: WBEM_E_CANNOT_BE_ABSTRACT });
    } finally {
      await engine.shutdown();
    }
  });

  it("accepts an abstract class below a concrete one under 'dmtf' rules", async () => {
    const engine = await WbemEngine.start({ storage: 'memory', hosts: 1, rules: 'dmtf' });
    try {
      const svc = await engine.connectServer('root');
      await svc.putClass(cimClass({ name: 'Foo' }));
      await svc.putClass(abstractBar);
      assert.equal((await svc.getClass('Bar')).superclass, 'Foo');
    } finally {
      await engine.shutdown();
    }
  });
});
