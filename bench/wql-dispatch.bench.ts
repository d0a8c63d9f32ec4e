/**
 * @module Notification dispatch benchmark: 10,000 open notification queries with different
 * `TargetInstance ISA` / `TargetClass ISA` filters over the DMTF CIM Schema 2.41 classes, fed
 * random intrinsic events of those classes. The `SubscriptionIndex` (looked up by event class and
 * by each class of the target's derivation) is compared, in the same run, with a linear scan that
 * tests every subscription's filter on every event. Rounds alternate between the two so that a
 * busy machine slows both alike; the figures are the median and range over the rounds.
 *
 * A last pass dispatches in time-boxed slices (yielding to the event loop between slices, as the
 * runtime would) and reports the main thread's event-loop delay meanwhile.
 *
 * Run: `node build/bench/wql-dispatch.bench.js [rounds]` (prints the figures, then them as JSON).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  compileEventQuery,
  compileParsedMof as compileMof,
  type EventFilter,
  eventObject,
  SubscriptionIndex,
  startLoopDelay,
} from '../src/core.js';
import {
  type CimClass,
  cimInstance,
  nameKey,
  type SystemProperties,
  type WbemEvent,
  type WbemEventClass,
} from '../src/index.js';
import { type Spread, spread } from './spread.js';

export type { Spread };

export interface WqlDispatchFigures {
  readonly date: string;
  readonly machine: string;
  readonly classes: number;
  readonly subscriptions: number;
  readonly rounds: number;
  /** Mean subscriptions an event matched (the work that cannot be avoided). */
  readonly meanMatchedPerEvent: number;
  /** Mean filters the index evaluated per event (candidates: matched plus near misses). */
  readonly meanTestedPerEvent: number;
  readonly indexedEventsPerSec: Spread;
  readonly linearEventsPerSec: Spread;
  /** The same rounds, per second of this process's CPU time. */
  readonly indexedEventsPerCpuSec: Spread;
  readonly linearEventsPerCpuSec: Spread;
  /** Sliced dispatch (5 ms slices) while monitoring the main thread. */
  readonly slicedEventsPerSec: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  readonly loadAverage: number;
}

const SCHEMA = fileURLToPath(new URL('../../test/fixtures/cim-schema-2.41/', import.meta.url));
const ENTRY = join(SCHEMA, 'cim_schema_2.41.0.mof');
const SUBSCRIPTIONS = 10_000;
const EVENT_POOL = 4096;
const ROUND_MS = 1500;

/** A deterministic generator, so every run sees the same subscriptions and events. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadHierarchy(): { classes: CimClass[]; derivation: (name: string) => readonly string[] } {
  const compiled = compileMof([ENTRY], { readFile: (p) => readFileSync(p, 'utf8') });
  const classes = compiled.operations.flatMap((op) => (op.kind === 'class' ? [op.cls] : []));
  const parent = new Map(classes.map((c) => [nameKey(c.name), c.superclass]));
  const memo = new Map<string, readonly string[]>();
  const derivation = (name: string): readonly string[] => {
    const key = nameKey(name);
    let known = memo.get(key);
    if (known === undefined) {
      const sup = parent.get(key) ?? null;
      known = sup === null ? [] : [sup, ...derivation(sup)];
      memo.set(key, known);
    }
    return known;
  };
  return { classes, derivation };
}

const INSTANCE_FORMS = [
  '__InstanceCreationEvent',
  '__InstanceModificationEvent',
  '__InstanceDeletionEvent',
  '__InstanceOperationEvent',
];
const CLASS_FORMS = ['__ClassCreationEvent', '__ClassModificationEvent', '__ClassOperationEvent'];

/** 10,000 distinct queries: a form, an ISA class, and a per-subscription condition. */
function subscriptionQueries(classes: readonly CimClass[], next: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const cls = classes[Math.floor(next() * classes.length)] as CimClass;
    if (i % 10 === 9) {
      const form = CLASS_FORMS[i % CLASS_FORMS.length] as string;
      out.push(
        `SELECT * FROM ${form} WHERE TargetClass ISA '${cls.name}' AND TargetClass.__CLASS <> 'X${i}'`,
      );
    } else {
      const form = INSTANCE_FORMS[i % INSTANCE_FORMS.length] as string;
      out.push(
        `SELECT * FROM ${form} WITHIN 1 WHERE TargetInstance ISA '${cls.name}' AND TargetInstance.Caption <> 'x${i}'`,
      );
    }
  }
  return out;
}

