/**
 * @module The two reference figures set beside every engine figure, measured in the same run:
 * the echo ceiling (bench/lib: the engine's batching and wire encoding against a bare worker that
 * answers at once) and the schema core in-process. Measured once per in-flight count and cached:
 * they do not depend on the scenario's operations, and measuring them per scenario would double
 * the run.
 */
import { measureEchoCeiling } from '../lib/echo-ceiling.js';
import type { LoadConfig } from '../report/load-report.js';
import { measureCoreInProcess } from './core-reference.js';
import type { ReferenceFigures } from './scenario.js';

export interface ReferenceMeter {
  measure(config: LoadConfig): Promise<ReferenceFigures>;
}

const NONE: ReferenceFigures = { echoCeilingOpsPerSec: null, coreInProcessOpsPerSec: null };

/** Calls per reference measurement: a tiny load measures a tiny reference (tests), else 20,000. */
function referenceTotal(config: LoadConfig): number {
  return Math.max(16, Math.min(config.count ?? 20_000, 20_000));
}

async function measure(config: LoadConfig): Promise<ReferenceFigures> {
  const total = referenceTotal(config);
  const echo = await measureEchoCeiling({ total, inFlight: config.inFlight, encoding: 'msgpack' });
  return {
    echoCeilingOpsPerSec: echo.opsPerSec,
    coreInProcessOpsPerSec: await measureCoreInProcess(total),
  };
}

/** A meter; when `enabled` is false every figure is `null`. */
export function createReferenceMeter(enabled: boolean): ReferenceMeter {
  const cache = new Map<string, Promise<ReferenceFigures>>();
  return {
    measure(config) {
      if (!enabled) return Promise.resolve(NONE);
      const key = `${config.inFlight}/${referenceTotal(config)}`;
      let figures = cache.get(key);
      if (figures === undefined) {
        figures = measure(config);
        cache.set(key, figures);
      }
      return figures;
    },
  };
}
