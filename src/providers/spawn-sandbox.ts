/**
 * @module The default way a `ProviderHost` starts a sandbox: one child process per provider, forked
 * under Node's permission model with the grant of `provider-permissions.ts`; the only place in
 * `providers/` that creates processes.
 *
 * The child gets an empty environment (the engine's variables often hold credentials), its own
 * process group (a signal to the engine's group, such as Ctrl-C in a terminal, does not reach it,
 * and the engine stops it itself), no stdin or stdout, and a stderr whose tail explains a crash.
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Endpoint } from 'comlink';
import { ipcEndpoint } from './ipc-endpoint.js';
import type { SandboxGrant } from './provider-permissions.js';
import { permissionArgs } from './provider-permissions.js';
import type { ProviderRegistration } from './provider-registration.js';

/** What a `ProviderHost` needs of a started sandbox (a seam for tests). */
export interface SandboxProcess {
  /** comlink's endpoint to the sandbox; messages are held until the sandbox says hello. */
  readonly endpoint: Endpoint;
  /** Called once, when the sandbox ends for any reason, with a sentence saying why. */
  onExit(listener: (why: string) => void): void;
  /** Ends the sandbox at once (SIGKILL); `onExit` listeners still run. */
  kill(): void;
}

export type SpawnSandbox = (
  registration: ProviderRegistration,
  grant: SandboxGrant,
) => SandboxProcess;

/** Where the provider process entry is, in `dist/` and in the compiled test build alike. */
export const SANDBOX_ENTRY = new URL('../../workers/provider-sandbox.child.js', import.meta.url);

/** Heap cap per provider process: a runaway provider fails its own calls, not the engine. */
export const SANDBOX_HEAP_MB = 128;

/** Bytes of a provider's stderr kept to explain its exit. */
const STDERR_TAIL = 2048;

/**
 * What the sandbox's own code must read: the engine's compiled `src/` and `workers/` folders and
 * comlink's package. None of them holds repository data.
 */
export function engineReadPaths(): string[] {
  const root = new URL('../../', import.meta.url);
  return [
    fileURLToPath(new URL('src/', root)),
    fileURLToPath(new URL('workers/', root)),
    fileURLToPath(new URL('../../', COMLINK_URL)),
  ];
}

/**
 * comlink's entry as the engine resolved it (symlinks followed); the child imports this file.
 * `require.resolve` finds the same file as `import.meta.resolve` (comlink's package has no
 * `exports` map) and works in the command line's CommonJS bundle too.
 */
const COMLINK_URL = pathToFileURL(createRequire(import.meta.url).resolve('comlink')).href;

function lastLine(tail: string): string {
  const lines = tail.trim().split('\n');
  const error = lines.find((l) => /^\w*Error\b|^Error:|ERR_/.test(l.trim()));
  return (error ?? lines.at(-1) ?? '').trim().slice(0, 300);
}

export const spawnSandbox: SpawnSandbox = (registration, grant) => {
  const child: ChildProcess = fork(
    fileURLToPath(SANDBOX_ENTRY),
    [registration.module, COMLINK_URL],
    {
      execArgv: [
        ...permissionArgs(grant),
        '--no-warnings',
        `--max-old-space-size=${SANDBOX_HEAP_MB}`,
      ],
      env: {},
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      detached: true,
    },
  );
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL);
  });
  const listeners: ((why: string) => void)[] = [];
  let ended: string | undefined;
  const end = (why: string): void => {
    if (ended !== undefined) return;
    ended = why;
    for (const l of listeners) l(why);
  };
  child.on('error', (error) => {
    // Spawn failures and failed sends both land here; only a dead child is an end.
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
      end(`could not run: ${error.message}`);
  });
  child.on('exit', (code, signal) => {
    const detail = lastLine(tail);
    const how = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
    end(detail.length > 0 ? `${how} (${detail})` : how);
  });
  // An idle provider must not keep the engine alive; calls in flight hold their own timers.
  child.unref();
  child.channel?.unref();
  (child.stderr as { unref?: () => void } | null)?.unref?.();
  return {
    endpoint: ipcEndpoint(child, { awaitHello: true }),
    onExit(listener) {
      if (ended !== undefined) listener(ended);
      else listeners.push(listener);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
};
