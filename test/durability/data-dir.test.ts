import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
import { ensureDataDir } from '../../src/store/durable/data-dir.js';
import { DurableRepository } from '../../src/store/durable/durable-repository.js';
import { acquireDataDirLock } from '../../src/store/durable/lock.js';
import { WBEM_E_INITIALIZATION_FAILURE } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { runWbemrx } from '../cli/run-wbemrx.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wbemrx-dir-'));
}

describe('WbemEngine data directory', () => {
  it('keeps the repository in memory and writes nothing when storage is not given', async () => {
    const dir = tempDir();
    const before = process.cwd();
    process.chdir(dir);
    try {
      const engine = await WbemEngine.start({ hosts: 1 });
      const svc = await engine.connectServer('root');
      await svc.putClass(cimClass({ name: 'Dir_Default' }));
      await engine.shutdown();
      assert.deepEqual(readdirSync(dir), []);
      const again = await WbemEngine.start({ hosts: 1 });
      await assert.rejects((await again.connectServer('root')).getClass('Dir_Default'));
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

function isInitializationFailure(...mentions: string[]) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, String(error));
    assert.equal(error.hresult, WBEM_E_INITIALIZATION_FAILURE, error.message);
    for (const text of mentions)
      assert.ok(error.message.includes(text), `${error.message} names ${text}`);
    return true;
  };
}

describe('ensureDataDir', () => {
  const proc = existsSync('/proc/self') ? false : 'needs a /proc file system';

  it('fails with WBEM_E_INITIALIZATION_FAILURE naming the path within milliseconds when the parent refuses new entries', {
    skip: proc,
  }, () => {
    for (const path of ['/proc/nope', '/proc/nope/deeper/still']) {
      const started = performance.now();
      assert.throws(() => ensureDataDir(path), isInitializationFailure(path));
      assert.throws(() => new DurableRepository(path), isInitializationFailure(path));
      assert.throws(() => acquireDataDirLock(path), isInitializationFailure(path));
      assert.ok(performance.now() - started < 1000, 'failed fast');
    }
  });

  it('fails with WBEM_E_INITIALIZATION_FAILURE when a component of the path is a file', () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir, 'file'), '');
      const path = join(dir, 'file', 'data');
      assert.throws(() => ensureDataDir(path), isInitializationFailure(path, 'not a directory'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates every missing component and accepts a directory that exists', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'a', 'b', 'c');
      ensureDataDir(path);
      ensureDataDir(path);
      assert.ok(statSync(path).isDirectory());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes `wbemrx enum-classes -d /proc/nope` fail with WBEM_E_INITIALIZATION_FAILURE at once', {
    skip: proc,
  }, async () => {
    const started = performance.now();
    const result = await runWbemrx(['enum-classes', '-d', '/proc/nope'], { timeoutMs: 15_000 });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^WBEM_E_INITIALIZATION_FAILURE: .*\/proc\/nope/);
    assert.ok(performance.now() - started < 15_000);
  });
});
