/**
 * @module The one grammar of namespace paths, shared by the engine (`connectServer`,
 * `createNamespace`, placement) and the MOF compiler (`#pragma namespace`).
 *
 * A path is segments separated by `/` or `\` (WMI accepts both and compares case-insensitively);
 * one or more separators before the first and after the last segment are ignored. A segment is
 * a DSP0004 identifier's characters: `A-Z a-z 0-9 _` and U+0080–U+FFEF. So an empty segment
 * (`root//cimv2`), `.`, `..` and NUL are never names, and there is no length limit (the durable
 * store hashes long key components). The normalised form (`/`-separated, case kept) names the
 * namespace in messages and events; `namespaceKey` (lower-cased) is its identity.
 *
 * Only the MOF compiler reads a server part (`\\server\root\x`, `//./root/x`), because a MOF
 * file may be written for another machine and `mofcomp` drops it; the engine is always local,
 * so for it a leading `//` is just separators and `.` is an invalid segment.
 */
import { WBEM_E_INVALID_NAMESPACE } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

const SEGMENT = /^[A-Za-z0-9_\u0080-\uffef]+$/;

/** True for one valid namespace name (a path segment). */
export function isNamespaceSegment(name: string): boolean {
  return SEGMENT.test(name);
}

/** The segments of a `/`- or `\`-separated path with outer separators ignored; `undefined` if one is invalid. */
export function namespaceSegments(path: string): string[] | undefined {
  const segments = path
    .replace(/\\/g, '/')
    .replace(/^\/+|\/+$/g, '')
    .split('/');
  return segments.every(isNamespaceSegment) ? segments : undefined;
}

/**
 * The normalised form of a namespace path.
 * @throws {WbemError} WBEM_E_INVALID_NAMESPACE when it is not a string of valid segments.
 */
export function normaliseNamespace(path: unknown): string {
  if (typeof path !== 'string') {
    throw new WbemError(WBEM_E_INVALID_NAMESPACE, { message: 'namespace must be a string' });
  }
  const segments = namespaceSegments(path);
  if (segments === undefined) {
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
  // Stryker disable next-line EqualityOperator: a normalised path never starts with '/'
  return cut < 0
    ? { parent: null, name: normalised }
    : { parent: normalised.slice(0, cut), name: normalised.slice(cut + 1) };
}

/**
 * The namespace a `#pragma namespace` path names while `current` is in force; `undefined` if
 * malformed. `\\server\root\x` and `//server/root/x` are absolute (the server part is dropped),
 * and so is a path whose first segment is `root`; anything else is relative to `current`, as
 * WMI's compiler treats `#pragma namespace("subns")`.
 */
export function resolveNamespace(current: string, path: string): string | undefined {
  let rest = path.replace(/\\/g, '/');
  let absolute = false;
  if (rest.startsWith('//')) {
    const serverEnd = rest.indexOf('/', 2);
    // Stryker disable next-line EqualityOperator: a search from index 2 never finds index 0
    if (serverEnd < 0) return undefined;
    rest = rest.slice(serverEnd + 1);
    absolute = true;
  }
  const segments = namespaceSegments(rest);
  if (segments === undefined) return undefined;
  if (absolute || (segments[0] as string).toLowerCase() === 'root') return segments.join('/');
  return [...current.split('/'), ...segments].join('/');
}
