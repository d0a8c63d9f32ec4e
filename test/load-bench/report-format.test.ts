import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extraLine, renderTable, scalingTable } from '../../src/load-bench/report/human-table.js';
import { missingReportFields } from '../../src/load-bench/report/load-report.js';
import { scalingSvg } from '../../src/load-bench/report/scaling-chart.js';
import { parseMix } from '../../src/load-bench/scenarios/defaults.js';
import { pickKind, seededRandom } from '../../src/load-bench/scenarios/load-driver.js';
import { slope } from '../../src/load-bench/scenarios/slow-subscriber.js';

describe('parseMix', () => {
  const cases = [
    {
      desc: 'weights named operations',
      text: 'create=2,get=6',
      expect: { create: 2, get: 6, delete: 0 },
    },
    {
      desc: 'gives a bare name weight 1',
      text: 'updateForce',
      expect: { updateForce: 1, create: 0 },
    },
  ];
  for (const c of cases) {
    it(`${c.desc} when given '${c.text}'`, () => {
      const mix = parseMix(c.text);
      assert.equal(typeof mix, 'object');
      for (const [k, v] of Object.entries(c.expect))
        assert.equal((mix as unknown as Record<string, number>)[k], v);
    });
  }
  for (const text of ['explode=1', 'get=-1', 'get=0', '']) {
    it(`returns an error message when given '${text}'`, () => {
      assert.equal(typeof parseMix(text), 'string');
    });
  }
});

describe('pickKind', () => {
  it('picks each operation in proportion to its weight when rolls are uniform', () => {
    const mix = parseMix('create=1,get=3');
    assert.ok(typeof mix === 'object');
    const random = seededRandom(7);
    let gets = 0;
    for (let i = 0; i < 4000; i += 1) if (pickKind(mix, random()) === 'get') gets += 1;
    assert.ok(gets > 2800 && gets < 3200, `gets: ${gets}`);
  });
});

describe('slope', () => {
  it('is the least-squares slope of the points', () => {
    assert.equal(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
      2,
    );
    assert.equal(slope([[0, 4]]), 0);
  });
});

describe('report rendering', () => {
  it('aligns table columns when cells differ in width', () => {
    const table = renderTable(
      ['name', 'n'],
      [
        ['a', '1'],
        ['bbb', '100'],
      ],
    );
    assert.deepEqual(table.split('\n'), [
      '| name |   n |',
      '|------|----:|',
      '| a    |   1 |',
      '| bbb  | 100 |',
    ]);
  });

  it('summarises number series and RSS samples in the extras line', () => {
    const line = extraLine('slow', {
      events: [3, 1, 2],
      rss: [
        [0, 90],
        [2.5, 96],
      ],
      ratio: 0.5,
    });
    assert.equal(line, 'slow: events 1..3 (x3), rss 90 -> 96 over 2.5 s (2 samples), ratio 0.500');
  });

  it('puts one column pair per host count in the scaling table', () => {
    const table = scalingTable([
      { namespaces: 1, hosts: 1, throughputOpsPerSec: 1000, latencyP99Ms: 1.5 },
      { namespaces: 1, hosts: 2, throughputOpsPerSec: 1800, latencyP99Ms: 1.2 },
    ]);
    assert.match(table, /\| namespaces \| 1 host ops\/s \| p99 ms \| 2 hosts ops\/s \| p99 ms \|/);
    assert.match(table, /\| 1 +\| +1,000 \| +1\.50 \| +1,800 \| +1\.20 \|/);
  });

  it('draws one bar per scaling point in a self-contained SVG', () => {
    const svg = scalingSvg(
      [
        { namespaces: 1, hosts: 1, throughputOpsPerSec: 1000, latencyP99Ms: 1 },
        { namespaces: 2, hosts: 1, throughputOpsPerSec: 2000, latencyP99Ms: 1 },
      ],
      'a <title>',
    );
    assert.equal(svg.match(/<rect [^>]*><title>/g)?.length, 2);
    assert.match(svg, /a &lt;title&gt;/);
    assert.doesNotMatch(svg, /<script|href=/);
  });

  it('lists missing and non-numeric fields of a report', () => {
    const missing = missingReportFields({ config: {}, throughputOpsPerSec: Number.NaN });
    assert.ok(missing.includes('throughputOpsPerSec'));
    assert.ok(missing.includes('latencyMs.p99'));
    assert.ok(missing.includes('machine.cpus'));
  });
});
