/**
 * @module The load benchmark: runs every scenario (or the ones asked for), then the scaling
 * series, and writes the JSON report, the text tables, the scaling chart (SVG) and an HTML page
 * holding both. What `npm run bench` and `wbemrx bench` run.
 *
 * Each scenario measures, in the same run, the engine and its two references: the bare echo
 * worker with the same batching (the ceiling of any design that crosses a thread per call) and the
 * schema core in-process (the cost of the rules alone). It measures; it asserts nothing.
 *
 *     node build/src/load-bench/run.js [--quick] [--no-scaling] [--out DIR]   (npm run bench)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toWbemError, WBEM_E_INVALID_PARAMETER, WbemError } from '../index.js';
import type { BenchRequest, BenchRunner } from './bench-request.js';
import { extraLine, loadTable, scalingTable } from './report/human-table.js';
import type {
  BenchRunReport,
  LoadConfig,
  LoadReport,
  ScenarioFailure,
} from './report/load-report.js';
import { runCharts } from './report/run-charts.js';
import { shortRunWarnings } from './report/run-warnings.js';
import { reportHtml } from './report/scaling-chart.js';
import { BASE_CONFIG, parseMix } from './scenarios/defaults.js';
import { SCENARIOS } from './scenarios/index.js';
import { runIsolated } from './scenarios/isolated-run.js';
import { machineInfo } from './scenarios/machine-info.js';
import { createReferenceMeter, type ReferenceSize } from './scenarios/references.js';
import { runScaling, SCALING_HOSTS, SCALING_NAMESPACES } from './scenarios/scaling.js';
import type { LoadOverrides, ReferenceFigures } from './scenarios/scenario.js';

export interface BenchRunOptions {
  /** Scenario names to run; `null` runs them all; `[]` runs only `custom` (when given). */
  readonly scenarios: readonly string[] | null;
  /** Applied over each scenario's defaults. */
  readonly overrides: LoadOverrides;
  /** An extra load described entirely by the caller (`wbemrx bench` without `--scenario`). */
  readonly custom: LoadConfig | null;
  readonly scaling: {
    readonly namespaces: readonly number[];
    readonly hosts: readonly number[];
  } | null;
  /** Measure the echo ceiling and the in-process core beside each scenario. */
  readonly references: boolean;
  /** Smaller references than the bench's sizes (a test of the harness); default: those sizes. */
  readonly referenceSize?: ReferenceSize;
  /** Directory for the report files; `null` writes none. */
  readonly outDir: string | null;
  /** Receives a one-line status as the run progresses (drawn on a TTY by the caller). */
  readonly progress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface BenchRunResult {
  readonly report: BenchRunReport;
  /** The human-readable tables. */
  readonly text: string;
  readonly files: readonly string[];
}

const NO_REFERENCES: ReferenceFigures = {
  echoCeilingOpsPerSec: null,
  coreInProcessOpsPerSec: null,
};

/** Base config of the scaling series: the mixed load, shorter, over memory storage. */
export const SCALING_BASE: LoadConfig = { ...BASE_CONFIG, scenario: 'scaling', durationMs: 1500 };

/** Everything a run measured, as text: the scenario table, the scaling table and the extras. */
export function renderRunReport(report: BenchRunReport): string {
  const extras = report.scenarios
    .filter((r) => Object.keys(r.extra).length > 0)
    .map((r) => extraLine(r.config.scenario, r.extra));
  const parts = [
    `Load benchmark, ${report.date}, ${report.machine.cpus} x ${report.machine.cpuModel}, Node ${report.machine.node} (${report.machine.platform})`,
    '',
    loadTable(report.scenarios),
  ];
  if (report.scaling.length > 0)
    parts.push('', 'Scaling (mixed load):', '', scalingTable(report.scaling));
  if (extras.length > 0) parts.push('', ...extras);
  for (const failure of report.failures)
    parts.push('', `${failure.scenario} did not complete: ${failure.error}`);
  const warnings = shortRunWarnings(report.scenarios);
  if (warnings.length > 0) parts.push('', ...warnings.map((w) => `warning: ${w}`));
  return `${parts.join('\n')}\n`;
}

