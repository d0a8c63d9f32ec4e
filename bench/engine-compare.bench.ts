/**
 * @module The engine row of `engine.bench.ts` (one namespace, the default wire encoding, 30,000
 * creates of the benchmark class with 1,024 in flight, after 5,000 to warm up) for this build
 * and another one, each measurement in a fresh child process, rounds alternating which build
 * goes first, so that load from other processes on a shared machine falls on both alike.
 * Figures are the median and range over the rounds: calls/s, call latency p50 and p99, and the
 * main thread's event-loop delay p99.
 *
 * Run: `node build/bench/engine-compare.bench.js <baseline dir> [rounds]` (the baseline is
 * another commit's checkout, built with `npm run build:test`).
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Core from '../src/core.js';
import type * as Api from '../src/index.js';
import { type Spread, spread } from './spread.js';

/** This checkout (build/bench/ → the repository root). */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOTAL = 30_000;
const WARM = 5_000;
const IN_FLIGHT = 1_024;

interface Sample {
  readonly callsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly loopP99Ms: number;
}

function load<T>(root: string, path: string): Promise<T> {
  return import(pathToFileURL(join(root, 'build', path)).href) as Promise<T>;
}

/** One measurement on a fresh engine of the build at `root` (the child process's job). */
async function child(root: string): Promise<Sample> {
  const api = await load<typeof Api>(root, 'src/index.js');
  const core = await load<typeof Core>(root, 'src/core.js');
  const engine = await api.WbemEngine.start({ storage: 'memory' });
  try {
    await engine.createNamespace('root', 'bench0');
    const svc = await engine.connectServer('root/bench0');
    const drive = (prefix: string, count: number) =>
      core.closedLoop(count, IN_FLIGHT, (i, done) => {
        const hr = svc.putClassAsync(core.benchClass(`${prefix}${i}`), 0, null, {
          indicate() {},
          setStatus(flags, hResult) {
            if (flags === 0) done(hResult === 0);
          },
        });
        if (hr !== 0) done(false);
      });
    await drive('Warm_', WARM);
    const f = await drive('Bench_', TOTAL);
    if (f.failures > 0) throw new Error(`${f.failures} calls failed`);
    return {
      callsPerSec: f.opsPerSec,
      p50Ms: f.latency.p50Ms,
      p99Ms: f.latency.p99Ms,
      loopP99Ms: f.loopDelay.p99Ms,
    };
  } finally {
    await engine.shutdown();
  }
}

function measure(root: string): Sample {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', root], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`${root}: ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Sample;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'child') {
    process.stdout.write(`${JSON.stringify(await child(process.argv[3] ?? ROOT))}\n`);
    return;
  }
  const baseline = process.argv[2];
  if (baseline === undefined)
    throw new Error('usage: engine-compare.bench.js <baseline dir> [rounds]');
  const rounds = Number(process.argv[3] ?? 8);
  const builds = [
    { label: 'this build', root: ROOT },
    { label: `baseline ${baseline}`, root: baseline },
  ];
  const samples = new Map(builds.map((b) => [b.label, [] as Sample[]]));
  const loadAtStart = loadavg()[0] ?? 0;
  for (let round = 0; round < rounds; round++) {
    for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
      samples.get(build.label)?.push(measure(build.root));
    }
  }
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${loadAtStart.toFixed(1)}-${(loadavg()[0] ?? 0).toFixed(1)}; ${rounds} rounds; ${TOTAL} creates, ${IN_FLIGHT} in flight`,
  );
  const figures: Record<string, Record<keyof Sample, Spread>> = {};
  for (const build of builds) {
    const list = samples.get(build.label) ?? [];
    const row = {
      callsPerSec: spread(list.map((s) => s.callsPerSec)),
      p50Ms: spread(list.map((s) => s.p50Ms)),
      p99Ms: spread(list.map((s) => s.p99Ms)),
      loopP99Ms: spread(list.map((s) => s.loopP99Ms)),
    };
    figures[build.label] = row;
    const show = (m: Spread, digits: number) =>
      `${m.median.toFixed(digits)} (${m.min.toFixed(digits)}-${m.max.toFixed(digits)})`;
    console.log(
      `${build.label}: ${show(row.callsPerSec, 0)} calls/s, p50 ${show(row.p50Ms, 1)} ms, p99 ${show(row.p99Ms, 1)} ms, loop delay p99 ${show(row.loopP99Ms, 1)} ms; p99 under 50 ms in ${list.filter((s) => s.p99Ms < 50).length} of ${list.length}`,
    );
  }
  console.log(JSON.stringify({ date: new Date().toISOString(), rounds, figures }));
}

await main();
