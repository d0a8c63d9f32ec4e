/**
 * @module Runs class providers for one actor host thread. Each provider gets its own sandbox
 * process, started on first use and kept for later calls; every call has a time limit; calls go
 * over IPC with comlink (`provider-protocol.ts`).
 *
 * Why a process per provider: a provider stuck in a synchronous loop cannot be pre-empted on a
 * thread it shares, and a worker thread shares the engine's process, so `process.exit`, a native
 * crash or a signal would end the engine with it. A child process under Node's permission model
 * (`provider-permissions.ts`) can only end itself, and reaches only what its registration names.
 * The cost (about 55 MiB resident and 250 ms to the first answer per provider, measured on Node
 * 20.20) is paid only by namespaces that register providers.
 *
 * Hazard: killing a sandbox ends every call in flight on it, not just the late one; those fail
 * with `WBEM_E_PROVIDER_FAILURE`, and the next call starts a fresh process, so module-level state
 * of the provider does not survive a time-out or a crash.
 */
import type { Remote } from 'comlink';
import { transferHandlers, wrap } from 'comlink';
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
import { reachedProtectedPath, sandboxGrant } from './provider-permissions.js';
import type {
  ProviderCall,
  ProviderResults,
  SandboxApi,
  SandboxLoad,
} from './provider-protocol.js';
import { CALL_CAPABILITY, isResultOf, isSandboxLoad } from './provider-protocol.js';
import type { ProviderRegistration } from './provider-registration.js';
import type { SandboxProcess, SpawnSandbox } from './spawn-sandbox.js';
import { engineReadPaths, spawnSandbox } from './spawn-sandbox.js';
import { registerWbemErrorHandler } from './wbem-error-handler.js';

export interface ProviderHostOptions {
  /** Time limit of one call, unless the registration sets its own. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Time limit for starting a sandbox and importing the module. Default 10 000 ms. */
  readonly loadTimeoutMs?: number;
  /** How a sandbox is started. Default: a child process under the permission model. */
  readonly spawn?: SpawnSandbox;
  /**
   * Files and folders no provider may be granted (the durable store); a registration whose grant
   * reaches one fails to load with WBEM_E_PROVIDER_LOAD_FAILURE.
   */
  readonly protectedPaths?: readonly string[];
}

const DEFAULTS: Required<ProviderHostOptions> = {
  timeoutMs: 10_000,
  loadTimeoutMs: 10_000,
  spawn: spawnSandbox,
  protectedPaths: [],
};

interface Sandbox {
  readonly process: SandboxProcess;
  readonly remote: Remote<SandboxApi>;
  readonly ready: Promise<ProviderCapabilities>;
  /** Rejects, with the reason, once the sandbox has ended. */
  readonly ended: Promise<never>;
  /** Ends the sandbox: its calls in flight fail with `hresult`. */
  end(hresult: number, why: string): void;
  dead: boolean;
}

const keyOf = (r: ProviderRegistration): string =>
  `${nameKey(r.namespace)}\u0000${nameKey(r.name)}\u0000${r.module}`;

const observed = <T>(promise: Promise<T>): Promise<T> => {
  // Callers may never await it (e.g. after close); the rejection is still observed here.
  promise.catch(() => undefined);
  return promise;
};

/** `work`, or the error `late()` gives once `ms` have passed. */
function within<T>(work: Promise<T>, ms: number, late: () => WbemError): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/**
 * One per actor host; `close()` it when the host stops. Whatever the provider process answers is
 * untrusted: a provider can write to its own IPC channel, so every answer is checked here again.
 */
export class ProviderHost {
  readonly #options: Required<ProviderHostOptions>;
  readonly #sandboxes = new Map<string, Sandbox>();
  #engineRead: readonly string[] | undefined;
  #closed = false;

  constructor(options: ProviderHostOptions = {}) {
    this.#options = { ...DEFAULTS, ...options };
    registerWbemErrorHandler(transferHandlers);
  }

  /**
   * Loads the provider if needed and returns what it declares it supports.
   * @throws {WbemError} WBEM_E_PROVIDER_LOAD_FAILURE when the module cannot be loaded, is not a
   *   provider, or its grant reaches a protected path; WBEM_E_SHUTTING_DOWN after `close()`.
   */
  async capabilities(registration: ProviderRegistration): Promise<ProviderCapabilities> {
    return this.#sandbox(registration).ready;
  }

