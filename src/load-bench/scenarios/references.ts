/**
 * @module The two reference figures set beside every engine figure, measured in the same run:
 * the echo ceiling (`lib/echo-ceiling.ts`: the engine's batching and wire encoding against a bare worker that
 * answers at once, with the load's calls in flight) and the schema core in-process
 * (`lib/core-reference.ts`: creates per second with no thread, wire or actor). The echo ceiling is
 * measured once per in-flight count, the core once per run: neither depends on the scenario's
 * operations, and measuring them per scenario would double the run.
 */
import { run as runCoreBench } from '../lib/core-reference.js';
import { measureEchoCeiling } from '../lib/echo-ceiling.js';
import type { LoadConfig } from '../report/load-report.js';
import type { ReferenceFigures } from './scenario.js';

export interface ReferenceMeter {
  /** `progress` hears each phase as it starts (and the echo phase's elapsed time). */
  measure(config: LoadConfig, progress?: (phase: string) => void): Promise<ReferenceFigures>;
}

/**
 * Smaller references than the bench's own, for a test of the harness that checks each figure is
 * measured, not its value (the bench itself never passes one: its figures keep their sizes).
 */
export interface ReferenceSize {
  /** Calls per echo measurement, in place of `echoTotal`'s. */
  readonly echoCalls: number;
  /** The in-process core's `scale` (see `CoreRunOptions`). */
  readonly coreScale: number;
}

const NONE: ReferenceFigures = { echoCeilingOpsPerSec: null, coreInProcessOpsPerSec: null };

/**
 * Calls per echo measurement: 20,000, or as many as a smaller load (at least 5,000: the
 * measurement includes the echo worker's start, which a shorter run would not amortise).
 */
function echoTotal(config: LoadConfig): number {
  return Math.max(5_000, Math.min(config.count ?? 20_000, 20_000));
}

/** A meter; when `enabled` is false every figure is `null`. */
export function createReferenceMeter(enabled: boolean, size?: ReferenceSize): ReferenceMeter {
  const echo = new Map<string, Promise<number>>();
  let core: Promise<number> | undefined;
  return {
    async measure(config, progress) {
      if (!enabled) return NONE;
      const total = size?.echoCalls ?? echoTotal(config);
      const key = `${config.inFlight}/${total}`;
      let ceiling = echo.get(key);
      const started = performance.now();
      const echoPhase = `echo ceiling (${total.toLocaleString('en-US')} calls, ${config.inFlight} in flight)`;
      progress?.(echoPhase);
      const ticker = setInterval(
        () => progress?.(`${echoPhase}, ${((performance.now() - started) / 1000).toFixed(1)} s`),
        250,
      );
      if (ceiling === undefined) {
        ceiling = measureEchoCeiling({
          total,
          inFlight: config.inFlight,
          encoding: 'msgpack',
        }).then((figures) => figures.opsPerSec);
        echo.set(key, ceiling);
      }
      // In sequence: the core runs synchronously on this thread and would starve the echo loop.
      const echoCeilingOpsPerSec = await ceiling.finally(() => clearInterval(ticker));
      if (core === undefined) {
        // The core runs on this thread, so no update can be drawn until it ends: say so first,
        // and yield once so the line reaches the terminal.
        progress?.('in-process core (this thread is busy until it ends)');
        await new Promise((resolve) => setImmediate(resolve));
      }
      core ??= runCoreBench({
        quick: total < 20_000,
        ...(size === undefined ? {} : { scale: size.coreScale }),
      }).then((figures) => figures.createsPerSec);
      return { echoCeilingOpsPerSec, coreInProcessOpsPerSec: await core };
    },
  };
}
