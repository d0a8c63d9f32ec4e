/**
 * No caller sees a write that is not durable (`NamespaceActor`): random batches of creates and
 * reads in one namespace, each batch committed or failed at random (`failing-commit-repository`).
 * Whatever a read answered must be what the committed history holds, and every acknowledged
 * create must be there at the end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { WBEM_FLAG_CREATE_ONLY } from '../../src/wbem/flags.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { sampleClass } from './helpers/engine-fixture.js';
import { COMMIT, FAIL_DISK_FULL } from './helpers/failing-commit-repository.js';

const REPOSITORY_URL = new URL('./helpers/failing-commit-repository.js', import.meta.url).href;

type Step =
  | { readonly kind: 'create'; readonly name: number }
  | { readonly kind: 'get'; readonly name: number }
  | { readonly kind: 'enumerate' };

/** A batch: its calls, all sent in one go (one post, one turn of the actor), and its commit. */
interface Batch {
  readonly steps: readonly Step[];
  readonly fails: boolean;
}

const NAMES = 12;
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), name: fc.nat(NAMES - 1) }),
  fc.record({ kind: fc.constant('get' as const), name: fc.nat(NAMES - 1) }),
  fc.constant({ kind: 'enumerate' as const }),
);
const batches = fc.array(
  fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 12 }), fails: fc.boolean() }),
  { minLength: 1, maxLength: 8 },
);

const settle = <T>(call: Promise<T>): Promise<T | WbemError> =>
  call.catch((error: unknown) => {
    assert.ok(error instanceof WbemError, String(error));
    return error;
  });

describe('reads and the commit of the writes before them', () => {
  let engine: WbemEngine;
  const mode = new Int32Array(new SharedArrayBuffer(4));
  let run = 0;

  before(async () => {
    engine = await WbemEngine.start({
      hosts: 1,
      repository: { kind: 'module', url: REPOSITORY_URL, options: { mode: mode.buffer } },
    });
  });
  after(() => engine.shutdown());

  async function check(plan: readonly Batch[]): Promise<void> {
    run += 1;
    await engine.createNamespace('root', `iso${run}`);
    const svc: WbemServices = await engine.connectServer(`root/iso${run}`);
    const name = (n: number) => `Iso_${n}`;
    /** What is durable: the classes whose create was acknowledged. */
    const committed = new Set<string>();
    for (const batch of plan) {
      Atomics.store(mode, 0, batch.fails ? FAIL_DISK_FULL : COMMIT);
      const before = new Set(committed);
      const calls = batch.steps.map((s) =>
        s.kind === 'create'
          ? settle(svc.putClass(sampleClass(name(s.name)), WBEM_FLAG_CREATE_ONLY))
          : s.kind === 'get'
            ? settle(svc.getClass(name(s.name)).then((c) => c.name))
            : settle(svc.createClassEnum(null).then((cs) => cs.map((c) => c.name))),
      );
      const results = await Promise.all(calls);
      Atomics.store(mode, 0, COMMIT);
      for (const [i, s] of batch.steps.entries()) {
        if (s.kind === 'create' && !(results[i] instanceof WbemError)) committed.add(name(s.name));
      }
      // A read may see the state before the batch, or what the batch committed; never a create
      // that failed.
      const visible = (n: string) => before.has(n) || committed.has(n);
      for (const [i, s] of batch.steps.entries()) {
        const result = results[i];
        if (s.kind === 'get' && typeof result === 'string') {
          assert.ok(visible(result), `a read saw ${result}, which was never committed`);
        }
        if (s.kind === 'enumerate' && Array.isArray(result)) {
          for (const n of result.filter((c) => c.startsWith('Iso_'))) {
            assert.ok(visible(n), `an enumeration saw ${n}, which was never committed`);
          }
        }
      }
      if (batch.fails) assert.deepEqual(committed, before, 'a failed batch commits nothing');
    }
    // Every acknowledged create is there, and nothing else.
    const stored = (await svc.createClassEnum(null))
      .map((c) => c.name)
      .filter((n) => n.startsWith('Iso_'));
    assert.deepEqual(new Set(stored), committed);
  }

  it('answers every read from committed writes only, and keeps every acknowledged write', async () => {
    await fc.assert(fc.asyncProperty(batches, check), { numRuns: 40 });
  });
});
