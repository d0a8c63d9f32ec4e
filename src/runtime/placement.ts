/**
 * @module Placement: which host owns a namespace. A stable hash of the namespace key, so the same
 * namespace lands on the same host for the engine's lifetime (and across restarts of a host), and
 * a namespace has exactly one owner, which totally orders its mutations.
 */

/** FNV-1a over UTF-16 code units: cheap, stable, well spread for short paths. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Index of the host (0..hostCount-1) that owns the namespace with this key. */
export function placeNamespace(key: string, hostCount: number): number {
  return fnv1a(key) % hostCount;
}
