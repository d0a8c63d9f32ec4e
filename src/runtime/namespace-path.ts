/**
 * @module Namespace paths: WMI accepts `root\cimv2` and `root/cimv2` and compares them
 * case-insensitively. The normalised form (`/`-separated, case kept) names the namespace in
 * messages and events; `namespaceKey` (lower-cased) is its identity for placement and lookups.
 */
import { WBEM_E_INVALID_NAMESPACE } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

const SEGMENT = /^[A-Za-z0-9_\u0080-\uffef]+$/;

/**
 * The normalised form of a namespace path.
 * @throws {WbemError} WBEM_E_INVALID_NAMESPACE when it is not a string of valid segments.
 */
export function normaliseNamespace(path: unknown): string {
  if (typeof path !== 'string') {
    throw new WbemError(WBEM_E_INVALID_NAMESPACE, { message: 'namespace must be a string' });
  }
  const segments = path
    .replace(/\\/g, '/')
    .replace(/^\/+|\/+$/g, '')
    .split('/');
  if (segments.some((s) => !SEGMENT.test(s))) {
    throw new WbemError(WBEM_E_INVALID_NAMESPACE, { message: `invalid namespace '${path}'` });
  }
  return segments.join('/');
}

/** Identity of a normalised namespace path. */
export function namespaceKey(normalised: string): string {
  return normalised.toLowerCase();
}

/** Parent path and last segment; `null` parent for a top-level namespace. */
export function splitNamespace(normalised: string): {
  readonly parent: string | null;
  readonly name: string;
} {
  const cut = normalised.lastIndexOf('/');
  return cut < 0
    ? { parent: null, name: normalised }
    : { parent: normalised.slice(0, cut), name: normalised.slice(cut + 1) };
}
