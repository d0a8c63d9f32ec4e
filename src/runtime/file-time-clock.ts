/**
 * @module `TIME_CREATED` of events as WMI writes it: 100-ns ticks since 1601-01-01 UTC, decimal.
 */

/** Milliseconds between 1601-01-01 and 1970-01-01. */
const EPOCH_OFFSET_MS = 11644473600000n;

/** One clock per actor; it converts at most once per millisecond (BigInt is costly per call). */
export class FileTimeClock {
  #lastMs = Number.NaN;
  #last = '';

  now(): string {
    const ms = Date.now();
    if (ms !== this.#lastMs) {
      this.#lastMs = ms;
      this.#last = ((BigInt(ms) + EPOCH_OFFSET_MS) * 10000n).toString();
    }
    return this.#last;
  }
}