/** System properties as the engine's class and instance views carry them (what ISA reads). */
function viewProperties(
  genus: 1 | 2,
  name: string,
  derivation: readonly string[],
  relpath: string,
): SystemProperties {
  return {
    __GENUS: genus,
    __CLASS: name,
    __SUPERCLASS: derivation[0] ?? null,
    __DYNASTY: derivation[derivation.length - 1] ?? name,
    __DERIVATION: derivation,
    __PROPERTY_COUNT: 2,
    __RELPATH: relpath,
    __PATH: `\\\\bench\\root\\cimv2:${relpath}`,
    __NAMESPACE: 'root\\cimv2',
    __SERVER: 'bench',
  };
}

function sampleEvents(
  classes: readonly CimClass[],
  derivation: (name: string) => readonly string[],
  next: () => number,
): WbemEvent[] {
  const kinds: WbemEventClass[] = [
    '__InstanceCreationEvent',
    '__InstanceModificationEvent',
    '__InstanceDeletionEvent',
    '__ClassModificationEvent',
  ];
  const events: WbemEvent[] = [];
  for (let i = 0; i < EVENT_POOL; i++) {
    const cls = classes[Math.floor(next() * classes.length)] as CimClass;
    const eventClass = kinds[i % kinds.length] as WbemEventClass;
    const base = { eventClass, namespace: 'root/cimv2', timeCreated: String(i) };
    const lineage = derivation(cls.name);
    if (eventClass === '__ClassModificationEvent') {
      const view = { ...cls, systemProperties: viewProperties(1, cls.name, lineage, cls.name) };
      events.push({ ...base, targetClass: view, previousClass: view });
    } else {
      const target = {
        ...cimInstance(cls.name, { Caption: `c${i}`, InstanceID: `id${i}` }),
        systemProperties: viewProperties(2, cls.name, lineage, `${cls.name}.InstanceID="id${i}"`),
      };
      events.push(
        eventClass === '__InstanceModificationEvent'
          ? { ...base, targetInstance: target, previousInstance: target }
          : { ...base, targetInstance: target },
      );
    }
  }
  return events;
}

/**
 * Events per second of `dispatchOne` over the pool, for about ROUND_MS: per wall-clock second,
 * and per second of this process's CPU time (what the figure would be with a core to itself; on
 * a shared machine the wall figure mostly measures the other processes).
 */
function measure(
  events: readonly WbemEvent[],
  dispatchOne: (e: WbemEvent) => void,
): { wall: number; cpu: number } {
  let n = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let k = 0; k < 64; k++) dispatchOne(events[n++ % events.length] as WbemEvent);
    elapsed = performance.now() - start;
  } while (elapsed < ROUND_MS);
  const used = process.cpuUsage(cpu);
  return { wall: (n / elapsed) * 1000, cpu: n / ((used.user + used.system) / 1e6) };
}

