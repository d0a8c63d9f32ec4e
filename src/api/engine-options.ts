/**
 * @module Options of `WbemEngine.start`, one `defaults` object, merged once.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { ProviderRegistration } from '../providers/provider-registration.js';
import {
  MAX_PROVIDER_TIMEOUT_MS,
  validateProviderRegistration,
} from '../providers/provider-registration.js';
import { registerProvider } from '../providers/provider-registry.js';
import { defaultHostCount } from '../runtime/directory.js';
import { DEFAULT_MAX_BATCH } from '../runtime/outbox.js';
import type { HostPlacement } from '../runtime/placement.js';
import {
  type HostInit,
  type RepositorySpec,
  WIRE_ENCODINGS,
  type WireEncoding,
} from '../runtime/protocol.js';
import { DEFAULT_ENCODING } from '../runtime/wire-codec.js';
import { DMTF_RULES, WMI_RULES } from '../schema/decisions.js';
import type { SecurityOptions, SecurityPolicy } from '../security/security-policy.js';
import { resolveSecurityPolicy } from '../security/security-policy.js';
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

export interface WbemEngineOptions {
  /**
   * `'memory'` (the default): fast, lost when the process (or a crashed host) ends. The engine
   * writes nothing to disk unless its caller names a directory.
   * `{ path }`: the durable store in that directory (created when absent); acknowledged writes
   * survive a crash. A relative path is resolved against the working directory at start.
   */
  readonly storage?: 'memory' | { readonly path: string };
  /**
   * Where WMI and the DMTF schema disagree (`src/schema/decisions.ts`): `'wmi'` (default) keeps
   * WMI's rules; `'dmtf'` accepts what DSP0004 allows and WMI refuses (an abstract class below a
   * concrete one, as in the DMTF CIM Schema).
   */
  readonly rules?: 'wmi' | 'dmtf';
  /**
   * Who is who and what `root` grants while no descriptor is stored (spec §8, decision A11).
   * Without it, connections without a user run as `SYSTEM` (every right) and named users get
   * the A11 defaults: enable, method execute, provider write.
   */
  readonly security?: SecurityOptions;
  /**
   * Class providers in force from the start, each in its namespace (`registration.namespace`).
   * They are not persisted (the options give them again at every start) and cannot be
   * unregistered; `svc.registerProvider` adds persisted ones.
   */
  readonly providers?: readonly ProviderRegistration[];
  /** Per-call time limit of a class provider, unless its registration sets one; default 10 s. */
  readonly providerTimeoutMs?: number;
  /** Time limit for loading a provider module; default 10 s. */
  readonly providerLoadTimeoutMs?: number;
  /** Host worker threads; default one fewer than the cores, at least one. */
  readonly hosts?: number;
  /**
   * Where the hosts run: `'worker-threads'` (the default) or `'calling-thread'`, one host on the
   * thread that starts the engine. The latter is for short one-shot work only (the CLI's read
   * commands use it): it saves starting a worker and loading the host's modules a second time,
   * but every turn then runs on the caller's thread, and a host crash ends the process instead
   * of being restarted. `hosts`, if given, must then be 1.
   */
  readonly placement?: HostPlacement;
  /** Calls pending per namespace before `WBEM_E_SERVER_TOO_BUSY`; default 10,000. */
  readonly mailboxLimit?: number;
  /** `__SERVER` of returned objects; default the machine's host name. */
  readonly server?: string;
  /** @internal Repository spec overriding `storage` (tests, benchmarks). */
  readonly repository?: RepositorySpec;
  /** @internal URL of the host worker entry (tests give one that replaces the schema operations). */
  readonly hostWorkerUrl?: string;
  /**
   * @internal Wire encoding (benchmarks compare them); default `DEFAULT_ENCODING`, and `copy` for
   * the calling-thread placement.
   */
  readonly encoding?: WireEncoding;
  /** @internal Messages per post (benchmarks compare them); default `DEFAULT_MAX_BATCH`. */
  readonly maxBatch?: number;
}

export interface ResolvedOptions {
  /** Directory of the durable store, locked for the engine's lifetime; `null` for memory. */
  readonly dataDir: string | null;
  readonly hosts: number;
  readonly mailboxLimit: number;
  readonly security: SecurityPolicy;
  readonly init: HostInit;
}

export const DEFAULT_MAILBOX_LIMIT = 10_000;

