/**
 * @module The registration of a class provider (WMI's `__Win32Provider` plus
 * `__ClassProviderRegistration`, reduced to what this engine uses): which module serves which
 * classes of which namespace.
 */
import { nameKey } from '../model/names.js';
import { WBEM_E_INVALID_PROVIDER_REGISTRATION } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

export interface ProviderRegistration {
  /** Unique within its namespace (case-insensitive); `Provider("name")` qualifiers refer to it. */
  readonly name: string;
  /**
   * Where the module is: an absolute file path or a URL (`file:`, `data:`). Relative paths are
   * refused, because the module is imported from a worker whose base URL is not the caller's.
   */
  readonly module: string;
  /** Normalised namespace path (`root/cimv2`). */
  readonly namespace: string;
  /** The classes it serves (case-insensitive names). */
  readonly classes: readonly string[];
  /** Per-call time limit in milliseconds; the host's default when omitted. */
  readonly timeoutMs?: number;
  /**
   * What the provider's process may reach beyond its own module (see `provider-permissions.ts`).
   * Absolute paths only; each grants the file or the whole folder below it.
   */
  readonly permissions?: ProviderPermissions;
}

/** Node's permission-model grants a registration may ask for; nothing else can be granted. */
export interface ProviderPermissions {
  readonly fsRead?: readonly string[];
  readonly fsWrite?: readonly string[];
}

/** Longest time limit a registration may ask for (10 minutes). */
export const MAX_PROVIDER_TIMEOUT_MS = 600_000;

const fail = (message: string): never => {
  throw new WbemError(WBEM_E_INVALID_PROVIDER_REGISTRATION, { message });
};

const isAbsolutePath = (spec: string): boolean =>
  spec.startsWith('/') || /^[A-Za-z]:[\\/]/.test(spec);

function validateModule(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    return fail('module must be a non-empty string (absolute path or URL)');
  if (isAbsolutePath(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`module ${JSON.stringify(value)} is neither an absolute path nor a URL`);
  }
  if (url.protocol !== 'file:' && url.protocol !== 'data:')
    return fail(`module URL scheme ${url.protocol} is not loadable (use file: or data:)`);
  return value;
}

/** Most paths one grant list may name. */
export const MAX_PERMISSION_PATHS = 64;

function validatePaths(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > MAX_PERMISSION_PATHS)
    return fail(`permissions.${field} must be an array of at most ${MAX_PERMISSION_PATHS} paths`);
  return value.map((path: unknown) => {
    // Node reads `*` as a wildcard and a comma once separated grants: both would widen a grant.
    if (typeof path !== 'string' || !isAbsolutePath(path) || /[*,\0]/.test(path))
      return fail(
        `permissions.${field}: ${JSON.stringify(path)} is not an absolute path without * or ,`,
      );
    return path;
  });
}

function validatePermissions(value: unknown): ProviderPermissions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('permissions must be an object { fsRead?, fsWrite? }');
  const raw = value as Record<string, unknown>;
  const unknownKey = Object.keys(raw).find((k) => k !== 'fsRead' && k !== 'fsWrite');
  if (unknownKey !== undefined)
    return fail(
      `permissions.${unknownKey} cannot be granted (only fsRead and fsWrite exist; Node 20 has no network permission)`,
    );
  const fsRead = validatePaths(raw['fsRead'], 'fsRead');
  const fsWrite = validatePaths(raw['fsWrite'], 'fsWrite');
  return {
    ...(fsRead === undefined ? {} : { fsRead }),
    ...(fsWrite === undefined ? {} : { fsWrite }),
  };
}

const CLASS_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a registration handed in by a caller and returns a normalised copy.
 * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION for any malformed field.
 */
export function validateProviderRegistration(input: unknown): ProviderRegistration {
  if (typeof input !== 'object' || input === null) return fail('registration must be an object');
  const raw = input as Record<string, unknown>;
  const name = raw['name'];
  if (typeof name !== 'string' || name.trim().length === 0)
    return fail('name must be a non-empty string');
  const module = validateModule(raw['module']);
  const namespace = raw['namespace'];
  if (typeof namespace !== 'string' || namespace.trim().length === 0)
    return fail('namespace must be a non-empty string');
  const classes = raw['classes'];
  if (!Array.isArray(classes) || classes.length === 0)
    return fail('classes must be a non-empty array of class names');
  const seen = new Set<string>();
  for (const cls of classes) {
    if (typeof cls !== 'string' || !CLASS_NAME.test(cls))
      fail(`class name ${JSON.stringify(cls)} is not a valid CIM class name`);
    if (seen.has(nameKey(cls as string))) fail(`class ${String(cls)} is listed twice`);
    seen.add(nameKey(cls as string));
  }
  const permissions = validatePermissions(raw['permissions']);
  const registration = {
    ...(permissions === undefined ? {} : { permissions }),
    name,
    module,
    namespace: namespace
      .split(/[\\/]/)
      .filter((p) => p.length > 0)
      .join('/'),
    classes: [...(classes as string[])],
  };
  const timeout = raw['timeoutMs'];
  if (timeout === undefined) return registration;
  if (
    typeof timeout !== 'number' ||
    !Number.isInteger(timeout) ||
    timeout <= 0 ||
    timeout > MAX_PROVIDER_TIMEOUT_MS
  )
    return fail(`timeoutMs must be an integer from 1 to ${MAX_PROVIDER_TIMEOUT_MS}`);
  return { ...registration, timeoutMs: timeout };
}
