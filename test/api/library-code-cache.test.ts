/**
 * The public API's code cache (`workers/library.ts`, `src/runtime/code-cache-file.ts`): an
 * application's process that found no cache writes one when it exits, and the next one runs the
 * library from it without writing it again; code run from it still imports a module named at run
 * time (Node 20 loses a cached script's own `import()`). Each case is a fresh process importing
 * the package entry, as an application does.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = mkdtempSync(join(tmpdir(), 'wbemrx-library-code-cache-'));
after(() => rmSync(ROOT, { recursive: true, force: true }));

const ENTRY = new URL('../../bundled/library/index.js', import.meta.url).href;
const MODULE_REPOSITORY = new URL('../runtime/helpers/instrumented-repository.js', import.meta.url)
  .href;

/**
 * An application: an engine on the calling thread (so the host's code runs from the library's
 * bundle too) over a repository module named at run time, a class written and read back.
 */
const APPLICATION = `
const { WbemEngine, cimClass } = await import(${JSON.stringify(ENTRY)});
const counters = new SharedArrayBuffer(8);
const engine = await WbemEngine.start({
  placement: 'calling-thread',
  repository: { kind: 'module', url: ${JSON.stringify(MODULE_REPOSITORY)}, options: { counters, failFlush: false } },
});
const svc = await engine.connectServer('root');
await svc.putClass(cimClass({ name: 'Cache_App' }));
console.log((await svc.getClass('Cache_App')).name, new Int32Array(counters)[0] > 0);
await engine.shutdown();
`;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function application(cache: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', APPLICATION], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WBEMRX_CODE_CACHE: cache, NODE_DEBUG: 'wbemrx' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** What the library's cache did in `run`, as its trace says: none, used or refused. */
const libraryCache = (run: Run): string | undefined =>
  /code cache \S*\/library-\S+: (\w+)/.exec(run.stderr)?.[1];

const OLD = new Date('2020-01-01T00:00:00Z');

describe("the library's code cache", () => {
  it('is written when an application exits, then used by the next one, which imports a module named at run time from it', async () => {
    const cache = join(ROOT, 'cache');
    const first = await application(cache);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim(), 'Cache_App true');
    assert.equal(libraryCache(first), 'none');
    const files = readdirSync(cache).filter((name) => name.startsWith('library-'));
    assert.equal(files.length, 1, files.join(', '));
    const file = join(cache, files[0] ?? '');
    assert.equal(readFileSync(file, 'latin1').slice(0, 20), 'wbemrx code cache 2\n');
    utimesSync(file, OLD, OLD);

    const second = await application(cache);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout.trim(), 'Cache_App true');
    assert.equal(libraryCache(second), 'used');
    assert.equal(statSync(file).mtimeMs, OLD.getTime(), 'the cache was written again');
    assert.doesNotMatch(second.stderr, /ExperimentalWarning/);
  });

  it('is neither read nor written when turned off', async () => {
    const run = await application('off');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'Cache_App true');
    assert.equal(libraryCache(run), undefined);
  });
});
