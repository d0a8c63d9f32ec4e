/**
 * @module Drives a load: `inFlight` concurrent callers, each issuing one operation at a time
 * (chosen by weight from the mix, over the namespaces round-robin) and issuing the next as soon
 * as the previous completes, until `count` operations or `durationMs` have elapsed. Measures the
 * latency of each call, the main thread's event-loop delay and memory.
 *
 * The operation sequence comes from a seeded generator, so two runs of one config issue the same
 * calls in the same order.
 */
import { createHistogram, performance } from 'node:perf_hooks';
import { hresultName, WbemError } from '../../index.js';
import { startLoopDelay } from '../lib/loop-delay.js';
import {
  type LatencyMs,
  OPERATION_KINDS,
  type OperationKind,
  type OperationMix,
} from '../report/load-report.js';
import type { NamespaceWorkload } from './namespace-workload.js';

export interface DriveOptions {
  readonly workloads: readonly NamespaceWorkload[];
  readonly inFlight: number;
  readonly count: number | null;
  readonly durationMs: number | null;
  readonly mix: OperationMix;
  readonly seed?: number;
  /** Called about every 250 ms with the progress so far. */
  readonly onTick?: (progress: DriveProgress) => void;
  readonly signal?: AbortSignal;
}

export interface DriveProgress {
  readonly completed: number;
  readonly elapsedMs: number;
  readonly total: number | null;
}

export interface DriveResult {
  readonly elapsedMs: number;
  readonly completed: number;
  readonly failed: number;
  readonly byKind: Record<OperationKind, number>;
  readonly failuresByHresult: Record<string, number>;
  readonly throughputOpsPerSec: number;
  readonly latencyMs: LatencyMs;
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly memoryMb: { readonly rss: number; readonly heapUsed: number };
}

/** mulberry32: a small, fast, seeded generator; uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks an operation kind by weight; `roll` in [0, 1). */
export function pickKind(mix: OperationMix, roll: number): OperationKind {
  const total = OPERATION_KINDS.reduce((sum, kind) => sum + Math.max(0, mix[kind]), 0);
  let threshold = roll * total;
  for (const kind of OPERATION_KINDS) {
    threshold -= Math.max(0, mix[kind]);
    if (threshold < 0) return kind;
  }
  return 'get';
}

const MB = 1024 * 1024;

/** A histogram with no samples reports NaN or a huge sentinel; a report wants 0. */
function finite(value: number): number {
  return Number.isFinite(value) && value < 1e9 ? value : 0;
}

/** Runs the load and returns what it measured. */
export async function driveLoad(options: DriveOptions): Promise<DriveResult> {
  if (options.workloads.length === 0) throw new Error('a load needs at least one namespace');
  const random = seededRandom(options.seed ?? 0x5eed);
  // Not lib/latency-histogram's LatencyHistogram: the report needs p99.9, which it does not expose.
  const latency = createHistogram();
  const byKind = Object.fromEntries(OPERATION_KINDS.map((k) => [k, 0])) as Record<
    OperationKind,
    number
  >;
  const failuresByHresult: Record<string, number> = {};
  let issued = 0;
  let completed = 0;
  let failed = 0;
  let peakRss = 0;
  const start = performance.now();
  const deadline =
    options.durationMs === null ? Number.POSITIVE_INFINITY : start + options.durationMs;
  const more = (): boolean =>
    options.signal?.aborted !== true &&
    (options.count === null || issued < options.count) &&
    performance.now() < deadline;

  const caller = async (index: number): Promise<void> => {
    let turn = index;
    while (more()) {
      issued += 1;
      const workload = options.workloads[turn % options.workloads.length] as NamespaceWorkload;
      turn += options.inFlight;
      const began = performance.now();
      const call = workload.issue(pickKind(options.mix, random()), random());
      byKind[call.kind] += 1;
      try {
        await call.done;
      } catch (thrown) {
        failed += 1;
        const name = thrown instanceof WbemError ? hresultName(thrown.hresult) : 'non-WbemError';
        failuresByHresult[name] = (failuresByHresult[name] ?? 0) + 1;
      }
      latency.record(Math.max(1, Math.round((performance.now() - began) * 1000)));
      completed += 1;
    }
  };

  const ticker = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    options.onTick?.({ completed, elapsedMs: performance.now() - start, total: options.count });
  }, 250);
  const loopDelay = startLoopDelay();
  let end = start;
  let delay: { readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
  try {
    await Promise.all(Array.from({ length: options.inFlight }, (_, i) => caller(i)));
    end = performance.now();
    // The last completions may resolve inside one long main-loop stall; let the delay monitor's
    // timer fire once more so that stall is recorded before it stops.
    await new Promise((resolve) => setTimeout(resolve, 5));
  } finally {
    delay = loopDelay.stop();
    clearInterval(ticker);
  }
  const elapsedMs = end - start;
  const memory = process.memoryUsage();
  const us = (p: number): number => (latency.count === 0 ? 0 : latency.percentile(p) / 1000);
  return {
    elapsedMs,
    completed,
    failed,
    byKind,
    failuresByHresult,
    throughputOpsPerSec: elapsedMs > 0 ? (completed * 1000) / elapsedMs : 0,
    latencyMs: {
      p50: us(50),
      p99: us(99),
      p999: us(99.9),
      max: latency.count === 0 ? 0 : latency.max / 1000,
    },
    eventLoopDelayMs: {
      p50: finite(delay.p50Ms),
      p99: finite(delay.p99Ms),
      max: finite(delay.maxMs),
    },
    memoryMb: { rss: Math.max(peakRss, memory.rss) / MB, heapUsed: memory.heapUsed / MB },
  };
}
