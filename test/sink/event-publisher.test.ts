/**
 * `EventPublisher`: the events of host replies published in raise order, a burst in time-boxed
 * slices, each reply's continuation after its own last event. A fake clock makes every event
 * cost one "millisecond", so slice boundaries fall where the test says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { EngineStreams } from '../../src/sink/engine-streams.js';
import { EventPublisher } from '../../src/sink/event-publisher.js';

function event(n: number): WbemEvent {
  return { eventClass: '__ClassDeletionEvent', namespace: 'root', timeCreated: String(n) };
}

function events(from: number, count: number): WbemEvent[] {
  return Array.from({ length: count }, (_, i) => event(from + i));
}

/** A publisher on a fake clock (one tick per delivery) with a manual scheduler. */
function fixture(sliceMs: number) {
  const log: string[] = [];
  const pending: (() => void)[] = [];
  let clock = 0;
  const publisher = new EventPublisher(
    (e) => {
      clock += 1;
      log.push(e.timeCreated);
    },
    { sliceMs, now: () => clock, schedule: (next) => pending.push(next) },
  );
  const runNextSlice = (): boolean => {
    const next = pending.shift();
    if (next === undefined) return false;
    log.push('|');
    next();
    return true;
  };
  return { log, publisher, runNextSlice, pending };
}

describe('EventPublisher', () => {
  it('publishes a burst in raise order across slices, then runs its continuation', () => {
    const { log, publisher, runNextSlice } = fixture(3);
    publisher.publish(events(1, 7), () => log.push('done'));
    assert.deepEqual(log, ['1', '2', '3'], 'the first slice runs inside the call');
    while (runNextSlice());
    assert.deepEqual(log, ['1', '2', '3', '|', '4', '5', '6', '|', '7', 'done']);
    assert.equal(publisher.pending, 0);
  });

  it('keeps later bursts and continuations behind a burst still being published', () => {
    const { log, publisher, runNextSlice } = fixture(2);
    publisher.publish(events(1, 3), () => log.push('a'));
    publisher.publish([], () => log.push('b'));
    publisher.publish(events(4, 2), () => log.push('c'));
    assert.deepEqual(log, ['1', '2'], 'nothing overtakes the first burst');
    while (runNextSlice());
    assert.deepEqual(log, ['1', '2', '|', '3', 'a', 'b', '4', '|', '5', 'c']);
  });

  it('runs a continuation at once when it carries no events and nothing waits', () => {
    const { log, publisher, pending } = fixture(2);
    publisher.publish([], () => log.push('now'));
    assert.deepEqual(log, ['now']);
    assert.equal(pending.length, 0);
  });

  it('delivers every queued event on flushEvents and leaves the continuations to the next slice', () => {
    const { log, publisher, runNextSlice } = fixture(1);
    publisher.publish(events(1, 4), () => log.push('a'));
    publisher.publish(events(5, 1), () => log.push('b'));
    publisher.flushEvents();
    assert.deepEqual(log, ['1', '2', '3', '4', '5']);
    while (runNextSlice());
    assert.deepEqual(log, ['1', '2', '3', '4', '5', '|', 'a', 'b']);
  });

  it('publishes everything and runs every continuation on finish', () => {
    const { log, publisher } = fixture(1);
    publisher.publish(events(1, 3), () => log.push('a'));
    publisher.publish(events(4, 1), () => log.push('b'));
    publisher.finish();
    assert.deepEqual(log, ['1', '2', '3', 'a', '4', 'b']);
    assert.equal(publisher.pending, 0);
  });

  it('ends a slice early when its longest event would not fit in what is left of it', () => {
    const log: string[] = [];
    const pending: (() => void)[] = [];
    // Event 1 costs 3 ticks (cold code), the others 1: in a 5-tick slice, after event 1 at tick
    // 3 another event as long would end at 6, past the slice.
    const cost = new Map([['1', 3]]);
    let clock = 0;
    const publisher = new EventPublisher(
      (e) => {
        clock += cost.get(e.timeCreated) ?? 1;
        log.push(e.timeCreated);
      },
      { sliceMs: 5, now: () => clock, schedule: (next) => pending.push(next) },
    );
    publisher.publish(events(1, 6), () => log.push('done'));
    assert.deepEqual(log, ['1']);
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      log.push('|');
      next();
    }
    assert.deepEqual(log, ['1', '|', '2', '3', '4', '5', '6', 'done']);
  });

  it('goes on in the next slice when a subscriber callback throws', () => {
    const pending: (() => void)[] = [];
    const seen: string[] = [];
    const publisher = new EventPublisher(
      (e) => {
        seen.push(e.timeCreated);
        if (e.timeCreated === '2') throw new Error('subscriber bug');
      },
      { sliceMs: 100, now: () => 0, schedule: (next) => pending.push(next) },
    );
    let done = false;
    assert.throws(
      () =>
        publisher.publish(events(1, 3), () => {
          done = true;
        }),
      /subscriber bug/,
    );
    assert.equal(pending.length, 1);
    pending.shift()?.();
    assert.deepEqual(seen, ['1', '2', '3']);
    assert.equal(done, true);
  });
});

describe('EngineStreams.publishEvents', () => {
  it('delivers a large burst to events$ in raise order over several event-loop turns', async () => {
    const streams = new EngineStreams(
      { queueLimit: 10_000, slowCallbackMs: 1_000, maxShare: 0.5 },
      { sliceMs: 0.05 },
    );
    const seen: string[] = [];
    let turns = 0;
    const sub = streams.events$.subscribe((e) => seen.push(e.timeCreated));
    const ticking = setInterval(() => {
      turns += 1;
    }, 0);
    const burst = events(0, 20_000);
    await new Promise<void>((resolve) => streams.publishEvents(burst, resolve));
    clearInterval(ticking);
    sub.unsubscribe();
    assert.deepEqual(
      seen,
      burst.map((e) => e.timeCreated),
    );
    assert.ok(turns > 0, 'timers ran between the slices');
  });
});
