/**
 * @module `toJson` of a namespace's classes, as `wbemrx query --json` and `get-class --json`
 * print them: the resolved classes of the DMTF CIM Schema 2.41 (`createClassEnum` deep from a
 * memory engine that loaded it), written once in a fresh process (cold code, as a command runs),
 * against the reference in the same rounds: the same text written by `JSON.stringify` with a
 * replacer, the way `toJson` wrote it before (the replacer is called for every member of every
 * value). Both must give the same text; the bench fails otherwise.
 *
 * Each round runs one child process per variant, alternating which goes first; figures are the
 * median and range of the rounds: wall time of the write and the child's CPU time over it.
 *
 * Run: `node build/bench/json-form.bench.js [rounds]` (default 5).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  type CimClass,
  loadMof,
  toJson,
  toJsonValue,
  WBEM_FLAG_DEEP,
  WbemEngine,
} from '../src/index.js';
import { spread } from './spread.js';

const SCHEMA = fileURLToPath(
  new URL('../../test/fixtures/cim-schema-2.41/cim_schema_2.41.0.mof', import.meta.url),
);
const VARIANTS = ['toJson', 'replacer'] as const;
type Variant = (typeof VARIANTS)[number];

/** The reference: `JSON.stringify` with a replacer that converts model objects and Maps. */
function replacerJson(value: unknown): string {
  const replacer = (_key: string, v: unknown): unknown => {
    if (typeof v === 'object' && v !== null && (v as { genus?: unknown }).genus !== undefined)
      return toJsonValue(v);
    if (v instanceof Map) return [...v.values()];
    if (typeof v === 'bigint') return v.toString();
    return v;
  };
  return `${JSON.stringify(value, replacer, 2)}\n`;
}

async function child(variant: Variant): Promise<void> {
  const engine = await WbemEngine.start({ storage: 'memory', rules: 'dmtf', hosts: 1 });
  let classes: CimClass[];
  try {
    await loadMof(engine, [SCHEMA], { namespace: 'root/cimv2' });
    const svc = await engine.connectServer('root/cimv2');
    classes = await svc.createClassEnum(null, WBEM_FLAG_DEEP);
  } finally {
    await engine.shutdown();
  }
  const cpu = process.cpuUsage();
  const start = performance.now();
  const text = variant === 'toJson' ? toJson(classes) : replacerJson(classes);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const digest = createHash('sha256').update(text).digest('hex');
  process.stdout.write(
    `${JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, bytes: text.length, digest, classes: classes.length })}\n`,
  );
}

interface Sample {
  readonly ms: number;
  readonly cpuMs: number;
  readonly bytes: number;
  readonly digest: string;
  readonly classes: number;
}

function measure(variant: Variant): Sample {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'child', variant], {
    encoding: 'utf8',
    maxBuffer: 2 ** 20,
  });
  if (run.status !== 0) throw new Error(`${variant} child exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Sample;
}

async function main(): Promise<void> {
  if (process.argv[2] === 'child') {
    await child(process.argv[3] as Variant);
    return;
  }
  const rounds = Number(process.argv[2] ?? 5);
  const samples = new Map<Variant, Sample[]>(VARIANTS.map((v) => [v, []]));
  const loadAtStart = loadavg()[0] ?? 0;
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) samples.get(variant)?.push(measure(variant));
  }
  const all = [...samples.values()].flat();
  if (new Set(all.map((s) => s.digest)).size !== 1)
    throw new Error('the variants wrote different text');
  const first = all[0] as Sample;
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, load average ${loadAtStart.toFixed(1)}-${(loadavg()[0] ?? 0).toFixed(1)}, ${rounds} rounds, ${new Date().toISOString()}`,
  );
  console.log(
    `${first.classes} classes, ${(first.bytes / 2 ** 20).toFixed(1)} MB of JSON text, the same from both`,
  );
  const show = (values: readonly number[]) => {
    const s = spread(values);
    return `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}-${s.max.toFixed(0)})`;
  };
  for (const variant of VARIANTS) {
    const list = samples.get(variant) ?? [];
    console.log(
      `${variant.padEnd(8)} wall ${show(list.map((s) => s.ms))}, CPU ${show(list.map((s) => s.cpuMs))}`,
    );
  }
  const ratio = (key: 'ms' | 'cpuMs') =>
    spread((samples.get('toJson') ?? []).map((s) => s[key])).median /
    spread((samples.get('replacer') ?? []).map((s) => s[key])).median;
  console.log(
    `toJson / replacer: wall ${ratio('ms').toFixed(2)}, CPU ${ratio('cpuMs').toFixed(2)}`,
  );
}

await main();
