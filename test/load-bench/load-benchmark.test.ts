import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { missingReportFields } from '../../src/load-bench/report/load-report.js';
import { type BenchRunResult, runBench } from '../../src/load-bench/run.js';
import { SCENARIOS } from '../../src/load-bench/scenarios/index.js';

describe('load benchmark (npm run bench)', () => {
  let out = '';
  let result: BenchRunResult;

  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'wbemrx-bench-'));
    result = await runBench({
      scenarios: null,
      overrides: {
        count: 40,
        durationMs: null,
        inFlight: 4,
        properties: 3,
        depth: 3,
        subscribers: 2,
      },
      custom: null,
      scaling: { namespaces: [1, 2], hosts: [1] },
      references: true,
      // The references run as the bench runs them, on a sliver of the bench's sizes: this test
      // reads that each figure is measured, not its value.
      referenceSize: { echoCalls: 200, coreScale: 0.01 },
      outDir: out,
    });
  });
  after(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('reports every scenario with all the report fields when each runs a tiny count', () => {
    assert.deepEqual(result.report.failures, []);
    assert.deepEqual(
      result.report.scenarios.map((r) => r.config.scenario),
      SCENARIOS.map((s) => s.name),
    );
    for (const report of result.report.scenarios) {
      assert.deepEqual(missingReportFields(report), [], report.config.scenario);
      assert.equal(
        report.ops.failed,
        0,
        `${report.config.scenario}: ${JSON.stringify(report.ops.failuresByHresult)}`,
      );
      if (report.config.scenario !== 'dmtf-schema-load')
        assert.equal(report.ops.completed, 40, report.config.scenario);
    }
  });

  it('measures the echo ceiling and the in-process core beside every scenario', () => {
    for (const report of result.report.scenarios) {
      const { echoCeilingOpsPerSec: echo, coreInProcessOpsPerSec: core } = report;
      assert.ok(typeof echo === 'number' && echo > 0, `${report.config.scenario}: echo ${echo}`);
      assert.ok(typeof core === 'number' && core > 0, `${report.config.scenario}: core ${core}`);
      assert.ok((report.engineFractionOfCeiling ?? 0) > 0, report.config.scenario);
    }
  });

  it('loads every class of the DMTF schema in the schema-load scenario', () => {
    const load = result.report.scenarios.find((r) => r.config.scenario === 'dmtf-schema-load');
    assert.equal(load?.extra['classes'], 1438);
    assert.equal(typeof load?.extra['totalMs'], 'number');
  });

  it('delivers every event to every events$ subscriber', () => {
    const fanOut = result.report.scenarios.find((r) => r.config.scenario === 'event-fan-out');
    const counts = fanOut?.extra['eventsPerSubscriber'] as number[] | undefined;
    assert.ok(counts !== undefined && counts.length === 2);
    assert.ok((counts[0] ?? 0) >= 40, `events seen: ${counts.join(', ')}`);
    assert.equal(counts[0], counts[1]);
  });

  it('samples RSS over time in the slow-subscriber scenario', () => {
    const slow = result.report.scenarios.find((r) => r.config.scenario === 'slow-subscriber');
    assert.equal(typeof slow?.extra['baselineOpsPerSec'], 'number');
    assert.ok(Array.isArray(slow?.extra['rssSamplesMb']));
  });

  it('measures one scaling point per namespace and host count', () => {
    assert.deepEqual(
      result.report.scaling.map((p) => [p.namespaces, p.hosts]),
      [
        [1, 1],
        [2, 1],
      ],
    );
    for (const point of result.report.scaling) assert.ok(point.throughputOpsPerSec > 0);
  });

  it('writes the JSON report, the tables, the SVG chart and the HTML page', async () => {
    const json = JSON.parse(await readFile(join(out, 'latest.json'), 'utf8')) as {
      scenarios: unknown[];
    };
    assert.equal(json.scenarios.length, SCENARIOS.length);
    assert.match(await readFile(join(out, 'latest.txt'), 'utf8'), /\| create-storm /);
    assert.match(
      await readFile(join(out, 'scaling.svg'), 'utf8'),
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/,
    );
    assert.match(await readFile(join(out, 'latest.html'), 'utf8'), /<svg[\s\S]*<pre>/);
  });
});
