import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { EngineStreams } from '../../src/sink/engine-streams.js';

function event(n: number): WbemEvent {
  return { eventClass: '__ClassCreationEvent', namespace: 'root', timeCreated: String(n) };
}

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // synchronous work, as a slow consumer does
  }
}

/**
 * Resolves once `condition` holds. Paced delivery runs from timers whose spacing depends on how
 * long callbacks took, so the tests wait for what they expect rather than for a fixed time; the
 * deadline only turns a delivery that never comes into a failure instead of a hang.
 */
async function until(
  condition: () => boolean,
  what = 'the expected deliveries',
  deadlineMs = 10_000,
): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  while (!condition()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Where a test needs a subscriber to stay fast, the threshold is far above anything a trivial
 * callback takes even when the test process is preempted or collects garbage mid-callback (a
 * 1 ms threshold made such a callback look slow on a loaded machine); slow callbacks exceed it.
 */
const SLOW_MS = 20;

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('engine.events$ delivery', () => {
  it('delivers to a fast subscriber inline, in the publishing turn', () => {
    const streams = new EngineStreams({ queueLimit: 100, slowCallbackMs: SLOW_MS, maxShare: 0.5 });
    const seen: string[] = [];
    streams.events$.subscribe((e) => seen.push(e.timeCreated));
    streams.publishEvent(event(1));
    streams.publishEvent(event(2));
    assert.deepEqual(seen, ['1', '2']);
  });

  it('paces a subscriber that takes its time, in order, while a fast one beside it stays inline', async () => {
    const streams = new EngineStreams({ queueLimit: 100, slowCallbackMs: SLOW_MS, maxShare: 0.5 });
    const slow: string[] = [];
    const fast: string[] = [];
    streams.events$.subscribe((e) => {
      slow.push(e.timeCreated);
      busy(SLOW_MS + 5);
    });
    streams.events$.subscribe((e) => fast.push(e.timeCreated));
    for (let n = 1; n <= 10; n++) streams.publishEvent(event(n));
    // Publishing did not wait on the slow subscriber: of its ten slow callbacks only the first ran
    // inline (counted, not timed, so a preempted test process cannot fail it).
    assert.deepEqual(fast, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    assert.deepEqual(slow, ['1'], 'only the first event ran inline');
    await until(() => slow.length === 10, 'the paced deliveries');
    assert.deepEqual(slow, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('drops past the queue limit and reports the count with one __EventQueueOverflowEvent', async () => {
    const streams = new EngineStreams({ queueLimit: 5, slowCallbackMs: 1, maxShare: 0.5 });
    const seen: WbemEvent[] = [];
    streams.events$.subscribe((e) => {
      seen.push(e);
      busy(2);
    });
    for (let n = 1; n <= 20; n++) streams.publishEvent(event(n));
    // One inline, five queued: the queue has drained once the sixth has been delivered.
    await until(() => seen.some((e) => e.timeCreated === '6'), 'the queued events');
    const overflow = seen.filter((e) => e.eventClass === '__EventQueueOverflowEvent');
    assert.equal(overflow.length, 1);
    assert.equal(overflow[0]?.droppedEvents, 14);
    assert.deepEqual(
      seen.filter((e) => e.eventClass !== '__EventQueueOverflowEvent').map((e) => e.timeCreated),
      ['1', '2', '3', '4', '5', '6'],
    );
  });

  it('returns a subscriber to inline delivery once its queue drains and it is fast again', async () => {
    const streams = new EngineStreams({ queueLimit: 100, slowCallbackMs: SLOW_MS, maxShare: 0.5 });
    let slowNow = true;
    const seen: string[] = [];
    streams.events$.subscribe((e) => {
      seen.push(e.timeCreated);
      if (slowNow) busy(SLOW_MS + 5);
    });
    streams.publishEvent(event(1));
    slowNow = false;
    streams.publishEvent(event(2));
    assert.deepEqual(seen, ['1']);
    // The round that delivers '2' drains the queue and, the callback being fast now, ends pacing.
    await until(() => seen.length === 2, 'the queued event');
    streams.publishEvent(event(3));
    assert.deepEqual(seen, ['1', '2', '3']);
  });

  it('delivers what is queued, then completes, when the engine shuts down', () => {
    const streams = new EngineStreams({ queueLimit: 100, slowCallbackMs: 1, maxShare: 0.25 });
    const seen: string[] = [];
    let completed = false;
    streams.events$.subscribe({
      next: (e) => {
        seen.push(e.timeCreated);
        busy(2);
      },
      complete: () => {
        completed = true;
      },
    });
    for (let n = 1; n <= 3; n++) streams.publishEvent(event(n));
    streams.complete();
    assert.deepEqual(seen, ['1', '2', '3']);
    assert.equal(completed, true);
    let late = false;
    streams.events$.subscribe({ complete: () => (late = true) });
    assert.equal(late, true);
  });
});

describe('engine.events$ delivery: a subscriber that ends', () => {
  it('receives every event queued for it before it unsubscribes when flushEvents is called first', () => {
    const streams = new EngineStreams({ queueLimit: 100, slowCallbackMs: 1, maxShare: 0.2 });
    const seen: string[] = [];
    const subscription = streams.events$.subscribe((e) => {
      seen.push(e.timeCreated);
      busy(2);
    });
    for (let n = 1; n <= 5; n++) streams.publishEvent(event(n));
    assert.deepEqual(seen, ['1'], 'paced: the rest waits in its queue');
    streams.flushEvents();
    subscription.unsubscribe();
    assert.deepEqual(seen, ['1', '2', '3', '4', '5']);
  });

  it('delivers the overflow notice first when flushEvents drains a queue that dropped events', () => {
    const streams = new EngineStreams({ queueLimit: 2, slowCallbackMs: 1, maxShare: 0.2 });
    const seen: WbemEvent[] = [];
    const subscription = streams.events$.subscribe((e) => {
      seen.push(e);
      busy(2);
    });
    for (let n = 1; n <= 6; n++) streams.publishEvent(event(n));
    streams.flushEvents();
    subscription.unsubscribe();
    assert.deepEqual(
      seen.map((e) => e.droppedEvents ?? e.timeCreated),
      ['1', 3, '2', '3'],
    );
  });

  it('loses nothing it was sent when one subscriber unsubscribes after a flush while another stays paced', async () => {
    const streams = new EngineStreams({ queueLimit: 100, slowCallbackMs: 1, maxShare: 0.5 });
    const leaving: string[] = [];
    const staying: string[] = [];
    const first = streams.events$.subscribe((e) => {
      leaving.push(e.timeCreated);
      busy(2);
    });
    streams.events$.subscribe((e) => {
      staying.push(e.timeCreated);
      busy(2);
    });
    for (let n = 1; n <= 4; n++) streams.publishEvent(event(n));
    streams.flushEvents();
    first.unsubscribe();
    streams.publishEvent(event(5));
    await settle(100);
    assert.deepEqual(leaving, ['1', '2', '3', '4']);
    assert.deepEqual(staying, ['1', '2', '3', '4', '5']);
  });
});
