import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import {
  type Notification,
  NotificationHub,
  type NotificationSubscriber,
} from '../../src/sink/notification-hub.js';
import { compileEventQuery } from '../../src/wql/event-filter.js';

/**
 * The hub and its subscriptions on a fake clock: `performance.now()` (which times callbacks and
 * dispatches) reads `clock.now`, which a callback advances by the time it "takes"; the hub's own
 * clock (GROUP WITHIN windows) is `clock.wall`; timers run only when the test ticks them.
 */
const clock = { now: 1_000, wall: 0 };

/**
 * The fake clock for the tests of the calling suite. Hooks of a suite, not of the file: a file's
 * own hooks would reach every test of the process when several test files run in one (as
 * mutation testing runs them).
 */
function onFakeClock(): void {
  beforeEach(() => {
    clock.now = 1_000;
    clock.wall = 0;
    mock.method(performance, 'now', () => clock.now);
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => {
    mock.timers.reset();
    mock.restoreAll();
  });
}

function created(n: number, namespace = 'root/a'): WbemEvent {
  return {
    eventClass: '__InstanceCreationEvent',
    namespace,
    timeCreated: String(n),
    targetInstance: cimInstance('Foo', { Id: n }),
  };
}

interface Recorder {
  /** Event times, `aggregate:<count>` for an `__AggregateEvent`, `drop:<n>` for an overflow notice. */
  readonly seen: string[];
  completed: number;
  /** Time the next callbacks take, ms, in order; after the list, none. */
  readonly costs: number[];
  readonly subscriber: NotificationSubscriber;
}

function label(n: Notification): string {
  if (n.eventClass === '__AggregateEvent') return `aggregate:${n.numberOfEvents}`;
  if (n.eventClass === '__EventQueueOverflowEvent')
    return `drop:${n.droppedEvents}@${n.timeCreated}`;
  return n.timeCreated;
}

function recorder(
  query = 'SELECT * FROM __InstanceCreationEvent',
  extra: Partial<NotificationSubscriber> = {},
): Recorder {
  const r: Recorder = {
    seen: [],
    completed: 0,
    costs: [],
    subscriber: {
      namespace: 'root/a',
      filter: compileEventQuery(query),
      allowed: () => true,
      target: {
        next: (n) => {
          r.seen.push(label(n));
          clock.now += r.costs.shift() ?? 0;
        },
        complete: () => {
          r.completed += 1;
        },
      },
      ...extra,
    },
  };
  return r;
}

const OPTIONS = { queueLimit: 3, slowCallbackMs: 1, maxShare: 0.5 };
const WATCH = 'SELECT * FROM __NamespaceCreationEvent';

describe('NotificationSubscription', () => {
  onFakeClock();
  it('is no longer open once closed or ended', () => {
    const hub = new NotificationHub(OPTIONS);
    const a = hub.open(recorder().subscriber);
    const b = hub.open(recorder().subscriber);
    assert.equal(a.open, true);
    a.close();
    b.end();
    assert.equal(a.open, false);
    assert.equal(b.open, false);
    assert.equal(hub.size, 0);
  });

  it('holds at most queueLimit events before its release, the first ones, in order', () => {
    const hub = new NotificationHub(OPTIONS);
    const r = recorder();
    const subscription = hub.open(r.subscriber);
    for (let n = 1; n <= 5; n++) hub.publish(created(n));
    subscription.release();
    assert.deepEqual(r.seen, ['drop:2@4', '1', '2', '3']);
  });

  it('tells the drops of its hold once, and none when nothing was dropped', () => {
    const hub = new NotificationHub(OPTIONS);
    const r = recorder();
    const subscription = hub.open(r.subscriber);
    for (let n = 1; n <= 3; n++) hub.publish(created(n));
    subscription.release();
    for (let n = 4; n <= 5; n++) hub.publish(created(n));
    assert.deepEqual(r.seen, ['1', '2', '3', '4', '5']);
  });

  it('delivers nothing more on a second release, and exposes its target, filter and owner', () => {
    const hub = new NotificationHub(OPTIONS);
    const owner = {};
    const r = recorder('SELECT * FROM __InstanceCreationEvent', { owner });
    const subscription = hub.open(r.subscriber);
    hub.publish(created(1));
    subscription.release();
    subscription.release();
    assert.deepEqual(r.seen, ['1']);
    assert.equal(subscription.target, r.subscriber.target);
    assert.equal(subscription.filter, r.subscriber.filter);
    assert.equal(subscription.owner, owner);
  });

  it('holds at most queueLimit aggregates before its release', () => {
    const hub = new NotificationHub(OPTIONS, () => clock.wall);
    const r = recorder('SELECT * FROM __InstanceCreationEvent GROUP WITHIN 1 BY TargetInstance.Id');
    const subscription = hub.open(r.subscriber);
    for (let n = 1; n <= 5; n++) hub.publish(created(n));
    clock.wall = 1_000;
    mock.timers.tick(1_000);
    subscription.release();
    assert.deepEqual(r.seen, ['drop:2@4', 'aggregate:1', 'aggregate:1', 'aggregate:1']);
  });

  it('delivers an event handed to accept after its release', () => {
    const hub = new NotificationHub(OPTIONS);
    const r = recorder();
    const subscription = hub.open(r.subscriber);
    subscription.release();
    subscription.accept(created(1));
    assert.deepEqual(r.seen, ['1']);
  });

  it('delivers a GROUP WITHIN aggregate when its window ends, on the hub clock', () => {
    clock.wall = 10_000;
    const hub = new NotificationHub(OPTIONS, () => clock.wall);
    const r = recorder('SELECT * FROM __InstanceCreationEvent GROUP WITHIN 5');
    hub.open(r.subscriber).release();
    hub.publish(created(1));
    clock.wall = 12_000;
    hub.publish(created(2));
    mock.timers.tick(4_999);
    assert.deepEqual(r.seen, []);
    clock.wall = 15_000;
    mock.timers.tick(1);
    assert.deepEqual(r.seen, ['aggregate:2']);
  });

  it('holds an aggregate whose window ends before the query is released', () => {
    const hub = new NotificationHub(OPTIONS, () => clock.wall);
    const r = recorder('SELECT * FROM __InstanceCreationEvent GROUP WITHIN 1');
    const subscription = hub.open(r.subscriber);
    hub.publish(created(1));
    clock.wall = 1_000;
    mock.timers.tick(1_000);
    assert.deepEqual(r.seen, []);
    subscription.release();
    assert.deepEqual(r.seen, ['aggregate:1']);
  });

  it('tells of dropped aggregates with the time of the first dropped window’s first event', () => {
    const hub = new NotificationHub({ ...OPTIONS, queueLimit: 1 }, () => clock.wall);
    const r = recorder('SELECT * FROM __InstanceCreationEvent GROUP WITHIN 1 BY TargetInstance.Id');
    hub.open(r.subscriber).release();
    for (let n = 1; n <= 4; n++) hub.publish(created(n));
    r.costs.push(4); // the first aggregate is slow: the others are paced, one waits, two drop
    clock.wall = 1_000;
    mock.timers.tick(1_000);
    assert.deepEqual(r.seen, ['aggregate:1']);
    mock.timers.tick(4);
    assert.deepEqual(r.seen, ['aggregate:1', 'drop:2@3', 'aggregate:1']);
  });
});

describe('NotificationHub', () => {
  onFakeClock();
  it('asks the right once per event for all subscriptions sharing a rights key', () => {
    const hub = new NotificationHub(OPTIONS);
    let asked = 0;
    const allowed = (): boolean => {
      asked += 1;
      return true;
    };
    const a = recorder('SELECT * FROM __InstanceCreationEvent', { rightsKey: 'p', allowed });
    const b = recorder('SELECT * FROM __InstanceCreationEvent', {
      rightsKey: 'p',
      allowed: () => allowed(),
    });
    hub.open(a.subscriber).release();
    hub.open(b.subscriber).release();
    hub.publish(created(1));
    assert.equal(asked, 1);
    assert.deepEqual([a.seen, b.seen], [['1'], ['1']]);
  });

  it('times the callbacks of an event only after a dispatch that took longer than one slow callback', () => {
    const hub = new NotificationHub(OPTIONS);
    const r = recorder();
    hub.open(r.subscriber).release();
    // 1: timed (nothing ran yet), takes exactly 1 ms: not slow, and the next goes untimed.
    // 2: untimed, takes 5 ms: delivered inline, and the dispatch turns timing back on.
    // 3: timed, takes 5 ms: the subscriber is paced, so 4 waits in its queue.
    r.costs.push(1, 5, 5);
    for (let n = 1; n <= 4; n++) hub.publish(created(n));
    assert.deepEqual(r.seen, ['1', '2', '3']);
  });

  it('lists the open subscriptions of an owner', () => {
    const hub = new NotificationHub(OPTIONS);
    const owner = {};
    const mine = hub.open(recorder('SELECT * FROM __InstanceCreationEvent', { owner }).subscriber);
    hub.open(recorder().subscriber);
    const closed = hub.open(
      recorder('SELECT * FROM __InstanceCreationEvent', { owner }).subscriber,
    );
    closed.close();
    assert.deepEqual(hub.ownedBy(owner), [mine]);
    assert.deepEqual(hub.ownedBy({}), []);
  });

  it('drain hands every paced subscriber its queue at once', () => {
    const hub = new NotificationHub(OPTIONS);
    const r = recorder();
    hub.open(r.subscriber).release();
    r.costs.push(5);
    for (let n = 1; n <= 3; n++) hub.publish(created(n));
    assert.deepEqual(r.seen, ['1']);
    hub.drain();
    assert.deepEqual(r.seen, ['1', '2', '3']);
    assert.equal(r.completed, 0);
  });

  it('complete delivers what is queued, then completes every subscription', () => {
    const hub = new NotificationHub(OPTIONS);
    const a = recorder();
    const b = recorder();
    hub.open(a.subscriber).release();
    hub.open(b.subscriber);
    a.costs.push(5);
    hub.publish(created(1));
    hub.publish(created(2));
    hub.complete();
    assert.deepEqual(a.seen, ['1', '2']);
    assert.deepEqual([a.completed, b.completed], [1, 1]);
    assert.equal(hub.size, 0);
  });
});

describe('NotificationHub.covers after subscriptions close', () => {
  onFakeClock();
  it('stops covering a namespace whose last subscription closed while others stay open', () => {
    const hub = new NotificationHub(OPTIONS);
    const a = hub.open(recorder().subscriber);
    hub.open(recorder('SELECT * FROM __InstanceCreationEvent', { namespace: 'root/b' }).subscriber);
    a.close();
    assert.equal(hub.covers('root/a'), false);
    assert.equal(hub.covers('root/b'), true);
  });

  it('stops covering child namespaces when the last namespace watcher closes', () => {
    const hub = new NotificationHub(OPTIONS);
    const watcher = hub.open(recorder(WATCH).subscriber);
    hub.open(recorder('SELECT * FROM __InstanceCreationEvent', { namespace: 'root/b' }).subscriber);
    assert.equal(hub.covers('root/a/child'), true);
    watcher.close();
    assert.equal(hub.covers('root/a/child'), false);
  });

  it('counts namespace watchers: children stay covered until the last one closes', () => {
    const hub = new NotificationHub(OPTIONS);
    const first = hub.open(recorder(WATCH).subscriber);
    const second = hub.open(recorder(WATCH).subscriber);
    const plain = hub.open(recorder().subscriber);
    hub.open(recorder('SELECT * FROM __InstanceCreationEvent', { namespace: 'root/b' }).subscriber);
    plain.close();
    first.close();
    assert.equal(hub.covers('root/a/child'), true);
    second.close();
    assert.equal(hub.covers('root/a/child'), false);
  });

  it('covers child namespaces for a query whose FROM includes namespace events among others', () => {
    const hub = new NotificationHub(OPTIONS);
    hub.open(recorder('SELECT * FROM __Event').subscriber);
    assert.equal(hub.covers('root/a/child'), true);
    assert.equal(hub.covers('root/b/child'), false);
  });
});