  /**
   * Calls the provider, within its time limit.
   * @throws {WbemError} WBEM_E_PROVIDER_NOT_CAPABLE when it does not declare the capability;
   *   WBEM_E_PROVIDER_LOAD_FAILURE when it cannot be loaded; WBEM_E_PROVIDER_TIMED_OUT past the
   *   limit; the provider's own HRESULT when it threw a `WbemError` or an HRESULT number;
   *   WBEM_E_PROVIDER_FAILURE for anything else it threw, or when its process ended (crash,
   *   `process.exit`, a signal); WBEM_E_SHUTTING_DOWN after `close()`.
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
    const limit = registration.timeoutMs ?? this.#options.timeoutMs;
    let result: unknown;
    try {
      result = await within(Promise.race([sandbox.remote.call(call), sandbox.ended]), limit, () => {
        // Rejected before the kill, so this call reports the time-out and not the kill.
        queueMicrotask(() =>
          this.#kill(
            registration,
            sandbox,
            `an earlier call of provider ${registration.name} timed out`,
          ),
        );
        return new WbemError(WBEM_E_PROVIDER_TIMED_OUT, {
          message: `provider ${registration.name} did not answer ${call.kind} within ${limit} ms`,
        });
      });
    } catch (error) {
      if (error instanceof WbemError) throw error;
      throw new WbemError(WBEM_E_PROVIDER_FAILURE, {
        message: `provider ${registration.name} failed: ${String(error)}`,
        cause: error,
      });
    }
    if (result instanceof WbemError) throw result;
    if (!isResultOf(call.kind, result))
      throw new WbemError(WBEM_E_PROVIDER_FAILURE, {
        message: `provider ${registration.name} answered ${call.kind} with something that is not its result`,
      });
    return result as ProviderResults[K];
  }

  /** Stops the sandbox of a provider (after unregistering it); its calls in flight fail. */
  async unload(registration: ProviderRegistration): Promise<void> {
    const sandbox = this.#sandboxes.get(keyOf(registration));
    if (sandbox !== undefined) this.#kill(registration, sandbox, 'the provider was unloaded');
  }

  /** Stops every sandbox; later calls fail with WBEM_E_SHUTTING_DOWN. */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#sandboxes.values()];
    this.#sandboxes.clear();
    for (const s of all) s.end(WBEM_E_SHUTTING_DOWN, 'the provider host is closing');
  }

  #sandbox(registration: ProviderRegistration): Sandbox {
    if (this.#closed)
      return this.#failed(
        new WbemError(WBEM_E_SHUTTING_DOWN, { message: 'provider host is closed' }),
      );
    const key = keyOf(registration);
    const existing = this.#sandboxes.get(key);
    if (existing !== undefined && !existing.dead) return existing;
    let process: SandboxProcess;
    try {
      this.#engineRead ??= engineReadPaths();
      const grant = sandboxGrant(registration, this.#engineRead);
      const reached = reachedProtectedPath(grant, this.#options.protectedPaths);
      if (reached !== undefined)
        throw new Error(`its grant reaches the engine's store at ${reached}`);
      process = this.#options.spawn(registration, grant);
    } catch (error) {
      return this.#failed(
        new WbemError(WBEM_E_PROVIDER_LOAD_FAILURE, {
          message: `cannot start a sandbox for provider ${registration.name}: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        }),
      );
    }
    let rejectEnded: (error: WbemError) => void = () => undefined;
    const ended = observed(
      new Promise<never>((_, reject) => {
        rejectEnded = reject;
      }),
    );
    const remote = wrap<SandboxApi>(process.endpoint);
    const sandbox: Sandbox = {
      process,
      remote,
      ended,
      ready: observed(this.#load(registration, remote, ended)),
      dead: false,
      end(hresult, why) {
        if (sandbox.dead) return;
        sandbox.dead = true;
        rejectEnded(new WbemError(hresult, { message: why }));
        process.kill();
      },
    };
    process.onExit((why) => {
      if (this.#sandboxes.get(key) === sandbox) this.#sandboxes.delete(key);
      sandbox.end(
        WBEM_E_PROVIDER_FAILURE,
        `provider ${registration.name} crashed: its process ${why}`,
      );
    });
    // A load that fails is not kept: the next call tries a fresh process.
    sandbox.ready.catch(() => this.#kill(registration, sandbox, 'the provider failed to load'));
    this.#sandboxes.set(key, sandbox);
    return sandbox;
  }

  async #load(
    registration: ProviderRegistration,
    remote: Remote<SandboxApi>,
    ended: Promise<never>,
  ): Promise<ProviderCapabilities> {
    const limit = this.#options.loadTimeoutMs;
    let loaded: SandboxLoad | WbemError;
    try {
      loaded = await within(
        Promise.race([remote.load(), ended]),
        limit,
        () =>
          new WbemError(WBEM_E_PROVIDER_LOAD_FAILURE, {
            message: `provider ${registration.name} did not load within ${limit} ms`,
          }),
      );
    } catch (error) {
      if (error instanceof WbemError && error.hresult === WBEM_E_PROVIDER_LOAD_FAILURE) throw error;
      throw new WbemError(WBEM_E_PROVIDER_LOAD_FAILURE, {
        message: `provider ${registration.name} did not load: ${error instanceof WbemError ? error.detail : String(error)}`,
        cause: error,
      });
    }
    if (loaded instanceof WbemError)
      throw new WbemError(WBEM_E_PROVIDER_LOAD_FAILURE, {
        message: `provider ${registration.name}: ${loaded.detail ?? 'no reason given'}`,
      });
    if (!isSandboxLoad(loaded))
      throw new WbemError(WBEM_E_PROVIDER_LOAD_FAILURE, {
        message: `provider ${registration.name} answered load with something that is not a provider description`,
      });
    return loaded.capabilities;
  }

  #failed(error: WbemError): Sandbox {
    const rejected = observed(Promise.reject(error));
    return {
      process: { endpoint: undefined as never, onExit: () => undefined, kill: () => undefined },
      remote: undefined as never,
      ready: rejected,
      ended: rejected,
      end: () => undefined,
      dead: true,
    };
  }

  #kill(registration: ProviderRegistration, sandbox: Sandbox, why: string): void {
    if (this.#sandboxes.get(keyOf(registration)) === sandbox)
      this.#sandboxes.delete(keyOf(registration));
    sandbox.end(WBEM_E_PROVIDER_FAILURE, why);
  }
}
