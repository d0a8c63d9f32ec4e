/**
 * @module What a scenario is (one file each in this folder) and what the harness hands it.
 */
import type { LoadConfig, LoadReport, MachineInfo } from '../report/load-report.js';
import type { DriveProgress } from './load-driver.js';

/** The two references every report sets beside the engine's figure. */
export interface ReferenceFigures {
  readonly echoCeilingOpsPerSec: number | null;
  readonly coreInProcessOpsPerSec: number | null;
}

export interface BenchEnv {
  readonly machine: MachineInfo;
  /** Where durable scenarios create their (deleted afterwards) data directories. */
  readonly tmpRoot: string;
  /** Measures (or returns the cached) reference figures for a config's batching. */
  references(config: LoadConfig): Promise<ReferenceFigures>;
  readonly onTick?: (scenario: string, progress: DriveProgress) => void;
  readonly signal?: AbortSignal;
}

/** Overrides from the command line; absent fields keep the scenario's defaults. */
export type LoadOverrides = { -readonly [K in keyof LoadConfig]?: LoadConfig[K] };

export interface Scenario {
  readonly name: string;
  readonly summary: string;
  /** The config the scenario runs with no overrides. */
  readonly defaults: LoadConfig;
  run(config: LoadConfig, env: BenchEnv): Promise<LoadReport>;
}
