/**
 * @module Scaling: the same load over 1, 2, 4 and 8 namespaces on 1 and 2 host threads. Namespaces
 * are the unit of parallelism (one actor each, placed on a host by hash), so throughput should
 * grow with hosts once there are at least as many namespaces as hosts, and stay flat (not fall)
 * as namespaces grow on one host.
 */
import type { LoadConfig, LoadReport, ScalingPoint } from '../report/load-report.js';

export const SCALING_NAMESPACES: readonly number[] = [1, 2, 4, 8];
export const SCALING_HOSTS: readonly number[] = [1, 2];

/** Runs `base` once per (namespaces, hosts) pair through `runPoint`; keeps throughput and p99. */
export async function runScaling(
  base: LoadConfig,
  runPoint: (config: LoadConfig) => Promise<LoadReport>,
  namespaces: readonly number[] = SCALING_NAMESPACES,
  hosts: readonly number[] = SCALING_HOSTS,
  signal?: AbortSignal,
): Promise<ScalingPoint[]> {
  const points: ScalingPoint[] = [];
  for (const h of hosts) {
    for (const n of namespaces) {
      if (signal?.aborted === true) return points;
      const report = await runPoint({
        ...base,
        scenario: `scaling-${n}ns-${h}h`,
        namespaces: n,
        hosts: h,
      });
      points.push({
        namespaces: n,
        hosts: h,
        throughputOpsPerSec: report.throughputOpsPerSec,
        latencyP99Ms: report.latencyMs.p99,
      });
    }
  }
  return points;
}
