/**
 * @module A closed-loop driver: keeps `inFlight` calls outstanding until `total` have completed,
 * starting a new call from each completion (so new requests batch with the replies' turn).
 */
import { performance } from 'node:perf_hooks';
import { type LatencyFigures, LatencyHistogram } from './latency-histogram.js';
import { type LoopDelayFigures, startLoopDelay } from './loop-delay.js';

export interface LoadFigures {
  readonly total: number;
  readonly inFlight: number;
  readonly seconds: number;
  readonly opsPerSec: number;
  readonly latency: LatencyFigures;
  readonly loopDelay: LoopDelayFigures;
  /** Calls whose outcome was not the expected one. */
  readonly failures: number;
}

/** Starts call `i`; calls `done(ok)` exactly once when it completes. */
export type IssueCall = (i: number, done: (ok: boolean) => void) => void;

export function closedLoop(
  total: number,
  inFlight: number,
  issue: IssueCall,
): Promise<LoadFigures> {
  return new Promise((resolve) => {
    const latency = new LatencyHistogram();
    const loop = startLoopDelay();
    const began = performance.now();
    let issued = 0;
    let completed = 0;
    let failures = 0;
    const next = (): void => {
      const i = issued++;
      const start = performance.now();
      issue(i, (ok) => {
        latency.record(start, performance.now());
        if (!ok) failures++;
        completed++;
        if (issued < total) next();
        else if (completed === total) {
          const seconds = (performance.now() - began) / 1000;
          resolve({
            total,
            inFlight,
            seconds,
            opsPerSec: total / seconds,
            latency: latency.figures(),
            loopDelay: loop.stop(),
            failures,
          });
        }
      });
    };
    for (let k = 0; k < Math.min(inFlight, total); k++) next();
  });
}
