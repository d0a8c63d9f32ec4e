/**
 * @module The figures the storage benchmark reports, and how several rounds of one engine are
 * reduced to one row.
 */

export interface EngineFigures {
  readonly engine: string;
  /** Records committed durably per second, in batches of `batch`. */
  readonly writesPerSec: number;
  /** Mean time of one durable batch commit. */
  readonly msPerBatch: number;
  /** Random reads by key (with decoding) per second. */
  readonly readsPerSec: number;
  /** Open and load every record (decoded, into a memory mirror). */
  readonly loadMs: number;
  readonly fileMiB: number;
}

export interface StoreFigures {
  readonly date: string;
  readonly machine: string;
  readonly records: number;
  readonly recordBytes: number;
  readonly batch: number;
  readonly engines: readonly EngineFigures[];
  /** `MemoryClassStore.apply` of one-class change sets per second. */
  readonly memoryAppliesPerSec: number;
  /** `DurableClassStore.apply` per second, flushed once at the end (mirror + queued writes). */
  readonly durableAppliesPerSec: number;
  /** `DurableClassStore` applies per second with a `flush()` after every `batch` applies. */
  readonly durableGroupCommitPerSec: number;
  /** `DurableRepository` open + `openNamespace` of all records. */
  readonly durableLoadMs: number;
  /**
   * Applies per second summed over `threads` worker threads, each owning one namespace of one
   * data directory and flushing every `batch` applies, by sync mode.
   */
  readonly threaded: readonly {
    readonly mode: string;
    readonly threads: number;
    readonly appliesPerSec: number;
  }[];
}

/** What one engine run measured (`bench/store/lmdb.ts`, `sqlite.ts`), before it becomes rates. */
export interface EngineTimings {
  readonly engine: string;
  readonly writeMs: number;
  readonly readMs: number;
  readonly loadMs: number;
  readonly fileMiB: number;
}

/**
 * Rates and rounded figures of a run that wrote `records` records in batches of `batch` and made
 * `reads` random reads (the same arithmetic for every engine).
 */
export function engineFigures(
  t: EngineTimings,
  records: number,
  batch: number,
  reads: number,
): EngineFigures {
  return {
    engine: t.engine,
    writesPerSec: Math.round(records / (t.writeMs / 1000)),
    msPerBatch: Math.round((t.writeMs / Math.ceil(records / batch)) * 100) / 100,
    readsPerSec: Math.round(reads / (t.readMs / 1000)),
    loadMs: Math.round(t.loadMs),
    fileMiB: t.fileMiB,
  };
}

/**
 * The best of several rounds, metric by metric: the machine this runs on is shared, and the
 * best round is the one least disturbed by neighbours.
 */
export function bestOf(rounds: readonly EngineFigures[]): EngineFigures | undefined {
  const [first] = rounds;
  if (first === undefined) return undefined;
  return {
    engine: first.engine,
    writesPerSec: Math.max(...rounds.map((r) => r.writesPerSec)),
    msPerBatch: Math.min(...rounds.map((r) => r.msPerBatch)),
    readsPerSec: Math.max(...rounds.map((r) => r.readsPerSec)),
    loadMs: Math.min(...rounds.map((r) => r.loadMs)),
    fileMiB: first.fileMiB,
  };
}
