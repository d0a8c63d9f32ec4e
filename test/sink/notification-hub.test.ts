import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { EngineStreams } from '../../src/sink/engine-streams.js';
import type { Notification, NotificationSubscriber } from '../../src/sink/notification-hub.js';
import { NotificationHub } from '../../src/sink/notification-hub.js';
import { compileEventQuery } from '../../src/wql/event-filter.js';

function created(n: number, className = 'Foo', namespace = 'root/a'): WbemEvent {
  const instance = cimInstance(className, { Id: n });
  return {
    eventClass: '__InstanceCreationEvent',
    namespace,
    timeCreated: String(n),
    targetInstance: {
      ...instance,
      systemProperties: {
        __GENUS: 2,
        __CLASS: className,
        __SUPERCLASS: 'Base',
        __DYNASTY: 'Base',
        __DERIVATION: ['Base'],
        __PROPERTY_COUNT: 1,
        __RELPATH: `${className}.Id=${n}`,
        __PATH: null,
        __NAMESPACE: null,
        __SERVER: null,
      },
    },
  };
}

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a slow consumer
  }
}

interface Recorder {
  readonly seen: Notification[];
  completed: boolean;
  readonly subscriber: NotificationSubscriber;
}

function recorder(
  query: string,
  options: { namespace?: string; allowed?: () => boolean; slowMs?: number } = {},
): Recorder {
  const seen: Notification[] = [];
  const r: Recorder = {
    seen,
    completed: false,
    subscriber: {
      namespace: options.namespace ?? 'root/a',
      filter: compileEventQuery(query),
      allowed: options.allowed ?? (() => true),
      target: {
        next: (n) => {
          seen.push(n);
          if (options.slowMs !== undefined) busy(options.slowMs);
        },
        complete: () => {
          r.completed = true;
        },
      },
    },
  };
  return r;
}

const OPTIONS = { queueLimit: 3, slowCallbackMs: 1, maxShare: 0.5 };
// For the cases about what is delivered, not when: on a loaded machine a callback that only
// records can be preempted past 1 ms, and its subscriber would be paced onto a queue.
const UNPACED = { ...OPTIONS, slowCallbackMs: 1_000 };
const times = (seen: readonly Notification[]) =>
  seen.map((n) =>
    n.eventClass === '__AggregateEvent' ? 'aggregate' : (n.droppedEvents ?? n.timeCreated),
  );

