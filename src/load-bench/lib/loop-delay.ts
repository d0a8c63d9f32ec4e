/**
 * @module Main-thread event-loop delay while a measurement runs (perf_hooks.monitorEventLoopDelay):
 * how long a timer waits past its due time, i.e. how blocked the caller's thread is.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelayFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Starts monitoring; `stop()` returns the figures. */
export function startLoopDelay(): { stop(): LoopDelayFigures } {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      return {
        p50Ms: histogram.percentile(50) / 1e6,
        p99Ms: histogram.percentile(99) / 1e6,
        maxMs: histogram.max / 1e6,
      };
    },
  };
}
