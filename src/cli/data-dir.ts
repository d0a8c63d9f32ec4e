/**
 * @module Where `wbemrx` keeps its durable repository when not told: the platform's per-user
 * data directory, so a command typed in any working directory finds the same repository and
 * never litters the directory it was started in.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, posix, resolve, win32 } from 'node:path';

/** What the default depends on, passed in so that every platform's rule can be tested anywhere. */
export interface DataDirEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

/** The running process's environment. */
export function processEnvironment(): DataDirEnvironment {
  return { env: process.env, platform: process.platform, home: homedir() };
}

function set(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * The data directory when `--data-dir` is not given: `WBEMRX_DATA_DIR`, else
 * `%LOCALAPPDATA%\wbemrx` on Windows, `~/Library/Application Support/wbemrx` on macOS, and
 * `$XDG_DATA_HOME/wbemrx` (an absolute `XDG_DATA_HOME` only, as the XDG spec says) or
 * `~/.local/share/wbemrx` elsewhere.
 */
export function defaultDataDir(environment: DataDirEnvironment = processEnvironment()): string {
  const { env, platform, home } = environment;
  const explicit = set(env['WBEMRX_DATA_DIR']);
  if (explicit !== undefined) return resolve(explicit);
  if (platform === 'win32') {
    const local = set(env['LOCALAPPDATA']) ?? win32.join(home, 'AppData', 'Local');
    return win32.join(local, 'wbemrx');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'wbemrx');
  const xdg = set(env['XDG_DATA_HOME']);
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.local', 'share'), 'wbemrx');
}
