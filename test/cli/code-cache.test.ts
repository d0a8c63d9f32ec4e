/**
 * The bin's code cache (`src/cli/code-cache.ts`, `src/runtime/code-cache-file.ts`): where it lives, when it is trusted, what it
 * records, and that a missing, refused, damaged or shared cache changes nothing a command prints.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MAX_USAGES, usageKey } from '../../src/cli/code-cache.js';
import {
  CODE_CACHE_ENV,
  codeCacheDir,
  isPrivateDir,
  STALE_CACHE_MS,
} from '../../src/runtime/code-cache-file.js';
import { MAIN_JS } from './run-wbemrx.js';

const ROOT = mkdtempSync(join(tmpdir(), 'wbemrx-code-cache-test-'));
after(() => rmSync(ROOT, { recursive: true, force: true }));

let dirs = 0;
function freshDir(): string {
  dirs += 1;
  return join(ROOT, `cache-${dirs}`);
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node bundled/wbemrx.js ...args` with the cache in `cache` and the bin's trace on. */
function bin(
  args: readonly string[],
  cache: string,
  env: NodeJS.ProcessEnv = {},
  nodeFlags: readonly string[] = [],
  script = MAIN_JS,
): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, [CODE_CACHE_ENV]: cache, NODE_DEBUG: 'wbemrx', ...env },
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

/** What the cache said about itself in the trace: none, used or refused. */
function cacheState(run: Run): string | undefined {
  return /code cache \S+: (\w+)/.exec(run.stderr)?.[1];
}

function cacheFiles(dir: string): string[] {
  return readdirSync(dir);
}

/** A cache file's header (its second line) and V8's data after it. */
function parts(bytes: Buffer): { header: { sha256: string; usages: string[] }; data: Buffer } {
  const first = bytes.indexOf(10);
  const second = bytes.indexOf(10, first + 1);
  assert.equal(bytes.toString('latin1', 0, first), 'wbemrx code cache 2');
  return {
    header: JSON.parse(bytes.toString('utf8', first + 1, second)),
    data: bytes.subarray(second + 1),
  };
}

/** The usages a cache file records. */
function usagesOf(file: string): string[] {
  return parts(readFileSync(file)).header.usages;
}

describe('code cache: usageKey', () => {
  it('is the verb and the sorted names of the options, without their values', () => {
    assert.equal(usageKey([]), '');
    assert.equal(usageKey(['--help']), '--help');
    assert.equal(
      usageKey(['get-class', 'CIM_X', '-d', '/a', '--json', '--url=http://h/ns']),
      'get-class --json --url -d',
    );
    assert.equal(
      usageKey(['get-class', 'CIM_Y', '--json', '-d', '/b']),
      usageKey(['get-class', 'CIM_X', '-d', '/a', '--json']),
    );
    assert.notEqual(usageKey(['get-class', 'X']), usageKey(['enum-classes', 'X']));
  });
});

describe('code cache: codeCacheDir', () => {
  it('is off for off and 0, the variable when set, else the XDG cache folder', () => {
    assert.equal(codeCacheDir({ [CODE_CACHE_ENV]: 'off' }), undefined);
    assert.equal(codeCacheDir({ [CODE_CACHE_ENV]: '0' }), undefined);
    assert.equal(codeCacheDir({ [CODE_CACHE_ENV]: 'rel/dir' }), resolve('rel/dir'));
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' }), '/x/cache/wbemrx');
    // A relative XDG_CACHE_HOME is invalid by the XDG specification and ignored.
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: 'x' }), join(homedir(), '.cache', 'wbemrx'));
    assert.equal(codeCacheDir({}), join(homedir(), '.cache', 'wbemrx'));
  });
});

