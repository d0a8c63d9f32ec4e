/**
 * @module Deep inheritance benchmark: builds a chain of d classes through the engine, enumerates
 * it deeply, enumerates its instances deeply (it holds none: the cost is the walk over the classes),
 * asks WQL for it (`__THIS ISA` its root, `REFERENCES OF` its deepest class) and deletes it with
 * one cascading `deleteClass`, recording wall times and the main thread's longest stall during the
 * enumeration. Then the same chain, written as MOF, is loaded by `loadMof` into a fresh memory
 * engine and a fresh durable one, where each inheritance level is a dependency level of its own.
 *
 * The stall is measured two ways, each beside the idle loop of the same process just before:
 * `wallMs`, the longest event-loop delay (`monitorEventLoopDelay`, 1 ms resolution), which on a
 * loaded machine also counts time the thread waited for a core; and `cpuMs`, the most CPU time
 * the main thread itself ran between two ticks of a 1 ms probe (Linux per-thread schedstat),
 * which load does not inflate. `readMs` is what a caller then pays to read every class's
 * `__DERIVATION` (d²/2 names), outside the engine. A `flat` shape (d-1 classes under one root:
 * the same number of results, each with a one-name derivation) is the floor any result of that
 * size costs.
 *
 * Each figure comes from a fresh child process. With `--baseline <checkout>` (a built copy of
 * another commit) both builds run, in interleaved rounds alternating which goes first, so that
 * the load of a shared machine falls on both alike; figures are medians with the range.
 *
 * Run: `node build/bench/deep-chain.bench.js [--baseline DIR] [--rounds N] [--depths 1000,2000]
 * [--flat]` (a depth over 4,096 shows where WBEM_E_QUOTA_VIOLATION stops the chain).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import type { WbemServices } from '../src/index.js';

type Api = typeof import('../src/index.js');

const HERE = fileURLToPath(import.meta.url);
/** This checkout (build/bench/ → the repository root). */
const ROOT = join(HERE, '..', '..', '..');

type Shape = 'chain' | 'flat';

export interface DeepChainFigures {
  readonly depth: number;
  /** Classes put before the first refusal (the depth itself when none). */
  readonly built: number;
  readonly refusedWith: string | null;
  readonly putMs: number;
  readonly enumMs: number;
  readonly enumClasses: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly idleWallMs: number;
  readonly idleCpuMs: number;
  readonly readMs: number;
  readonly derivationNames: number;
  /** A deep `createInstanceEnum` from the root of the chain, which holds no instances. */
  readonly instanceEnumMs: number;
  /** WQL `SELECT * FROM meta_class WHERE __THIS ISA` the root: every class, as a deep enumeration. */
  readonly isaQueryMs: number;
  /** WQL `REFERENCES OF` the deepest class with `SchemaOnly`: a scan of every class for associations. */
  readonly referencesMs: number;
  readonly deleteMs: number;
  /** `loadMof` of the same chain written as MOF, into a fresh memory engine. */
  readonly mofMemoryMs: number;
  /** The same into a fresh durable engine (a temporary data directory). */
  readonly mofDurableMs: number;
}

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

