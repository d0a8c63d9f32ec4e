import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import {
  DEFAULT_EVENT_DELIVERY,
  EventDelivery,
  type EventDeliveryOptions,
  overflowEvent,
} from '../../src/sink/event-delivery.js';

/**
 * `EventDelivery` on a fake clock: `performance.now()` reads `clock.now`, which a callback advances
 * by the time it "takes", and timers run only when the test ticks them. Every figure below is
 * exact, so the tests pin boundaries without timing thresholds.
 */
const clock = { now: 1_000 };

/**
 * The fake clock for the tests of the calling suite. Hooks of a suite, not of the file: a file's
 * own hooks would reach every test of the process when several test files run in one (as
 * mutation testing runs them).
 */
function onFakeClock(): void {
  beforeEach(() => {
    clock.now = 1_000;
    mock.method(performance, 'now', () => clock.now);
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => {
    mock.timers.reset();
    mock.restoreAll();
  });
}

function event(n: number): WbemEvent {
  return { eventClass: '__ClassCreationEvent', namespace: 'root', timeCreated: String(n) };
}

interface Harness {
  readonly delivery: EventDelivery;
  /** What the subscriber saw: event numbers, `drop:<n>` for an overflow notice. */
  readonly seen: string[];
  completions: number;
  /** Time the next callbacks take, ms, in order; after the list, `cost`. */
  readonly costs: number[];
  cost: number;
}

function harness(options: Partial<EventDeliveryOptions> = {}): Harness {
  const h: Harness = {
    seen: [],
    completions: 0,
    costs: [],
    cost: 0,
    delivery: undefined as unknown as EventDelivery,
  };
  const full = { queueLimit: 100, slowCallbackMs: 1, maxShare: 0.5, ...options };
  (h as { delivery: EventDelivery }).delivery = new EventDelivery(
    {
      next: (e) => {
        h.seen.push(
          e.eventClass === '__EventQueueOverflowEvent' ? `drop:${e.droppedEvents}` : e.timeCreated,
        );
        clock.now += h.costs.shift() ?? h.cost;
      },
      complete: () => {
        h.completions += 1;
      },
    },
    full,
    overflowEvent,
  );
  return h;
}

/** Makes `h` paced: one inline callback that takes `cost` ms (over the 1 ms threshold). */
function pace(h: Harness, cost = 4): void {
  h.costs.push(cost);
  h.delivery.push(event(1));
  assert.deepEqual(h.seen, ['1']);
}

describe('EventDelivery: defaults', () => {
  onFakeClock();
  it('queues up to 1000 events, paces past a 1 ms callback, and gives a paced subscriber 20% of the thread', () => {
    assert.deepEqual(DEFAULT_EVENT_DELIVERY, {
      queueLimit: 1_000,
      slowCallbackMs: 1,
      maxShare: 0.2,
    });
  });
});

describe('EventDelivery: inline delivery and when pacing starts', () => {
  onFakeClock();
  it('stays inline when a callback takes exactly the slow threshold (only longer paces)', () => {
    const h = harness();
    h.costs.push(1);
    h.delivery.push(event(1));
    h.delivery.push(event(2));
    assert.deepEqual(h.seen, ['1', '2']);
    assert.equal(h.delivery.queued, 0);
  });

  it('paces after a callback longer than the threshold: the next event waits in the queue', () => {
    const h = harness();
    pace(h);
    h.delivery.push(event(2));
    assert.deepEqual(h.seen, ['1']);
    assert.equal(h.delivery.queued, 1);
  });

  it('does not time an untimed push, so a slow callback there does not pace', () => {
    const h = harness();
    h.costs.push(50);
    h.delivery.push(event(1), false);
    h.delivery.push(event(2));
    assert.deepEqual(h.seen, ['1', '2']);
  });
});

describe('EventDelivery: paced rounds', () => {
  onFakeClock();
  it('spaces rounds by last cost × (1 − share) / share', () => {
    const h = harness({ maxShare: 0.5 });
    pace(h, 4);
    h.delivery.push(event(2));
    mock.timers.tick(3);
    assert.deepEqual(h.seen, ['1'], 'the round waits 4 × 0.5 / 0.5 = 4 ms');
    mock.timers.tick(1);
    assert.deepEqual(h.seen, ['1', '2']);
  });

  it('runs one round at a time however many events wait', () => {
    const h = harness({ maxShare: 0.5 });
    pace(h, 4);
    h.cost = 2; // every round stops after one event, and the next waits 2 ms
    for (let n = 2; n <= 4; n++) h.delivery.push(event(n));
    mock.timers.tick(4);
    assert.deepEqual(h.seen, ['1', '2']);
    mock.timers.tick(2);
    assert.deepEqual(h.seen, ['1', '2', '3']);
    mock.timers.tick(2);
    assert.deepEqual(h.seen, ['1', '2', '3', '4']);
  });

  it('delivers in one round until the round has used more than the slow threshold', () => {
    const h = harness({ slowCallbackMs: 1, maxShare: 0.5 });
    pace(h, 4);
    h.cost = 0.5;
    for (let n = 2; n <= 6; n++) h.delivery.push(event(n));
    // 0.5, 1.0 (not yet over 1 ms), 1.5 (over): three events in the first round.
    mock.timers.tick(4);
    assert.deepEqual(h.seen, ['1', '2', '3', '4']);
    assert.equal(h.delivery.queued, 2);
    // The next round waits 1.5 × 0.5 / 0.5 = 1.5 ms.
    mock.timers.tick(1);
    assert.deepEqual(h.seen, ['1', '2', '3', '4']);
    mock.timers.tick(1);
    assert.deepEqual(h.seen, ['1', '2', '3', '4', '5', '6']);
    assert.equal(h.delivery.queued, 0);
  });

  it('returns to inline delivery after a round that drained the queue in exactly the threshold', () => {
    const h = harness();
    pace(h, 4);
    h.costs.push(1);
    h.delivery.push(event(2));
    mock.timers.tick(4);
    assert.deepEqual(h.seen, ['1', '2']);
    h.delivery.push(event(3));
    assert.deepEqual(h.seen, ['1', '2', '3']);
  });

  it('stays paced after a round that drained the queue but was slow', () => {
    const h = harness();
    pace(h, 4);
    h.costs.push(3);
    h.delivery.push(event(2));
    mock.timers.tick(4);
    assert.deepEqual(h.seen, ['1', '2']);
    h.delivery.push(event(3));
    assert.deepEqual(h.seen, ['1', '2']);
    assert.equal(h.delivery.queued, 1);
    mock.timers.tick(3);
    assert.deepEqual(h.seen, ['1', '2', '3']);
  });

  it('leaves an empty queue after a round that drained it, so a later pacing delivers only new events', () => {
    const h = harness();
    pace(h, 4);
    h.delivery.push(event(2));
    mock.timers.tick(4);
    assert.equal(h.delivery.queued, 0);
    h.costs.push(4);
    h.delivery.push(event(3));
    h.delivery.push(event(4));
    mock.timers.tick(4);
    assert.deepEqual(h.seen, ['1', '2', '3', '4']);
  });
});

describe('EventDelivery: the queue limit and the overflow notice', () => {
  onFakeClock();
  it('counts the queue from what a round has not delivered yet, not from its start', () => {
    const h = harness({ queueLimit: 3 });
    pace(h, 4);
    for (let n = 2; n <= 4; n++) h.delivery.push(event(n));
    h.costs.push(2); // the round stops after '2': two still wait
    mock.timers.tick(4);
    assert.deepEqual(h.seen, ['1', '2']);
    assert.equal(h.delivery.queued, 2);
    h.delivery.push(event(5));
    assert.equal(h.delivery.queued, 3);
    assert.equal(h.delivery.dropped, 0);
    h.delivery.push(event(6));
    assert.equal(h.delivery.dropped, 1);
  });

  it('reports in each overflow notice the events lost in that run of drops only', () => {
    const h = harness({ queueLimit: 1 });
    pace(h, 4);
    h.delivery.push(event(2));
    h.delivery.push(event(3));
    h.delivery.push(event(4));
    h.costs.push(4); // the notice
    mock.timers.tick(4);
    assert.deepEqual(h.seen, ['1', 'drop:2', '2']);
    h.delivery.push(event(5));
    h.delivery.push(event(6));
    h.delivery.drain();
    assert.deepEqual(h.seen, ['1', 'drop:2', '2', 'drop:1', '5']);
    assert.equal(h.delivery.dropped, 3, 'dropped counts every event lost so far');
  });
});

describe('EventDelivery: drain, complete and close', () => {
  onFakeClock();
  it('drain cancels the pending round: the subscriber stays paced and new events wait a full spacing', () => {
    const h = harness({ maxShare: 0.5 });
    pace(h, 4);
    h.delivery.push(event(2));
    mock.timers.tick(2);
    h.delivery.drain();
    assert.deepEqual(h.seen, ['1', '2']);
    h.delivery.push(event(3));
    mock.timers.tick(2);
    assert.deepEqual(h.seen, ['1', '2'], 'the cancelled round does not run');
    mock.timers.tick(2);
    assert.deepEqual(h.seen, ['1', '2', '3']);
  });

  it('complete completes the subscriber once, however often it is called', () => {
    const h = harness();
    pace(h);
    h.delivery.push(event(2));
    h.delivery.complete();
    h.delivery.complete();
    assert.deepEqual(h.seen, ['1', '2']);
    assert.equal(h.completions, 1);
  });

  it('close stops delivery: later pushes, drains and rounds deliver nothing, not even an overflow notice', () => {
    const h = harness({ queueLimit: 1 });
    pace(h);
    h.delivery.push(event(2));
    h.delivery.push(event(3)); // dropped: a round after close would tell of it
    h.delivery.close();
    assert.equal(h.delivery.queued, 0);
    h.delivery.push(event(4));
    h.delivery.drain();
    h.delivery.complete();
    mock.timers.tick(100);
    assert.deepEqual(h.seen, ['1']);
    assert.equal(h.completions, 0);
  });

  it('close of an inline subscriber stops delivery too', () => {
    const h = harness();
    h.delivery.close();
    h.delivery.push(event(1));
    h.delivery.push(event(2), false);
    assert.deepEqual(h.seen, []);
  });
});
