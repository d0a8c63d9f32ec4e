/**
 * @module The schema core in-process, without threads or stores of consequence: how fast the
 * PutClass rules decide and resolve. Two figures:
 * - creates/s: 10-property classes in chains of 10, each deriving from the previous one (so a
 *   class resolves up to 90 inherited properties);
 * - safe updates/s: a base class with 100 subclasses gains or loses a property in
 *   `WBEM_FLAG_UPDATE_SAFE_MODE`, so every put re-derives the 100 subclasses.
 * Beside each rate: the share of its wall time the main thread spent in collector pauses.
 *
 *     node build/src/load-bench/lib/core-reference.js
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { MemoryClassStore, type OperationEnv, type PutClassIntent, putClass } from '../../core.js';
import { type CimClass, cimClass, cimProperty, qualifier } from '../../index.js';

export interface CoreFigures {
  /** Creates per wall-clock second, 1,000 classes per namespace (the headline figure). */
  readonly createsPerSec: number;
  /** The same per CPU second of the process (independent of other load on the machine). */
  readonly createsPerCpuSec: number;
  readonly creates: number;
  /** Share of the creates' wall time spent in collector pauses of the main thread. */
  readonly createsGcShare: number;
  /** The headline workload with inputs built 1,000 classes ahead (see `measureCreates`). */
  readonly createsStagedAheadPerSec: number;
  readonly createsStagedAheadPerCpuSec: number;
  readonly createsStagedAheadGcShare: number;
  /** Creates per second with every class kept in one namespace. */
  readonly createsOneNamespacePerSec: number;
  readonly createsOneNamespacePerCpuSec: number;
  readonly createsOneNamespaceGcShare: number;
  /** PutClass decisions per second (levels 1-9 of a chain), nothing applied or kept. */
  readonly decisionsPerSec: number;
  readonly decisionsPerCpuSec: number;
  readonly decisionsGcShare: number;
  /** Safe-mode updates of a base class, each re-deriving `descendants` subclasses. */
  readonly safeUpdatesPerSec: number;
  readonly safeUpdatesPerCpuSec: number;
  readonly safeUpdatesGcShare: number;
  readonly safeUpdates: number;
  /** Updates that change nothing, levels 0-9 of a chain (descendants re-derived unchanged). */
  readonly unchangedUpdatesPerSec: number;
  readonly unchangedUpdatesPerCpuSec: number;
  readonly descendants: number;
}

const ENV: OperationEnv = {
  namespace: 'root/bench',
  server: 'BENCH',
  now: () => '133000000000000000',
};
const CREATE: PutClassIntent = {
  mode: 'create-only',
  update: 'compatible',
  useAmendedQualifiers: false,
  ownerUpdate: false,
};
const RECOMPILE: PutClassIntent = {
  mode: 'create-or-update',
  update: 'compatible',
  useAmendedQualifiers: false,
  ownerUpdate: false,
};
const SAFE: PutClassIntent = {
  mode: 'update-only',
  update: 'safe',
  useAmendedQualifiers: false,
  ownerUpdate: false,
};

/**
 * Wall time and process CPU time of the timed parts. The machine this runs on is often shared,
 * so CPU seconds (all threads of the process, the collector's helpers included) are reported
 * beside wall seconds: ops per CPU second is the figure that does not depend on the neighbours.
 */
interface Clock {
  wall: number;
  cpu: number;
  /** The timed intervals (`performance.now()` ms), to attribute collector pauses to them. */
  readonly spans: [number, number][];
}

const newClock = (): Clock => ({ wall: 0, cpu: 0, spans: [] });

function timed(clock: Clock, work: () => void): void {
  const cpu = process.cpuUsage();
  const start = performance.now();
  work();
  const end = performance.now();
  clock.wall += (end - start) / 1000;
  clock.spans.push([start, end]);
  const used = process.cpuUsage(cpu);
  clock.cpu += (used.user + used.system) / 1e6;
}

/**
 * Collector pauses of the main thread (`gc` performance entries: start and duration, ms). The
 * entries arrive asynchronously, so shares are computed after an `await`.
 */
const pauses: [number, number][] = [];
let observer: PerformanceObserver | undefined;

