import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgressBar } from '../../src/cli/progress-bar.js';
import { missingReportFields } from '../../src/load-bench/report/load-report.js';
import { runWbemrx } from './run-wbemrx.js';

describe('wbemrx bench', () => {
  it('prints a JSON report with every field when --json is given', async () => {
    const result = await runWbemrx([
      'bench',
      '--count',
      '30',
      '--in-flight',
      '3',
      '--mix',
      'create=1,get=2,updateForce=1',
      '--no-references',
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as {
      scenarios: {
        config: { scenario: string; mix: { updateForce: number } };
        ops: { completed: number };
      }[];
    };
    const [load] = report.scenarios;
    assert.equal(load?.config.scenario, 'custom');
    assert.equal(load?.config.mix.updateForce, 1);
    assert.equal(load?.ops.completed, 30);
    assert.deepEqual(missingReportFields(load), []);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when the scenario is unknown', async () => {
    const result = await runWbemrx(['bench', '--scenario', 'nope', '--count', '1']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_PARAMETER: unknown scenario 'nope'/);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when the mix names an unknown operation', async () => {
    const result = await runWbemrx(['bench', '--mix', 'explode=1', '--count', '1']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_PARAMETER: unknown operation 'explode'/);
  });
});

describe('createProgressBar', () => {
  it('draws nothing when stderr is not a terminal', () => {
    const written: string[] = [];
    const bar = createProgressBar(
      { out: () => {}, err: (t) => written.push(t), errIsTty: false, errColumns: 80 },
      'x',
    );
    bar.update(1, 2);
    bar.finish();
    assert.deepEqual(written, []);
  });

  it('redraws one line and clears it when stderr is a terminal', () => {
    const written: string[] = [];
    const bar = createProgressBar(
      { out: () => {}, err: (t) => written.push(t), errIsTty: true, errColumns: 80 },
      'x',
    );
    bar.update(2, 2);
    bar.finish();
    assert.match(written[0] ?? '', /^\rx \[#+\] 100% 2\/2/);
    assert.equal(written.at(-1), '\r\x1b[K');
  });
});
