/**
 * The host worker's code cache (`workers/actor-host.worker.ts`, `src/runtime/code-cache-file.ts`):
 * written when an engine shuts down a host that found none, then used by later hosts without
 * being written again; a damaged cache, a cache turned off or a folder others may write changes
 * nothing an engine answers. A worker thread takes its environment from the process when it
 * starts, so each case sets `WBEMRX_CODE_CACHE` before its engine starts.
 */
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cimClass, cimProperty, WbemEngine } from '../../src/index.js';
import { CODE_CACHE_ENV } from '../../src/runtime/code-cache-file.js';

const ROOT = mkdtempSync(join(tmpdir(), 'wbemrx-host-code-cache-'));
const saved = process.env[CODE_CACHE_ENV];
after(() => {
  if (saved === undefined) delete process.env[CODE_CACHE_ENV];
  else process.env[CODE_CACHE_ENV] = saved;
  rmSync(ROOT, { recursive: true, force: true });
});

let dirs = 0;
function freshDir(): string {
  dirs += 1;
  return join(ROOT, `cache-${dirs}`);
}

/** An engine whose hosts see `setting` as the cache folder: a few calls, then shut down. */
async function engineRun(setting: string, hosts = 1): Promise<void> {
  process.env[CODE_CACHE_ENV] = setting;
  const engine = await WbemEngine.start({ storage: 'memory', hosts });
  try {
    const svc = await engine.connectServer('root');
    await svc.putClass(cimClass({ name: 'Cache_Base', properties: [cimProperty('P', 'uint32')] }));
    await svc.putClass(cimClass({ name: 'Cache_Child', superclass: 'Cache_Base' }));
    const child = await svc.getClass('Cache_Child');
    assert.deepEqual(
      [...child.properties.values()].map((p) => p.name),
      ['P'],
    );
  } finally {
    await engine.shutdown();
  }
}

const HOST_FILE = new RegExp(`^host-[0-9a-f]{20}-${process.version}-${process.arch}\\.v8$`);
const OLD = new Date('2020-01-01T00:00:00Z');

/** The host cache files in `dir`. */
function hostFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('host-')) : [];
}

/** The one host cache file in `dir`, dated back to 2020 so that a rewrite shows. */
function onlyHostFile(dir: string): string {
  const files = hostFiles(dir);
  assert.equal(files.length, 1, `host cache files: ${files.join(', ')}`);
  const [name = ''] = files;
  assert.match(name, HOST_FILE);
  const file = join(dir, name);
  assert.equal(readFileSync(file, 'latin1').slice(0, 20), 'wbemrx code cache 2\n');
  utimesSync(file, OLD, OLD);
  return file;
}

const rewritten = (file: string): boolean => statSync(file).mtimeMs !== OLD.getTime();

describe('the host code cache', () => {
  it('is written when an engine shuts its host down, then used by the next engine and not written again', async () => {
    const dir = freshDir();
    await engineRun(dir);
    const file = onlyHostFile(dir);
    await engineRun(dir);
    assert.equal(rewritten(file), false);
    assert.deepEqual(hostFiles(dir), [file.slice(dir.length + 1)]);
  });

  it('is written whole by engines with several hosts shutting down together', async () => {
    const dir = freshDir();
    await engineRun(dir, 2);
    onlyHostFile(dir);
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.endsWith('.tmp')),
      [],
    );
  });

  it('is not used when damaged, and is written again', async () => {
    const dir = freshDir();
    await engineRun(dir);
    const file = onlyHostFile(dir);
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    utimesSync(file, OLD, OLD);
    await engineRun(dir);
    assert.equal(rewritten(file), true);
    assert.notDeepEqual(readFileSync(file), bytes);
    // The file written again is whole: the next engine uses it and leaves it.
    onlyHostFile(dir);
    await engineRun(dir);
    assert.equal(rewritten(file), false);
  });

  it('leaves a host run from it able to import a storage module named at run time', async () => {
    // Node 20 loses a script's `import()` when V8 restores its code from a cache: the host's
    // bundle imports such a module through its entry instead (`src/runtime/module-import.ts`).
    const dir = freshDir();
    await engineRun(dir);
    onlyHostFile(dir);
    const counters = new SharedArrayBuffer(8);
    const engine = await WbemEngine.start({
      hosts: 1,
      repository: {
        kind: 'module',
        url: new URL('./helpers/instrumented-repository.js', import.meta.url).href,
        options: { counters, failFlush: false },
      },
    });
    try {
      const svc = await engine.connectServer('root');
      await svc.putClass(cimClass({ name: 'Cache_Stored' }));
      assert.ok((new Int32Array(counters)[0] ?? 0) > 0, 'the module repository stored the class');
    } finally {
      await engine.shutdown();
    }
    assert.equal(rewritten(join(dir, hostFiles(dir)[0] ?? '')), false);
  });

  it('writes nothing when turned off', async () => {
    const xdg = freshDir();
    const savedXdg = process.env['XDG_CACHE_HOME'];
    process.env['XDG_CACHE_HOME'] = xdg;
    try {
      await engineRun('off');
    } finally {
      if (savedXdg === undefined) delete process.env['XDG_CACHE_HOME'];
      else process.env['XDG_CACHE_HOME'] = savedXdg;
    }
    assert.equal(existsSync(xdg), false);
  });

  it('neither reads nor writes a folder others may write in', async () => {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o777);
    await engineRun(dir);
    assert.deepEqual(hostFiles(dir), []);
  });
});
