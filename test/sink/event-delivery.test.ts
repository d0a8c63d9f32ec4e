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

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `done()` holds, at most `ms` (a loaded machine delays the pacing timers). */
async function until(done: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await settle(10);
}

describe('engine.events$ delivery', () => {
  it('delivers to a fast subscriber inline, in the publishing turn', () => {
    const streams = new EngineStreams();
    const seen: string[] = [];
    streams.events$.subscribe((e) => seen.push(e.timeCreated));
    streams.publishEvent(event(1));
    streams.publishEvent(event(2));
    assert.deepEqual(seen, ['1', '2']);
  });

  it('paces a subscriber that takes its time, in order, while a fast one beside it stays inline', async () => {
    const streams = new EngineStreams({ queueLimit: 100, slowCallbackMs: 1, maxShare: 0.5 });
    const slow: string[] = [];
    const fast: string[] = [];
    streams.events$.subscribe((e) => {
      slow.push(e.timeCreated);
      busy(3);
    });
    streams.events$.subscribe((e) => fast.push(e.timeCreated));
    const start = performance.now();
    for (let n = 1; n <= 10; n++) streams.publishEvent(event(n));
    const publishMs = performance.now() - start;
    assert.deepEqual(fast, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    assert.deepEqual(slow, ['1'], 'only the first event ran inline');
    assert.ok(
      publishMs < 15,
      `publishing waited on the slow subscriber (${publishMs.toFixed(1)} ms)`,
    );
    await until(() => slow.length === 10);
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
    await settle(200);
    const overflow = seen.filter((e) => e.eventClass === '__EventQueueOverflowEvent');
    assert.equal(overflow.length, 1);
    assert.equal(overflow[0]?.droppedEvents, 14);
    assert.deepEqual(
      seen.filter((e) => e.eventClass !== '__EventQueueOverflowEvent').map((e) => e.timeCreated),
      ['1', '2', '3', '4', '5', '6'],
    );
  });

  it('returns a subscriber to inline delivery once its queue drains and it is fast again', async () => {
    const streams = new EngineStreams({ queueLimit: 100, slowCallbackMs: 1, maxShare: 0.5 });
    let slowNow = true;
    const seen: string[] = [];
    streams.events$.subscribe((e) => {
      seen.push(e.timeCreated);
      if (slowNow) busy(3);
    });
    streams.publishEvent(event(1));
    slowNow = false;
    streams.publishEvent(event(2));
    assert.deepEqual(seen, ['1']);
    await settle(100);
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
