/**
 * @module Engine benchmark (actors, sink): the full path main thread → actor → sink with the memory
 * store and a 10-property class, set beside its two references measured in the same run — the
 * echo ceiling (same objects, batching and encoding, bare worker) and the schema core in-process
 * on the main thread — plus the wire encodings and comlink compared on the same worker.
 *
 *     node build/bench/engine.bench.js [--quick] [--fake-schema] [--repeat N]
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  benchClass,
  closedLoop,
  DEFAULT_ENCODING,
  type LoadFigures,
  MemoryRepository,
  measureComlinkEcho,
  measureEchoCeiling,
  type SchemaOperations as SchemaModule,
  schemaOperations,
  type WireEncoding,
} from '../src/core.js';
import { WbemEngine, type WbemServices } from '../src/index.js';

export interface EngineBenchOptions {
  /** Calls per measurement (default 30,000). */
  readonly total?: number;
  /** Calls kept outstanding (default 1,024). */
  readonly inFlight?: number;
  /** Encodings compared (default all three, the engine's default first); the first one also runs over 8 namespaces and the batch series. */
  readonly encodings?: readonly WireEncoding[];
  /**
   * `real` (default): src/schema's rules on the hosts. `fake`: the test stand-in (create/update
   * checks only), which isolates the runtime's own cost from the rules'.
   */
  readonly schema?: 'real' | 'fake';
  /** Runs per measurement, the best kept (default 1). */
  readonly repeat?: number;
}

export interface EngineBenchFigures {
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly node: string;
    readonly date: string;
    /** 1-minute load average during the run (other processes on the machine skew the figures). */
    readonly load: number;
  };
  readonly repeat: number;
  /** `real` when src/schema implements putClass, else the test stand-in ran the actor side. */
  readonly schema: 'real' | 'fake';
  readonly hosts: number;
  readonly coreInProcessOpsPerSec: number;
  readonly echo: Readonly<Record<string, LoadFigures>>;
  readonly engine1ns: Readonly<Record<string, LoadFigures>>;
  readonly engine8ns: LoadFigures;
  readonly comlinkEcho: LoadFigures;
  /** By messages per post: echo and engine (first encoding, 1 namespace). */
  readonly batchSeries: Readonly<
    Record<string, { readonly echo: LoadFigures; readonly engine: LoadFigures }>
  >;
}

const INTENT = {
  mode: 'create-or-update',
  update: 'compatible',
  useAmendedQualifiers: false,
  ownerUpdate: false,
} as const;
const ENV = { namespace: 'root', server: 'bench', now: () => '0' };

const FAKE_SCHEMA_URL = new URL('../test/runtime/helpers/fake-schema.js', import.meta.url).href;
/** The host worker entry that runs the fake schema. */
const FAKE_SCHEMA_HOST = new URL(
  '../test/runtime/helpers/fake-schema-host.worker.js',
  import.meta.url,
).href;

async function loadSchema(
  wanted: 'real' | 'fake',
): Promise<{ schema: SchemaModule; url: string | null }> {
  if (wanted === 'fake')
    return { schema: (await import(FAKE_SCHEMA_URL)) as SchemaModule, url: FAKE_SCHEMA_HOST };
  return { schema: schemaOperations, url: null };
}

async function measureCore(schema: SchemaModule, total: number): Promise<number> {
  const store = new MemoryRepository().openNamespace('root');
  const began = performance.now();
  for (let i = 0; i < total; i++) {
    store.apply(schema.putClass(store, benchClass(`Bench_${i}`), INTENT, ENV).changes);
    if (i % 256 === 255) await store.flush();
  }
  await store.flush();
  return total / ((performance.now() - began) / 1000);
}

interface EngineRun {
  readonly encoding: WireEncoding;
  readonly namespaces: number;
  readonly total: number;
  readonly inFlight: number;
  readonly schemaUrl: string | null;
  readonly maxBatch?: number;
}

async function measureEngine(run: EngineRun): Promise<LoadFigures> {
  const { encoding, namespaces, total, inFlight, schemaUrl } = run;
  const engine = await WbemEngine.start({
    storage: 'memory',
    encoding,
    ...(schemaUrl === null ? {} : { hostWorkerUrl: schemaUrl }),
    ...(run.maxBatch === undefined ? {} : { maxBatch: run.maxBatch }),
  });
  try {
    const services: WbemServices[] = [];
    for (let n = 0; n < namespaces; n++) {
      await engine.createNamespace('root', `bench${n}`);
      services.push(await engine.connectServer(`root/bench${n}`));
    }
    const drive = (prefix: string, count: number): Promise<LoadFigures> =>
      closedLoop(count, inFlight, (i, done) => {
        const svc = services[i % namespaces] as WbemServices;
        const hr = svc.putClassAsync(benchClass(`${prefix}${i}`), 0, null, {
          indicate() {},
          setStatus(flags, hResult) {
            if (flags === 0) done(hResult === 0);
          },
        });
        if (hr !== 0) done(false);
      });
    await drive('Warm_', Math.min(5000, total));
    return await drive('Bench_', total);
  } finally {
    await engine.shutdown();
  }
}

type Best = (measure: () => Promise<LoadFigures>) => Promise<LoadFigures>;

async function repeatRun<T>(times: number, measure: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await measure());
  return results;
}

/** Best of `times` runs by throughput: other processes on the machine only ever slow a run down. */
function bestOf(times: number): Best {
  return async (measure) => {
    const runs = await repeatRun(times, measure);
    return runs.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a));
  };
}

/** Messages per post compared (the outbox cap), with the first encoding over 1 namespace. */
export const BATCH_SERIES = [16, 64, 128, 1024] as const;

