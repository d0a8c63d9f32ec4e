/**
 * @module What `wbemrx bench` asks of the load benchmark: a plain request, and the streams the
 * report is written to.
 */

/** Where the benchmark writes: the report to `out`, progress and file names to `err`. */
export interface BenchIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** True when stderr is a terminal: only then is a live progress line drawn. */
  readonly errIsTty: boolean;
  readonly errColumns: number;
}

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

/** The entry the command line calls (`runBenchRequest`). */
export type BenchRunner = (
  request: BenchRequest,
  io: BenchIo,
  signal: AbortSignal,
) => Promise<void>;
