/**
 * @module Test helpers for the `wbemrx` command line. Most tests drive a verb in this process
 * through `runCli` with captured streams (`runWbemrx`): each run still starts and shuts down its
 * own engine, as the command does, but costs no node start-up. A few end-to-end tests spawn the
 * bundled bin beside this test build (`spawnWbemrx`), so the shipped entry point, its signal
 * handling and its exit status are tested as a process too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/main.js';

/**
 * The data directory the commands use when a test gives none: one per test process, so that no
 * test writes into the user's real data directory (in-process runs read it from the environment).
 */
const TEST_DATA_DIR = mkdtempSync(join(tmpdir(), 'wbemrx-cli-default-'));
process.env['WBEMRX_DATA_DIR'] = TEST_DATA_DIR;
/** Likewise the spawned bin's code cache (`src/cli/code-cache.ts`), not the user's `~/.cache`. */
const TEST_CODE_CACHE = mkdtempSync(join(tmpdir(), 'wbemrx-code-cache-'));
process.env['WBEMRX_CODE_CACHE'] = TEST_CODE_CACHE;
process.on('exit', () => {
  rmSync(TEST_DATA_DIR, { recursive: true, force: true });
  rmSync(TEST_CODE_CACHE, { recursive: true, force: true });
});

/** The `wbemrx` bin as `package.json` names it: the bundle the build writes (`workers/bundle.mjs`). */
export const MAIN_JS = fileURLToPath(new URL('../../bundled/wbemrx.js', import.meta.url));

/** `wbemrx ...args` as a child process with `options.env` added and `options.stdin` as input. */
function runProcess(args: readonly string[], options: RunOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN_JS, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, WBEMRX_DATA_DIR: TEST_DATA_DIR, ...options.env },
    });
    child.stdin.end(options.stdin ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wbemrx ${args.join(' ')} did not finish in time\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A MOF fixture of these tests, in the source tree (tsc does not copy `.mof` files). */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../../test/cli/fixtures/${name}`, import.meta.url));
}

export interface CliResult {
  /** The exit status the command line reports (`null` when a spawned process died of a signal). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Streams that collect what a command writes. */
export interface CapturedIo extends CliIo {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/** Options of an in-process run. */
export interface RunOptions {
  /** Pretend stderr is a terminal of `errColumns` columns (default: not a terminal, 80). */
  readonly errIsTty?: boolean;
  readonly errColumns?: number;
  /** Aborting it is Ctrl-C for the running verb. */
  readonly signal?: AbortSignal;
  /** Called after every write with all that was written so far, to wait on output. */
  readonly onOutput?: (stdout: string, stderr: string) => void;
  /** The run is aborted and the promise rejected past this (default 30 s). */
  readonly timeoutMs?: number;
  /** Variables added to the environment: the command then runs as a child process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Standard input (not a terminal): the command then runs as a child process. */
  readonly stdin?: string;
}

export function capturedIo(options: RunOptions = {}): CapturedIo {
  let stdout = '';
  let stderr = '';
  return {
    out: (text) => {
      stdout += text;
      options.onOutput?.(stdout, stderr);
    },
    err: (text) => {
      stderr += text;
      options.onOutput?.(stdout, stderr);
    },
    errIsTty: options.errIsTty ?? false,
    errColumns: options.errColumns ?? 80,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/**
 * Runs `wbemrx ...args` in this process and collects its output and exit status. Rejects only
 * when the verb does not finish within `timeoutMs` (it is aborted first, as Ctrl-C would).
 */
export async function runWbemrx(
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliResult> {
  // What only a process can show (its environment at start, e.g. NODE_DEBUG or NO_COLOR, or
  // its own standard input) runs as one.
  if (options.env !== undefined || options.stdin !== undefined) return runProcess(args, options);
  const io = capturedIo(options);
  const controller = new AbortController();
  const forward = (): void => controller.abort();
  if (options.signal?.aborted === true) controller.abort();
  options.signal?.addEventListener('abort', forward, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`wbemrx ${args.join(' ')} did not finish in time\n${io.stderr()}`));
    }, options.timeoutMs ?? 30_000);
  });
  try {
    const code = await Promise.race([runCli(args, io, controller.signal), expired]);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forward);
  }
}

/** A fresh temporary data directory and a `wbemrx` that works on it. */
export interface DataDirSession {
  readonly dir: string;
  /** `wbemrx ...args --data-dir <dir>`, in process. */
  readonly run: (...args: string[]) => Promise<CliResult>;
  readonly dispose: () => Promise<void>;
}

export async function dataDirSession(prefix = 'wbemrx-cli-'): Promise<DataDirSession> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return {
    dir,
    run: (...args) => runWbemrx([...args, '--data-dir', dir]),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A spawned `wbemrx` process and what it has written so far. */
export interface WbemrxProcess {
  readonly kill: (signal: NodeJS.Signals) => void;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once `stream` matches `pattern`; rejects when the process exits first. */
  readonly waitFor: (stream: 'stdout' | 'stderr', pattern: RegExp) => Promise<void>;
  /** Resolves with the result when the process has exited and its streams are closed. */
  readonly exited: Promise<CliResult>;
}

/**
 * Starts `node bundled/wbemrx.js ...args` as the shipped `bin` would run. The process is killed and
 * `exited` rejects when it runs longer than `timeoutMs` (default 30 s).
 */
export function spawnWbemrx(
  args: readonly string[],
  options: { timeoutMs?: number; nodeArgs?: readonly string[] } = {},
): WbemrxProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), MAIN_JS, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const text = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of waiters) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    text.stdout += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    text.stderr += chunk;
    notify();
  });
  let closed = false;
  const exited = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wbemrx ${args.join(' ')} did not finish in time\n${text.stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      closed = true;
      notify();
      resolve({ code, stdout: text.stdout, stderr: text.stderr });
    });
  });
  // A rejection is reported where a test awaits `exited`; a test that stops early must not turn it
  // into an unhandled rejection.
  exited.catch(() => {});
  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(text[stream])) {
          waiters.delete(check);
          resolve();
        } else if (closed) {
          waiters.delete(check);
          reject(new Error(`wbemrx exited before ${stream} matched ${pattern}\n${text.stderr}`));
        }
      };
      waiters.add(check);
      check();
    });
  return {
    kill: (signal) => child.kill(signal),
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    waitFor,
    exited,
  };
}
