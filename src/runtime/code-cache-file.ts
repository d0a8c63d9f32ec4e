/**
 * @module V8's code cache for a CommonJS bundle: `compileWithCodeCache` compiles the file as a
 * `vm.Script` with the code an earlier run left in a cache file, and can write that file again
 * with everything the script has compiled since. The `wbemrx` bin runs its command line this way
 * (`src/cli/code-cache.ts`), each host worker its code (`workers/actor-host.worker.ts`), and the
 * package entry the public API (`workers/library.ts`).
 *
 * Node 22 has `module.enableCompileCache()` for this; Node 20, which wbemrx supports, has only the
 * `vm.Script` form, and only for CommonJS: that is why those three bundles are CommonJS.
 *
 * Where: `$WBEMRX_CODE_CACHE`, else `$XDG_CACHE_HOME/wbemrx`, else `~/.cache/wbemrx`;
 * `WBEMRX_CODE_CACHE=off` turns it off. Cached code runs as the user's own code, so the folder is
 * used only when it is the user's and nobody else can write in it (so never on Windows, whose
 * file modes cannot say that). A cache V8 refuses (another Node, other V8 flags) or a damaged one
 * costs a normal compile. The file's name holds the bundle's content hash, taken at each start,
 * so a new or edited bundle never meets an old cache (V8 itself checks only the source's length).
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';

const trace = debuglog('wbemrx');

/** The environment variable naming the cache folder, or `off`. */
export const CODE_CACHE_ENV = 'WBEMRX_CODE_CACHE';

/**
 * A cache file is this line, a line of JSON (`CacheHeader`), then V8's data. A file that does not
 * start so, or whose data does not match the header's hash, is not used: V8 checks its data's
 * checksum only in debug builds, and Node aborts the process on damaged data.
 */
const MAGIC = 'wbemrx code cache 2\n';

interface CacheHeader {
  /** SHA-256 of V8's data, hex. */
  readonly sha256: string;
  /** What the runs that made it did (the bin: `usageKey`s; a host: nothing). */
  readonly usages: readonly string[];
}

/** The folder for code caches, or `undefined` when turned off (`WBEMRX_CODE_CACHE=off` or `0`). */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env[CODE_CACHE_ENV];
  if (setting === 'off' || setting === '0') return undefined;
  if (setting !== undefined && setting !== '') return resolve(setting);
  const xdg = env['XDG_CACHE_HOME'];
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'wbemrx');
}

/**
 * Makes `dir` (mode 700) if missing and says whether it is safe to run code cached in it: a real
 * folder (not a link), owned by this user, writable by nobody else.
 */
export function isPrivateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    const uid = process.getuid?.();
    return (
      stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0
    );
  } catch {
    return false;
  }
}

/** A cache file's contents: the usages that made it and V8's data. */
interface CacheFile {
  readonly usages: readonly string[];
  readonly data: Buffer;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function readCacheFile(file: string): CacheFile | undefined {
  try {
    const bytes = readFileSync(file);
    const newline = bytes.indexOf(10, MAGIC.length);
    if (newline < 0 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const header = JSON.parse(
      bytes.toString('utf8', MAGIC.length, newline),
    ) as Partial<CacheHeader>;
    const data = bytes.subarray(newline + 1);
    const { usages } = header;
    if (!Array.isArray(usages) || !usages.every((u) => typeof u === 'string')) return undefined;
    return header.sha256 === sha256(data) ? { usages, data } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the file whole or not at all: a concurrent run, or another host thread of this one,
 * reads the old file or the new one.
 */
function writeCacheFile(file: string, usages: readonly string[], script: Script): void {
  const temp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    const data = script.createCachedData();
    const header: CacheHeader = { sha256: sha256(data), usages };
    const head = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8');
    writeFileSync(temp, Buffer.concat([head, data]), { mode: 0o600 });
    renameSync(temp, file);
  } catch (error) {
    trace('code cache not written to %s: %s', file, (error as Error).message);
    rmSync(temp, { force: true });
  }
  removeStale(dirname(file), file);
}

/**
 * A cache file is not written again once it serves its runs, so its age is the time since its
 * build or Node was first used. Files of other builds or Nodes untouched for this long go when a
 * cache of the same kind is written (a build still in use then writes its file once more).
 */
export const STALE_CACHE_MS = 30 * 24 * 3600 * 1000;
/** A temporary file this old was left by a run that died while writing. */
const STALE_TEMP_MS = 3600 * 1000;

/** Removes the stale files of `current`'s kind (its name up to the first `-`) in `dir`. */
function removeStale(dir: string, current: string): void {
  const kind = `${current.slice(dir.length + 1).split('-', 1)[0]}-`;
  try {
    const now = Date.now();
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path === current || !name.startsWith(kind)) continue;
      const age = now - lstatSync(path).mtimeMs;
      const stale = name.endsWith('.tmp')
        ? age > STALE_TEMP_MS
        : name.endsWith('.v8') && age > STALE_CACHE_MS;
      if (stale) rmSync(path, { force: true });
    }
  } catch (error) {
    trace('code cache folder %s not tidied: %s', dir, (error as Error).message);
  }
}

/** A CommonJS file compiled with the code a cache file held. */
export interface CachedScript {
  /** The usages the cache recorded; empty when there was none or V8 refused it. */
  readonly usages: readonly string[];
  /** Runs the file as a CommonJS module and returns its exports. */
  run(): unknown;
  /**
   * Writes the cache file with `usages`: the code the script holds now, which is what the cache
   * gave it and everything compiled since.
   */
  save(usages: readonly string[]): void;
}

/**
 * The CommonJS file `file` compiled with V8's code cache of kind `kind` (the cache file's name
 * starts with it); `undefined` when caching is off or the folder is not private: require it
 * plainly then.
 *
 * The script has no `import()` of its own: Node 20 loses a script's dynamic-import callback when
 * its code comes from the cache, so it would work on the first run and fail on the next. The
 * bundles import a module named at run time through `module-import.ts` instead.
 */
export function compileWithCodeCache(file: string, kind: string): CachedScript | undefined {
  const dir = codeCacheDir();
  if (dir === undefined || !isPrivateDir(dir)) return undefined;
  const bytes = readFileSync(file);
  // Hashed here rather than by the build (0.8 ms for 1.5 MB): a bundle edited in place, by a
  // patch for instance, never meets code compiled from the old one.
  const hash = sha256(bytes).slice(0, 20);
  const cacheFile = join(dir, `${kind}-${hash}-${process.version}-${process.arch}.v8`);
  const cached = readCacheFile(cacheFile);
  const script = new Script(wrapCommonJs(sourceText(bytes)), {
    filename: file,
    ...(cached === undefined ? {} : { cachedData: cached.data }),
  });
  const usages = cached === undefined || script.cachedDataRejected === true ? [] : cached.usages;
  trace(
    'code cache %s: %s',
    cacheFile,
    cached === undefined ? 'none' : script.cachedDataRejected === true ? 'refused' : 'used',
  );
  return {
    usages,
    run() {
      const module = { exports: {} };
      const run = script.runInThisContext() as CommonJsWrapper;
      run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
      return module.exports;
    },
    save: (recorded) => writeCacheFile(cacheFile, recorded, script),
  };
}

type CommonJsWrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

/**
 * The bundle's text. The build writes it in ASCII (`workers/bundle.mjs`), which read as Latin-1
 * needs no UTF-8 decoding (0.2 ms against 5 for the 1.5 MB).
 */
function sourceText(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** The function Node's CommonJS loader wraps a file's source in. */
function wrapCommonJs(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}
