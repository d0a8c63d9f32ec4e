/**
 * @module `#pragma namespace` paths → normalised namespace paths (`root/cimv2`).
 *
 * `\\server\root\x` and `//server/root/x` are absolute (the server part is dropped); so is a
 * path whose first segment is `root`; anything else is relative to the current namespace, as
 * WMI's compiler treats `#pragma namespace("subns")`.
 */

/** The namespace `path` names when written while `current` is in force; `undefined` if malformed. */
export function resolveNamespace(current: string, path: string): string | undefined {
  let p = path.replaceAll('\\', '/');
  let absolute = false;
  if (p.startsWith('//')) {
    const serverEnd = p.indexOf('/', 2);
    if (serverEnd < 0) return undefined;
    p = p.slice(serverEnd + 1);
    absolute = true;
  }
  const segments = p.split('/').filter((s) => s.length > 0);
  if (segments.length === 0) return undefined;
  if (segments.some((s) => !/^[A-Za-z0-9_\u0080-\uffff]+$/.test(s))) return undefined;
  if (absolute || (segments[0] as string).toLowerCase() === 'root') return segments.join('/');
  return [...current.split('/'), ...segments].join('/');
}
