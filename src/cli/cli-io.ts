/**
 * @module The streams a command writes to, passed in rather than read from `process` so that
 * formatting can be checked without spawning and so that nothing but the progress bar and the
 * confirmation prompt ever asks whether a stream is a terminal.
 */
import { createInterface } from 'node:readline/promises';

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
  /** True when errors on stderr may be coloured (see `useColor`); default false. */
  readonly color?: boolean;
  /**
   * Asks a question on the terminal and resolves with the answer; absent when stdin is not a
   * terminal, so a command that needs a confirmation must then be told `--yes`.
   */
  readonly ask?: (question: string) => Promise<string>;
}

/**
 * Whether to colour: `FORCE_COLOR` (other than `0`/`false`) forces it, `NO_COLOR` (any
 * non-empty value, no-color.org) forbids it, and otherwise only a terminal gets colour.
 */
export function useColor(
  env: Readonly<Record<string, string | undefined>>,
  isTty: boolean,
): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  return isTty && env['TERM'] !== 'dumb';
}

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** The process's own streams. */
export function processIo(): CliIo {
  const errIsTty = process.stderr.isTTY === true;
  return {
    out: (text) => {
      process.stdout.write(text);
    },
    err: (text) => {
      process.stderr.write(text);
    },
    errIsTty,
    // 0 when the terminal does not report its size (some pseudo-terminals).
    errColumns: (process.stderr.columns ?? 0) > 0 ? process.stderr.columns : 80,
    color: useColor(process.env, errIsTty),
    ...(process.stdin.isTTY === true ? { ask: askOnTerminal } : {}),
  };
}
