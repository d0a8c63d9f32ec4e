/**
 * @module What `wbemrx bench` asks of the load benchmark. The harness lives in `bench/` (it
 * measures against references that only the source tree has: the echo worker and the in-process
 * core), so the command loads it at run time and hands it this plain request.
 */
import type { CliIo } from './cli-io.js';

export interface BenchRequest {
  /** Named scenarios to run (`all` for every one); empty: one custom load from the options. */
  readonly scenarios: readonly string[];
  readonly durationMs?: number;
  readonly count?: number;
  readonly inFlight?: number;
  readonly namespaces?: number;
  readonly hosts?: number;
  readonly properties?: number;
  readonly depth?: number;
  /** `create=1,get=6,...` */
  readonly mix?: string;
  readonly storage?: 'memory' | 'durable';
  readonly subscribers?: number;
  /** Run the scaling series over these namespace and host counts. */
  readonly scaling: {
    readonly namespaces: readonly number[];
    readonly hosts: readonly number[];
  } | null;
  readonly references: boolean;
  /** Print the JSON report to stdout instead of the tables. */
  readonly json: boolean;
  /** Directory for the report files; absent: none written. */
  readonly outDir?: string;
}

/** The entry `bench/run.js` exports for the command line. */
export type BenchRunner = (request: BenchRequest, io: CliIo, signal: AbortSignal) => Promise<void>;