/** The main thread's on-CPU time so far in ns (NaN where the kernel does not say). */
function threadCpuNs(): number {
  try {
    return Number(readFileSync(SCHEDSTAT, 'latin1').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

/** Starts both stall probes; the returned function stops them: [wall ms, CPU ms]. */
function probe(): () => [number, number] {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let lastCpu = threadCpuNs();
  let cpuMs = 0;
  const timer = setInterval(() => {
    const cpu = threadCpuNs();
    cpuMs = Math.max(cpuMs, (cpu - lastCpu) / 1e6);
    lastCpu = cpu;
  }, 1);
  return () => {
    clearInterval(timer);
    delay.disable();
    return [delay.max / 1e6, cpuMs];
  };
}

async function build(
  api: Api,
  svc: WbemServices,
  depth: number,
  shape: Shape,
): Promise<{ built: number; error: string | null }> {
  for (let i = 0; i < depth; i++) {
    const superclass = i === 0 ? null : shape === 'flat' ? 'Chain_0' : `Chain_${i - 1}`;
    try {
      await svc.putClass(
        api.cimClass({
          name: `Chain_${i}`,
          superclass,
          properties: [api.cimProperty(`P${i % 5}`, 'uint32')],
        }),
      );
    } catch (thrown) {
      if (thrown instanceof api.WbemError)
        return { built: i, error: api.hresultName(thrown.hresult) };
      throw thrown;
    }
  }
  return { built: depth, error: null };
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** The chain as MOF text: each class derives from the one before it. */
function chainMof(depth: number): string {
  const lines: string[] = [];
  for (let i = 0; i < depth; i++) {
    const superclass = i === 0 ? '' : ` : Chain_${i - 1}`;
    lines.push(`class Chain_${i}${superclass} { uint32 P${i % 5}; };`);
  }
  return lines.join('\n');
}

/** Wall time of `loadMof` of the chain into a fresh engine (the engine's start not counted). */
async function timeMofLoad(api: Api, depth: number, durable: boolean): Promise<number> {
  const dir = durable ? mkdtempSync(join(tmpdir(), 'deep-chain-')) : null;
  const engine = await api.WbemEngine.start({
    storage: dir === null ? 'memory' : { path: dir },
    hosts: 1,
  });
  try {
    await engine.createNamespace('root', 'chain');
    const began = performance.now();
    await api.loadMof(engine, [{ path: 'chain.mof', text: chainMof(depth) }], {
      namespace: 'root/chain',
    });
    return performance.now() - began;
  } finally {
    await engine.shutdown();
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}

/** One chain (or flat set) of `depth` classes in a fresh memory engine of the build at `root`. */
async function measure(root: string, depth: number, shape: Shape): Promise<DeepChainFigures> {
  const api = (await import(join(root, 'build', 'src', 'index.js'))) as Api;
  const engine = await api.WbemEngine.start({ storage: 'memory', hosts: 1 });
  try {
    const svc = await engine.connectServer('root');
    let began = performance.now();
    const { built, error } = await build(api, svc, depth, shape);
    const putMs = performance.now() - began;
    const idle = probe();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [idleWallMs, idleCpuMs] = idle();
    const stop = probe();
    began = performance.now();
    const classes = await svc.createClassEnum('Chain_0', api.WBEM_FLAG_DEEP);
    const enumMs = performance.now() - began;
    const [wallMs, cpuMs] = stop();
    began = performance.now();
    let derivationNames = 0;
    for (const cls of classes) derivationNames += cls.systemProperties?.__DERIVATION.length ?? 0;
    const readMs = performance.now() - began;
    began = performance.now();
    await svc.createInstanceEnum('Chain_0', api.WBEM_FLAG_DEEP);
    const instanceEnumMs = performance.now() - began;
    began = performance.now();
    await svc.execQuery("SELECT * FROM meta_class WHERE __THIS ISA 'Chain_0'");
    const isaQueryMs = performance.now() - began;
    began = performance.now();
    await svc.execQuery(`REFERENCES OF {Chain_${built - 1}} WHERE SchemaOnly`);
    const referencesMs = performance.now() - began;
    began = performance.now();
    await svc.deleteClass('Chain_0');
    const deleteMs = performance.now() - began;
    const mofMemoryMs = await timeMofLoad(api, built, false);
    const mofDurableMs = await timeMofLoad(api, built, true);
    return {
      depth,
      built,
      refusedWith: error,
      putMs: Math.round(putMs),
      enumMs: Math.round(enumMs),
      enumClasses: classes.length,
      wallMs: round1(wallMs),
      cpuMs: round1(cpuMs),
      idleWallMs: round1(idleWallMs),
      idleCpuMs: round1(idleCpuMs),
      readMs: Math.round(readMs),
      derivationNames,
      instanceEnumMs: Math.round(instanceEnumMs),
      isaQueryMs: Math.round(isaQueryMs),
      referencesMs: Math.round(referencesMs),
      deleteMs: Math.round(deleteMs),
      mofMemoryMs: Math.round(mofMemoryMs),
      mofDurableMs: Math.round(mofDurableMs),
    };
  } finally {
    await engine.shutdown();
  }
}

interface Run {
  readonly label: string;
  readonly root: string;
  readonly shape: Shape;
}

function child(run: Run, depth: number): DeepChainFigures {
  const out = spawnSync(process.execPath, [HERE, '--child', run.root, String(depth), run.shape], {
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`${run.label} ${depth} failed: ${out.stderr.slice(-2000)}`);
  return JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as DeepChainFigures;
}

function summary(samples: readonly DeepChainFigures[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(samples[0] ?? {}) as (keyof DeepChainFigures)[]) {
    const values = samples.map((s) => s[key]);
    if (!values.every((v) => typeof v === 'number')) {
      out[key] = values[0];
      continue;
    }
    const sorted = [...(values as number[])].sort((a, b) => a - b);
    out[key] = {
      median: sorted[sorted.length >> 1],
      range: [sorted[0], sorted[sorted.length - 1]],
    };
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      baseline: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      depths: { type: 'string', default: '1000,2000,4000' },
      flat: { type: 'boolean', default: false },
      child: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const runs: Run[] = [{ label: 'after', root: ROOT, shape: 'chain' }];
  if (values.baseline !== undefined)
    runs.push({ label: 'before', root: values.baseline, shape: 'chain' });
  if (values.flat) runs.push({ label: 'flat', root: ROOT, shape: 'flat' });
  const depths = values.depths.split(',').map(Number);
  const rounds = Number(values.rounds);
  const samples = new Map<string, DeepChainFigures[]>();
  const loads: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const depth of depths) {
      const order = r % 2 === 0 ? runs : [...runs].reverse();
      for (const run of order) {
        loads.push(loadavg()[0] ?? Number.NaN);
        const figures = child(run, depth);
        const key = `${run.label} ${depth}`;
        samples.set(key, [...(samples.get(key) ?? []), figures]);
        console.error(`round ${r + 1} ${key}: ${JSON.stringify(figures)}`);
      }
    }
  }
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
        loadAverage: { min: Math.min(...loads), max: Math.max(...loads) },
        rounds,
        figures: Object.fromEntries([...samples].map(([key, s]) => [key, summary(s)])),
      },
      null,
      2,
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    const [root, depth, shape] = process.argv.slice(at + 1);
    const figures = await measure(root ?? ROOT, Number(depth), shape === 'flat' ? 'flat' : 'chain');
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } else {
    await main();
  }
}
