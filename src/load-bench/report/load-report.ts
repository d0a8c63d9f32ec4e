/**
 * @module The JSON report of the load benchmark: the shape `wbemrx bench` and `npm run bench`
 * write, and the check that a report has every field (used by the tests, which assert shape,
 * never speed).
 */

/** Relative weights of the operations a load issues; zero leaves an operation out. */
export interface OperationMix {
  readonly create: number;
  readonly updateCompatible: number;
  readonly updateSafe: number;
  readonly updateForce: number;
  readonly get: number;
  readonly enumerate: number;
  readonly delete: number;
}

export type OperationKind = keyof OperationMix;

export const OPERATION_KINDS: readonly OperationKind[] = [
  'create',
  'updateCompatible',
  'updateSafe',
  'updateForce',
  'get',
  'enumerate',
  'delete',
];

/** What was run. A load stops at `count` operations or after `durationMs`, whichever is set. */
export interface LoadConfig {
  readonly scenario: string;
  readonly storage: 'memory' | 'durable';
  readonly hosts: number;
  readonly namespaces: number;
  /** Calls kept in flight at once (concurrent callers). */
  readonly inFlight: number;
  readonly durationMs: number | null;
  readonly count: number | null;
  /** Local properties of each benchmark class. */
  readonly properties: number;
  /** Depth of the class chain the updates work on (1 = a base class only). */
  readonly depth: number;
  readonly mix: OperationMix;
  /** `engine.events$` subscribers kept during the load. */
  readonly subscribers: number;
}

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly totalMemoryMb: number;
}

export interface LatencyMs {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** One scenario's measurements, side by side with the two references of the same run. */
export interface LoadReport {
  readonly config: LoadConfig;
  readonly machine: MachineInfo;
  /** ISO time the measurement started. */
  readonly date: string;
  readonly elapsedMs: number;
  readonly ops: {
    readonly completed: number;
    readonly failed: number;
    readonly byKind: Readonly<Record<OperationKind, number>>;
    /** Failures by HRESULT name (a load that fails is still measured, and says so). */
    readonly failuresByHresult: Readonly<Record<string, number>>;
  };
  /** Completed operations (failed included) per second of wall time. */
  readonly throughputOpsPerSec: number;
  /** Per-call latency from issue to final status, main thread view. */
  readonly latencyMs: LatencyMs;
  /** Main-thread event-loop delay during the load; `max` is the longest stall. */
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Process memory at the end of the load. */
  readonly memoryMb: { readonly rss: number; readonly heapUsed: number };
  /** Round trips per second through a bare echo worker with the engine's batching, same in-flight. */
  readonly echoCeilingOpsPerSec: number | null;
  /** PutClass per second of the schema core in-process (no threads, no store). */
  readonly coreInProcessOpsPerSec: number | null;
  /** `throughputOpsPerSec / echoCeilingOpsPerSec`. */
  readonly engineFractionOfCeiling: number | null;
  /** Scenario-specific figures (events delivered, RSS over time, ...). */
  readonly extra: Readonly<Record<string, unknown>>;
}

export interface ScalingPoint {
  readonly namespaces: number;
  readonly hosts: number;
  readonly throughputOpsPerSec: number;
  readonly latencyP99Ms: number;
}

/** A scenario that could not run to the end, and why. */
export interface ScenarioFailure {
  readonly scenario: string;
  /** `<HRESULT name>: <message>`. */
  readonly error: string;
}

/** Everything one `npm run bench` measured. */
export interface BenchRunReport {
  readonly date: string;
  readonly machine: MachineInfo;
  readonly scenarios: readonly LoadReport[];
  readonly failures: readonly ScenarioFailure[];
  readonly scaling: readonly ScalingPoint[];
}

const REQUIRED_PATHS: readonly string[] = [
  'config.scenario',
  'config.storage',
  'config.hosts',
  'config.namespaces',
  'config.inFlight',
  'config.mix',
  'machine.cpus',
  'machine.node',
  'machine.platform',
  'date',
  'throughputOpsPerSec',
  'latencyMs.p50',
  'latencyMs.p99',
  'latencyMs.p999',
  'eventLoopDelayMs.p50',
  'eventLoopDelayMs.p99',
  'memoryMb.rss',
  'memoryMb.heapUsed',
  'echoCeilingOpsPerSec',
  'coreInProcessOpsPerSec',
  'engineFractionOfCeiling',
];

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Lists what a load report lacks: each required field that is absent, and each measured number
 * that is not a finite number (the references may be `null` when they were not measured).
 */
export function missingReportFields(report: unknown): readonly string[] {
  const nullable = new Set([
    'echoCeilingOpsPerSec',
    'coreInProcessOpsPerSec',
    'engineFractionOfCeiling',
  ]);
  const missing: string[] = [];
  for (const path of REQUIRED_PATHS) {
    const value = at(report, path);
    if (value === undefined) missing.push(path);
    else if (value === null && !nullable.has(path)) missing.push(path);
    else if (
      (path.startsWith('latency') ||
        path.startsWith('eventLoop') ||
        path.startsWith('memory') ||
        path === 'throughputOpsPerSec') &&
      !(typeof value === 'number' && Number.isFinite(value))
    ) {
      missing.push(path);
    }
  }
  return missing;
}
