/**
 * @module The default way a `ProviderHost` starts a sandbox: one small worker per provider, the
 * only place in `providers/` that creates threads.
 */
import { Worker } from 'node:worker_threads';
import type { ProviderRegistration } from './provider-registration.js';

/** The part of `worker_threads.Worker` a `ProviderHost` uses (a seam for tests). */
export interface SandboxWorker {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
  unref(): void;
}

export type SpawnSandbox = (registration: ProviderRegistration) => SandboxWorker;

/** Where the sandbox entry is, next to this file in `dist/` and in the compiled test build. */
export const SANDBOX_ENTRY = new URL('./provider-sandbox.worker.js', import.meta.url);

/** Heap cap per sandbox: a runaway provider fails its own calls instead of the process. */
export const SANDBOX_HEAP_MB = 128;

export const spawnSandbox: SpawnSandbox = (registration) =>
  new Worker(SANDBOX_ENTRY, {
    workerData: { module: registration.module },
    resourceLimits: { maxOldGenerationSizeMb: SANDBOX_HEAP_MB },
    name: `wbemrx provider ${registration.name}`,
  });
