/**
 * @module Open and first calls: what a user times when a command or an engine starts cold.
 *
 * - `import('wbemrx')`: the package entry (`main` of the build's package.json) imported alone;
 * - `wbemrx get-class` wall time on a durable repository holding the DMTF schema 2.41 plus 20,000
 *   generated classes, against `wbemrx --help` (the floor: node start and module loading) and
 *   against `get-class` on a repository of one class (what opening costs whatever the size); on the
 *   same repository, the commands that need class names only: `wbemrx enum-classes` (every name)
 *   and `wbemrx get-class` of a mistyped name (its "did you mean" hint); and, over CIM-XML from
 *   a server on that repository, a deep EnumerateClassNames (`names-http`);
 * - an engine on a data directory of 1,000 namespaces of 1,000 classes each: start, the first
 *   call in one namespace, and RSS after a second idle;
 * - engine start (memory) and 1,000 creates of a 10-property class in chains of 10, all in
 *   flight, right after start, then a warm batch of the same shape; through the compiled modules
 *   (`first-calls`, the goal row's history) and through the package entry (`first-calls-entry`);
 *   `first-calls-uncached` is `first-calls` with the hosts' code cache turned off;
 * - MOF lexing and parsing of the DMTF schema (4.1 MB), CPU time, cold (first pass) and warm;
 * - compile + load of the DMTF schema with `loadMof`, into memory and into a new durable store;
 *   and the same by the tool, `wbemrx mofcomp --rules dmtf` (`--memory`, into a new data
 *   directory, then again over that directory: an upgrade in which no class changed), its wall
 *   time and the compile + load time it prints (`dmtf-cli`).
 *
 * The CLI runs are timed by `/usr/bin/time` when it exists, which also gives their CPU time
 * (user + system, every thread): on a shared machine wall time mostly measures the others. Each
 * build's bin keeps its code cache (`src/cli/code-cache.ts`) in a folder of `--work`, warmed by
 * one run of each command before the first round, as a user's is after the first run; beside it
 * `get-class` runs with a new, empty cache (the first run, which also writes the cache) and with
 * the cache turned off. A build older than the cache ignores the setting.
 *
 * Each measurement runs in a fresh child process (`open-and-first-calls/child.ts`). With
 * `--baseline <checkout>` (a built copy of another commit) the two builds are measured in
 * interleaved rounds, alternating which goes first, so that load from other processes on a
 * shared machine falls on both alike; figures are medians with the range.
 *
 * Run: `node build/bench/open-and-first-calls.bench.js [--baseline DIR] [--rounds N] [--work DIR]
 * [--only import,cli,names-http,first-calls,first-calls-uncached,first-calls-entry,namespaces,mof,
 * dmtf-load,dmtf-cli]` (the data directories are generated once
 * into `--work` and reused; `--only` runs some rows, and prepares only the directories they need).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CHILD = join(HERE, 'open-and-first-calls', 'child.js');
/** This checkout (build/bench/ → the repository root). */
const ROOT = join(HERE, '..', '..');
const SCHEMA_ENTRY = 'test/fixtures/cim-schema-2.41/cim_schema_2.41.0.mof';
const GENERATED_CLASSES = 20_000;
const PROBE_CLASS = 'CIM_ComputerSystem';
/** `PROBE_CLASS` mistyped: the command fails with WBEM_E_NOT_FOUND and suggests the class. */
const MISTYPED_CLASS = 'CIM_ComputerSytem';
/**
 * A repository of one class, for `get-class` beside the large one: what opening a durable
 * repository and reading one class costs whatever the repository holds.
 */
const ONE_CLASS = 'Bench_OnlyClass';
const ONE_CLASS_MOF = `[Description("the only class")]\nclass ${ONE_CLASS} {\n  [Key] string Id;\n  uint32 Value;\n};\n`;

interface Build {
  readonly label: string;
  readonly root: string;
}

type Sample = Record<string, number>;

/** The build's `wbemrx` bin: its bundle (`workers/bundle.mjs`), or the compiled main module of a build older than the bundles. */
function cli(build: Build): string {
  const bundled = join(build.root, 'build', 'bundled', 'wbemrx.js');
  return existsSync(bundled) ? bundled : join(build.root, 'build', 'src', 'cli', 'main.js');
}

const TIME = '/usr/bin/time';
const HAS_TIME = existsSync(TIME);
const CPU_MARK = 'wbemrx-bench-cpu';

/**
 * Runs a command, returning its wall time and, under `/usr/bin/time`, its CPU time (NaN
 * without); throws with its output when it exits with another status than `status`.
 */
