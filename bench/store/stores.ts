/**
 * @module The project's own stores on the storage benchmark's workload: `MemoryClassStore`,
 * `DurableClassStore` flushed once and group-committed, and a `DurableRepository` reopen.
 */
import { join } from 'node:path';
import { type ChangeSet, DurableRepository, MemoryClassStore } from '../../src/core.js';
import type { StoreFigures } from './figures.js';
import { NS } from './workload.js';

export type StoresFigures = Pick<
  StoreFigures,
  'memoryAppliesPerSec' | 'durableAppliesPerSec' | 'durableGroupCommitPerSec' | 'durableLoadMs'
>;

export async function benchStores(
  dir: string,
  sets: ChangeSet[],
  batch: number,
): Promise<StoresFigures> {
  const memory = new MemoryClassStore();
  let started = performance.now();
  for (const set of sets) memory.apply(set);
  const memoryAppliesPerSec = Math.round(sets.length / ((performance.now() - started) / 1000));

  let repo = new DurableRepository(join(dir, 'store-once'));
  let store = repo.openNamespace(NS);
  started = performance.now();
  for (const set of sets) store.apply(set);
  const applyMs = performance.now() - started;
  await store.flush();
  await repo.close();

  repo = new DurableRepository(join(dir, 'store-group'));
  store = repo.openNamespace(NS);
  started = performance.now();
  for (let at = 0; at < sets.length; at += batch) {
    for (let i = at; i < Math.min(at + batch, sets.length); i++) store.apply(sets[i] as ChangeSet);
    await store.flush();
  }
  const groupMs = performance.now() - started;
  await repo.close();

  started = performance.now();
  repo = new DurableRepository(join(dir, 'store-group'));
  store = repo.openNamespace(NS);
  const durableLoadMs = Math.round(performance.now() - started);
  if (store.classCount() !== sets.length) throw new Error('durable store lost records');
  await repo.close();
  return {
    memoryAppliesPerSec,
    durableAppliesPerSec: Math.round(sets.length / (applyMs / 1000)),
    durableGroupCommitPerSec: Math.round(sets.length / (groupMs / 1000)),
    durableLoadMs,
  };
}

/** The best of several rounds of `benchStores`, metric by metric (see `bestOf`). */
export function bestStores(rounds: readonly StoresFigures[]): StoresFigures {
  return {
    memoryAppliesPerSec: Math.max(...rounds.map((r) => r.memoryAppliesPerSec)),
    durableAppliesPerSec: Math.max(...rounds.map((r) => r.durableAppliesPerSec)),
    durableGroupCommitPerSec: Math.max(...rounds.map((r) => r.durableGroupCommitPerSec)),
    durableLoadMs: Math.min(...rounds.map((r) => r.durableLoadMs)),
  };
}
