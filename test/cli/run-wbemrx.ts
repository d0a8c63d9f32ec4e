/**
 * @module Test helper: runs the real `wbemrx` command (the compiled `src/cli/main.js` beside this
 * test build) in a child process and collects its output.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The data directory the commands use when a test gives none: one per test process, so that no
 * test writes into the user's real data directory.
 */
const TEST_DATA_DIR = mkdtempSync(join(tmpdir(), 'wbemrx-cli-default-'));
process.on('exit', () => rmSync(TEST_DATA_DIR, { recursive: true, force: true }));

export const MAIN_JS = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A MOF fixture of these tests, in the source tree (tsc does not copy `.mof` files). */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../../test/cli/fixtures/${name}`, import.meta.url));
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `wbemrx ...args`; rejects only if the process cannot be started or exceeds `timeoutMs`. */
export function runWbemrx(
  args: readonly string[],
  options: {
    cwd?: string;
    timeoutMs?: number;
    env?: Readonly<Record<string, string>>;
    stdin?: string;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN_JS, ...args], {
      cwd: options.cwd ?? process.cwd(),
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
