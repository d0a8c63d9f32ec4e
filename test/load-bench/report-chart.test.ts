import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { BenchRunReport, LoadReport } from '../../src/load-bench/report/load-report.js';
import { runCharts } from '../../src/load-bench/report/run-charts.js';
import { shortRunWarnings } from '../../src/load-bench/report/run-warnings.js';
import { renderRunReport, SCALING_BASE } from '../../src/load-bench/run.js';
import { BASE_CONFIG } from '../../src/load-bench/scenarios/defaults.js';

/**
 * The charts of fixed figures, compared with the committed snapshots in
 * `test/load-bench/fixtures/` (rendered and looked at in headless Chromium when they were made).
 * `UPDATE_SNAPSHOTS=1` rewrites them after a deliberate change.
 */
function snapshotPath(name: string): string {
  return fileURLToPath(new URL(`../../../test/load-bench/fixtures/${name}`, import.meta.url));
}

function load(scenario: string, ops: number, elapsedMs: number, refs: boolean): LoadReport {
  return {
    config: { ...BASE_CONFIG, scenario },
    machine: MACHINE,
    date: DATE,
    elapsedMs,
    ops: { completed: ops, failed: 0, byKind: { ...BASE_CONFIG.mix }, failuresByHresult: {} },
    throughputOpsPerSec: (ops * 1000) / elapsedMs,
    latencyMs: { p50: 1, p99: 4, p999: 9, max: 12 },
    eventLoopDelayMs: { p50: 1, p99: 2, max: 3 },
    memoryMb: { rss: 100, heapUsed: 40 },
    echoCeilingOpsPerSec: refs ? 41_250 : null,
    coreInProcessOpsPerSec: refs ? 18_400 : null,
    engineFractionOfCeiling: refs ? (ops * 1000) / elapsedMs / 41_250 : null,
    extra: {},
  };
}

const DATE = '2026-01-02T03:04:05.000Z';
const MACHINE = {
  cpus: 2,
  cpuModel: 'Test CPU',
  node: 'v20.0.0',
  platform: 'linux',
  arch: 'x64',
  totalMemoryMb: 4096,
};
const REPORT: BenchRunReport = {
  date: DATE,
  machine: MACHINE,
  scenarios: [
    load('mixed-read-write', 36_000, 3000, true),
    load('create-storm', 9_000, 3000, true),
    load('quick-look', 600, 500, false),
  ],
  failures: [],
  scaling: [
    { namespaces: 1, hosts: 1, throughputOpsPerSec: 11_000, latencyP99Ms: 5 },
    { namespaces: 2, hosts: 1, throughputOpsPerSec: 12_500, latencyP99Ms: 6 },
    { namespaces: 1, hosts: 2, throughputOpsPerSec: 10_800, latencyP99Ms: 5 },
    { namespaces: 2, hosts: 2, throughputOpsPerSec: 19_900, latencyP99Ms: 4 },
  ],
};

describe('bench report charts', () => {
  const charts = runCharts(REPORT, SCALING_BASE);

  for (const name of ['chart.svg', 'scaling.svg']) {
    it(`matches the committed snapshot when ${name} is drawn from fixed figures`, () => {
      const svg = charts.find((c) => c.name === name)?.svg;
      assert.ok(svg !== undefined, `${name} drawn`);
      const path = snapshotPath(name.replace('.svg', '.snapshot.svg'));
      if (process.env['UPDATE_SNAPSHOTS'] === '1') writeFileSync(path, svg);
      assert.equal(svg, readFileSync(path, 'utf8'));
    });
  }

  it('draws the echo ceiling and the in-process core, labelled, when they were measured', () => {
    const chart = charts.find((c) => c.name === 'chart.svg')?.svg ?? '';
    assert.match(chart, /<title>echo ceiling: 41,250 ops\/s<\/title>/);
    assert.match(chart, /<title>in-process core: 18,400 ops\/s<\/title>/);
    assert.match(chart, />in-process core: not measured</);
    const scaling = charts.find((c) => c.name === 'scaling.svg')?.svg ?? '';
    assert.match(scaling, /stroke-dasharray[^>]*\/>\n<text[^>]*>echo ceiling 41,250</);
    assert.match(scaling, />in-process core 18,400</);
  });

  it('puts the run parameters and the short-run warning in the caption', () => {
    const chart = charts.find((c) => c.name === 'chart.svg')?.svg ?? '';
    assert.match(
      chart,
      />mixed-read-write: memory, 1 host, 1 namespace, 64 in flight, 3000 ms asked/,
    );
    assert.match(chart, /fill="#b00020">warning: quick-look ran 0\.50 s \(600 ops\)/);
  });

  it('keeps the title and the legend on separate rows when both are drawn', () => {
    for (const { svg } of charts) {
      const title = Number(
        /<text x="[\d.]+" y="([\d.]+)" text-anchor="middle" font-size="15">/.exec(svg)?.[1],
      );
      const swatches = [...svg.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="12" height="12"/g)];
      assert.ok(swatches.length > 0);
      for (const s of swatches)
        assert.ok(Number(s[1]) > title + 4, `legend at ${s[1]}, title at ${title}`);
    }
  });

  it('draws a chart for a run without a scaling series', () => {
    const names = runCharts({ ...REPORT, scaling: [] }, SCALING_BASE).map((c) => c.name);
    assert.deepEqual(names, ['chart.svg']);
  });
});

describe('short-run warning', () => {
  it('warns only about the loads shorter than 2 s or 2,000 operations', () => {
    const warnings = shortRunWarnings(REPORT.scenarios);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /^quick-look ran 0\.50 s/);
    assert.match(renderRunReport(REPORT), /^warning: quick-look ran/m);
  });
});
