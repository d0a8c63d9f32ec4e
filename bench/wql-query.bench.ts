/**
 * @module WQL through the engine (public API only), three scenarios:
 *
 * 1. Schema query `SELECT * FROM meta_class WHERE __THIS ISA 'CIM_ManagedElement'` over the DMTF
 *    CIM Schema 2.41 against the equivalent deep `createClassEnum('CIM_ManagedElement')` (which
 *    leaves out the class itself: one class fewer).
 * 2. A data query over 100,000 instances (`execQueryAsync`, results in slices): time, rate and
 *    the main thread's event-loop delay; beside it `createInstanceEnum` of the same class, which
 *    answers in one reply. `large-alone`: the same query back to back by a caller that did
 *    nothing else since the fill (run alone, in a process of its own); `large-settled`: the
 *    same after a full collection of the caller's heap (`node --expose-gc`), so that what is
 *    measured is the query's own slices and not the collection of the fill's garbage.
 * 3. Notification dispatch: 10,000 open `execNotificationQuery$` subscriptions with different
 *    `TargetClass ISA` filters over the DMTF classes, fed by cascades of class deletions (one
 *    `deleteClass` raises one event per class). The rate is events filtered and delivered to
 *    every matching subscriber per second, from the first delivery of a burst to the end of the
 *    call (see `dispatch`), once the dispatch path is warm; the first burst after subscribing and
 *    the burst's fixed cost are reported apart. With a baseline (`dispatch <dir>`: another
 *    commit, built in `<dir>`) both builds run the same measuring code: `[rounds]` fresh child
 *    processes per build, alternating, each measuring 3 warm bursts.
 *
 * Rounds interleave the measured variants so a busy machine slows them alike; figures are the
 * median and range over the rounds.
 *
 * Run: `node [--expose-gc] build/bench/wql-query.bench.js [rounds]
 * [schema,large,large-alone,large-settled,dispatch] [baseline dir]`.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Subscription } from 'rxjs';
import * as api from '../src/index.js';
import {
  type CimClass,
  cimClass,
  cimInstance,
  cimProperty,
  loadMof,
  qualifier,
  WbemEngine,
  type WbemServices,
} from '../src/index.js';
import { type Spread, spread } from './spread.js';

/** The public API, of this build or of the baseline build a child process measures. */
type Api = typeof api;

/** This checkout (build/bench/ → the repository root). */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCHEMA = fileURLToPath(
  new URL('../../test/fixtures/cim-schema-2.41/cim_schema_2.41.0.mof', import.meta.url),
);
const INSTANCES = 100_000;
const SUBSCRIPTIONS = 10_000;
const SCHEMA_CALLS_PER_ROUND = 5;
/** Warm bursts each child process measures when a baseline is compared. */
const DISPATCH_ROUNDS_PER_PROCESS = 3;

const show = (s: Spread, digits = 1) =>
  `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}-${s.max.toFixed(digits)}]`;

