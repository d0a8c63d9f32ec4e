/**
 * @module The schema core in-process, without threads or stores of consequence: how fast the
 * PutClass rules decide and resolve. Two figures:
 * - creates/s: 10-property classes in chains of 10, each deriving from the previous one (so a
 *   class resolves up to 90 inherited properties);
 * - safe updates/s: a base class with 100 subclasses gains or loses a property in
 *   `WBEM_FLAG_UPDATE_SAFE_MODE`, so every put re-derives the 100 subclasses.
 *
 *     node build/bench/core.bench.js
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { cimClass, cimProperty, qualifier } from '../src/model/cim-builders.js';
import type { CimClass } from '../src/model/cim-class.js';
import { type OperationEnv, type PutClassIntent, putClass } from '../src/schema/index.js';
import { MemoryClassStore } from '../src/store/memory-class-store.js';

export interface CoreFigures {
  /** Creates per wall-clock second, 1,000 classes per namespace (the headline figure). */
  readonly createsPerSec: number;
  /** The same per CPU second of the process (independent of other load on the machine). */
  readonly createsPerCpuSec: number;
  readonly creates: number;
  /** Creates per second with every class kept in one namespace. */
  readonly createsOneNamespacePerSec: number;
  readonly createsOneNamespacePerCpuSec: number;
  /** PutClass decisions per second (levels 1-9 of a chain), nothing applied or kept. */
  readonly decisionsPerSec: number;
  readonly decisionsPerCpuSec: number;
  /** Safe-mode updates of a base class, each re-deriving `descendants` subclasses. */
  readonly safeUpdatesPerSec: number;
  readonly safeUpdatesPerCpuSec: number;
  readonly safeUpdates: number;
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
}

function timed(clock: Clock, work: () => void): void {
  const cpu = process.cpuUsage();
  const start = performance.now();
  work();
  clock.wall += (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  clock.cpu += (used.user + used.system) / 1e6;
}

interface Rate {
  readonly perSec: number;
  readonly perCpuSec: number;
  readonly count: number;
}

const rate = (count: number, clock: Clock): Rate => ({
  perSec: count / clock.wall,
  perCpuSec: count / clock.cpu,
  count,
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
 */
function measureCreates(chains: number, perNamespace: number): Rate {
  // Inputs are built 100 chains at a time, outside the timed part, so that 100,000 caller-side
  // class objects do not sit in the heap the collector has to walk.
  let store = new MemoryClassStore();
  const clock: Clock = { wall: 0, cpu: 0 };
  let count = 0;
  for (let first = 0; first < chains; first += 100) {
    const inputs: CimClass[] = [];
    for (let c = first; c < Math.min(chains, first + 100); c++) {
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
  const clock: Clock = { wall: 0, cpu: 0 };
  timed(clock, () => {
    for (let r = 0; r < rounds; r++) for (const cls of inputs) putClass(store, cls, CREATE, ENV);
  });
  return rate(rounds * inputs.length, clock);
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
  const clock: Clock = { wall: 0, cpu: 0 };
  timed(clock, () => {
    for (let i = 0; i < updates; i++) {
      store.apply(putClass(store, inputs[i % 2] as CimClass, SAFE, ENV).changes);
    }
  });
  return rate(updates, clock);
}

/** Runs every measurement (after a warm-up) and returns the figures. */
export async function run(options: { readonly quick?: boolean } = {}): Promise<CoreFigures> {
  const chains = options.quick === true ? 2000 : 10000;
  const updates = options.quick === true ? 500 : 3000;
  // Lightest heap first: the one-namespace run leaves 100,000 classes of garbage behind it.
  measureDecisions(200);
  measureCreates(500, 1000);
  measureSafeUpdates(100, 100);
  const decisions = measureDecisions(options.quick === true ? 2000 : 10000);
  const safe = measureSafeUpdates(100, updates);
  const creates = measureCreates(chains, 1000);
  const oneNamespace = measureCreates(chains, Number.POSITIVE_INFINITY);
  return {
    createsPerSec: Math.round(creates.perSec),
    createsPerCpuSec: Math.round(creates.perCpuSec),
    creates: creates.count,
    createsOneNamespacePerSec: Math.round(oneNamespace.perSec),
    createsOneNamespacePerCpuSec: Math.round(oneNamespace.perCpuSec),
    decisionsPerSec: Math.round(decisions.perSec),
    decisionsPerCpuSec: Math.round(decisions.perCpuSec),
    safeUpdatesPerSec: Math.round(safe.perSec),
    safeUpdatesPerCpuSec: Math.round(safe.perCpuSec),
    safeUpdates: updates,
    descendants: 100,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await run({ quick: process.argv.includes('--quick') });
  console.log(JSON.stringify(figures, null, 2));
}
