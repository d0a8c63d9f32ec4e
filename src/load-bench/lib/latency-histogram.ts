/**
 * @module Latency percentiles from a perf_hooks histogram (nanosecond resolution, constant memory).
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

export interface LatencyFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export class LatencyHistogram {
  readonly #histogram: RecordableHistogram = createHistogram();

  /** Records one latency, from `performance.now()` readings. */
  record(startMs: number, endMs: number): void {
    this.#histogram.record(Math.max(1, Math.round((endMs - startMs) * 1e6)));
  }

  figures(): LatencyFigures {
    const h = this.#histogram;
    return { p50Ms: h.percentile(50) / 1e6, p99Ms: h.percentile(99) / 1e6, maxMs: h.max / 1e6 };
  }
}