async function writeReports(
  outDir: string,
  report: BenchRunReport,
  text: string,
  scalingConfig: LoadConfig,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const stamp = report.date.replace(/[:.]/g, '-');
  const charts = runCharts(report, scalingConfig);
  const files: [string, string][] = [
    [`bench-${stamp}.json`, `${JSON.stringify(report, null, 2)}\n`],
    ['latest.json', `${JSON.stringify(report, null, 2)}\n`],
    ['latest.txt', text],
    ...charts.map((c): [string, string] => [c.name, c.svg]),
    [
      'latest.html',
      reportHtml(
        'wbemrx load benchmark',
        charts.map((c) => c.svg),
        [text],
      ),
    ],
  ];
  const written: string[] = [];
  for (const [name, content] of files) {
    const path = join(outDir, name);
    await writeFile(path, content);
    written.push(path);
  }
  return written;
}

/**
 * Runs the benchmark.
 * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` for an unknown scenario name; engine failures as reported.
 */
export async function runBench(options: BenchRunOptions): Promise<BenchRunResult> {
  const machine = machineInfo();
  const date = new Date().toISOString();
  const meter = createReferenceMeter(options.references, options.referenceSize);
  const selected =
    options.scenarios === null
      ? SCENARIOS
      : options.scenarios.map((name) => {
          const scenario = SCENARIOS.find((s) => s.name === name);
          if (scenario === undefined) {
            throw new WbemError(WBEM_E_INVALID_PARAMETER, {
              message: `unknown scenario '${name}' (known: ${SCENARIOS.map((s) => s.name).join(', ')})`,
            });
          }
          return scenario;
        });
  const isolated = async (scenario: string | null, config: LoadConfig): Promise<LoadReport> => {
    const references = await meter.measure(config, (phase) =>
      options.progress?.(`${config.scenario}: references: ${phase}`),
    );
    options.progress?.(`${config.scenario}: starting`);
    return runIsolated(
      { scenario, config, references, tmpRoot: tmpdir() },
      (p) => {
        const total = p.total === null ? '' : `/${p.total}`;
        const rate = p.elapsedMs > 0 ? Math.round((p.completed * 1000) / p.elapsedMs) : 0;
        options.progress?.(
          `${config.scenario}: ${p.completed}${total} ops, ${(p.elapsedMs / 1000).toFixed(1)} s, ${rate} ops/s`,
        );
      },
      options.signal,
    );
  };
  const reports: LoadReport[] = [];
  const failures: ScenarioFailure[] = [];
  const jobs: [string | null, LoadConfig][] = [
    ...(options.custom === null ? [] : [[null, options.custom] as [null, LoadConfig]]),
    ...selected.map((s): [string, LoadConfig] => [s.name, { ...s.defaults, ...options.overrides }]),
  ];
  for (const [scenario, config] of jobs) {
    if (options.signal?.aborted === true) break;
    try {
      reports.push(await isolated(scenario, config));
    } catch (thrown) {
      // One scenario that cannot run (a MOF the engine rejects) must not hide the others' figures.
      failures.push({ scenario: config.scenario, error: toWbemError(thrown).message });
    }
  }
  const scaling =
    options.scaling === null || options.signal?.aborted === true
      ? []
      : await runScaling(
          { ...SCALING_BASE, ...options.overrides },
          (config) => {
            options.progress?.(`${config.scenario}: starting`);
            return runIsolated(
              { scenario: null, config, references: NO_REFERENCES, tmpRoot: tmpdir() },
              (p) =>
                options.progress?.(
                  `${config.scenario}: ${p.completed} ops, ${(p.elapsedMs / 1000).toFixed(1)} s`,
                ),
              options.signal,
            );
          },
          options.scaling.namespaces,
          options.scaling.hosts,
          options.signal,
        );
  const report: BenchRunReport = { date, machine, scenarios: reports, failures, scaling };
  const text = renderRunReport(report);
  const files =
    options.outDir === null
      ? []
      : await writeReports(options.outDir, report, text, { ...SCALING_BASE, ...options.overrides });
  return { report, text, files };
}

