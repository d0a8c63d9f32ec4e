/**
 * @module Placement: which host owns a namespace, and where hosts run. A stable hash of the
 * namespace key, so the same namespace lands on the same host for the engine's lifetime (and
 * across restarts of a host), and a namespace has exactly one owner, which totally orders its
 * mutations.
 */

/**
 * Where an engine runs its hosts. `'worker-threads'` (the default): each host on its own worker
 * thread, supervised and restarted after a crash. `'calling-thread'`: one host on the thread that
 * started the engine, for short one-shot work (a CLI read command), where starting a worker and
 * loading the host's modules a second time costs more than the work itself; a host crash there
 * ends the process, as nothing is left to restart it.
 */
export type HostPlacement = 'worker-threads' | 'calling-thread';

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