async function measureBatchSeries(
  best: Best,
  encoding: WireEncoding,
  total: number,
  inFlight: number,
  schemaUrl: string | null,
): Promise<Record<string, { readonly echo: LoadFigures; readonly engine: LoadFigures }>> {
  const series: Record<string, { echo: LoadFigures; engine: LoadFigures }> = {};
  for (const maxBatch of BATCH_SERIES) {
    series[maxBatch] = {
      echo: await best(() => measureEchoCeiling({ total, inFlight, encoding, maxBatch })),
      engine: await best(() =>
        measureEngine({ encoding, namespaces: 1, total, inFlight, schemaUrl, maxBatch }),
      ),
    };
  }
  return series;
}

/** Runs every measurement once, in sequence, and returns the figures. */
export async function run(options: EngineBenchOptions = {}): Promise<EngineBenchFigures> {
  const total = options.total ?? 30_000;
  const inFlight = options.inFlight ?? 1024;
  const encodings = options.encodings ?? [
    DEFAULT_ENCODING,
    ...(['msgpack', 'clone', 'json'] as const).filter((e) => e !== DEFAULT_ENCODING),
  ];
  const { schema, url } = await loadSchema(options.schema ?? 'real');
  const repeat = options.repeat ?? 1;
  const best = bestOf(repeat);
  const echo: Record<string, LoadFigures> = {};
  const engine1ns: Record<string, LoadFigures> = {};
  const keep = (table: Record<string, LoadFigures>, key: string, f: LoadFigures): void => {
    const seen = table[key];
    if (seen === undefined || f.opsPerSec > seen.opsPerSec) table[key] = f;
  };
  // Rounds over the encodings, not repeats of one: on a shared VM the first seconds of a run are
  // the fastest, and measuring one encoding after another would favour whichever comes first.
  for (const encoding of encodings) {
    await measureEchoCeiling({ total: Math.min(5000, total), inFlight, encoding });
  }
  for (let round = 0; round < repeat; round++) {
    const order = round % 2 === 0 ? encodings : [...encodings].reverse();
    for (const encoding of order) {
      keep(echo, encoding, await measureEchoCeiling({ total, inFlight, encoding }));
      keep(
        engine1ns,
        encoding,
        await measureEngine({ encoding, namespaces: 1, total, inFlight, schemaUrl: url }),
      );
    }
  }
  const first = encodings[0] ?? 'clone';
  return {
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      node: process.version,
      date: new Date().toISOString(),
      load: loadavg()[0] ?? 0,
    },
    repeat,
    schema: url === null ? 'real' : 'fake',
    hosts: Math.max(1, availableParallelism() - 1),
    coreInProcessOpsPerSec: Math.max(
      ...(await repeatRun(repeat, () => measureCore(schema, total))),
    ),
    echo,
    engine1ns,
    engine8ns: await best(() =>
      measureEngine({ encoding: first, namespaces: 8, total, inFlight, schemaUrl: url }),
    ),
    batchSeries: await measureBatchSeries(best, first, total, inFlight, url),
    comlinkEcho: await best(() => measureComlinkEcho(Math.min(total, 20_000), inFlight)),
  };
}

function row(name: string, f: LoadFigures, echo?: LoadFigures): string {
  const ratio = echo === undefined ? '' : (f.opsPerSec / echo.opsPerSec).toFixed(2);
  return `| ${name} | ${Math.round(f.opsPerSec).toLocaleString('en-US')} | ${f.latency.p50Ms.toFixed(1)} | ${f.latency.p99Ms.toFixed(1)} | ${f.loopDelay.p99Ms.toFixed(1)} | ${ratio} | ${f.failures} |`;
}

/** The figures as a Markdown table (what bench/RESULTS.md records). */
export function renderFigures(f: EngineBenchFigures): string {
  const lines = [
    `Best of ${f.repeat} run(s) per row. Machine: ${f.machine.cpu}, ${f.machine.cores} cores, Node ${f.machine.node}, ${f.machine.date}; load average ${f.machine.load.toFixed(1)}; hosts ${f.hosts}; schema ${f.schema}.`,
    '',
    '| measurement | calls/s | p50 ms | p99 ms | loop delay p99 ms | engine/echo | failures |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [encoding, e] of Object.entries(f.echo))
    lines.push(row(`echo ceiling (${encoding})`, e));
  for (const [encoding, e] of Object.entries(f.engine1ns))
    lines.push(row(`engine, 1 namespace (${encoding})`, e, f.echo[encoding]));
  const first = Object.keys(f.echo)[0] ?? 'clone';
  lines.push(row(`engine, 8 namespaces (${first})`, f.engine8ns, f.echo[first]));
  lines.push(row('comlink echo (structured clone, 1 post per call)', f.comlinkEcho));
  for (const [maxBatch, pair] of Object.entries(f.batchSeries)) {
    lines.push(row(`echo, ${maxBatch} messages per post (${first})`, pair.echo));
    lines.push(row(`engine, ${maxBatch} messages per post (${first})`, pair.engine, pair.echo));
  }
  lines.push(
    '',
    `Core in-process (schema putClass + store.apply on the main thread): ${Math.round(f.coreInProcessOpsPerSec).toLocaleString('en-US')} calls/s.`,
  );
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const fake = process.argv.includes('--fake-schema');
  const at = process.argv.indexOf('--repeat');
  const repeat = at < 0 ? 1 : Number(process.argv[at + 1] ?? 1);
  const figures = await run({
    ...(quick ? { total: 5000 } : {}),
    ...(fake ? { schema: 'fake' } : {}),
    repeat,
  });
  console.log(renderFigures(figures));
}