function timed(
  args: readonly string[],
  status = 0,
  env: NodeJS.ProcessEnv = {},
): { ms: number; cpuMs: number; stdout: string; stderr: string } {
  const [command, ...rest] = HAS_TIME
    ? [TIME, '-f', `${CPU_MARK} %U %S`, process.execPath, ...args]
    : [process.execPath, ...args];
  const start = performance.now();
  const run = spawnSync(command as string, rest, {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, ...env },
  });
  const ms = performance.now() - start;
  if (run.status !== status) {
    throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  }
  const line = run.stderr.split('\n').find((l) => l.startsWith(CPU_MARK));
  const [user, system] = (line ?? '').split(' ').slice(1).map(Number);
  const cpuMs = ((user ?? Number.NaN) + (system ?? Number.NaN)) * 1000;
  return { ms, cpuMs, stdout: run.stdout, stderr: run.stderr };
}

/**
 * One task in a fresh child process. Its engine's hosts keep their code cache in the build's
 * cache folder, as a user's do (`~/.cache/wbemrx`), unless `env` says otherwise.
 */
function child(
  task: string,
  build: Build,
  dirs: Dirs,
  dir?: string,
  env: NodeJS.ProcessEnv = {},
): Sample {
  const { stdout } = timed([CHILD, task, build.root, ...(dir === undefined ? [] : [dir])], 0, {
    WBEMRX_CODE_CACHE: dirs.codeCache,
    ...env,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Sample;
}

/** 20,000 classes in chains of 10, each chain below `CIM_ManagedElement`. */
function generatedMof(): string {
  const parts: string[] = [];
  for (let i = 0; i < GENERATED_CLASSES; i++) {
    parts.push(
      i % 10 === 0
        ? `class Gen_Class${i} : CIM_ManagedElement {\n  [Key] string Id;\n  uint32 Value${i};\n};\n`
        : `class Gen_Class${i} : Gen_Class${i - 1} {\n  uint32 Value${i};\n};\n`,
    );
  }
  return parts.join('');
}

/** The data directories a build is measured on, generated by that build when absent. */
function prepare(build: Build, work: string, rows: ReadonlySet<Row>): Dirs {
  const schemaDir = join(work, `schema-${build.label}`);
  if ((rows.has('cli') || rows.has('names-http')) && !existsSync(schemaDir)) {
    const mof = join(work, 'generated.mof');
    if (!existsSync(mof)) writeFileSync(mof, generatedMof());
    const load = timed([
      cli(build),
      'mofcomp',
      '--rules',
      'dmtf',
      '-d',
      schemaDir,
      join(ROOT, SCHEMA_ENTRY),
      mof,
    ]);
    console.error(`${build.label}: DMTF + ${GENERATED_CLASSES} classes loaded in ${load.ms} ms`);
  }
  const oneClassDir = join(work, `one-class-${build.label}`);
  if (rows.has('cli') && !existsSync(oneClassDir)) {
    const mof = join(work, 'one-class.mof');
    writeFileSync(mof, ONE_CLASS_MOF);
    timed([cli(build), 'mofcomp', '-d', oneClassDir, mof]);
  }
  const namespacesDir = join(work, `ns-${build.label}`);
  const codeCache = join(work, `code-cache-${build.label}`);
  const dirs = { schemaDir, oneClassDir, namespacesDir, codeCache, work };
  if (rows.has('namespaces') && !existsSync(namespacesDir)) {
    const generated = child('generate-namespaces', build, dirs, namespacesDir);
    console.error(`${build.label}: namespaces generated in ${generated['generateMs']} ms`);
  }
  return dirs;
}

const ROWS = [
  'import',
  'cli',
  'names-http',
  'first-calls',
  'first-calls-uncached',
  'first-calls-entry',
  'namespaces',
  'mof',
  'dmtf-load',
  'dmtf-cli',
] as const;
type Row = (typeof ROWS)[number];

interface Dirs {
  readonly schemaDir: string;
  readonly oneClassDir: string;
  readonly namespacesDir: string;
  /** The build's code cache, kept across rounds. */
  readonly codeCache: string;
  readonly work: string;
}

/** The CLI commands of the `cli` row: name, arguments, expected exit status. */
function cliCommands(dirs: Dirs): Record<string, [string[], number]> {
  return {
    help: [['--help'], 0],
    getClass: [['get-class', PROBE_CLASS, '-d', dirs.schemaDir], 0],
    oneClass: [['get-class', ONE_CLASS, '-d', dirs.oneClassDir], 0],
    enumClasses: [['enum-classes', '-d', dirs.schemaDir], 0],
    mistyped: [['get-class', MISTYPED_CLASS, '-d', dirs.schemaDir], 1],
  };
}

function cliRow(build: Build, dirs: Dirs): Sample {
  const commands = cliCommands(dirs);
  const cache = { WBEMRX_CODE_CACHE: dirs.codeCache };
  const run = (name: string) => {
    const [args, status] = commands[name] as [string[], number];
    return timed([cli(build), ...args], status, cache);
  };
  const help = run('help');
  const getClass = run('getClass');
  const oneClass = run('oneClass');
  const enumClasses = run('enumClasses');
  const mistyped = run('mistyped');
  if (!mistyped.stderr.includes(`did you mean '${PROBE_CLASS}'?`)) {
    throw new Error(`get-class ${MISTYPED_CLASS} gave no hint: ${mistyped.stderr.slice(-2000)}`);
  }
  const [getClassArgs] = commands['getClass'] as [string[], number];
  const emptyCache = join(dirs.work, `code-cache-empty-${build.label}`);
  rmSync(emptyCache, { recursive: true, force: true });
  const coldCache = timed([cli(build), ...getClassArgs], 0, { WBEMRX_CODE_CACHE: emptyCache });
  rmSync(emptyCache, { recursive: true, force: true });
  const noCache = timed([cli(build), ...getClassArgs], 0, { WBEMRX_CODE_CACHE: 'off' });
  return {
    helpMs: help.ms,
    getClassMs: getClass.ms,
    getClassOverHelp: getClass.ms / help.ms,
    helpCpuMs: help.cpuMs,
    getClassCpuMs: getClass.cpuMs,
    getClassOverHelpCpu: getClass.cpuMs / help.cpuMs,
    getClassOneClassMs: oneClass.ms,
    getClassOneClassCpuMs: oneClass.cpuMs,
    oneClassOverHelp: oneClass.ms / help.ms,
    // 1 when opening and reading cost the same for 21,438 classes as for one.
    getClassOverOneClass: getClass.ms / oneClass.ms,
    enumClassesMs: enumClasses.ms,
    enumClassesCpuMs: enumClasses.cpuMs,
    enumClassesOverHelpCpu: enumClasses.cpuMs / help.cpuMs,
    // The same count from both builds: the listing did not change.
    enumClassesLines: enumClasses.stdout.split('\n').length - 1,
    mistypedMs: mistyped.ms,
    mistypedCpuMs: mistyped.cpuMs,
    mistypedOverHelpCpu: mistyped.cpuMs / help.cpuMs,
    getClassColdCacheMs: coldCache.ms,
    getClassColdCacheCpuMs: coldCache.cpuMs,
    getClassNoCacheMs: noCache.ms,
    getClassNoCacheCpuMs: noCache.cpuMs,
  };
}

/** One run of each CLI command, so that the rounds find the code cache as a user does. */
function warmCodeCache(build: Build, dirs: Dirs): void {
  rmSync(dirs.codeCache, { recursive: true, force: true });
  for (const [args, status] of Object.values(cliCommands(dirs))) {
    timed([cli(build), ...args], status, { WBEMRX_CODE_CACHE: dirs.codeCache });
  }
}

function dmtfLoadRow(build: Build, dirs: Dirs): Sample {
  const durable = join(dirs.work, `dmtf-${build.label}`);
  rmSync(durable, { recursive: true, force: true });
  try {
    return {
      ...prefixed('memory.', child('dmtf-load', build, dirs)),
      ...prefixed('durable.', child('dmtf-load', build, dirs, durable)),
    };
  } finally {
    rmSync(durable, { recursive: true, force: true });
  }
}

/** `wbemrx mofcomp` of the DMTF schema: wall and CPU, and the `total` (compile + load) it prints. */
function dmtfCliRow(build: Build, dirs: Dirs): Sample {
  const cache = { WBEMRX_CODE_CACHE: dirs.codeCache };
  const schema = join(ROOT, SCHEMA_ENTRY);
  // `mofcomp` prints `total 412 ms`, or `total 1.06 s` from a second on: a slow round must count.
  const printedTotal = (output: string): number => {
    const [, value, unit] = /^total ([\d.]+) (ms|s)$/m.exec(output) ?? [];
    return value === undefined ? Number.NaN : Number(value) * (unit === 's' ? 1000 : 1);
  };
  const memory = timed([cli(build), 'mofcomp', '--rules', 'dmtf', '--memory', schema], 0, cache);
  const durableDir = join(dirs.work, `dmtf-cli-${build.label}`);
  rmSync(durableDir, { recursive: true, force: true });
  try {
    const durable = timed(
      [cli(build), 'mofcomp', '--rules', 'dmtf', '-d', durableDir, schema],
      0,
      cache,
    );
    // The same MOF again over the repository it just wrote: an upgrade in which no class changed.
    const reload = timed(
      [cli(build), 'mofcomp', '--rules', 'dmtf', '-d', durableDir, schema],
      0,
      cache,
    );
    return {
      memoryMs: memory.ms,
      memoryCpuMs: memory.cpuMs,
      memoryTotalMs: printedTotal(memory.stdout + memory.stderr),
      durableMs: durable.ms,
      durableCpuMs: durable.cpuMs,
      durableTotalMs: printedTotal(durable.stdout + durable.stderr),
      reloadMs: reload.ms,
      reloadCpuMs: reload.cpuMs,
      reloadTotalMs: printedTotal(reload.stdout + reload.stderr),
    };
  } finally {
    rmSync(durableDir, { recursive: true, force: true });
  }
}

function round(build: Build, dirs: Dirs, rows: ReadonlySet<Row>): Sample {
  return {
    ...(rows.has('cli') ? cliRow(build, dirs) : {}),
    ...(rows.has('names-http')
      ? prefixed('namesHttp.', child('names-http', build, dirs, dirs.schemaDir))
      : {}),
    ...(rows.has('import') ? prefixed('import.', child('import', build, dirs)) : {}),
    ...(rows.has('first-calls') ? prefixed('firstCalls.', child('first-calls', build, dirs)) : {}),
    ...(rows.has('first-calls-uncached')
      ? prefixed(
          'firstCallsUncached.',
          child('first-calls', build, dirs, undefined, { WBEMRX_CODE_CACHE: 'off' }),
        )
      : {}),
    ...(rows.has('first-calls-entry')
      ? prefixed('firstCallsEntry.', child('first-calls-entry', build, dirs))
      : {}),
    ...(rows.has('namespaces')
      ? prefixed('namespaces.', child('many-namespaces', build, dirs, dirs.namespacesDir))
      : {}),
    ...(rows.has('mof') ? prefixed('mof.', child('lex', build, dirs, ROOT)) : {}),
    ...(rows.has('dmtf-load') ? prefixed('dmtfLoad.', dmtfLoadRow(build, dirs)) : {}),
    ...(rows.has('dmtf-cli') ? prefixed('dmtfCli.', dmtfCliRow(build, dirs)) : {}),
  };
}

function rowsOf(only: string | undefined): Set<Row> {
  if (only === undefined) return new Set(ROWS);
  const rows = new Set<Row>();
  for (const name of only.split(',')) {
    const row = ROWS.find((r) => r === name);
    if (row === undefined)
      throw new Error(`--only: unknown row ${name} (rows: ${ROWS.join(', ')})`);
    rows.add(row);
  }
  return rows;
}

function prefixed(prefix: string, sample: Sample): Sample {
  return Object.fromEntries(Object.entries(sample).map(([k, v]) => [prefix + k, v]));
}

function summary(samples: readonly Sample[]): Record<string, { median: number; range: number[] }> {
  const out: Record<string, { median: number; range: number[] }> = {};
  for (const key of Object.keys(samples[0] ?? {})) {
    const values = samples.map((s) => s[key] ?? Number.NaN).sort((a, b) => a - b);
    const mid = values.length >> 1;
    const median =
      values.length % 2 === 1
        ? (values[mid] as number)
        : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
    out[key] = { median, range: [values[0] as number, values[values.length - 1] as number] };
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      baseline: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      work: { type: 'string', default: join(tmpdir(), 'wbemrx-open-bench') },
      only: { type: 'string' },
    },
  });
  const rows = rowsOf(values.only);
  const loadAverageAtStart = loadavg()[0];
  const work = values.work;
  mkdirSync(work, { recursive: true });
  const builds: Build[] = [{ label: 'after', root: ROOT }];
  if (values.baseline !== undefined) builds.push({ label: 'before', root: values.baseline });
  const dirs = new Map(builds.map((b) => [b.label, prepare(b, work, rows)]));
  if (rows.has('cli')) {
    for (const build of builds) warmCodeCache(build, dirs.get(build.label) as Dirs);
  }
  if (rows.has('first-calls') || rows.has('first-calls-entry')) {
    // An engine's hosts write their code cache when it shuts down: one run first, so that the
    // rounds find it as a user's second run does.
    for (const build of builds) child('first-calls', build, dirs.get(build.label) as Dirs);
  }
  if (rows.has('dmtf-cli')) {
    // One run first, so that the rounds find the code cache as a user's second run does.
    for (const build of builds) dmtfCliRow(build, dirs.get(build.label) as Dirs);
  }
  const samples = new Map<string, Sample[]>(builds.map((b) => [b.label, []]));
  const rounds = Number(values.rounds);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      const sample = round(build, dirs.get(build.label) as Dirs, rows);
      samples.get(build.label)?.push(sample);
      console.error(`round ${r + 1} ${build.label}: ${JSON.stringify(sample)}`);
    }
  }
  const result = {
    date: new Date().toISOString(),
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
    loadAverageAtStart,
    loadAverage: loadavg()[0],
    rounds,
    figures: Object.fromEntries(builds.map((b) => [b.label, summary(samples.get(b.label) ?? [])])),
  };
  console.log(JSON.stringify(result, null, 2));
}

await main();
