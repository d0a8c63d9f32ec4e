/**
 * @module What one call allocates on the caller's thread: bytes per call of `putInstance`,
 * `putClass`, `getClass` and `getObject` of an instance, through an engine (memory store, one
 * worker host), measured by V8's sampling heap profiler with collected objects included (every
 * allocation, not only what survives). The inputs are built before sampling starts, so the figure
 * is the engine's part of a call: phase 1, the call form, the wire and the reply, not the
 * caller's own building of a class or instance.
 *
 * Unlike a time, the figure barely depends on the machine or its load (the sampler picks one
 * allocation per `SAMPLING_BYTES` on average; repeated runs agree within about 1%), so it
 * compares builds on a shared machine. Every byte here is work for the caller's scavenger: with
 * many calls in flight most of it outlives a scavenge and is promoted, which is what makes the
 * caller's thread pause.
 *
 * Each build runs in fresh child processes (warm-up calls first, then the sampled ones), rounds
 * alternating between builds; figures are the median and range over rounds.
 *
 * Run: `node build/bench/call-allocation.bench.js [rounds] [baseline dir]` (a baseline is another
 * commit's checkout, built with `npm run build:test`).
 */
import { spawnSync } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Api from '../src/index.js';
import { type Spread, spread } from './spread.js';

/** This checkout (build/bench/ → the repository root). */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Mean bytes between samples; small enough for a stable figure over `CALLS` calls. */
const SAMPLING_BYTES = 512;
const WARM_CALLS = 5_000;
const CALLS = 20_000;
/** Calls in flight at once, as a caller filling a repository runs them. */
const IN_FLIGHT = 1_000;

type Operation = 'putInstance' | 'putClass' | 'getClass' | 'getInstance';
const OPERATIONS: readonly Operation[] = ['putInstance', 'putClass', 'getClass', 'getInstance'];

/** A class of ten properties, each with a `Description`, below `parent` when given. */
function chainClass(api: typeof Api, name: string, parent: string | null): Api.CimClass {
  return api.cimClass({
    name,
    superclass: parent,
    qualifiers: [api.qualifier('Description', `class ${name}`)],
    properties: Array.from({ length: 10 }, (_, k) =>
      api.cimProperty(`${name}_P${k}`, k % 2 === 0 ? 'uint32' : 'string', {
        qualifiers: [api.qualifier('Description', `property ${k}`)],
      }),
    ),
  });
}

/** Runs `call` over `inputs`, `IN_FLIGHT` at a time. */
async function inFlight<T>(inputs: readonly T[], call: (input: T) => Promise<unknown>) {
  for (let at = 0; at < inputs.length; at += IN_FLIGHT) {
    await Promise.all(inputs.slice(at, at + IN_FLIGHT).map(call));
  }
}

/** Bytes allocated on this thread per call of `call` over `inputs` (the sampled window only). */
async function sampled<T>(
  session: Session,
  inputs: readonly T[],
  call: (input: T) => Promise<unknown>,
): Promise<number> {
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_BYTES,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await inFlight(inputs, call);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  let bytes = 0;
  const walk = (node: { selfSize: number; children: readonly unknown[] }): void => {
    bytes += node.selfSize;
    for (const child of node.children) walk(child as typeof node);
  };
  walk(profile.head as unknown as { selfSize: number; children: readonly unknown[] });
  return bytes / inputs.length;
}