function loopDelay() {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  return () => {
    histogram.disable();
    return { p99: histogram.percentile(99) / 1e6, max: histogram.max / 1e6 };
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function loadSchema(engine: WbemEngine, namespace: string): Promise<void> {
  await loadMof(engine, [SCHEMA], { namespace });
}

/** Scenario 1: ms per call of the schema query and of the deep class enumeration. */
async function schemaQuery(svc: WbemServices, rounds: number) {
  const query = "SELECT * FROM meta_class WHERE __THIS ISA 'CIM_ManagedElement'";
  const queryMs: number[] = [];
  const enumMs: number[] = [];
  let counts = { query: 0, enumeration: 0 };
  // Warm-up: JIT on both paths.
  await svc.execQuery(query);
  await svc.createClassEnum('CIM_ManagedElement');
  for (let round = 0; round < rounds; round++) {
    const runQuery = async () => {
      const ms = await timed(async () => {
        for (let i = 0; i < SCHEMA_CALLS_PER_ROUND; i++)
          counts = { ...counts, query: (await svc.execQuery(query)).length };
      });
      queryMs.push(ms / SCHEMA_CALLS_PER_ROUND);
    };
    const runEnum = async () => {
      const ms = await timed(async () => {
        for (let i = 0; i < SCHEMA_CALLS_PER_ROUND; i++)
          counts = {
            ...counts,
            enumeration: (await svc.createClassEnum('CIM_ManagedElement')).length,
          };
      });
      enumMs.push(ms / SCHEMA_CALLS_PER_ROUND);
    };
    if (round % 2 === 0) {
      await runQuery();
      await runEnum();
    } else {
      await runEnum();
      await runQuery();
    }
  }
  return { counts, queryMs: spread(queryMs), enumMs: spread(enumMs) };
}

/** `Bench_Item` (a key and two properties) with `INSTANCES` instances; returns the fill's ms. */
async function fillItems(svc: WbemServices): Promise<number> {
  await svc.putClass(
    cimClass({
      name: 'Bench_Item',
      properties: [
        cimProperty('Id', 'uint32', { qualifiers: [qualifier('Key', true)] }),
        cimProperty('Name', 'string'),
        cimProperty('Size', 'uint32'),
      ],
    }),
  );
  const fillStart = performance.now();
  for (let from = 0; from < INSTANCES; from += 5_000) {
    const puts: Promise<string>[] = [];
    for (let i = from; i < from + 5_000; i++)
      puts.push(svc.putInstance(cimInstance('Bench_Item', { Id: i, Name: `item ${i}`, Size: i })));
    await Promise.all(puts);
  }
  return performance.now() - fillStart;
}

/**
 * One `execQueryAsync` over every `Bench_Item`, its results counted and dropped: time, results,
 * slices, the main thread's loop delay and its longest GC pause meanwhile.
 */
function itemQuery(svc: WbemServices, gc: ReturnType<typeof gcPauses>) {
  return async () => {
    let results = 0;
    let slices = 0;
    const stop = loopDelay();
    const from = performance.now();
    const ms = await timed(
      () =>
        new Promise<void>((resolve, reject) => {
          svc.execQueryAsync('WQL', 'SELECT * FROM Bench_Item WHERE Size >= 0', 0, null, {
            indicate(objects) {
              results += objects.length;
              slices += 1;
            },
            setStatus(flags, hr) {
              if (flags !== 0) return;
              if (hr === 0) resolve();
              else reject(new Error(`query failed 0x${hr.toString(16)}`));
            },
          });
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { ms, results, slices, ...stop(), gcMax: gc.longest(from, performance.now()) };
  };
}

/** Scenario 2: a data query over 100k instances, and createInstanceEnum of the same class. */
async function largeQuery(svc: WbemServices, rounds: number) {
  const fillMs = await fillItems(svc);
  const gc = gcPauses();
  const query = itemQuery(svc, gc);
  const enumerate = async () => {
    const stop = loopDelay();
    let results = 0;
    const ms = await timed(async () => {
      results = (await svc.createInstanceEnum('Bench_Item')).length;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { ms, results, ...stop() };
  };
  const queries: Awaited<ReturnType<typeof query>>[] = [];
  const enums: Awaited<ReturnType<typeof enumerate>>[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      queries.push(await query());
      enums.push(await enumerate());
    } else {
      enums.push(await enumerate());
      queries.push(await query());
    }
  }
  // The same query again, back to back: the rounds above follow (or precede) an enumeration
  // whose 100k objects are garbage in the old generation while the query runs.
  const alone: Awaited<ReturnType<typeof query>>[] = [];
  for (let round = 0; round < rounds; round++) alone.push(await query());
  gc.stop();
  return {
    fillMs,
    results: queries[0]?.results ?? 0,
    slices: queries[0]?.slices ?? 0,
    queryMs: spread(queries.map((q) => q.ms)),
    queryPerSec: spread(queries.map((q) => (q.results / q.ms) * 1000)),
    queryP99: spread(queries.map((q) => q.p99)),
    queryMax: spread(queries.map((q) => q.max)),
    queryGcMax: spread(queries.map((q) => q.gcMax)),
    aloneP99: spread(alone.map((q) => q.p99)),
    aloneMax: spread(alone.map((q) => q.max)),
    aloneGcMax: spread(alone.map((q) => q.gcMax)),
    enumMs: spread(enums.map((q) => q.ms)),
    enumP99: spread(enums.map((q) => q.p99)),
    enumMax: spread(enums.map((q) => q.max)),
  };
}

/**
 * Scenario 2b (`large-alone`): the query of scenario 2, `rounds` times back to back, by a caller
 * that did nothing else since filling the instances: what the query itself costs the caller's
 * thread, apart from collecting what other calls left (scenario 2's enumerations of the same
 * 100,000). Meaningful in a process of its own: run it alone (`... 8 large-alone`).
 */
async function largeAlone(engine: WbemEngine, rounds: number, settle = false) {
  const namespace = settle ? 'wqlsettled' : 'wqlalone';
  await engine.createNamespace('root', namespace);
  const svc = await engine.connectServer(`root/${namespace}`);
  const fillMs = await fillItems(svc);
  if (settle) collectGarbage();
  const gc = gcPauses();
  const query = itemQuery(svc, gc);
  const runs: Awaited<ReturnType<typeof query>>[] = [];
  for (let round = 0; round < rounds; round++) runs.push(await query());
  gc.stop();
  return {
    fillMs,
    queryMs: spread(runs.map((q) => q.ms)),
    maxByQuery: runs.map((q) => Math.round(q.max * 10) / 10),
    over10Ms: runs.filter((q) => q.max > 10).length,
    p99: spread(runs.map((q) => q.p99)),
    gcMax: spread(runs.map((q) => q.gcMax)),
  };
}

/**
 * A full collection of the caller's heap (`large-settled`): the fill's 100,000 calls leave about
 * 80 MB of promoted garbage, and the mark-compact that reclaims it lands in the first queries.
 * @throws {Error} when the process was not started with `--expose-gc`.
 */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('large-settled needs node --expose-gc');
  gc();
}

/** Main-thread GC pauses (`PerformanceObserver` 'gc' entries): start time and duration, ms. */
function gcPauses() {
  const pauses: { start: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    /** Pause time that began within [from, to]. */
    within: (from: number, to: number) =>
      pauses.filter((p) => p.start >= from && p.start <= to).reduce((sum, p) => sum + p.ms, 0),
    /** The longest pause that began within [from, to]. */
    longest: (from: number, to: number) =>
      Math.max(0, ...pauses.filter((p) => p.start >= from && p.start <= to).map((p) => p.ms)),
    stop: () => observer.disconnect(),
  };
}

/**
 * Scenario 3: 10,000 notification queries, bursts of class-deletion events, one burst per call.
 * Measured per burst from the first delivery to the end of the `deleteClass` call (which resolves
 * only after its events reached every subscriber): wall time, process CPU time (the host thread
 * is idle then: its reply is already posted), deliveries, main-thread GC pauses, and the main
 * thread's loop delay over the whole call. `callMs` and `callCpuMs` are the whole call, host work
 * included. Subscribers paced meanwhile get their events from `flushEvents` after the burst
 * (counted apart).
 *
 * The first burst after the subscriptions open runs before V8 has optimised the dispatch path
 * (it is compiled while the burst runs, on helper threads whose CPU the process is charged): it
 * is measured and reported apart (`first`), and the rounds measure the engine once warm. Before
 * the 10,000 subscriptions open, one round with a single query that matches no event of the
 * burst gives the burst's fixed cost (host cascade, shipping and receiving the events).
 */
async function dispatch(api: Api, engine: WbemEngine, rounds: number) {
  await engine.createNamespace('root', 'wqlnq');
  const svc = await engine.connectServer('root/wqlnq');
  await api.loadMof(engine, [SCHEMA], { namespace: 'root/wqlnq' });
  const classes = (await svc.createClassEnum('CIM_ManagedElement')).map((c: CimClass) => c.name);
  const gc = gcPauses();
  let delivered = 0;
  let first = 0;
  let cpuAtFirst: NodeJS.CpuUsage | undefined;
  const events = classes.length + 1;

  const burst = async (): Promise<DispatchSample> => {
    await svc.getClass('CIM_ManagedElement');
    delivered = 0;
    first = 0;
    cpuAtFirst = undefined;
    const stop = loopDelay();
    const cpuAtStart = process.cpuUsage();
    const start = performance.now();
    await svc.deleteClass('CIM_ManagedElement');
    const end = performance.now();
    const callCpu = process.cpuUsage(cpuAtStart);
    const cpu = process.cpuUsage(cpuAtFirst ?? cpuAtStart);
    // The histogram records a blocked turn when its timer next runs: give it that turn.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const delay = stop();
    const inlineDeliveries = delivered;
    engine.flushEvents();
    const from = first === 0 ? start : first;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const sample: DispatchSample = {
      eventsPerSec: (events / (end - from)) * 1000,
      eventsPerCpuSec: (events / cpuMs) * 1000,
      deliveriesPerSec: (inlineDeliveries / (end - from)) * 1000,
      inlinePerEvent: inlineDeliveries / events,
      pacedPerEvent: (delivered - inlineDeliveries) / events,
      burstCpuMs: cpuMs,
      gcMs: gc.within(from, end),
      callMs: end - start,
      callCpuMs: (callCpu.user + callCpu.system) / 1000,
      loopP99: delay.p99,
      loopMax: delay.max,
    };
    await api.loadMof(engine, [SCHEMA], { namespace: 'root/wqlnq' });
    engine.flushEvents();
    return sample;
  };

  const unmatched = svc
    .execNotificationQuery$(
      "SELECT * FROM __ClassCreationEvent WHERE TargetClass ISA 'CIM_ManagedElement'",
    )
    .subscribe(() => undefined);
  // The schema was loaded before the query opened: its classes' members were never packed.
  const unpacked = await burst();
  const fixed = await burst();
  unmatched.unsubscribe();

  const subscriptions: Subscription[] = [];
  const kinds = ['__ClassDeletionEvent', '__ClassOperationEvent', '__ClassCreationEvent'];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const cls = classes[i % classes.length] as string;
    const kind = kinds[Math.floor(i / classes.length) % kinds.length] as string;
    const extra = i < classes.length ? '' : ` AND TargetClass.__CLASS <> 'Other_${i}'`;
    const query = `SELECT * FROM ${kind} WHERE TargetClass ISA '${cls}'${extra}`;
    subscriptions.push(
      svc.execNotificationQuery$(query).subscribe(() => {
        if (first === 0) {
          first = performance.now();
          cpuAtFirst = process.cpuUsage();
        }
        delivered += 1;
      }),
    );
    // The actor checks each query's classes in order: a read answered means they are done.
    if (i % 2_000 === 1_999) await svc.getClass('CIM_ManagedElement');
  }
  await svc.getClass('CIM_ManagedElement');
  const cold = await burst();
  const samples: DispatchSample[] = [];
  for (let round = 0; round < rounds; round++) samples.push(await burst());
  for (const s of subscriptions) s.unsubscribe();
  gc.stop();
  return { classes: events, unpacked, fixed, first: cold, samples };
}

interface DispatchSample {
  readonly eventsPerSec: number;
  readonly eventsPerCpuSec: number;
  readonly deliveriesPerSec: number;
  readonly inlinePerEvent: number;
  readonly pacedPerEvent: number;
  /** Process CPU from the first delivery to the end of the call, ms. */
  readonly burstCpuMs: number;
  /** Main-thread GC pauses in that span, ms. */
  readonly gcMs: number;
  readonly callMs: number;
  readonly callCpuMs: number;
  readonly loopP99: number;
  readonly loopMax: number;
}

type DispatchRun = Awaited<ReturnType<typeof dispatch>>;

function summary(samples: readonly DispatchSample[]) {
  const of = (key: keyof DispatchSample) => spread(samples.map((s) => s[key]));
  return {
    rounds: samples.length,
    eventsPerSec: of('eventsPerSec'),
    eventsPerCpuSec: of('eventsPerCpuSec'),
    deliveriesPerSec: of('deliveriesPerSec'),
    inlinePerEvent: of('inlinePerEvent'),
    pacedPerEvent: of('pacedPerEvent'),
    burstCpuMs: of('burstCpuMs'),
    gcMs: of('gcMs'),
    callMs: of('callMs'),
    callCpuMs: of('callCpuMs'),
    loopP99: of('loopP99'),
    loopMax: of('loopMax'),
  };
}

type DispatchSummary = ReturnType<typeof summary>;

function dispatchLines(
  label: string,
  classes: number,
  n: DispatchSummary,
  first: DispatchSummary,
  fixed: DispatchSummary,
  unpacked: DispatchSummary,
): string[] {
  return [
    `dispatch (${label}), ${SUBSCRIPTIONS} subscriptions, bursts of ${classes} events, ${n.rounds} warm rounds: ${show(n.eventsPerSec, 0)} events/s (${show(n.eventsPerCpuSec, 0)} per CPU second), ${show(n.deliveriesPerSec, 0)} deliveries/s, ${show(n.inlinePerEvent)} deliveries per event + ${show(n.pacedPerEvent)} paced; burst CPU ${show(n.burstCpuMs)} ms (main-thread GC ${show(n.gcMs)} ms); loop delay p99 ${show(n.loopP99)} ms, max ${show(n.loopMax)} ms; whole call ${show(n.callMs, 0)} ms, CPU ${show(n.callCpuMs, 0)} ms`,
    `  first burst after subscribing (${first.rounds}): ${show(first.eventsPerSec, 0)} events/s (${show(first.eventsPerCpuSec, 0)} per CPU second), burst CPU ${show(first.burstCpuMs)} ms (GC ${show(first.gcMs)} ms); loop delay p99 ${show(first.loopP99)} ms, max ${show(first.loopMax)} ms`,
    `  fixed cost (one query matching none of the burst): whole call ${show(fixed.callMs, 0)} ms, CPU ${show(fixed.callCpuMs, 0)} ms; its first burst (classes never shipped before): ${show(unpacked.callMs, 0)} ms, CPU ${show(unpacked.callCpuMs, 0)} ms`,
  ];
}

/** Dispatch rounds in a fresh engine of the build under `root` (the child process's job). */
async function dispatchChild(root: string, rounds: number): Promise<void> {
  const api = (await import(pathToFileURL(join(root, 'build', 'src', 'index.js')).href)) as Api;
  const engine = await api.WbemEngine.start({ storage: 'memory', hosts: 1, rules: 'dmtf' });
  try {
    const run = await dispatch(api, engine, rounds);
    process.stdout.write(`${JSON.stringify(run)}\n`);
  } finally {
    await engine.shutdown();
  }
}

/**
 * The dispatch scenario for this build and `baseline` (another commit, built), `processes` fresh
 * child processes per build, each measuring `rounds` warm bursts, alternating which build goes
 * first, so load from other processes falls on both alike.
 */
function dispatchAgainst(baseline: string, processes: number, rounds: number) {
  const builds = [
    { label: 'this build', root: ROOT },
    { label: `baseline ${baseline}`, root: baseline },
  ];
  const runs = new Map<string, DispatchRun[]>(builds.map((b) => [b.label, []]));
  for (let p = 0; p < processes; p++) {
    const order = p % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      const run = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), String(rounds), 'dispatch-child', build.root],
        { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 },
      );
      if (run.status !== 0) throw new Error(`${build.label}: ${run.stderr.slice(-2000)}`);
      const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as DispatchRun;
      runs.get(build.label)?.push(out);
    }
  }
  return builds.map((b) => summariseRuns(b.label, runs.get(b.label) ?? []));
}