function observePauses(): void {
  observer ??= new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** Share of a clock's wall time the main thread spent paused in the collector. */
function gcShare(clock: Clock): number {
  let paused = 0;
  for (const [start, duration] of pauses) {
    for (const [from, to] of clock.spans) {
      if (start >= from && start < to) {
        paused += Math.min(duration, to - start);
        break;
      }
    }
  }
  return paused / 1000 / clock.wall;
}

interface Rate {
  readonly perSec: number;
  readonly perCpuSec: number;
  readonly count: number;
  readonly clock: Clock;
}

const rate = (count: number, clock: Clock): Rate => ({
  perSec: count / clock.wall,
  perCpuSec: count / clock.cpu,
  count,
  clock,
});

function chainClass(chain: number, level: number): CimClass {
  return cimClass({
    name: `C${chain}_L${level}`,
    superclass: level === 0 ? null : `C${chain}_L${level - 1}`,
    qualifiers: [qualifier('Description', `level ${level}`)],
    properties: Array.from({ length: 10 }, (_, k) =>
      cimProperty(`P${level}_${k}`, k % 2 === 0 ? 'uint32' : 'string', {
        value: k % 2 === 0 ? k : `v${k}`,
        qualifiers: [qualifier('Description', `property ${k}`)],
      }),
    ),
  });
}

/**
 * `perNamespace` classes go into one store before a fresh one is started: 1,000 measures the
 * rules at a steady heap; `Infinity` keeps every class, so the figure includes the collector's
 * cost of a heap that grows by each class's resolved view.
 *
 * Inputs are built `staged` chains at a time, outside the timed part. A server decodes each
 * request just before it puts it and drops it after, so its inputs die young; the default of 10
 * chains (100 classes, ~0.4 MB) stays close to that. Staging 100 chains (1,000 classes, ~4 MB,
 * the earlier harness) keeps that much caller-side data alive through the timed scavenges, whose
 * copying is then charged to the core; it is kept as a second figure for comparison. Staging one
 * chain at a time would put a `process.cpuUsage` call (~10 µs) beside every 10 creates.
 */
function measureCreates(chains: number, perNamespace: number, staged = 10): Rate {
  let store = new MemoryClassStore();
  const clock = newClock();
  let count = 0;
  for (let first = 0; first < chains; first += staged) {
    const inputs: CimClass[] = [];
    for (let c = first; c < Math.min(chains, first + staged); c++) {
      for (let l = 0; l < 10; l++) inputs.push(chainClass(c, l));
    }
    timed(clock, () => {
      for (const cls of inputs) {
        if (store.classCount() >= perNamespace) store = new MemoryClassStore();
        store.apply(putClass(store, cls, CREATE, ENV).changes);
      }
    });
    count += inputs.length;
  }
  return rate(count, clock);
}

/**
 * The decision alone: level-1..9 classes of one stored chain put again under fresh names, the
 * mutations discarded, so no heap grows and no store applies.
 */
function measureDecisions(rounds: number): Rate {
  const store = new MemoryClassStore();
  const chain = Array.from({ length: 10 }, (_, l) => chainClass(0, l));
  for (const cls of chain) store.apply(putClass(store, cls, CREATE, ENV).changes);
  const inputs = chain.slice(1).map((cls, i) => ({ ...cls, name: `Fresh${i + 1}` }));
  const clock = newClock();
  timed(clock, () => {
    for (let r = 0; r < rounds; r++) for (const cls of inputs) putClass(store, cls, CREATE, ENV);
  });
  return rate(rounds * inputs.length, clock);
}

/**
 * Updates that change nothing (a MOF recompiled as is): levels 0-9 of a stored chain put again
 * with `create-or-update`, compatible mode. Each is classified, re-resolved, and re-derives its
 * descendants, which resolve unchanged.
 */
function measureUnchangedUpdates(rounds: number): Rate {
  const store = new MemoryClassStore();
  const chain = Array.from({ length: 10 }, (_, l) => chainClass(0, l));
  for (const cls of chain) store.apply(putClass(store, cls, CREATE, ENV).changes);
  const clock = newClock();
  timed(clock, () => {
    for (let r = 0; r < rounds; r++) {
      for (const cls of chain) store.apply(putClass(store, cls, RECOMPILE, ENV).changes);
    }
  });
  return rate(rounds * chain.length, clock);
}

function measureSafeUpdates(descendants: number, updates: number): Rate {
  const store = new MemoryClassStore();
  const base = (extra: boolean): CimClass =>
    cimClass({
      name: 'Base',
      properties: [
        cimProperty('Id', 'string', { qualifiers: [qualifier('key', true)] }),
        ...Array.from({ length: 9 }, (_, k) => cimProperty(`B${k}`, 'uint32')),
        ...(extra ? [cimProperty('Extra', 'string')] : []),
      ],
    });
  store.apply(putClass(store, base(false), CREATE, ENV).changes);
  for (let i = 0; i < descendants; i++) {
    const cls = cimClass({
      name: `Sub${i}`,
      superclass: 'Base',
      properties: Array.from({ length: 5 }, (_, k) => cimProperty(`S${k}`, 'string')),
    });
    store.apply(putClass(store, cls, CREATE, ENV).changes);
  }
  const inputs = [base(true), base(false)];
  const clock = newClock();
  timed(clock, () => {
    for (let i = 0; i < updates; i++) {
      store.apply(putClass(store, inputs[i % 2] as CimClass, SAFE, ENV).changes);
    }
  });
  return rate(updates, clock);
}

const share = (r: Rate): number => Math.round(gcShare(r.clock) * 1000) / 1000;

/** Sizes of a run: `quick` is the bench's short run; `scale` shrinks every count further. */
export interface CoreRunOptions {
  readonly quick?: boolean;
  /**
   * Multiplies every count, warm-ups included (each stays at least 1): a test of the harness,
   * which reads the figures' presence and not their value, runs a sliver of the work.
   */
  readonly scale?: number;
}

/** Runs every measurement (after a warm-up) and returns the figures. */
export async function run(options: CoreRunOptions = {}): Promise<CoreFigures> {
  const n = (count: number): number => Math.max(1, Math.round(count * (options.scale ?? 1)));
  const chains = n(options.quick === true ? 2000 : 10000);
  const updates = n(options.quick === true ? 500 : 3000);
  // Lightest heap first: the one-namespace run leaves 100,000 classes of garbage behind it.
  observePauses();
  measureDecisions(n(200));
  measureCreates(n(500), 1000);
  measureSafeUpdates(100, n(100));
  measureUnchangedUpdates(n(200));
  const decisions = measureDecisions(n(options.quick === true ? 2000 : 10000));
  const safe = measureSafeUpdates(100, updates);
  const unchanged = measureUnchangedUpdates(n(options.quick === true ? 500 : 3000));
  const creates = measureCreates(chains, 1000);
  const stagedAhead = measureCreates(chains, 1000, 100);
  const oneNamespace = measureCreates(chains, Number.POSITIVE_INFINITY);
  await new Promise((resolve) => setTimeout(resolve, 10));
  observer?.disconnect();
  return {
    createsPerSec: Math.round(creates.perSec),
    createsPerCpuSec: Math.round(creates.perCpuSec),
    creates: creates.count,
    createsGcShare: share(creates),
    createsStagedAheadPerSec: Math.round(stagedAhead.perSec),
    createsStagedAheadPerCpuSec: Math.round(stagedAhead.perCpuSec),
    createsStagedAheadGcShare: share(stagedAhead),
    createsOneNamespacePerSec: Math.round(oneNamespace.perSec),
    createsOneNamespacePerCpuSec: Math.round(oneNamespace.perCpuSec),
    createsOneNamespaceGcShare: share(oneNamespace),
    decisionsPerSec: Math.round(decisions.perSec),
    decisionsPerCpuSec: Math.round(decisions.perCpuSec),
    decisionsGcShare: share(decisions),
    safeUpdatesPerSec: Math.round(safe.perSec),
    safeUpdatesPerCpuSec: Math.round(safe.perCpuSec),
    safeUpdatesGcShare: share(safe),
    safeUpdates: updates,
    unchangedUpdatesPerSec: Math.round(unchanged.perSec),
    unchangedUpdatesPerCpuSec: Math.round(unchanged.perCpuSec),
    descendants: 100,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void run({ quick: process.argv.includes('--quick') }).then((figures) => {
    console.log(JSON.stringify(figures, null, 2));
  });
}