/** The overrides and custom load a `wbemrx bench` request describes. */
export function requestToOptions(
  request: BenchRequest,
): Pick<BenchRunOptions, 'scenarios' | 'overrides' | 'custom'> {
  const overrides: LoadOverrides = {};
  if (request.durationMs !== undefined) {
    overrides.durationMs = request.durationMs;
    if (request.count === undefined) overrides.count = null;
  }
  if (request.count !== undefined) {
    overrides.count = request.count;
    if (request.durationMs === undefined) overrides.durationMs = null;
  }
  if (request.inFlight !== undefined) overrides.inFlight = request.inFlight;
  if (request.namespaces !== undefined) overrides.namespaces = request.namespaces;
  if (request.hosts !== undefined) overrides.hosts = request.hosts;
  if (request.properties !== undefined) overrides.properties = request.properties;
  if (request.depth !== undefined) overrides.depth = request.depth;
  if (request.storage !== undefined) overrides.storage = request.storage;
  if (request.subscribers !== undefined) overrides.subscribers = request.subscribers;
  if (request.mix !== undefined) {
    const mix = parseMix(request.mix);
    if (typeof mix === 'string') throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: mix });
    overrides.mix = mix;
  }
  if (request.scenarios.length === 0) {
    return { scenarios: [], overrides: {}, custom: { ...BASE_CONFIG, ...overrides } };
  }
  return {
    scenarios: request.scenarios.includes('all') ? null : request.scenarios,
    overrides,
    custom: null,
  };
}

/** `wbemrx bench`: runs the request, draws progress on a TTY, prints tables or JSON. */
export const runBenchRequest: BenchRunner = async (request, io, signal) => {
  const { text, report, files } = await runBench({
    ...requestToOptions(request),
    scaling: request.scaling,
    references: request.references,
    outDir: request.outDir ?? null,
    signal,
    progress: (line) => {
      if (io.errIsTty) io.err(`\r${line.slice(0, io.errColumns - 1)}\x1b[K`);
    },
  });
  if (io.errIsTty) io.err('\r\x1b[K');
  io.out(request.json ? `${JSON.stringify(report, null, 2)}\n` : text);
  // On stderr too: a --json reader or a redirected table must still see it.
  for (const warning of shortRunWarnings(report.scenarios)) io.err(`warning: ${warning}\n`);
  if (files.length > 0) io.err(`written: ${files.join(', ')}\n`);
};

async function main(argv: readonly string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const outIndex = argv.indexOf('--out');
  const outDir =
    outIndex >= 0 && argv[outIndex + 1] !== undefined
      ? (argv[outIndex + 1] as string)
      : resolve('bench/reports');
  const tty = process.stderr.isTTY === true;
  const { text, files } = await runBench({
    scenarios: null,
    overrides: quick ? { durationMs: null, count: 500 } : {},
    custom: null,
    scaling: argv.includes('--no-scaling')
      ? null
      : { namespaces: SCALING_NAMESPACES, hosts: SCALING_HOSTS },
    references: true,
    outDir,
    progress: (line) => {
      if (tty)
        process.stderr.write(`\r${line.slice(0, ((process.stderr.columns ?? 0) || 80) - 1)}\x1b[K`);
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  process.stdout.write(text);
  process.stdout.write(`\nwritten: ${files.join(', ')}\n`);
}

const invoked = process.argv[1];
if (invoked !== undefined && import.meta.url === pathToFileURL(invoked).href) {
  void main(process.argv.slice(2));
}
