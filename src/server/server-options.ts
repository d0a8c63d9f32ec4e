/**
 * @module Options of `startServer`, one `defaults` object, merged and checked once.
 */
import { WBEM_E_INVALID_PARAMETER, WbemError } from '../index.js';
import type { EnumerationLimits } from './enumeration-contexts.js';
import type { DeliveryOptions } from './indication-destination.js';
import type { QueryBackend } from './query-operations.js';
import { isUpdateMode, type UpdateMode } from './update-mode.js';
import type { UserDirectory } from './user-store.js';

export interface ServerLimits {
  /** Largest request body, bytes (413 beyond). Default 16 MiB. */
  readonly maxBodyBytes: number;
  /** Deepest element nesting of a body. Default 64. */
  readonly maxDepth: number;
  /** Most elements in one body. Default 1,000,000. */
  readonly maxElements: number;
  /** Time to receive the request headers, ms (408 beyond). Default 10 s. */
  readonly headersTimeoutMs: number;
  /** Time to receive the whole request, ms (408 beyond). Default 60 s. */
  readonly requestTimeoutMs: number;
  /** Idle time of a keep-alive connection between requests, ms. Default 5 s. */
  readonly keepAliveTimeoutMs: number;
  /** Most open connections; further ones are closed at once. Default 512. */
  readonly maxConnections: number;
}

export interface ServerOptions {
  /** TCP port; 0 picks a free one (see `CimServer.port`). Default 5988 (5989 with TLS). */
  readonly port?: number;
  /** Address to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** PEM certificate and key: serve HTTPS. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Who may log in; without it (and without `usersFile`) every request with credentials is refused. */
  readonly users?: UserDirectory;
  /**
   * The users file: read at start when `users` is not given, and watched while the server runs,
   * so that added and removed users and changed passwords apply to the next request
   * (`users-file-watch.ts`).
   */
  readonly usersFile?: string;
  /** Serve requests without credentials, as `anonymousUser`. Default false. */
  readonly allowAnonymous?: boolean;
  /** Principal of requests without credentials. Default `ANONYMOUS LOGON`. */
  readonly anonymousUser?: string;
  /** Update mode of ModifyClass when neither header nor user sets one (`update-mode.ts`). */
  readonly updateMode?: UpdateMode;
  readonly limits?: Partial<ServerLimits>;
  readonly enumeration?: Partial<EnumerationLimits>;
  /**
   * Serves ExecQuery, Associators, ... (`query-operations.ts`). Default: WQL over the public API
   * (`wql-query-backend.ts`); `null`: CIM_ERR_NOT_SUPPORTED.
   */
  readonly queries?: QueryBackend | null;
  /**
   * DSP1054 subscriptions in `root/interop` (`indication-service.ts`): delivery options, or
   * `false` to serve none (and leave the engine's namespaces as they are). Default: on.
   */
  readonly indications?: Partial<DeliveryOptions> | false;
}

export interface ResolvedServerOptions {
  readonly port: number;
  readonly host: string;
  readonly tls: NonNullable<ServerOptions['tls']> | null;
  readonly users: UserDirectory | null;
  readonly usersFile: string | null;
  readonly allowAnonymous: boolean;
  readonly anonymousUser: string;
  readonly updateMode: UpdateMode;
  readonly limits: ServerLimits;
  readonly enumeration: EnumerationLimits;
  readonly queries: QueryBackend | null;
  readonly indications: Partial<DeliveryOptions> | false;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 1_000_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
};

export const DEFAULT_ENUMERATION: EnumerationLimits = {
  maxOpen: 256,
  defaultTimeoutS: 60,
  maxTimeoutS: 600,
  maxObjectCount: 100_000,
};

function positive(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${what} must be a positive integer`,
    });
  }
  return value;
}

/**
 * Merges options with the defaults.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for an out-of-range option.
 */
export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  const port = options.port ?? (options.tls === undefined ? 5988 : 5989);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'port must be from 0 to 65535' });
  }
  const updateMode = options.updateMode ?? 'compatible';
  if (!isUpdateMode(updateMode)) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: 'updateMode must be compatible, safe or force',
    });
  }
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  for (const [k, v] of Object.entries(limits)) positive(v, `limits.${k}`);
  const enumeration = { ...DEFAULT_ENUMERATION, ...options.enumeration };
  for (const [k, v] of Object.entries(enumeration)) positive(v, `enumeration.${k}`);
  return {
    port,
    host: options.host ?? '127.0.0.1',
    tls: options.tls ?? null,
    users: options.users ?? null,
    usersFile: options.usersFile ?? null,
    allowAnonymous: options.allowAnonymous === true,
    anonymousUser: options.anonymousUser ?? 'ANONYMOUS LOGON',
    updateMode,
    limits,
    enumeration,
    queries: options.queries ?? null,
    indications: options.indications ?? {},
  };
}
