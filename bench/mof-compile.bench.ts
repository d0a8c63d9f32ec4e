/**
 * @module MOF compile benchmark: read + parse + convert the full DMTF CIM Schema 2.41 (1,441
 * files, 1,438 classes) on the calling thread and through the piscina parse pool, to decide
 * whether the pool pays for itself on this machine.
 *
 * "cold" is the first run in a fresh state (for the pool: thread start-up included); "warm" is
 * the median of later runs (JIT warmed, pool threads up).
 *
 * Run: `node build/bench/mof-compile.bench.js` (prints the figures as JSON).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileParsedMof as compileMof, MofParsePool, parseMof } from '../src/core.js';
import { applyMof } from '../src/index.js';

export interface MofCompileFigures {
  readonly date: string;
  readonly machine: string;
  readonly files: number;
  readonly megabytes: number;
  readonly classes: number;
  /** Reading every file (sync, utf8). */
  readonly readMs: number;
  /** Tokenize + parse every file, texts already in memory, one thread. */
  readonly parseMs: number;
  /** The whole single-thread pipeline: read + parse + convert + order (`compileMof`). */
  readonly singleColdMs: number;
  /** CPU of the cold run: all threads (V8's compiler and GC helpers included), and this thread alone (Linux; NaN elsewhere). */
  readonly singleColdCpuMs: number;
  readonly singleColdMainCpuMs: number;
  readonly singleWarmMs: number;
  /** Pool pipeline incl. creating the pool and starting its threads. */
  readonly poolColdMs: number;
  /** Pool pipeline with the pool already running. */
  readonly poolWarmMs: number;
  readonly poolThreads: number;
  /** CPU time (user + system, all threads of the process) of one warm run. */
  readonly singleWarmCpuMs: number;
  readonly poolWarmCpuMs: number;
  /** `applyMof` of the compiled schema into a target whose puts resolve at once (window 32). */
  readonly applyNoopMs: number;
  /** 1-minute load average when the run ended: other processes inflate wall times. */
  readonly loadAverage: number;
}

const SCHEMA = fileURLToPath(new URL('../../test/fixtures/cim-schema-2.41/', import.meta.url));
const ENTRY = join(SCHEMA, 'cim_schema_2.41.0.mof');
const RUNS = 7;

function allMofFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...allMofFiles(path));
    else if (entry.name.endsWith('.mof')) out.push(path);
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

let lastCpuMs = 0;

/**
 * CPU time of the calling thread in ms, from its scheduler statistics (nanoseconds, unlike the
 * 10 ms ticks of `/proc/<pid>/stat`); NaN where there are none.
 */
function threadCpuMs(): number {
  try {
    return (
      Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
    );
  } catch {
    return Number.NaN;
  }
}

/** Wall time of `fn`; its CPU time (all threads) is left in `lastCpuMs`. */
async function time(fn: () => unknown): Promise<number> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  lastCpuMs = (used.user + used.system) / 1000;
  return elapsed;
}

const readFile = (path: string): string => readFileSync(path, 'utf8');

/** Measures and returns the figures; `threads` overrides the pool size (default cores − 1, min 1). */
export async function run(threads?: number): Promise<MofCompileFigures> {
  const paths = allMofFiles(SCHEMA);
  const mainBefore = threadCpuMs();
  const singleColdMs = await time(() => compileMof([ENTRY], { readFile }));
  const singleColdMainCpuMs = threadCpuMs() - mainBefore;
  const singleColdCpuMs = lastCpuMs;
  const poolThreads = Math.max(1, threads ?? availableParallelism() - 1);
  let pool: MofParsePool | undefined;
  const poolColdMs = await time(async () => {
    pool = new MofParsePool({ threads: poolThreads });
    await pool.compile([ENTRY], {});
  });
  const active = pool as unknown as MofParsePool;
  let texts: [string, string][] = [];
  const reads: number[] = [];
  const parses: number[] = [];
  const singles: number[] = [];
  const pools: number[] = [];
  const singleCpu: number[] = [];
  const poolCpu: number[] = [];
  let classes = 0;
  for (let i = 0; i < RUNS; i++) {
    reads.push(await time(() => (texts = paths.map((p) => [p, readFile(p)]))));
    parses.push(
      await time(() => {
        for (const [p, t] of texts) parseMof(t, p);
      }),
    );
    singles.push(await time(() => (classes = compileMof([ENTRY], { readFile }).classCount)));
    singleCpu.push(lastCpuMs);
    pools.push(await time(() => active.compile([ENTRY], {})));
    poolCpu.push(lastCpuMs);
  }
  await active.close();
  const operations = compileMof([ENTRY], { readFile }).operations;
  const noop = async (): Promise<void> => {};
  const target = { putQualifierDeclaration: noop, putClass: noop, putInstance: noop };
  const applies: number[] = [];
  for (let i = 0; i < RUNS; i++) applies.push(await time(() => applyMof(operations, target)));
  const bytes = texts.reduce((sum, [, t]) => sum + Buffer.byteLength(t), 0);
  return {
    date: new Date().toISOString(),
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    files: paths.length,
    megabytes: Math.round((bytes / 1048576) * 100) / 100,
    classes,
    readMs: median(reads),
    parseMs: median(parses),
    singleColdMs,
    singleColdCpuMs,
    singleColdMainCpuMs,
    singleWarmMs: median(singles),
    poolColdMs,
    poolWarmMs: median(pools),
    poolThreads,
    singleWarmCpuMs: median(singleCpu),
    poolWarmCpuMs: median(poolCpu),
    applyNoopMs: median(applies),
    loadAverage: loadavg()[0] ?? 0,
  };
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(invoked).href) {
  const threadsArg = process.argv[2];
  const figures = await run(threadsArg === undefined ? undefined : Number(threadsArg));
  const round = (n: number): string => n.toFixed(1).padStart(8);
  process.stdout.write(
    [
      `MOF compile, DMTF CIM 2.41: ${figures.files} files, ${figures.megabytes} MB, ${figures.classes} classes (${figures.machine})`,
      `read all files           ${round(figures.readMs)} ms`,
      `parse all (1 thread)     ${round(figures.parseMs)} ms`,
      `compileMof cold          ${round(figures.singleColdMs)} ms (CPU ${round(figures.singleColdCpuMs)} ms, this thread ${round(figures.singleColdMainCpuMs)} ms)`,
      `compileMof warm          ${round(figures.singleWarmMs)} ms`,
      `pool (${figures.poolThreads} thr) cold       ${round(figures.poolColdMs)} ms`,
      `pool (${figures.poolThreads} thr) warm       ${round(figures.poolWarmMs)} ms`,
      `CPU per warm run: single ${round(figures.singleWarmCpuMs)} ms, pool ${round(figures.poolWarmCpuMs)} ms (all threads)`,
      `applyMof, no-op target   ${round(figures.applyNoopMs)} ms`,
      `load average (1 min)     ${figures.loadAverage.toFixed(2).padStart(8)}`,
      JSON.stringify(figures),
      '',
    ].join('\n'),
  );
}
