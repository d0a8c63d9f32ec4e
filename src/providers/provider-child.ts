/**
 * @module The provider process: shuts the doors the permission model leaves open, then serves one
 * provider module over IPC with comlink. Runs only in a process forked by `spawn-sandbox.ts`.
 *
 * Why the signal guard: Node 20's permission model does not govern `process.kill`, so without it a
 * provider could signal the engine (`process.kill(process.ppid, 'SIGKILL')`) or its process
 * group. The guard lets a provider signal only its own process. It is installed before the
 * provider's module is imported, as non-writable, non-configurable properties, and the original
 * function stays in this closure; `process.binding`, child processes, workers, addons and the
 * inspector, the other ways to reach the kill system call, are refused by the permission model.
 */

import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import { ipcEndpoint } from './ipc-endpoint.js';
import { SANDBOX_HELLO } from './provider-protocol.js';
import { createSandboxApi } from './provider-sandbox.js';
import { registerWbemErrorHandler } from './wbem-error-handler.js';

type RawKill = (pid: number, signal: number) => number;

const refused = (what: string): Error =>
  Object.assign(new Error(`${what} is not allowed to a class provider`), {
    code: 'ERR_ACCESS_DENIED',
  });

const lock = (target: object, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, writable: false, configurable: false });
};

/** Lets the provider signal and renice only its own process. */
export function guardProcess(): void {
  const own = process.pid;
  const carrier = process as unknown as { _kill: RawKill };
  const rawKill = carrier._kill;
  // `process.kill` validates its arguments and then calls `process._kill`, so guarding the latter
  // covers both; the wrapper of `process.kill` is locked too, so it cannot be swapped for a copy.
  lock(process, '_kill', (pid: number, signal: number): number => {
    if (pid !== own) throw refused(`signalling process ${String(pid)}`);
    return rawKill.call(process, pid, signal);
  });
  lock(process, 'kill', process.kill);
  const rawSetPriority = os.setPriority;
  lock(os, 'setPriority', (pidOrPriority: number, priority?: number): void => {
    if (priority === undefined) {
      rawSetPriority(pidOrPriority);
      return;
    }
    if (pidOrPriority !== 0 && pidOrPriority !== own)
      throw refused(`changing the priority of process ${pidOrPriority}`);
    rawSetPriority(pidOrPriority, priority);
  });
  syncBuiltinESMExports();
}

/**
 * Serves `module`; the process ends when the engine closes the channel (or dies). comlink is
 * imported from `comlinkUrl`, the real file the engine resolved: resolving the bare name here
 * would walk `node_modules` folders (and symlinks to them) the process is not granted.
 */
export async function serveProviderChild(module: string, comlinkUrl: string): Promise<void> {
  guardProcess();
  process.on('disconnect', () => process.exit(0));
  const comlink = (await import(comlinkUrl)) as typeof import('comlink');
  registerWbemErrorHandler(comlink.transferHandlers);
  comlink.expose(createSandboxApi(module), ipcEndpoint(process));
  process.send?.(SANDBOX_HELLO);
}
