/**
 * @module Runs class providers for one actor host thread. Each provider gets its own sandbox
 * worker, started on first use and kept for later calls; every call has a time limit.
 *
 * Why a worker per provider: a provider that never returns asynchronously could simply be
 * abandoned, but one stuck in a synchronous loop owns its thread and cannot be pre-empted. On that
 * thread it would stall every namespace of the host. In a sandbox it stalls only itself, and
 * `terminate()` reclaims it. The cost (a few MiB and tens of milliseconds per provider, once) is
 * paid only by namespaces that register providers.
 *
 * Hazard: terminating a sandbox ends every call in flight on it, not just the late one; those
 * fail with `WBEM_E_PROVIDER_FAILURE`, and the next call starts a fresh sandbox, so module-level
 * state of the provider does not survive a time-out.
 */
import { nameKey } from '../model/names.js';
import {
  WBEM_E_PROVIDER_FAILURE,
  WBEM_E_PROVIDER_LOAD_FAILURE,
  WBEM_E_PROVIDER_NOT_CAPABLE,
  WBEM_E_PROVIDER_TIMED_OUT,
  WBEM_E_SHUTTING_DOWN,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { ProviderCapabilities } from './provider-module.js';
import type { CallMessage, ProviderCall, ProviderResults } from './provider-protocol.js';
import { CALL_CAPABILITY, isSandboxMessage } from './provider-protocol.js';
import type { ProviderRegistration } from './provider-registration.js';
import type { SandboxWorker, SpawnSandbox } from './spawn-sandbox.js';
import { spawnSandbox } from './spawn-sandbox.js';

export interface ProviderHostOptions {
  /** Time limit of one call, unless the registration sets its own. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Time limit for starting a sandbox and importing the module. Default 10 000 ms. */
  readonly loadTimeoutMs?: number;
  /** How a sandbox is started. Default: a `worker_threads.Worker` (`spawnSandbox`). */
  readonly spawn?: SpawnSandbox;
}

const DEFAULTS: Required<ProviderHostOptions> = {
  timeoutMs: 10_000,
  loadTimeoutMs: 10_000,
  spawn: spawnSandbox,
};

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: WbemError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

interface Sandbox {
  readonly worker: SandboxWorker;
  readonly ready: Promise<ProviderCapabilities>;
  readonly pending: Map<number, Pending>;
  dead: boolean;
}

const keyOf = (r: ProviderRegistration): string =>
  `${nameKey(r.namespace)}\u0000${nameKey(r.name)}\u0000${r.module}`;

/** One per actor host; `close()` it when the host stops. */
export class ProviderHost {
  readonly #options: Required<ProviderHostOptions>;
  readonly #sandboxes = new Map<string, Sandbox>();
  #nextId = 1;
  #closed = false;

  constructor(options: ProviderHostOptions = {}) {
    this.#options = { ...DEFAULTS, ...options };
  }

  /**
   * Loads the provider if needed and returns what it declares it supports.
   * @throws {WbemError} WBEM_E_PROVIDER_LOAD_FAILURE when the module cannot be loaded or is not a
   *   provider; WBEM_E_SHUTTING_DOWN after `close()`.
   */
  capabilities(registration: ProviderRegistration): Promise<ProviderCapabilities> {
    return this.#sandbox(registration).ready;
  }

  /**
   * Calls the provider, within its time limit.
   * @throws {WbemError} WBEM_E_PROVIDER_NOT_CAPABLE when it does not declare the capability;
   *   WBEM_E_PROVIDER_LOAD_FAILURE when it cannot be loaded; WBEM_E_PROVIDER_TIMED_OUT past the
   *   limit; the provider's own HRESULT when it threw a `WbemError` or an HRESULT number;
   *   WBEM_E_PROVIDER_FAILURE for anything else it threw, or when its sandbox died;
   *   WBEM_E_SHUTTING_DOWN after `close()`.
   */
  async invoke<K extends ProviderCall['kind']>(
    registration: ProviderRegistration,
    call: Extract<ProviderCall, { kind: K }>,
  ): Promise<ProviderResults[K]> {
    const sandbox = this.#sandbox(registration);
    const caps = await sandbox.ready;
    if (!caps[CALL_CAPABILITY[call.kind]])
      throw new WbemError(WBEM_E_PROVIDER_NOT_CAPABLE, {
        message: `provider ${registration.name} does not support ${call.kind}`,
      });
    if (sandbox.dead) return this.invoke(registration, call);
    const limit = registration.timeoutMs ?? this.#options.timeoutMs;
    const id = this.#nextId++;
    return new Promise<ProviderResults[K]>((resolve, reject) => {
      const timer = setTimeout(() => {
        sandbox.pending.delete(id);
        reject(
          new WbemError(WBEM_E_PROVIDER_TIMED_OUT, {
            message: `provider ${registration.name} did not answer ${call.kind} within ${limit} ms`,
          }),
        );
        void this.#kill(
          registration,
          sandbox,
          `an earlier call of provider ${registration.name} timed out`,
        );
      }, limit);
      sandbox.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        sandbox.worker.postMessage({ kind: 'call', id, call } satisfies CallMessage);
      } catch (error) {
        clearTimeout(timer);
        sandbox.pending.delete(id);
        reject(
          new WbemError(WBEM_E_PROVIDER_FAILURE, {
            message: `cannot send ${call.kind} to provider ${registration.name}: ${String(error)}`,
            cause: error,
          }),
        );
      }
    });
  }

  /** Stops the sandbox of a provider (after unregistering it); its calls in flight fail. */
  async unload(registration: ProviderRegistration): Promise<void> {
    const sandbox = this.#sandboxes.get(keyOf(registration));
    if (sandbox !== undefined) await this.#kill(registration, sandbox, 'the provider was unloaded');
  }

  /** Stops every sandbox; later calls fail with WBEM_E_SHUTTING_DOWN. */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#sandboxes.values()];
    this.#sandboxes.clear();
    await Promise.all(
      all.map((s) => this.#end(s, WBEM_E_SHUTTING_DOWN, 'the provider host is closing')),
    );
  }

  #sandbox(registration: ProviderRegistration): Sandbox {
    if (this.#closed)
      return this.#failed(
        new WbemError(WBEM_E_SHUTTING_DOWN, { message: 'provider host is closed' }),
      );
    const key = keyOf(registration);
    const existing = this.#sandboxes.get(key);
    if (existing !== undefined && !existing.dead) return existing;
    let worker: SandboxWorker;
    try {
      worker = this.#options.spawn(registration);
    } catch (error) {
      return this.#failed(
        new WbemError(WBEM_E_PROVIDER_LOAD_FAILURE, {
          message: `cannot start a sandbox for provider ${registration.name}: ${String(error)}`,
          cause: error,
        }),
      );
    }
    // Pending call timers keep the process alive while work is outstanding; an idle sandbox must not.
    worker.unref();
    const pending = new Map<number, Pending>();
    let settleReady: { resolve: (c: ProviderCapabilities) => void; reject: (e: WbemError) => void };
    const ready = new Promise<ProviderCapabilities>((resolve, reject) => {
      settleReady = { resolve, reject };
    });
    // Callers may never await `ready` (e.g. after close); the rejection is still observed here.
    ready.catch(() => undefined);
    const sandbox: Sandbox = { worker, ready, pending, dead: false };
    const loadFailed = (message: string): void => {
      clearTimeout(loadTimer);
      settleReady.reject(new WbemError(WBEM_E_PROVIDER_LOAD_FAILURE, { message }));
      void this.#kill(registration, sandbox, message);
    };
    const loadTimer = setTimeout(
      () =>
        loadFailed(
          `provider ${registration.name} did not load within ${this.#options.loadTimeoutMs} ms`,
        ),
      this.#options.loadTimeoutMs,
    );
    worker.on('message', (message) => {
      if (!isSandboxMessage(message)) return;
      switch (message.kind) {
        case 'ready':
          clearTimeout(loadTimer);
          settleReady.resolve(message.capabilities);
          return;
        case 'load-failed':
          loadFailed(`provider ${registration.name}: ${message.message}`);
          return;
        case 'ok':
        case 'fail': {
          const call = pending.get(message.id);
          if (call === undefined) return;
          pending.delete(message.id);
          clearTimeout(call.timer);
          if (message.kind === 'ok') call.resolve(message.result);
          else call.reject(new WbemError(message.hresult, { message: message.message }));
          return;
        }
      }
    });
    // Calls in flight learn why the sandbox ended first; `loadFailed` then only settles `ready`
    // (a no-op once loaded) and forgets the sandbox so the next call starts a fresh one.
    worker.on('error', (error) => {
      const why = `provider ${registration.name} crashed: ${error.message}`;
      void this.#end(sandbox, WBEM_E_PROVIDER_FAILURE, why);
      loadFailed(why);
    });
    worker.on('exit', (code) => {
      const why = `provider ${registration.name} exited with code ${code}`;
      void this.#end(sandbox, WBEM_E_PROVIDER_FAILURE, why);
      loadFailed(why);
    });
    this.#sandboxes.set(key, sandbox);
    return sandbox;
  }

  #failed(error: WbemError): Sandbox {
    const ready = Promise.reject(error);
    ready.catch(() => undefined);
    return {
      worker: { postMessage() {}, on: () => undefined, terminate: async () => 0, unref() {} },
      ready,
      pending: new Map(),
      dead: true,
    };
  }

  async #kill(registration: ProviderRegistration, sandbox: Sandbox, why: string): Promise<void> {
    if (this.#sandboxes.get(keyOf(registration)) === sandbox)
      this.#sandboxes.delete(keyOf(registration));
    await this.#end(sandbox, WBEM_E_PROVIDER_FAILURE, why);
  }

  async #end(sandbox: Sandbox, hresult: number, why: string): Promise<void> {
    const first = !sandbox.dead;
    sandbox.dead = true;
    for (const [id, call] of sandbox.pending) {
      sandbox.pending.delete(id);
      clearTimeout(call.timer);
      call.reject(new WbemError(hresult, { message: why }));
    }
    if (first) await sandbox.worker.terminate().catch(() => 0);
  }
}
