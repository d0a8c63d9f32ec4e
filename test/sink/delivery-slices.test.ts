/**
 * `EventPublisher` slices on a fake clock where each event costs what the test says, with a
 * manual scheduler: where a slice ends, when the next is scheduled, and re-entrant calls.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { EventPublisher } from '../../src/sink/event-publisher.js';

function event(name: string): WbemEvent {
  return { eventClass: '__ClassDeletionEvent', namespace: 'root', timeCreated: name };
}

interface Fixture {
  readonly publisher: EventPublisher;
  readonly log: string[];
  readonly pending: (() => void)[];
  /** Cost of each event by name, ms (0 when not listed). */
  readonly costs: Map<string, number>;
  /** Runs in the callback of the named event. */
  readonly hooks: Map<string, () => void>;
}

function fixture(sliceMs = 10): Fixture {
  let clock = 0;
  const f: Fixture = {
    log: [],
    pending: [],
    costs: new Map(),
    hooks: new Map(),
    publisher: new EventPublisher(
      (e) => {
        clock += f.costs.get(e.timeCreated) ?? 0;
        f.log.push(e.timeCreated);
        f.hooks.get(e.timeCreated)?.();
      },
      { sliceMs, now: () => clock, schedule: (next) => f.pending.push(next) },
    ),
  };
  return f;
}

function runPending(f: Fixture): void {
  const next = f.pending.shift();
  assert.ok(next, 'a slice was scheduled');
  next();
}

describe('EventPublisher slices', () => {
  it('ends a slice before an event when the longest event so far would not fit in what is left', () => {
    const f = fixture(10);
    f.costs.set('a1', 4);
    for (const name of ['a2', 'a3', 'a4', 'a5']) f.costs.set(name, 1);
    f.publisher.publish(['a1', 'a2', 'a3', 'a4', 'a5'].map(event), () => f.log.push('then a'));
    // a1 ends at 4 (longest 4); a2 at 5; a3 at 6 (6 + 4 = 10 still fits); a4 at 7 (7 + 4 > 10).
    assert.deepEqual(f.log, ['a1', 'a2', 'a3', 'a4']);
    assert.equal(f.pending.length, 1);
    runPending(f);
    assert.deepEqual(f.log, ['a1', 'a2', 'a3', 'a4', 'a5', 'then a']);
  });

  it('does not start the next burst when the longest event would not fit after a continuation', () => {
    const f = fixture(10);
    f.costs.set('a0', 20);
    f.costs.set('a1', 8);
    f.publisher.publish([event('a0'), event('a1')], () => f.log.push('then a'));
    f.publisher.publish([event('b1'), event('b2')], () => f.log.push('then b'));
    assert.deepEqual(f.log, ['a0']);
    // The next slice runs from 20 to 30: a1 ends at 28 and is its longest (8); 28 + 8 > 30.
    runPending(f);
    assert.deepEqual(f.log, ['a0', 'a1', 'then a']);
    runPending(f);
    assert.deepEqual(f.log, ['a0', 'a1', 'then a', 'b1', 'b2', 'then b']);
  });

  it('runs the continuation of an empty publish at once, even from inside another continuation', () => {
    const f = fixture();
    f.publisher.publish([event('a1')], () => {
      f.log.push('then a');
      f.publisher.publish([], () => f.log.push('then empty'));
      f.log.push('after');
    });
    assert.deepEqual(f.log, ['a1', 'then a', 'then empty', 'after']);
    assert.equal(f.publisher.pending, 0);
  });

  it('schedules a slice for the continuations after flushEvents only when bursts wait', () => {
    const f = fixture(10);
    f.publisher.flushEvents();
    assert.equal(f.pending.length, 0, 'nothing queued: nothing scheduled');
    f.costs.set('a1', 20);
    f.publisher.publish([event('a1'), event('a2'), event('a3')], () => f.log.push('then a'));
    assert.deepEqual(f.log, ['a1']);
    assert.equal(f.pending.length, 1, 'the rest of the burst waits for the next slice');
    f.publisher.flushEvents();
    assert.deepEqual(f.log, ['a1', 'a2', 'a3'], 'the events now, the continuation later');
    assert.equal(f.pending.length, 1);
    runPending(f);
    assert.deepEqual(f.log, ['a1', 'a2', 'a3', 'then a']);
  });

  it('a finish from inside a callback only delivers: the continuation runs once, after that callback', () => {
    const f = fixture(100);
    f.hooks.set('a1', () => {
      f.publisher.finish();
      f.log.push('finished');
    });
    f.publisher.publish([event('a1'), event('a2'), event('a3')], () => f.log.push('then a'));
    assert.deepEqual(f.log, ['a1', 'a2', 'a3', 'finished', 'then a']);
    assert.equal(f.publisher.pending, 0);
  });
});
