/**
 * @module The child side of `isolated-run.ts`: receives one job, runs it, sends the report (or
 * the failure) and exits. Ctrl-C (SIGINT from the parent or the terminal) stops the load early;
 * the report then covers what ran.
 */
import { toWbemError } from '../../index.js';
import { SCENARIOS } from './index.js';
import type { IsolatedJob, IsolatedMessage } from './isolated-run.js';
import { machineInfo } from './machine-info.js';
import { runLoad } from './run-load.js';
import type { BenchEnv } from './scenario.js';

const controller = new AbortController();
process.on('SIGINT', () => controller.abort());

function send(message: IsolatedMessage): Promise<void> {
  return new Promise((resolve) => {
    process.send?.(message, () => resolve());
  });
}

async function run(job: IsolatedJob): Promise<void> {
  const env: BenchEnv = {
    machine: machineInfo(),
    tmpRoot: job.tmpRoot,
    references: async () => job.references,
    onTick: (_scenario, progress) => {
      process.send?.({ kind: 'tick', progress } satisfies IsolatedMessage);
    },
    signal: controller.signal,
  };
  try {
    const scenario = job.scenario === null ? null : SCENARIOS.find((s) => s.name === job.scenario);
    if (scenario === undefined) throw new Error(`unknown scenario ${job.scenario}`);
    const report =
      scenario === null ? await runLoad(job.config, env) : await scenario.run(job.config, env);
    await send({ kind: 'report', report });
  } catch (thrown) {
    const error = toWbemError(thrown);
    await send({ kind: 'fail', hresult: error.hresult, message: error.detail ?? error.message });
  }
  process.disconnect();
}

process.once('message', (job: IsolatedJob) => {
  void run(job);
});