export async function run(rounds = 5): Promise<WqlDispatchFigures> {
  const { classes, derivation } = loadHierarchy();
  const byName = new Map(classes.map((c) => [nameKey(c.name), c]));
  const reader = { derivation, getClass: (name: string) => byName.get(nameKey(name)) };
  const next = random(13);
  const filters = subscriptionQueries(classes, next).map((q) => compileEventQuery(q, { reader }));
  const events = sampleEvents(classes, derivation, next);
  const index = new SubscriptionIndex<number>(reader);
  filters.forEach((f, i) => {
    index.add(i, f);
  });

  // Delivery is a counter per subscriber: the cheapest real sink, so the figures are the filter's.
  const delivered = new Uint32Array(SUBSCRIPTIONS);
  const deliver = (i: number): void => {
    delivered[i] = (delivered[i] ?? 0) + 1;
  };
  const linear = (e: WbemEvent): void => {
    const object = eventObject(e);
    for (let i = 0; i < filters.length; i++)
      if ((filters[i] as EventFilter).matchesObject(object)) deliver(i);
  };
  const indexed = (e: WbemEvent): void => {
    index.dispatch(e, deliver);
  };

  // Same deliveries both ways, and how much work the index does per event.
  let matched = 0;
  let tested = 0;
  const probe = new SubscriptionIndex<number>(reader);
  filters.forEach((f, i) => {
    const matchesWhere: EventFilter['matchesWhere'] = (o) => {
      tested++;
      return f.matchesWhere(o);
    };
    const matchesBeyondTarget: EventFilter['matchesBeyondTarget'] = (o) => {
      tested++;
      return f.matchesBeyondTarget(o);
    };
    // The index runs `beyondTargetTest` (one path read per event, then the test) when a filter
    // has one: count those evaluations too.
    const valueTest = f.beyondTargetTest;
    const beyondTargetTest =
      valueTest === undefined
        ? undefined
        : {
            path: valueTest.path,
            test: (v: Parameters<typeof valueTest.test>[0]) => {
              tested++;
              return valueTest.test(v);
            },
          };
    probe.add(i, {
      ...f,
      matchesWhere,
      matchesBeyondTarget,
      ...(beyondTargetTest === undefined ? {} : { beyondTargetTest }),
    });
  });
  for (const e of events) {
    const viaIndex = probe.match(e).sort((a, b) => a - b);
    const object = eventObject(e);
    const viaScan = filters.flatMap((f, i) => (f.matchesObject(object) ? [i] : []));
    if (viaIndex.join() !== viaScan.join())
      throw new Error(`index and scan disagree on event ${e.timeCreated}`);
    matched += viaScan.length;
  }

  const indexedRates: { wall: number; cpu: number }[] = [];
  const linearRates: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    indexedRates.push(measure(events, indexed));
    linearRates.push(measure(events, linear));
  }

  const delay = startLoopDelay();
  let sliced = 0;
  const slicedStart = performance.now();
  while (performance.now() - slicedStart < ROUND_MS) {
    const sliceEnd = performance.now() + 5;
    while (performance.now() < sliceEnd) indexed(events[sliced++ % events.length] as WbemEvent);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const slicedMs = performance.now() - slicedStart;
  const loop = delay.stop();

  return {
    date: new Date().toISOString(),
    machine: `${availableParallelism()} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    classes: classes.length,
    subscriptions: SUBSCRIPTIONS,
    rounds,
    meanMatchedPerEvent: matched / events.length,
    meanTestedPerEvent: tested / events.length,
    indexedEventsPerSec: spread(indexedRates.map((r) => r.wall)),
    linearEventsPerSec: spread(linearRates.map((r) => r.wall)),
    indexedEventsPerCpuSec: spread(indexedRates.map((r) => r.cpu)),
    linearEventsPerCpuSec: spread(linearRates.map((r) => r.cpu)),
    slicedEventsPerSec: (sliced / slicedMs) * 1000,
    loopDelayP99Ms: loop.p99Ms,
    loopDelayMaxMs: loop.maxMs,
    loadAverage: loadavg()[0] ?? 0,
  };
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(invoked).href) {
  const roundsArg = process.argv[2];
  const f = await run(roundsArg === undefined ? undefined : Number(roundsArg));
  const rate = (s: Spread): string =>
    `${Math.round(s.median).toLocaleString('en')} events/s (range ${Math.round(s.min).toLocaleString('en')}-${Math.round(s.max).toLocaleString('en')})`;
  process.stdout.write(
    [
      `WQL dispatch: ${f.subscriptions} subscriptions over ${f.classes} DMTF classes, ${f.rounds} interleaved rounds (${f.machine})`,
      `matched per event        ${f.meanMatchedPerEvent.toFixed(2)}`,
      `filters tested per event ${f.meanTestedPerEvent.toFixed(2)} (index) vs ${f.subscriptions} (scan)`,
      `indexed                  ${rate(f.indexedEventsPerSec)}; per CPU second ${rate(f.indexedEventsPerCpuSec)}`,
      `linear scan              ${rate(f.linearEventsPerSec)}; per CPU second ${rate(f.linearEventsPerCpuSec)}`,
      `sliced (5 ms slices)     ${Math.round(f.slicedEventsPerSec).toLocaleString('en')} events/s, loop delay p99 ${f.loopDelayP99Ms.toFixed(2)} ms, max ${f.loopDelayMaxMs.toFixed(2)} ms`,
      `load average (1 min)     ${f.loadAverage.toFixed(2)}`,
      JSON.stringify(f),
      '',
    ].join('\n'),
  );
}