describe('code cache: isPrivateDir', () => {
  it('makes a missing folder with mode 700 and trusts it', () => {
    const dir = join(freshDir(), 'nested');
    assert.equal(isPrivateDir(dir), true);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('refuses a folder others can write in, a link, and a file', () => {
    const shared = freshDir();
    mkdirSync(shared, { mode: 0o700 });
    chmodSync(shared, 0o777);
    assert.equal(isPrivateDir(shared), false);
    chmodSync(shared, 0o770);
    assert.equal(isPrivateDir(shared), false);
    const target = freshDir();
    assert.equal(isPrivateDir(target), true);
    const link = freshDir();
    symlinkSync(target, link);
    assert.equal(isPrivateDir(link), false);
    const file = freshDir();
    writeFileSync(file, '');
    assert.equal(isPrivateDir(file), false);
  });
});

describe('code cache: the bin', () => {
  it('writes the cache on the first run, uses it on the next, and prints the same', async () => {
    const cache = freshDir();
    const plain = await bin(['--help'], 'off');
    assert.equal(cacheState(plain), undefined);
    const first = await bin(['--help'], cache);
    assert.equal(cacheState(first), 'none');
    const files = cacheFiles(cache);
    assert.equal(files.length, 1);
    const [file = ''] = files;
    assert.match(file, new RegExp(`^cli-[0-9a-f]{20}-${process.version}-${process.arch}\\.v8$`));
    assert.deepEqual(usagesOf(join(cache, file)), ['--help']);
    const second = await bin(['--help'], cache);
    assert.equal(cacheState(second), 'used');
    assert.equal(second.stdout, plain.stdout);
    assert.equal(first.stdout, plain.stdout);
    assert.equal(second.code, 0);
  });

  it('adds a new way of running the command once, and leaves the file alone after', async () => {
    const cache = freshDir();
    await bin(['--help'], cache);
    const [name = ''] = cacheFiles(cache);
    const file = join(cache, name);
    const verbHelp = await bin(['get-class', '--help'], cache);
    assert.equal(cacheState(verbHelp), 'used');
    assert.match(verbHelp.stdout, /get-class/);
    assert.deepEqual(usagesOf(file), ['--help', 'get-class --help']);
    const before = readFileSync(file);
    const again = await bin(['get-class', '--help'], cache);
    assert.equal(again.stdout, verbHelp.stdout);
    assert.deepEqual(readFileSync(file), before);
  });

  it('runs through a damaged cache and writes it again', async () => {
    const cache = freshDir();
    const plain = await bin(['--help'], 'off');
    await bin(['--help'], cache);
    const [name = ''] = cacheFiles(cache);
    const file = join(cache, name);
    const good = readFileSync(file);
    // V8's data garbled behind an intact header (V8 would abort the process on it), a single
    // bit flipped, the data cut short, not a cache file at all, an empty file.
    const start = good.length - parts(good).data.length;
    const garbled = Buffer.from(good);
    for (let i = start + 64; i < garbled.length; i += 97) garbled[i] = (garbled[i] ?? 0) ^ 0xa5;
    const flipped = Buffer.from(good);
    flipped[start + 1000] = (flipped[start + 1000] ?? 0) ^ 1;
    const damaged = [garbled, flipped, good.subarray(0, good.length - 1), good.subarray(0, 30)];
    for (const bytes of [...damaged, Buffer.from('garbage\n'), Buffer.alloc(0)]) {
      writeFileSync(file, bytes);
      const run = await bin(['--help'], cache);
      assert.equal(cacheState(run), 'none');
      assert.equal(run.stdout, plain.stdout);
      assert.deepEqual(usagesOf(file), ['--help']);
    }
  });

  it('is refused by V8 under other flags, and made again for them', async () => {
    const cache = freshDir();
    const plain = await bin(['--help'], 'off');
    await bin(['--help'], cache);
    const refused = await bin(['--help'], cache, {}, ['--no-opt']);
    assert.equal(cacheState(refused), 'refused');
    assert.equal(refused.stdout, plain.stdout);
    assert.equal(cacheState(await bin(['--help'], cache, {}, ['--no-opt'])), 'used');
  });

  it('stays out of a folder others can write in, and off when told', async () => {
    const shared = freshDir();
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const plain = await bin(['--help'], 'off');
    const run = await bin(['--help'], shared);
    assert.equal(run.stdout, plain.stdout);
    assert.equal(cacheState(run), undefined);
    assert.deepEqual(cacheFiles(shared), []);
    const xdg = freshDir();
    const off = await bin(['--help'], 'off', { XDG_CACHE_HOME: xdg });
    assert.equal(off.stdout, plain.stdout);
    assert.throws(() => statSync(xdg));
  });

  it('survives runs that write it at the same time: one whole file, no leftovers', async () => {
    const cache = freshDir();
    const runs = await Promise.all(
      ['--help', 'get-class --help', 'enum-classes --help', 'query --help'].map((line) =>
        bin(line.split(' '), cache),
      ),
    );
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const files = cacheFiles(cache);
    assert.equal(files.length, 1, files.join(', '));
    const usages = usagesOf(join(cache, files[0] ?? ''));
    assert.ok(usages.length >= 1 && usages.length <= 4);
    assert.equal(cacheState(await bin((usages[0] ?? '--help').split(' '), cache)), 'used');
  });

  it("removes other builds' caches unused for STALE_CACHE_MS, and dead writers' leftovers, when it writes", async () => {
    const cache = freshDir();
    mkdirSync(cache, { mode: 0o700 });
    const old = new Date(Date.now() - STALE_CACHE_MS - 60_000);
    const stale = join(cache, 'cli-0123456789abcdef0123-v20.0.0-x64.v8');
    const recent = join(cache, 'cli-fedcba9876543210fedc-v20.0.0-x64.v8');
    const deadTemp = join(cache, 'cli-fedcba9876543210fedc-v20.0.0-x64.v8.99999.tmp');
    const unrelated = join(cache, 'notes.txt');
    for (const file of [stale, recent, deadTemp, unrelated]) writeFileSync(file, 'x');
    for (const file of [stale, deadTemp, unrelated]) utimesSync(file, old, old);
    await bin(['--help'], cache);
    const left = cacheFiles(cache);
    assert.ok(!left.includes('cli-0123456789abcdef0123-v20.0.0-x64.v8'));
    assert.ok(!left.some((name) => name.endsWith('.tmp')));
    assert.ok(left.includes('cli-fedcba9876543210fedc-v20.0.0-x64.v8'));
    assert.ok(left.includes('notes.txt'));
    assert.equal(left.filter((name) => name.endsWith('.v8')).length, 2);
  });

  it('never runs code cached from another bundle of the same length', async () => {
    // A copy of the bin and its bundle beside the build, so that its packages still resolve.
    const copy = mkdtempSync(join(fileURLToPath(new URL('../../', import.meta.url)), 'bin-copy-'));
    try {
      const bundled = dirname(MAIN_JS);
      for (const file of ['wbemrx.js', 'wbemrx-cli.cjs']) {
        copyFileSync(join(bundled, file), join(copy, file));
      }
      const cache = freshDir();
      const bin2 = (...args: string[]) => bin(args, cache, {}, [], join(copy, 'wbemrx.js'));
      assert.equal(cacheState(await bin2('--help')), 'none');
      assert.equal(cacheState(await bin2('--help')), 'used');
      const original = 'A WMI/CIM class repository on the command line.';
      const edited = 'A WMI/CIM class repository ON THE COMMAND LINE.';
      const cli = join(copy, 'wbemrx-cli.cjs');
      const text = readFileSync(cli, 'latin1');
      assert.ok(text.includes(original));
      writeFileSync(cli, text.replace(original, edited), 'latin1');
      const after = await bin2('--help');
      assert.equal(cacheState(after), 'none');
      assert.match(after.stdout, /ON THE COMMAND LINE/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('records at most MAX_USAGES ways of running, then writes no more', async () => {
    const cache = freshDir();
    await bin(['--help'], cache);
    const [name = ''] = cacheFiles(cache);
    const file = join(cache, name);
    const { header, data } = parts(readFileSync(file));
    const usages = Array.from({ length: MAX_USAGES }, (_, i) => `verb-${i}`);
    const full = Buffer.concat([
      Buffer.from(`wbemrx code cache 2\n${JSON.stringify({ ...header, usages })}\n`),
      data,
    ]);
    writeFileSync(file, full);
    const run = await bin(['get-class', '--help'], cache);
    assert.equal(cacheState(run), 'used');
    assert.deepEqual(readFileSync(file), full);
  });
});
