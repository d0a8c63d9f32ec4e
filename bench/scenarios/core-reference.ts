/**
 * @module The in-process core reference: PutClass decided by the schema layer and applied to a
 * memory store on this thread, with no actor, no wire and no worker. What the rules alone cost.
 */
import { performance } from 'node:perf_hooks';
import { MemoryRepository } from '../../src/store/memory-repository.js';
import * as schema from '../../src/schema/index.js';
import { benchClass } from '../lib/bench-class.js';

const INTENT = { mode: 'create-or-update', update: 'compatible', useAmendedQualifiers: false, ownerUpdate: false } as const;
const ENV = { namespace: 'root', server: 'bench', now: () => '0' };

/** PutClass per second in-process over `total` new classes; `null` when the schema layer is not available. */
export async function measureCoreInProcess(total: number): Promise<number | null> {
  const store = new MemoryRepository().openNamespace('root');
  const began = performance.now();
  try {
    for (let i = 0; i < total; i += 1) {
      store.apply(schema.putClass(store, benchClass(`Bench_${i}`), INTENT, ENV).changes);
    }
    await store.flush();
  } catch {
    return null;
  }
  return total / ((performance.now() - began) / 1000);
}
