/**
 * @module Warnings a report carries about its own figures. A load shorter than a couple of
 * seconds, or of a few hundred operations, measures worker start-up and JIT warm-up more than
 * the engine, so its figures are flagged rather than left to be read as results.
 */
import type { LoadReport } from './load-report.js';

/** Below this measured time a load's figures are mostly warm-up. */
export const MIN_MEANINGFUL_MS = 2000;
/** Below this many operations, likewise (a fast `--count` run). */
export const MIN_MEANINGFUL_OPS = 2000;

/** One warning per load too short to mean anything, naming what to run instead. */
export function shortRunWarnings(reports: readonly LoadReport[]): string[] {
  return reports
    .filter((r) => r.elapsedMs < MIN_MEANINGFUL_MS || r.ops.completed < MIN_MEANINGFUL_OPS)
    .map(
      (r) =>
        `${r.config.scenario} ran ${(r.elapsedMs / 1000).toFixed(2)} s (${r.ops.completed.toLocaleString('en-US')} ops): too short to mean anything, warm-up dominates; measure ${MIN_MEANINGFUL_MS / 1000} s and ${MIN_MEANINGFUL_OPS.toLocaleString('en-US')} ops or more (--duration 3000)`,
    );
}