/** Default per-call and load time limits of class providers. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;

/**
 * Checks the `providers` option: each registration, and no name twice in a namespace.
 * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION, WBEM_E_PROVIDER_ALREADY_REGISTERED,
 * WBEM_E_INVALID_PARAMETER when it is not an array.
 */
function providersOf(value: unknown): ProviderRegistration[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: 'providers must be an array of registrations',
    });
  }
  const checked = value.map((r: unknown) => validateProviderRegistration(r));
  checked.reduce((registry, r) => registerProvider(registry, r), { registrations: [] } as {
    registrations: readonly ProviderRegistration[];
  });
  return checked;
}

function positiveInteger(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${what} must be an integer from 1 to ${max}`,
    });
  }
  return value;
}

function storageSpec(storage: WbemEngineOptions['storage']): RepositorySpec {
  const chosen = storage ?? 'memory';
  if (chosen === 'memory') return { kind: 'memory' };
  if (typeof chosen === 'object' && chosen !== null && typeof chosen.path === 'string') {
    return { kind: 'durable', path: chosen.path };
  }
  throw new WbemError(WBEM_E_INVALID_PARAMETER, {
    message: "storage must be 'memory' or { path }",
  });
}

function repositoryOf(options: WbemEngineOptions): RepositorySpec {
  const spec = options.repository ?? storageSpec(options.storage);
  // Absolute, so the hosts and the data-dir lock name the same directory whatever their cwd.
  return spec.kind === 'durable' ? { kind: 'durable', path: resolve(spec.path) } : spec;
}

/**
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for an unknown placement, or a calling-thread one
 * with more than one host or a host worker entry.
 */
function placementOf(options: WbemEngineOptions): HostPlacement {
  const placement = options.placement ?? 'worker-threads';
  if (placement !== 'worker-threads' && placement !== 'calling-thread') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `placement must be 'worker-threads' or 'calling-thread' (got ${String(placement)})`,
    });
  }
  if (placement === 'calling-thread' && options.hosts !== undefined && options.hosts !== 1) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: "placement 'calling-thread' runs exactly one host (hosts must be 1)",
    });
  }
  if (placement === 'calling-thread' && options.hostWorkerUrl !== undefined) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: "placement 'calling-thread' has no host worker entry (hostWorkerUrl)",
    });
  }
  return placement;
}

/**
 * Merges options with the defaults.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for an out-of-range or malformed option.
 */
export function resolveOptions(options: WbemEngineOptions = {}): ResolvedOptions {
  const placement = placementOf(options);
  const hosts =
    placement === 'calling-thread'
      ? 1
      : positiveInteger(options.hosts ?? defaultHostCount(), 'hosts', 256);
  const mailboxLimit = positiveInteger(
    options.mailboxLimit ?? DEFAULT_MAILBOX_LIMIT,
    'mailboxLimit',
    2 ** 30,
  );
  // A host on the calling thread is fed through a port within the thread: a copy is enough.
  const encoding = options.encoding ?? (placement === 'calling-thread' ? 'copy' : DEFAULT_ENCODING);
  if (!WIRE_ENCODINGS.includes(encoding)) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `unknown encoding ${String(encoding)}`,
    });
  }
  const rules = options.rules ?? 'wmi';
  if (rules !== 'wmi' && rules !== 'dmtf') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: "rules must be 'wmi' or 'dmtf'" });
  }
  const repository = repositoryOf(options);
  return {
    dataDir: repository.kind === 'durable' ? repository.path : null,
    hosts,
    mailboxLimit,
    security: resolveSecurityPolicy(options.security ?? {}),
    init: {
      providers: providersOf(options.providers),
      providerTimeoutMs: positiveInteger(
        options.providerTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
        'providerTimeoutMs',
        MAX_PROVIDER_TIMEOUT_MS,
      ),
      providerLoadTimeoutMs: positiveInteger(
        options.providerLoadTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
        'providerLoadTimeoutMs',
        MAX_PROVIDER_TIMEOUT_MS,
      ),
      repository,
      rules: rules === 'dmtf' ? DMTF_RULES : WMI_RULES,
      encoding,
      maxBatch: positiveInteger(options.maxBatch ?? DEFAULT_MAX_BATCH, 'maxBatch', 1 << 20),
      server: options.server ?? hostname(),
      hostWorkerUrl: options.hostWorkerUrl ?? null,
      placement,
    },
  };
}
