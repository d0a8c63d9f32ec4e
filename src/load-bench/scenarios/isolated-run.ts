/**
 * @module Runs one load in a child process of its own, so that its memory, heap and event-loop
 * figures are its alone: in one process, every scenario would report the high-water RSS of all
 * the scenarios (and of the reference measurements) before it, and a leftover engine's threads
 * would share its CPU. The child is `isolated-child.ts`; the reference figures are measured by
 * the parent and handed in.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WBEM_E_FAILED, WbemError } from '../../index.js';
import type { LoadConfig, LoadReport } from '../report/load-report.js';
import type { DriveProgress } from './load-driver.js';
import type { ReferenceFigures } from './scenario.js';

/** What the parent sends: a named scenario (or `null`: the generic load) and its config. */
export interface IsolatedJob {
  readonly scenario: string | null;
  readonly config: LoadConfig;
  readonly references: ReferenceFigures;
  readonly tmpRoot: string;
}

/** What the child sends back. */
export type IsolatedMessage =
  | { readonly kind: 'tick'; readonly progress: DriveProgress }
  | { readonly kind: 'report'; readonly report: LoadReport }
  | { readonly kind: 'fail'; readonly hresult: number; readonly message: string };

/** `isolated-child.ts` as the build bundles it (`workers/bundle.mjs`): one file to load per run. */
const CHILD = fileURLToPath(new URL('../../../bundled/load-bench-child.js', import.meta.url));

/**
 * Runs `job` in a fresh Node process and returns its report.
 * @throws {WbemError} the child's failure (its HRESULT), or `WBEM_E_FAILED` when it exits without a report.
 */
export function runIsolated(
  job: IsolatedJob,
  onTick?: (progress: DriveProgress) => void,
  signal?: AbortSignal,
): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    const abort = (): void => {
      child.kill('SIGINT');
    };
    signal?.addEventListener('abort', abort, { once: true });
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      action();
    };
    child.on('message', (message: IsolatedMessage) => {
      if (message.kind === 'tick') onTick?.(message.progress);
      else if (message.kind === 'report') settle(() => resolve(message.report));
      else settle(() => reject(new WbemError(message.hresult, { message: message.message })));
    });
    child.on('error', (error) => settle(() => reject(error)));
    child.on('exit', (code, how) => {
      settle(() =>
        reject(
          new WbemError(WBEM_E_FAILED, {
            message: `benchmark process for ${job.config.scenario} exited (${how ?? code}) without a report`,
          }),
        ),
      );
    });
    child.send(job);
  });
}
