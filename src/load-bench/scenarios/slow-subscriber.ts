/**
 * @module Slow subscriber: beside the normal callers, one caller uses `putClassAsync` with a sink
 * that takes its time (it spends `SLOW_SINK_MS` in each `setStatus`), and one `events$`
 * subscriber spends the same in each event. The report compares the other callers' throughput
 * with a baseline run of the same load without them, and samples RSS over time in both runs: a
 * slow consumer must cost only its own time, not a queue that grows without bound, so its RSS
 * trend should match the baseline's.
 *
 * Sink callbacks run on the main thread, so a sink that blocks delays every caller by the time it
 * blocks; the figures to watch are the slowdown against the baseline, the longest main-thread
 * stall (`eventLoopDelayMs.max`) and whether RSS (sampled from a worker thread, so a stalled main
 * loop does not stop the sampling) stays flat.
 */
import { performance } from 'node:perf_hooks';
import type { Subscription } from 'rxjs';
import type { WbemServices } from '../../index.js';
import { WBEM_FLAG_CREATE_OR_UPDATE } from '../../index.js';
import { benchClass } from './bench-classes.js';
import { BASE_CONFIG, NO_OPS } from './defaults.js';
import { type RssSampler, startRssSampler } from './rss-sampler.js';
import { runLoad } from './run-load.js';
import type { Scenario } from './scenario.js';

const SLOW_SINK_MS = 2;
const SAMPLE_MS = 200;

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a consumer doing synchronous work: nothing to yield to
  }
}

/** Least-squares slope of y over x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function rounded(samples: readonly [number, number][]): [number, number][] {
  return samples.map(([t, mb]) => [Number(t.toFixed(2)), Number(mb.toFixed(1))]);
}

/** RSS growth over the second half of a run, MB/s: the first half includes warm-up. */
function secondHalfSlope(samples: readonly [number, number][]): number {
  return Number(slope(samples.slice(Math.floor(samples.length / 2))).toFixed(3));
}

function slowCaller(
  svc: WbemServices,
  stopped: () => boolean,
  counts: { calls: number },
): Promise<void> {
  return new Promise((resolve) => {
    const next = (): void => {
      if (stopped()) {
        resolve();
        return;
      }
      counts.calls += 1;
      const cls = benchClass('Bench_Slow', null, 4, counts.calls);
      const hr = svc.putClassAsync(cls, WBEM_FLAG_CREATE_OR_UPDATE, null, {
        indicate: () => {},
        setStatus: () => {
          busy(SLOW_SINK_MS);
          setImmediate(next);
        },
      });
      if (hr >>> 0 >= 0x80000000) setImmediate(next);
    };
    next();
  });
}

export const slowSubscriber: Scenario = {
  name: 'slow-subscriber',
  summary: `a putClassAsync sink and an events$ subscriber that each take ${SLOW_SINK_MS} ms per callback`,
  defaults: {
    ...BASE_CONFIG,
    scenario: 'slow-subscriber',
    // No creates: the repository keeps its size, so RSS growth can only be queued work.
    mix: { ...NO_OPS, updateCompatible: 1, get: 1 },
    // Long enough for a trend in RSS; the baseline runs as long.
    durationMs: 6000,
  },
  async run(config, env) {
    let baselineSampler: RssSampler | undefined;
    let baselineRss: [number, number][] = [];
    const baseline = await runLoad({ ...config, scenario: `${config.scenario}-baseline` }, env, {
      before() {
        baselineSampler = startRssSampler(SAMPLE_MS);
      },
      async after() {
        baselineRss = (await baselineSampler?.stop()) ?? [];
        return {};
      },
    });
    let stop = false;
    const counts = { calls: 0 };
    let sampler: RssSampler | undefined;
    let subscription: Subscription | undefined;
    let caller: Promise<void> = Promise.resolve();
    let slowEvents = 0;
    const report = await runLoad(config, env, {
      before(engine, services) {
        subscription = engine.events$.subscribe(() => {
          slowEvents += 1;
          busy(SLOW_SINK_MS);
        });
        const svc = services[0];
        if (svc !== undefined) caller = slowCaller(svc, () => stop, counts);
        sampler = startRssSampler(SAMPLE_MS);
      },
      async after() {
        stop = true;
        const samples = (await sampler?.stop()) ?? [];
        subscription?.unsubscribe();
        await caller;
        return {
          slowSinkMs: SLOW_SINK_MS,
          slowSinkCalls: counts.calls,
          slowSubscriberEvents: slowEvents,
          baselineOpsPerSec: baseline.throughputOpsPerSec,
          baselineP99Ms: baseline.latencyMs.p99,
          rssSamplesMb: rounded(samples),
          rssSlopeSecondHalfMbPerSec: secondHalfSlope(samples),
          baselineRssSamplesMb: rounded(baselineRss),
          baselineRssSlopeSecondHalfMbPerSec: secondHalfSlope(baselineRss),
        };
      },
    });
    const ratio =
      baseline.throughputOpsPerSec > 0
        ? report.throughputOpsPerSec / baseline.throughputOpsPerSec
        : null;
    return { ...report, extra: { ...report.extra, throughputVsBaseline: ratio } };
  },
};
