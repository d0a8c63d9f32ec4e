/**
 * @module Options of `WbemEngine.start`, one `defaults` object, merged once.
 */
import { hostname } from 'node:os';
import { defaultHostCount } from '../runtime/directory.js';
import { DEFAULT_MAX_BATCH } from '../runtime/outbox.js';
import type { HostInit, RepositorySpec, WireEncoding } from '../runtime/protocol.js';
import { DEFAULT_ENCODING } from '../runtime/wire-codec.js';
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

export interface WbemEngineOptions {
  /**
   * `'memory'` (default): fast, lost when the process (or a crashed host) ends.
   * `{ path }`: the durable store in that directory.
   */
  readonly storage?: 'memory' | { readonly path: string };
  /** Host worker threads; default one fewer than the cores, at least one. */
  readonly hosts?: number;
  /** Calls pending per namespace before `WBEM_E_SERVER_TOO_BUSY`; default 10,000. */
  readonly mailboxLimit?: number;
  /** `__SERVER` of returned objects; default the machine's host name. */
  readonly server?: string;
  /** @internal Repository spec overriding `storage` (tests, benchmarks). */
  readonly repository?: RepositorySpec;
  /** @internal URL of a module replacing the schema operations on the hosts (tests). */
  readonly schemaUrl?: string;
  /** @internal Wire encoding (benchmarks compare them); default `DEFAULT_ENCODING`. */
  readonly encoding?: WireEncoding;
  /** @internal Messages per post (benchmarks compare them); default `DEFAULT_MAX_BATCH`. */
  readonly maxBatch?: number;
}

export interface ResolvedOptions {
  readonly hosts: number;
  readonly mailboxLimit: number;
  readonly init: HostInit;
}

export const DEFAULT_MAILBOX_LIMIT = 10_000;

function positiveInteger(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${what} must be an integer from 1 to ${max}`,
    });
  }
  return value;
}

function repositoryOf(options: WbemEngineOptions): RepositorySpec {
  if (options.repository !== undefined) return options.repository;
  const storage = options.storage ?? 'memory';
  if (storage === 'memory') return { kind: 'memory' };
  if (typeof storage === 'object' && storage !== null && typeof storage.path === 'string') {
    return { kind: 'durable', path: storage.path };
  }
  throw new WbemError(WBEM_E_INVALID_PARAMETER, {
    message: "storage must be 'memory' or { path }",
  });
}

/**
 * Merges options with the defaults.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for an out-of-range or malformed option.
 */
export function resolveOptions(options: WbemEngineOptions = {}): ResolvedOptions {
  const hosts = positiveInteger(options.hosts ?? defaultHostCount(), 'hosts', 256);
  const mailboxLimit = positiveInteger(
    options.mailboxLimit ?? DEFAULT_MAILBOX_LIMIT,
    'mailboxLimit',
    2 ** 30,
  );
  const encoding = options.encoding ?? DEFAULT_ENCODING;
  if (encoding !== 'msgpack' && encoding !== 'clone' && encoding !== 'json') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `unknown encoding ${String(encoding)}`,
    });
  }
  return {
    hosts,
    mailboxLimit,
    init: {
      repository: repositoryOf(options),
      encoding,
      maxBatch: positiveInteger(options.maxBatch ?? DEFAULT_MAX_BATCH, 'maxBatch', 1 << 20),
      server: options.server ?? hostname(),
      schemaUrl: options.schemaUrl ?? null,
    },
  };
}
