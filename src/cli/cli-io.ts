/**
 * @module The streams a command writes to, passed in rather than read from `process` so that
 * formatting can be checked without spawning and so that nothing but the progress bar ever asks
 * whether stderr is a terminal.
 */

/** Where a command writes: results to `out`, diagnostics and progress to `err`. */
export interface CliIo {
  /** Writes to stdout (command results only, so output can be piped). */
  readonly out: (text: string) => void;
  /** Writes to stderr (errors, summaries of side effects, progress). */
  readonly err: (text: string) => void;
  /** True when stderr is a terminal: only then is a live progress line drawn. */
  readonly errIsTty: boolean;
  /** Columns of the stderr terminal (80 when unknown). */
  readonly errColumns: number;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    out: (text) => {
      process.stdout.write(text);
    },
    err: (text) => {
      process.stderr.write(text);
    },
    errIsTty: process.stderr.isTTY === true,
    // 0 when the terminal does not report its size (some pseudo-terminals).
    errColumns: (process.stderr.columns ?? 0) > 0 ? process.stderr.columns : 80,
  };
}
