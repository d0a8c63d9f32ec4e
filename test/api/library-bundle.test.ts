/**
 * The package's entries as an application imports them: `wbemrx` and `wbemrx/core` are the
 * bundled library (`bundled/library/index.js` and `core.js`, `workers/bundle.mjs`), not the
 * compiled modules the other tests import. One copy of each class across both entries, the
 * names the source gives, observables an application's own rxjs reads, and engines on each
 * placement and storage.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { firstValueFrom, isObservable, toArray } from 'rxjs';
import type * as Core from '../../src/core.js';
import type * as Api from '../../src/index.js';

// build/test/api → build/bundled/library, and the repository's package.json.
const LIBRARY = new URL('../../bundled/library/', import.meta.url);
const PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));
const api = (await import(new URL('index.js', LIBRARY).href)) as typeof Api;
const core = (await import(new URL('core.js', LIBRARY).href)) as typeof Core;

const disk = () =>
  api.cimClass({
    name: 'Acme_Disk',
    properties: [
      api.cimProperty('Id', 'string', { qualifiers: [api.qualifier('Key', true)] }),
      api.cimProperty('Size', 'uint64'),
    ],
  });

describe('the bundled library', () => {
  it('is what package.json exports as wbemrx and wbemrx/core', () => {
    const { main, exports } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as {
      main: string;
      exports: Record<string, { default: string }>;
    };
    assert.equal(main, './dist/bundled/library/index.js');
    assert.equal(exports['.']?.default, './dist/bundled/library/index.js');
    assert.equal(exports['./core']?.default, './dist/bundled/library/core.js');
  });

  it('exports what the compiled modules export, entry by entry', async () => {
    const compiled = await import('../../src/index.js');
    const compiledCore = await import('../../src/core.js');
    assert.deepEqual(Object.keys(api).sort(), Object.keys(compiled).sort());
    assert.deepEqual(Object.keys(core).sort(), Object.keys(compiledCore).sort());
    for (const [name, value] of Object.entries(compiled)) {
      assert.equal(typeof api[name as keyof typeof api], typeof value, name);
    }
  });

  it('holds one copy of each class and function for both of its entries', () => {
    const shared = Object.keys(core).filter((name) => name in api);
    assert.ok(shared.length > 0);
    for (const name of shared) {
      assert.equal(core[name as keyof typeof core], api[name as keyof typeof api], name);
    }
    // An error raised by a part only `wbemrx/core` exports is `wbemrx`'s class.
    assert.throws(() => core.parseMof('class Acme_Broken {', 'broken.mof'), api.MofError);
  });

  it('may be required by a CommonJS application, wbemrx/core set up only when required', () => {
    // Node 20.19 requires an ES module that has no top-level `await`.
    const script = `
      const loaded = () => Object.keys(require.cache).some((file) => file.includes('/lmdb/'));
      const api = require(${JSON.stringify(fileURLToPath(new URL('index.js', LIBRARY)))});
      const before = loaded();
      const core = require(${JSON.stringify(fileURLToPath(new URL('core.js', LIBRARY)))});
      console.log(JSON.stringify({
        before,
        after: loaded(),
        same: core.SubscriptionIndex === api.SubscriptionIndex,
        engine: typeof api.WbemEngine.start,
      }));`;
    const run = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, WBEMRX_CODE_CACHE: 'off' },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      before: false,
      after: true,
      same: true,
      engine: 'function',
    });
  });

  it('keeps the names the source gives its classes', () => {
    // Every export whose name is a class's (capitalised): esbuild renames a class whose body
    // names itself, which the build gives back (`keepClassNames` in workers/bundle.mjs).
    for (const entry of [api, core]) {
      for (const [name, value] of Object.entries(entry)) {
        if (typeof value === 'function' && /^[A-Z]/.test(name)) assert.equal(value.name, name);
      }
    }
    const error = new api.WbemError(api.WBEM_E_NOT_FOUND, { message: 'gone' });
    assert.equal(error.constructor.name, 'WbemError');
    assert.match(inspect(error), /^WbemError: WBEM_E_NOT_FOUND: gone/);
  });

  for (const [label, options] of [
    ['in memory on a worker thread', { storage: 'memory' }],
    ['in memory on the calling thread', { storage: 'memory', placement: 'calling-thread' }],
    ['on a durable store', { storage: 'durable' }],
  ] as const) {
    it(`runs an engine ${label}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wbemrx-library-'));
      const engine = await api.WbemEngine.start({
        ...options,
        storage: options.storage === 'durable' ? { path: dir } : 'memory',
      });
      try {
        const svc = await engine.connectServer('root/cimv2');
        await svc.putClass(disk(), api.WBEM_FLAG_CREATE_ONLY);
        const stored = await svc.getClass('Acme_Disk');
        assert.deepEqual([...stored.properties.keys()], ['id', 'size']);
        await assert.rejects(svc.getClass('Acme_Nothing'), (error: unknown) => {
          assert.ok(error instanceof api.WbemError);
          assert.equal(error.hresult, api.WBEM_E_NOT_FOUND);
          return true;
        });
        // An Observable of the bundle's rxjs, read with this test's rxjs.
        const updates = svc.putClass$(disk(), api.WBEM_FLAG_UPDATE_ONLY);
        assert.ok(isObservable(updates));
        assert.ok((await firstValueFrom(updates.pipe(toArray()))).length > 0);
      } finally {
        await engine.shutdown();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