/** One child process: every operation of `OPERATIONS` on a fresh engine of the build at `root`. */
async function child(root: string): Promise<Record<Operation, number>> {
  const api = (await import(
    pathToFileURL(join(root, 'build', 'src', 'index.js')).href
  )) as typeof Api;
  const engine = await api.WbemEngine.start({ storage: 'memory', hosts: 1 });
  const session = new Session();
  session.connect();
  try {
    await engine.createNamespace('root', 'alloc');
    const svc = await engine.connectServer('root/alloc');
    await svc.putClass(
      api.cimClass({
        name: 'Bench_Item',
        properties: [
          api.cimProperty('Id', 'uint32', { qualifiers: [api.qualifier('Key', true)] }),
          api.cimProperty('Name', 'string'),
          api.cimProperty('Size', 'uint32'),
        ],
      }),
    );
    const instance = (i: number) =>
      api.cimInstance('Bench_Item', { Id: i, Name: `item ${i}`, Size: i });
    const range = (from: number, count: number) =>
      Array.from({ length: count }, (_, k) => from + k);
    const figures = {} as Record<Operation, number>;

    await inFlight(range(0, WARM_CALLS).map(instance), (x) => svc.putInstance(x));
    figures.putInstance = await sampled(session, range(WARM_CALLS, CALLS).map(instance), (x) =>
      svc.putInstance(x),
    );

    // Chains of ten: each class waits for its parent, as a schema's levels do.
    const classes = (prefix: string, count: number) =>
      range(0, count).map((k) =>
        chainClass(api, `${prefix}${k}`, k % 10 === 0 ? null : `${prefix}${k - 1}`),
      );
    const putLevels = async (list: readonly Api.CimClass[], put: (c: Api.CimClass) => unknown) => {
      for (let level = 0; level < 10; level++) {
        await inFlight(
          list.filter((_, k) => k % 10 === level),
          async (c) => put(c),
        );
      }
    };
    await putLevels(classes('W', WARM_CALLS / 5), (c) => svc.putClass(c));
    const measured = classes('M', CALLS / 5);
    let bytes = 0;
    for (let level = 0; level < 10; level++) {
      const list = measured.filter((_, k) => k % 10 === level);
      bytes += (await sampled(session, list, (c) => svc.putClass(c))) * list.length;
    }
    figures.putClass = bytes / measured.length;

    const names = measured.map((c) => c.name);
    await inFlight(names.slice(0, WARM_CALLS / 5), (n) => svc.getClass(n));
    figures.getClass = await sampled(
      session,
      range(0, CALLS).map((k) => names[k % names.length] as string),
      (n) => svc.getClass(n),
    );

    const path = (i: number) => `Bench_Item.Id=${i}`;
    await inFlight(range(0, WARM_CALLS).map(path), (p) => svc.getObject(p));
    figures.getInstance = await sampled(session, range(0, CALLS).map(path), (p) =>
      svc.getObject(p),
    );
    return figures;
  } finally {
    session.disconnect();
    await engine.shutdown();
  }
}

function runChild(root: string): Record<Operation, number> {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', root], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`${root}: ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Record<Operation, number>;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'child') {
    process.stdout.write(`${JSON.stringify(await child(process.argv[3] ?? ROOT))}\n`);
    return;
  }
  const rounds = Number(process.argv[2] ?? 3);
  const baseline = process.argv[3];
  const builds = [{ label: 'this build', root: ROOT }];
  if (baseline !== undefined) builds.push({ label: `baseline ${baseline}`, root: baseline });
  const runs = new Map(builds.map((b) => [b.label, [] as Record<Operation, number>[]]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) runs.get(build.label)?.push(runChild(build.root));
  }
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${(loadavg()[0] ?? 0).toFixed(1)}; ${rounds} rounds, ${CALLS} calls each, ${IN_FLIGHT} in flight`,
  );
  const figures: Record<string, Record<Operation, Spread>> = {};
  for (const build of builds) {
    const list = runs.get(build.label) ?? [];
    const row = {} as Record<Operation, Spread>;
    for (const op of OPERATIONS) row[op] = spread(list.map((r) => r[op]));
    figures[build.label] = row;
    const cells = OPERATIONS.map(
      (op) =>
        `${op} ${row[op].median.toFixed(0)} B (${row[op].min.toFixed(0)}-${row[op].max.toFixed(0)})`,
    );
    console.log(`${build.label}: ${cells.join(', ')}`);
  }
  console.log(JSON.stringify({ date: new Date().toISOString(), rounds, figures }));
}

await main();
