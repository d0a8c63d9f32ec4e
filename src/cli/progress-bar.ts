/**
 * @module A one-line progress bar on stderr, drawn only when stderr is a terminal: piped or
 * captured output (CI logs, tests) never sees carriage returns. Redraws are throttled because a
 * schema load reports thousands of steps and each terminal write costs more than a put.
 */
import type { CliIo } from './cli-io.js';

export interface ProgressBar {
  /** Records progress; redraws at most every 50 ms. */
  update(done: number, total: number, label?: string): void;
  /** Clears the line (call before printing the summary). */
  finish(): void;
}

const REDRAW_MS = 50;

const SILENT: ProgressBar = { update: () => {}, finish: () => {} };

/** Formats one progress line to fit `columns`. */
export function progressLine(
  title: string,
  done: number,
  total: number,
  label: string,
  columns: number,
): string {
  const ratio = total <= 0 ? 1 : Math.min(1, done / total);
  const counts = `${done}/${total}`;
  const width = Math.max(10, Math.min(30, columns - title.length - counts.length - 20));
  const filled = Math.round(ratio * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const line = `${title} [${bar}] ${String(Math.round(ratio * 100)).padStart(3)}% ${counts} ${label}`;
  return line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}

/** A progress bar on `io.err`, or one that draws nothing when stderr is not a terminal. */
export function createProgressBar(io: CliIo, title: string): ProgressBar {
  if (!io.errIsTty) return SILENT;
  let last = 0;
  let drawn = false;
  return {
    update(done, total, label = '') {
      const now = Date.now();
      if (now - last < REDRAW_MS && done < total) return;
      last = now;
      drawn = true;
      io.err(`\r${progressLine(title, done, total, label, io.errColumns)}\x1b[K`);
    },
    finish() {
      if (drawn) io.err('\r\x1b[K');
      drawn = false;
    },
  };
}