describe('NotificationHub', () => {
  it('holds events until the query is released, and delivers only those of its namespace that match', () => {
    const hub = new NotificationHub(UNPACED);
    const r = recorder("SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Base'");
    const subscription = hub.open(r.subscriber);
    hub.publish(created(1));
    hub.publish(created(2, 'Foo', 'root/b'));
    assert.deepEqual(r.seen, []);
    subscription.release();
    hub.publish(created(3, 'Other'));
    assert.deepEqual(times(r.seen), ['1', '3']);
  });

  it('delivers nothing more when a released subscription closes, or when its target closes it in a callback', () => {
    const hub = new NotificationHub(UNPACED);
    const query = "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Base'";
    const a = recorder(query);
    const sa = hub.open(a.subscriber);
    sa.release();
    const seenB: string[] = [];
    const sb = hub.open({
      ...recorder(query).subscriber,
      target: {
        next: (n) => {
          seenB.push(n.eventClass === '__AggregateEvent' ? 'aggregate' : n.timeCreated);
          sb.close();
        },
        complete: () => undefined,
      },
    });
    sb.release();
    hub.publish(created(1));
    sa.close();
    hub.publish(created(2));
    assert.deepEqual(times(a.seen), ['1']);
    assert.deepEqual(seenB, ['1']);
  });

  it('delivers each event of a publish made from inside a callback, and the outer event to the rest', () => {
    const hub = new NotificationHub(UNPACED);
    const query = 'SELECT * FROM __InstanceCreationEvent';
    const inner = created(9);
    const first: string[] = [];
    // The first subscription publishes another event from its callback, once; every other
    // subscription must still get the outer event after the inner one went through.
    hub
      .open({
        ...recorder(query, { allowed: () => true }).subscriber,
        rightsKey: 'p',
        target: {
          next: (n) => {
            const time = n.eventClass === '__AggregateEvent' ? 'aggregate' : n.timeCreated;
            first.push(time);
            if (time === '1') hub.publish(inner);
          },
          complete: () => undefined,
        },
      })
      .release();
    const others = [recorder(query), recorder(query)];
    for (const r of others) hub.open({ ...r.subscriber, rightsKey: 'p' }).release();
    hub.publish(created(1));
    assert.deepEqual(first, ['1', '9']);
    for (const r of others) assert.deepEqual(times(r.seen).sort(), ['1', '9']);
  });

  it('skips events while the principal is not allowed, re-asking on each delivery', () => {
    const hub = new NotificationHub(UNPACED);
    let allowed = true;
    const r = recorder('SELECT * FROM __InstanceCreationEvent', { allowed: () => allowed });
    hub.open(r.subscriber).release();
    hub.publish(created(1));
    allowed = false;
    hub.publish(created(2));
    allowed = true;
    hub.publish(created(3));
    assert.deepEqual(times(r.seen), ['1', '3']);
  });

  it('paces a slow subscriber on its own queue and tells it what it lost with __EventQueueOverflowEvent', async () => {
    const hub = new NotificationHub(OPTIONS);
    const slow = recorder('SELECT * FROM __InstanceCreationEvent', { slowMs: 2 });
    const fast = recorder('SELECT * FROM __InstanceCreationEvent');
    hub.open(slow.subscriber).release();
    hub.open(fast.subscriber).release();
    for (let n = 1; n <= 8; n++) hub.publish(created(n));
    assert.equal(fast.seen.length, 8);
    assert.deepEqual(times(slow.seen), ['1']);
    const end = Date.now() + 3_000;
    while (slow.seen.length < 5 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(times(slow.seen), ['1', 4, '2', '3', '4']);
  });

  it('goes back to inline delivery, in order, when a paced subscriber is fast again', async () => {
    const hub = new NotificationHub({ queueLimit: 10, slowCallbackMs: 20, maxShare: 0.5 });
    const seen: string[] = [];
    const r = recorder('SELECT * FROM __InstanceCreationEvent');
    const slowTimes = new Set(['1', '2']);
    hub
      .open({
        ...r.subscriber,
        target: {
          next: (n) => {
            const time = n.eventClass === '__AggregateEvent' ? 'aggregate' : n.timeCreated;
            seen.push(time);
            if (slowTimes.has(time)) busy(30);
          },
          complete: () => undefined,
        },
      })
      .release();
    for (let n = 1; n <= 3; n++) hub.publish(created(n));
    assert.deepEqual(seen, ['1'], 'paced after its first slow callback');
    const end = Date.now() + 3_000;
    while (seen.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(seen, ['1', '2', '3']);
    hub.publish(created(4));
    hub.publish(created(5));
    assert.deepEqual(seen, ['1', '2', '3', '4', '5'], 'inline again: seen within publish');
  });

  it('delivers what is queued before it completes when the subscription ends cleanly', () => {
    const hub = new NotificationHub(OPTIONS);
    const slow = recorder('SELECT * FROM __InstanceCreationEvent', { slowMs: 2 });
    const subscription = hub.open(slow.subscriber);
    subscription.release();
    for (let n = 1; n <= 3; n++) hub.publish(created(n));
    subscription.end();
    assert.deepEqual(times(slow.seen), ['1', '2', '3']);
    assert.equal(slow.completed, true);
    assert.equal(hub.size, 0);
    hub.publish(created(4));
    assert.equal(slow.seen.length, 3);
  });

  it('aggregates GROUP WITHIN windows on its clock and delivers them when the window ends', async () => {
    let now = 0;
    const hub = new NotificationHub(OPTIONS, () => now);
    const r = recorder('SELECT * FROM __InstanceCreationEvent GROUP WITHIN 0.05');
    hub.open(r.subscriber).release();
    hub.publish(created(1));
    hub.publish(created(2));
    now = 50;
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(r.seen.length, 1);
    const aggregate = r.seen[0];
    assert.ok(aggregate?.eventClass === '__AggregateEvent');
    assert.equal(aggregate.numberOfEvents, 2);
    assert.equal(aggregate.representative.timeCreated, '1');
  });
});

describe('NotificationHub.covers (which calls ship their events)', () => {
  it('covers only the namespace of an open subscription, in any case, until it closes', () => {
    const hub = new NotificationHub(UNPACED);
    assert.equal(hub.covers('root/a'), false);
    const subscription = hub.open(recorder('SELECT * FROM __InstanceCreationEvent').subscriber);
    assert.equal(hub.covers('root/a'), true, 'held subscriptions count: they deliver later');
    assert.equal(hub.covers('ROOT/A'), true);
    assert.equal(hub.covers('root/b'), false);
    assert.equal(hub.covers('root'), false);
    assert.equal(hub.covers('root/a/child'), false, 'no namespace event in its FROM');
    subscription.close();
    assert.equal(hub.covers('root/a'), false);
  });

  it('covers the child namespaces of a subscription whose FROM names a namespace event', () => {
    const hub = new NotificationHub(UNPACED);
    const subscriptions = [
      hub.open(recorder('SELECT * FROM __NamespaceOperationEvent').subscriber),
      hub.open(recorder('SELECT * FROM __NamespaceCreationEvent').subscriber),
    ];
    assert.equal(hub.covers('root/a'), true);
    assert.equal(hub.covers('root/a/child'), true);
    assert.equal(hub.covers('Root/A/Child'), true);
    assert.equal(hub.covers('root/a/child/grandchild'), false);
    assert.equal(hub.covers('root/b/child'), false);
    subscriptions[0]?.end();
    assert.equal(hub.covers('root/a/child'), true, 'one watcher is still open');
    subscriptions[1]?.close();
    assert.equal(hub.covers('root/a/child'), false);
    assert.equal(hub.covers('root/a'), false);
  });
});

describe('EngineStreams.wantsEvents', () => {
  it('is true for every namespace while events$ has an observer, else only where a query is open', () => {
    const streams = new EngineStreams(UNPACED);
    assert.equal(streams.wantsEvents('root/a'), false);
    const query = streams.notifications.open(
      recorder('SELECT * FROM __InstanceCreationEvent').subscriber,
    );
    assert.equal(streams.wantsEvents('root/a'), true);
    assert.equal(streams.wantsEvents('root/b'), false);
    const all = streams.events$.subscribe(() => undefined);
    assert.equal(streams.wantsEvents('root/b'), true);
    all.unsubscribe();
    assert.equal(streams.wantsEvents('root/b'), false);
    query.close();
    assert.equal(streams.wantsEvents('root/a'), false);
  });
});
