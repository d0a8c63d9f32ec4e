import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import {
  type Notification,
  NotificationHub,
  type NotificationSubscriber,
  type NotificationSubscription,
} from '../../src/sink/notification-hub.js';
import { compileEventQuery } from '../../src/wql/event-filter.js';

function created(n: number): WbemEvent {
  const instance = cimInstance('Foo', { Id: n });
  return {
    eventClass: '__InstanceCreationEvent',
    namespace: 'root/a',
    timeCreated: String(n),
    targetInstance: {
      ...instance,
      systemProperties: {
        __GENUS: 2,
        __CLASS: 'Foo',
        __SUPERCLASS: 'Base',
        __DYNASTY: 'Base',
        __DERIVATION: ['Base'],
        __PROPERTY_COUNT: 1,
        __RELPATH: `Foo.Id=${n}`,
        __PATH: null,
        __NAMESPACE: null,
        __SERVER: null,
      },
    },
  };
}

const UNPACED = { queueLimit: 3, slowCallbackMs: 1_000, maxShare: 0.5 };
// The subscriptions below share one bucket of the index (same event class, same ISA class): a
// callback's opening or closing changes the bucket the dispatch is walking.
const ISA = "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Base'";
const NOT_OTHER = `${ISA} AND TargetInstance.__CLASS <> 'Other'`;

const timeOf = (n: Notification) =>
  n.eventClass === '__AggregateEvent' ? 'aggregate' : n.timeCreated;

function subscriber(
  query: string,
  next: (n: Notification) => void,
  rights: { key?: string; allowed?: () => boolean } = {},
): NotificationSubscriber {
  return {
    namespace: 'root/a',
    filter: compileEventQuery(query),
    allowed: rights.allowed ?? (() => true),
    ...(rights.key === undefined ? {} : { rightsKey: rights.key }),
    target: { next, complete: () => undefined },
  };
}

describe('NotificationHub.publish', () => {
  it('delivers nothing more to a subscription when an earlier callback of the same event closed it', () => {
    const hub = new NotificationHub(UNPACED);
    const seen: string[] = [];
    let later: NotificationSubscription | undefined;
    hub
      .open(
        subscriber(ISA, (n) => {
          seen.push(`first ${timeOf(n)}`);
          later?.close();
        }),
      )
      .release();
    later = hub.open(subscriber(NOT_OTHER, (n) => seen.push(`later ${timeOf(n)}`)));
    later.release();
    hub.publish(created(1));
    hub.publish(created(2));
    assert.deepEqual(seen, ['first 1', 'first 2']);
  });

  it('delivers the next event but not the one being published when a callback of it opened the subscription', () => {
    const hub = new NotificationHub(UNPACED);
    const seen: string[] = [];
    let opened = false;
    hub
      .open(
        subscriber(ISA, (n) => {
          seen.push(`first ${timeOf(n)}`);
          if (opened) return;
          opened = true;
          hub.open(subscriber(NOT_OTHER, (m) => seen.push(`new ${timeOf(m)}`))).release();
        }),
      )
      .release();
    hub.open(subscriber(NOT_OTHER, (n) => seen.push(`second ${timeOf(n)}`))).release();
    hub.publish(created(1));
    hub.publish(created(2));
    assert.deepEqual(seen, ['first 1', 'second 1', 'first 2', 'second 2', 'new 2']);
  });

  it('delivers to the allowed principals only, asking again per event, when principals alternate in one bucket', () => {
    const hub = new NotificationHub(UNPACED);
    const seen: string[] = [];
    let asked = 0;
    const allowed = () => {
      asked++;
      return true;
    };
    const denied = () => {
      asked++;
      return false;
    };
    for (const [name, key, check] of [
      ['a', 'p1', allowed],
      ['b', 'p2', denied],
      ['c', 'p1', allowed],
      ['d', 'p2', denied],
    ] as const) {
      const query = name === 'a' ? ISA : NOT_OTHER;
      hub
        .open(subscriber(query, (n) => seen.push(`${name} ${timeOf(n)}`), { key, allowed: check }))
        .release();
    }
    hub.publish(created(1));
    assert.deepEqual(seen, ['a 1', 'c 1']);
    // Asked again for each event: a descriptor changed between two events takes effect.
    const before = asked;
    hub.publish(created(2));
    assert.ok(asked > before);
    assert.deepEqual(seen, ['a 1', 'c 1', 'a 2', 'c 2']);
  });

  it('delivers each event to each subscriber in the order published when a burst is published', () => {
    const hub = new NotificationHub(UNPACED);
    const seen = new Map<string, string[]>();
    for (const name of ['a', 'b', 'c']) {
      const list: string[] = [];
      seen.set(name, list);
      hub.open(subscriber(name === 'a' ? ISA : NOT_OTHER, (n) => list.push(timeOf(n)))).release();
    }
    for (let i = 1; i <= 50; i++) hub.publish(created(i));
    const expected = Array.from({ length: 50 }, (_, i) => String(i + 1));
    for (const list of seen.values()) assert.deepEqual(list, expected);
  });
});