function summariseRuns(label: string, runs: readonly DispatchRun[]) {
  return {
    label,
    classes: runs[0]?.classes ?? 0,
    processes: runs.length,
    warm: summary(runs.flatMap((r) => r.samples)),
    first: summary(runs.map((r) => r.first)),
    fixed: summary(runs.map((r) => r.fixed)),
    unpacked: summary(runs.map((r) => r.unpacked)),
  };
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const only = new Set((process.argv[3] ?? 'schema,large,dispatch').split(','));
  if (only.has('dispatch-child')) {
    await dispatchChild(process.argv[4] ?? ROOT, rounds);
    return;
  }
  const baseline = process.argv[4];
  const engine = await WbemEngine.start({ storage: 'memory', hosts: 1, rules: 'dmtf' });
  try {
    const svc = await engine.connectServer('root/cimv2').catch(async () => {
      await engine.ensureNamespace('root/cimv2');
      return engine.connectServer('root/cimv2');
    });
    const lines = [
      `machine: ${availableParallelism()} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${(loadavg()[0] ?? 0).toFixed(1)}, ${rounds} rounds`,
    ];
    const figures: Record<string, unknown> = { date: new Date().toISOString(), rounds };
    if (only.has('schema')) {
      figures['schemaLoadMs'] = await timed(() => loadSchema(engine, 'root/cimv2'));
      const schema = await schemaQuery(svc, rounds);
      figures['schema'] = schema;
      const ratio = schema.queryMs.median / schema.enumMs.median;
      lines.push(
        `schema query (${schema.counts.query} classes): ${show(schema.queryMs)} ms; deep createClassEnum (${schema.counts.enumeration}): ${show(schema.enumMs)} ms; ratio ${ratio.toFixed(2)}`,
      );
    }
    if (only.has('large')) {
      const large = await largeQuery(svc, rounds);
      figures['large'] = large;
      lines.push(
        `data query over ${large.results} instances (filled in ${(large.fillMs / 1000).toFixed(1)} s): ${show(large.queryMs, 0)} ms, ${show(large.queryPerSec, 0)} results/s, ${large.slices} slices, loop delay p99 ${show(large.queryP99)} ms, max ${show(large.queryMax)} ms`,
        `  longest main-thread GC pause during the query ${show(large.queryGcMax)} ms; the query again, ${rounds} times back to back: loop delay p99 ${show(large.aloneP99)} ms, max ${show(large.aloneMax)} ms, longest GC pause ${show(large.aloneGcMax)} ms`,
        `createInstanceEnum of the same: ${show(large.enumMs, 0)} ms, loop delay p99 ${show(large.enumP99)} ms, max ${show(large.enumMax)} ms`,
      );
    }
    if (only.has('large-alone')) {
      const alone = await largeAlone(engine, rounds);
      figures['largeAlone'] = alone;
      lines.push(
        `data query over ${INSTANCES} instances, ${rounds} times back to back after the fill alone (filled in ${(alone.fillMs / 1000).toFixed(1)} s): ${show(alone.queryMs, 0)} ms; loop delay max per query ${alone.maxByQuery.join(', ')} ms (${alone.over10Ms} over 10 ms), p99 ${show(alone.p99)} ms, longest GC pause ${show(alone.gcMax)} ms`,
      );
    }
    if (only.has('large-settled')) {
      const settled = await largeAlone(engine, rounds, true);
      figures['largeSettled'] = settled;
      lines.push(
        `data query over ${INSTANCES} instances, ${rounds} times back to back after the fill and a full collection (filled in ${(settled.fillMs / 1000).toFixed(1)} s): ${show(settled.queryMs, 0)} ms; loop delay max per query ${settled.maxByQuery.join(', ')} ms (${settled.over10Ms} over 10 ms), p99 ${show(settled.p99)} ms, longest GC pause ${show(settled.gcMax)} ms`,
      );
    }
    if (only.has('dispatch')) {
      const both =
        baseline === undefined
          ? [summariseRuns('this build', [await dispatch(api, engine, rounds)])]
          : dispatchAgainst(baseline, rounds, DISPATCH_ROUNDS_PER_PROCESS);
      figures['notifications'] = both;
      for (const n of both)
        lines.push(...dispatchLines(n.label, n.classes, n.warm, n.first, n.fixed, n.unpacked));
    }
    process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(figures)}\n`);
  } finally {
    await engine.shutdown();
  }
}

await main();
