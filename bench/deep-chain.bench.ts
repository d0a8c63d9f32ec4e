/**
 * @module Deep inheritance benchmark: builds chains of 1k, 3k and 4,096 classes (the depth
 * limit) through the engine, then enumerates each deeply and deletes it with one cascading
 * `deleteClass`, recording wall times, the main thread's longest stall
 * (`monitorEventLoopDelay`) during the enumeration, and the `__DERIVATION` names it returned
 * (its output grows as depth²/2: every class carries its whole derivation). A 10k chain is
 * attempted to show where WBEM_E_QUOTA_VIOLATION stops it.
 *
 * Run: `node build/bench/deep-chain.bench.js [depth...]` (prints one JSON line per depth).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  cimClass,
  cimProperty,
  hresultName,
  WBEM_FLAG_DEEP,
  WbemEngine,
  WbemError,
  type WbemServices,
} from '../src/index.js';

export interface DeepChainFigures {
  readonly depth: number;
  /** Classes put before the first refusal (the depth itself when none). */
  readonly built: number;
  readonly refusedWith: string | null;
  readonly putMs: number;
  readonly putUsPerClass: number;
  readonly enumMs: number;
  readonly enumClasses: number;
  readonly derivationNames: number;
  readonly enumMaxStallMs: number;
  readonly deleteMs: number;
}

async function build(
  svc: WbemServices,
  depth: number,
): Promise<{ built: number; error: string | null }> {
  for (let i = 0; i < depth; i++) {
    try {
      await svc.putClass(
        cimClass({
          name: `Chain_${i}`,
          superclass: i === 0 ? null : `Chain_${i - 1}`,
          properties: [cimProperty(`P${i % 5}`, 'uint32')],
        }),
      );
    } catch (thrown) {
      if (thrown instanceof WbemError) return { built: i, error: hresultName(thrown.hresult) };
      throw thrown;
    }
  }
  return { built: depth, error: null };
}

/** One chain of `depth` classes in a fresh memory engine. */
export async function measureChain(depth: number): Promise<DeepChainFigures> {
  const engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
  try {
    const svc = await engine.connectServer('root');
    let began = performance.now();
    const { built, error } = await build(svc, depth);
    const putMs = performance.now() - began;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    began = performance.now();
    const classes = await svc.createClassEnum('Chain_0', WBEM_FLAG_DEEP);
    const enumMs = performance.now() - began;
    delay.disable();
    let derivationNames = 0;
    for (const cls of classes) derivationNames += cls.systemProperties?.__DERIVATION.length ?? 0;
    began = performance.now();
    await svc.deleteClass('Chain_0');
    const deleteMs = performance.now() - began;
    return {
      depth,
      built,
      refusedWith: error,
      putMs: Math.round(putMs),
      putUsPerClass: Math.round((putMs * 1000) / Math.max(1, built)),
      enumMs: Math.round(enumMs),
      enumClasses: classes.length,
      derivationNames,
      enumMaxStallMs: Math.round(delay.max / 1e5) / 10,
      deleteMs: Math.round(deleteMs),
    };
  } finally {
    await engine.shutdown();
  }
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2).map(Number).filter(Number.isInteger);
  for (const depth of asked.length > 0 ? asked : [1000, 3000, 4096, 10_000]) {
    process.stdout.write(`${JSON.stringify(await measureChain(depth))}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
