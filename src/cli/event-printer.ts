/**
 * @module How `watch` prints events: the `events$` callback only records the event and its time,
 * and the lines are written in a batch right after.
 *
 * Why: `events$` paces a subscriber whose callback takes longer than 1 ms (its events then wait
 * in its own queue, delivered from timers), and a write to stdout on a loaded machine can take
 * that long. A paced subscriber's queued events are lost when `watch --once` unsubscribes right
 * after the load, so the callback is kept cheap, and `settled()` waits for a paced queue to drain
 * (the engine offers no drain signal, so it waits until no event has arrived for a while).
 */
import type { WbemEvent } from '../index.js';
import type { CliIo } from './cli-io.js';
import { eventJsonLine, formatEvent } from './format-event.js';

/** No event for this long: a paced subscriber's queue has drained. */
const QUIET_MS = 200;
/** `settled()` never waits longer than this. */
const SETTLE_LIMIT_MS = 3_000;

export interface EventPrinter {
  /** The `events$` callback. */
  readonly onEvent: (event: WbemEvent) => void;
  /** Resolves once events have stopped arriving for a while and every line is written. */
  settled(): Promise<void>;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A printer of one line (or one JSON object) per event on `io.out`. */
export function createEventPrinter(io: CliIo, json: boolean): EventPrinter {
  const pending: [WbemEvent, Date][] = [];
  let scheduled = false;
  let lastEventAt = 0;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const lines = pending
      .splice(0)
      .map(([event, at]) => (json ? eventJsonLine(event, at) : formatEvent(event, at)));
    io.out(lines.join(''));
  };
  return {
    onEvent(event) {
      lastEventAt = Date.now();
      pending.push([event, new Date(lastEventAt)]);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    async settled() {
      const started = Date.now();
      while (Date.now() - lastEventAt < QUIET_MS && Date.now() - started < SETTLE_LIMIT_MS) {
        await delay(QUIET_MS / 4);
      }
      flush();
    },
  };
}
