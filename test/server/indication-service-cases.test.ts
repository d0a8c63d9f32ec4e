/**
 * `IndicationService` over an in-memory engine seen through a recording wrapper: which
 * connections the service opens as each subscription's creator and which notification queries
 * stay open, what a listener receives (in order, with increasing message IDs), what is logged
 * (a subscription without a creator once, one that cannot be read, overflow and aggregate
 * notifications, an event that cannot be written, a stream or a watch that ends), how re-reads
 * triggered by each subscription class are joined, and what a `close` during a re-read leaves
 * (nothing). The wrapper lets a test hold a connection or a read at a gate, refuse a creator's
 * connection to a namespace and add notifications to a creator's stream, which a real engine
 * does not let a test choose.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { merge, Observable, Subject } from 'rxjs';
import {
  type CimInstance,
  cimClass,
  cimInstance,
  type IndicationListener,
  type Notification,
  type ReceivedIndication,
  recordSubscriptionCreator,
  startIndicationListener,
  WbemEngine,
  type WbemEvent,
  type WbemServices,
} from '../../src/index.js';
import { forgetSubscriptionCreator } from '../../src/server/indication-creators.js';
import { IndicationService } from '../../src/server/indication-service.js';
import { INTEROP, keys, waitFor } from './helpers/interop-fixtures.js';

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** What the wrapped engine was asked, and how it answers. */
interface Harness {
  readonly engine: WbemEngine;
  readonly service: IndicationService;
  /** Root/interop as the engine itself, for the test's own writes. */
  readonly interop: WbemServices;
  readonly logged: string[];
  /** Each connection made as a creator, as `namespace|user|remote`, before it is answered. */
  readonly connects: string[];
  /** Each notification query opened as a creator, as `namespace|query`. */
  readonly queries: string[];
  /** Notification queries of creators open now, by namespace. */
  readonly open: Map<string, number>;
  /** Namespaces a creator's connection is refused in. */
  readonly refused: Set<string>;
  /** By namespace: a creator's connection waits for this first. */
  readonly connectGates: Map<string, Promise<void>>;
  /** When set, the service's read of the subscriptions waits for it. */
  readGate: Promise<void> | undefined;
  /** When set, the next read of the subscriptions fails with it. */
  readFailure: Error | undefined;
  /** How many times the service read the subscriptions. */
  reads: number;
  /** Extra subscription instances the read answers with. */
  readonly extraLinks: CimInstance[];
  /** What `subject(ns)` returns is merged into each creator query in `ns`. */
  subject(namespace: string): Subject<Notification>;
  /** Merged into the service's watch of root/interop. */
  readonly watch: Subject<Notification>;
  close(): Promise<void>;
}

async function harness(): Promise<Harness> {
  const engine = await WbemEngine.start({
    storage: 'memory',
    hosts: 1,
    security: { groups: { admin: ['Administrators'] } },
  });
  await engine.ensureNamespace('root/cimv2');
  await engine.ensureNamespace('root/other');
  const subjects = new Map<string, Subject<Notification>>();
  const subject = (ns: string): Subject<Notification> => {
    let s = subjects.get(ns);
    if (s === undefined) {
      s = new Subject<Notification>();
      subjects.set(ns, s);
    }
    return s;
  };
  const h = {
    engine,
    logged: [] as string[],
    connects: [] as string[],
    queries: [] as string[],
    open: new Map<string, number>(),
    refused: new Set<string>(),
    connectGates: new Map<string, Promise<void>>(),
    readGate: undefined as Promise<void> | undefined,
    readFailure: undefined as Error | undefined,
    reads: 0,
    extraLinks: [] as CimInstance[],
    subject,
    watch: new Subject<Notification>(),
  };
  const wrapCreator = (svc: WbemServices, ns: string): WbemServices =>
    new Proxy(svc, {
      get(target, prop) {
        if (prop === 'execNotificationQuery$')
          return (query: string) =>
            new Observable<Notification>((subscriber) => {
              h.queries.push(`${ns}|${query}`);
              h.open.set(ns, (h.open.get(ns) ?? 0) + 1);
              const inner = merge(target.execNotificationQuery$(query), subject(ns)).subscribe(
                subscriber,
              );
              return () => {
                h.open.set(ns, (h.open.get(ns) ?? 0) - 1);
                inner.unsubscribe();
              };
            });
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  const wrapInterop = (svc: WbemServices): WbemServices =>
    new Proxy(svc, {
      get(target, prop) {
        if (prop === 'createInstanceEnum')
          return async (className: string, ...rest: unknown[]) => {
            const list = await (
              target.createInstanceEnum as (c: string, ...r: unknown[]) => Promise<CimInstance[]>
            )(className, ...rest);
            if (className !== 'CIM_IndicationSubscription') return list;
            h.reads++;
            if (h.readGate !== undefined) await h.readGate;
            const failure = h.readFailure;
            if (failure !== undefined) {
              h.readFailure = undefined;
              throw failure;
            }
            return [...list, ...h.extraLinks];
          };
        if (prop === 'execNotificationQuery$')
          return (query: string) => merge(target.execNotificationQuery$(query), h.watch);
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  const wrapped = new Proxy(engine, {
    get(target, prop) {
      if (prop === 'connectServer')
        return async (ns: string, options?: { user?: string; remote?: boolean }) => {
          if (options?.user === undefined) {
            const svc = await target.connectServer(ns, options);
            return ns === INTEROP ? wrapInterop(svc) : svc;
          }
          h.connects.push(`${ns}|${options.user}|${options.remote}`);
          const waiting = h.connectGates.get(ns);
          if (waiting !== undefined) await waiting;
          if (h.refused.has(ns)) throw new Error(`refused in ${ns}`);
          return wrapCreator(await target.connectServer(ns, options), ns);
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const service = await IndicationService.start(wrapped, {
    retries: 0,
    backoffMs: 10,
    log: (m) => h.logged.push(m),
  });
  const interop = await engine.connectServer(INTEROP);
  return Object.assign(h, {
    service,
    interop,
    async close() {
      service.close();
      await engine.shutdown();
    },
  });
}

interface SubscriptionOptions {
  readonly url: string;
  readonly query?: string;
  /** The filter's `SourceNamespaces` (default root/cimv2). */
  readonly namespaces?: readonly string[];
  readonly queryLanguage?: string;
  /** Recorded creator (default admin); null: none recorded. */
  readonly creator?: string | null;
  readonly remote?: boolean;
}

/** Filter, destination and subscription named `name`, written as the engine; its path. */
async function subscribe(h: Harness, name: string, o: SubscriptionOptions): Promise<string> {
  const filter = await h.interop.putInstance(
    cimInstance('CIM_IndicationFilter', {
      ...keys('CIM_IndicationFilter', name),
      Query: o.query ?? 'SELECT * FROM __InstanceCreationEvent',
      QueryLanguage: o.queryLanguage ?? 'WQL',
      SourceNamespaces: [...(o.namespaces ?? ['root/cimv2'])],
    }),
  );
  const handler = await h.interop.putInstance(
    cimInstance('CIM_ListenerDestinationCIMXML', {
      ...keys('CIM_ListenerDestinationCIMXML', name),
      Destination: o.url,
    }),
  );
  const path = await h.interop.putInstance(
    cimInstance('CIM_IndicationSubscription', { Filter: filter, Handler: handler }),
  );
  if (o.creator !== null)
    await recordSubscriptionCreator(
      h.engine,
      path,
      o.creator ?? 'admin',
      o.remote === undefined ? {} : { remote: o.remote },
    );
  return path;
}

/** An instance creation event in `namespace` of an instance of `className` with `Id`. */
function creation(namespace: string, className: string, id: string): WbemEvent {
  return {
    eventClass: '__InstanceCreationEvent',
    namespace,
    timeCreated: '133000000000000000',
    targetInstance: cimInstance(className, { Id: id }),
  };
}

/** What a listener received: each indication's target instance `Id` (or class), in order. */
function received(listener: IndicationListener): ReceivedIndication[] {
  const seen: ReceivedIndication[] = [];
  listener.indications$.subscribe((i) => seen.push(i));
  return seen;
}

function idOf(i: ReceivedIndication): string {
  const target = i.instance.properties.get('targetinstance')?.value as CimInstance | undefined;
  return String(target?.properties.get('id')?.value);
}

/**
 * What was logged, but for subscriptions read before their creator was recorded (the tests
 * write the record after the subscription, as the server does).
 */
function logs(h: Harness): string[] {
  return h.logged.filter((m) => !m.includes('has no recorded creator'));
}

/** A pause long enough for an indication sent by mistake to arrive. */
async function settle(): Promise<void> {
  await sleep(300);
}

describe('IndicationService, its creators and its listeners', () => {
  let h: Harness;
  let listener: IndicationListener;
  let seen: ReceivedIndication[];
  beforeEach(async () => {
    h = await harness();
    listener = await startIndicationListener();
    seen = received(listener);
  });
  afterEach(async () => {
    await h.close();
    await listener.close();
  });

  it('opens the query as the recorded creator, locally or remotely, and sends events in order with message IDs from 1', async () => {
    await subscribe(h, 'local', { url: listener.url, namespaces: ['root/cimv2'] });
    await waitFor(() => h.service.subscriptionCount === 1, 'the local subscription');
    await subscribe(h, 'remote', {
      url: listener.url,
      namespaces: ['root/other'],
      remote: true,
    });
    await waitFor(() => h.service.subscriptionCount === 2, 'the remote subscription');
    assert.deepEqual(h.connects.slice(0, 2), ['root/cimv2|admin|false', 'root/other|admin|true']);
    assert.equal(h.queries[0], 'root/cimv2|SELECT * FROM __InstanceCreationEvent');
    for (const id of ['a', 'b', 'c']) h.subject('root/cimv2').next(creation('root/cimv2', 'X', id));
    await waitFor(() => seen.length === 3, 'three indications');
    assert.deepEqual(seen.map(idOf), ['a', 'b', 'c']);
    assert.deepEqual(
      seen.map((i) => i.messageId),
      ['1', '2', '3'],
    );
    assert.equal(seen[0]?.className, '__InstanceCreationEvent');
    await waitFor(() => h.service.stats()[0]?.delivered === 3, 'three counted');
    const [stats] = h.service.stats();
    assert.deepEqual(stats, {
      url: listener.url,
      queued: 0,
      delivered: 3,
      failed: 0,
      dropped: 0,
    });
  });

  it('sends an event raised as soon as subscriptionCount counts the subscription', async () => {
    await subscribe(h, 'soon', {
      url: listener.url,
      query: 'SELECT * FROM __ClassCreationEvent',
    });
    await waitFor(() => h.service.subscriptionCount === 1, 'the subscription');
    const cimv2 = await h.engine.connectServer('root/cimv2');
    await cimv2.putClass(cimClass({ name: 'Acme_Soon' }));
    await waitFor(() => seen.length === 1, 'the indication');
    const target = seen[0]?.instance.properties.get('targetclass')?.value as { name?: string };
    assert.equal(target.name, 'Acme_Soon');
  });

  it('logs a subscription without a creator once, starts it when its creator is recorded, and logs it again when the record goes', async () => {
    const path = await subscribe(h, 'orphan', { url: listener.url, creator: null });
    const message = `indication subscription ${path} has no recorded creator (WBEMRX_SubscriptionCreator): nothing is sent for it`;
    await waitFor(() => h.logged.includes(message), 'the log of the missing creator');
    await h.service.reload();
    await h.service.reload();
    assert.deepEqual(h.logged, [message]);
    assert.deepEqual(h.connects, []);
    assert.equal(h.service.subscriptionCount, 0);
    assert.deepEqual(h.service.stats(), []);
    // The record is a change in root/interop: the service re-reads by itself.
    await recordSubscriptionCreator(h.engine, path, 'admin');
    await waitFor(() => h.service.subscriptionCount === 1, 'the recorded subscription');
    assert.deepEqual(h.connects, ['root/cimv2|admin|false']);
    await forgetSubscriptionCreator(h.engine, path);
    await waitFor(() => h.service.subscriptionCount === 0, 'the subscription without record');
    await waitFor(
      () => h.logged.filter((m) => m === message).length === 2,
      'the second log of the missing creator',
    );
    assert.equal(h.open.get('root/cimv2'), 0);
  });

  it('re-reads a changed filter or destination: the new query, the new listener; the old ones closed', async () => {
    const other = await startIndicationListener();
    try {
      const otherSeen = received(other);
      await subscribe(h, 'change', {
        url: listener.url,
        query: 'SELECT * FROM __InstanceCreationEvent',
      });
      await waitFor(() => h.service.subscriptionCount === 1, 'the subscription');
      await h.interop.putInstance(
        cimInstance('CIM_IndicationFilter', {
          ...keys('CIM_IndicationFilter', 'change'),
          Query: 'SELECT * FROM __InstanceDeletionEvent',
          QueryLanguage: 'WQL',
          SourceNamespaces: ['root/cimv2'],
        }),
      );
      await waitFor(
        () => h.queries.includes('root/cimv2|SELECT * FROM __InstanceDeletionEvent'),
        'the changed query',
      );
      await waitFor(() => h.open.get('root/cimv2') === 1, 'the first query closed');
      await h.interop.putInstance(
        cimInstance('CIM_ListenerDestinationCIMXML', {
          ...keys('CIM_ListenerDestinationCIMXML', 'change'),
          Destination: other.url,
        }),
      );
      await waitFor(() => h.service.stats()[0]?.url === other.url, 'the new listener');
      assert.equal(h.service.stats().length, 1);
      h.subject('root/cimv2').next(creation('root/cimv2', 'X', 'moved'));
      await waitFor(() => otherSeen.length === 1, 'the indication at the new listener');
      assert.deepEqual(otherSeen.map(idOf), ['moved']);
      assert.equal(seen.length, 0);
      assert.equal(h.open.get('root/cimv2'), 1);
    } finally {
      await other.close();
    }
  });

  it('keeps an unchanged subscription open across re-reads, and one listener for two subscriptions', async () => {
    const a = await subscribe(h, 'a', { url: listener.url });
    await waitFor(() => h.service.subscriptionCount === 1, 'the first subscription');
    await subscribe(h, 'b', { url: listener.url, namespaces: ['root/other'] });
    await waitFor(() => h.service.subscriptionCount === 2, 'the second subscription');
    await h.service.reload();
    await h.service.reload();
    assert.deepEqual(h.connects, ['root/cimv2|admin|false', 'root/other|admin|false']);
    assert.equal(h.queries.length, 2);
    h.subject('root/cimv2').next(creation('root/cimv2', 'X', 'one'));
    h.subject('root/other').next(creation('root/other', 'X', 'two'));
    await waitFor(() => seen.length === 2, 'both indications');
    await waitFor(() => h.service.stats()[0]?.delivered === 2, 'both counted');
    assert.equal(h.service.stats().length, 1);
    // The first subscription goes: the listener stays for the second, which still sends.
    await h.interop.deleteInstance(a);
    await waitFor(() => h.service.subscriptionCount === 1, 'the first subscription to go');
    assert.equal(h.open.get('root/cimv2'), 0);
    assert.equal(h.open.get('root/other'), 1);
    h.subject('root/cimv2').next(creation('root/cimv2', 'X', 'gone'));
    h.subject('root/other').next(creation('root/other', 'X', 'three'));
    await waitFor(() => seen.length === 3, 'the third indication');
    await settle();
    assert.deepEqual(seen.map(idOf), ['one', 'two', 'three']);
    assert.deepEqual(
      h.service.stats().map((s) => [s.url, s.delivered]),
      [[listener.url, 3]],
    );
  });

  it('closes a listener no subscription uses any more', async () => {
    const other = await startIndicationListener();
    try {
      const path = await subscribe(h, 'lone', { url: other.url });
      await subscribe(h, 'stay', { url: listener.url, namespaces: ['root/other'] });
      await waitFor(() => h.service.subscriptionCount === 2, 'the subscriptions');
      assert.deepEqual(
        h.service
          .stats()
          .map((s) => s.url)
          .sort(),
        [listener.url, other.url].sort(),
      );
      await h.interop.deleteInstance(path);
      await waitFor(() => h.service.subscriptionCount === 1, 'the subscription to go');
      assert.deepEqual(
        h.service.stats().map((s) => s.url),
        [listener.url],
      );
    } finally {
      await other.close();
    }
  });

  it('logs a subscription that cannot be read or names no filter, and serves the others', async () => {
    const bad = await subscribe(h, 'cql', { url: listener.url, queryLanguage: 'DMTF:CQL' });
    const noFilter = 'CIM_IndicationSubscription.Handler="x"';
    h.extraLinks.push({
      ...cimInstance('CIM_IndicationSubscription', {}),
      systemProperties: { __RELPATH: noFilter } as unknown as NonNullable<
        CimInstance['systemProperties']
      >,
    });
    await recordSubscriptionCreator(h.engine, noFilter, 'admin');
    // An instance read without its path is known by the empty path: no creator is recorded there.
    h.extraLinks.push(cimInstance('CIM_IndicationSubscription', {}));
    await subscribe(h, 'good', { url: listener.url, namespaces: ['root/other'] });
    await waitFor(() => h.service.subscriptionCount === 1, 'the good subscription');
    await h.service.reload();
    assert.ok(
      h.logged.includes(
        `indication subscription ${bad} is ignored: Error: QueryLanguage DMTF:CQL is not WQL`,
      ),
      h.logged.join('\n'),
    );
    assert.ok(
      h.logged.includes(
        'indication subscription  has no recorded creator (WBEMRX_SubscriptionCreator): nothing is sent for it',
      ),
      h.logged.join('\n'),
    );
    assert.equal(h.service.subscriptionCount, 1);
    assert.deepEqual(h.connects, ['root/other|admin|false']);
    h.subject('root/other').next(creation('root/other', 'X', 'ok'));
    await waitFor(() => seen.length === 1, 'the indication');
  });

  it('logs overflow and GROUP WITHIN notifications instead of sending them', async () => {
    const path = await subscribe(h, 'paced', { url: listener.url });
    await waitFor(() => h.service.subscriptionCount === 1, 'the subscription');
    const s = h.subject('root/cimv2');
    s.next({
      ...creation('root/cimv2', 'X', 'o'),
      eventClass: '__EventQueueOverflowEvent',
      droppedEvents: 7,
    });
    s.next({ ...creation('root/cimv2', 'X', 'o'), eventClass: '__EventQueueOverflowEvent' });
    s.next({
      eventClass: '__AggregateEvent',
      numberOfEvents: 2,
      representative: creation('root/cimv2', 'X', 'r'),
      groupValues: [],
      windowStart: 0,
      windowEnd: 1,
    });
    s.next(creation('root/cimv2', 'X', 'sent'));
    await waitFor(() => seen.length === 1, 'the indication');
    await settle();
    assert.deepEqual(seen.map(idOf), ['sent']);
    assert.equal(seen[0]?.messageId, '1');
    assert.deepEqual(logs(h), [
      `7 events of subscription ${path} were dropped before they could be sent`,
      `0 events of subscription ${path} were dropped before they could be sent`,
      `subscription ${path}: GROUP WITHIN is not sent as indications`,
    ]);
  });

  it('logs an event that cannot be written as an indication and sends the next; an instance of an unreadable class goes with inferred types', async () => {
    await subscribe(h, 'odd', { url: listener.url });
    await waitFor(() => h.service.subscriptionCount === 1, 'the subscription');
    const s = h.subject('root/cimv2');
    s.next({
      ...creation('root/cimv2', 'X', 'bad'),
      targetInstance: { ...cimInstance('X', {}), properties: null } as unknown as CimInstance,
    });
    s.next(creation('root/cimv2', 'No_Such_Class', 'after'));
    await waitFor(() => seen.length === 1, 'the indication');
    assert.deepEqual(seen.map(idOf), ['after']);
    assert.equal(seen[0]?.messageId, '1');
    assert.equal(logs(h).length, 1, h.logged.join('\n'));
    assert.match(
      logs(h)[0] ?? '',
      /^cannot build an indication for __InstanceCreationEvent: TypeError/,
    );
  });

  it('logs a creator stream that ends', async () => {
    const path = await subscribe(h, 'ends', { url: listener.url, namespaces: ['root/other'] });
    await waitFor(() => h.service.subscriptionCount === 1, 'the subscription');
    h.subject('root/other').error(new Error('gone'));
    assert.deepEqual(logs(h), [`indication subscription ${path} ends in root/other: Error: gone`]);
  });

  it('logs a watch of root/interop that ends', async () => {
    h.watch.error(new Error('lost'));
    assert.deepEqual(h.logged, ['subscription changes are no longer observed: Error: lost']);
  });

  it('logs a re-read that fails after a change, and rejects one asked for', async () => {
    h.readFailure = new Error('unreadable');
    await h.interop.putInstance(
      cimInstance('CIM_IndicationFilter', {
        ...keys('CIM_IndicationFilter', 'poke'),
        Query: 'SELECT * FROM __InstanceCreationEvent',
        QueryLanguage: 'WQL',
      }),
    );
    await waitFor(() => h.logged.length > 0, 'the log');
    assert.deepEqual(h.logged, ['cannot read the indication subscriptions: Error: unreadable']);
    h.readFailure = new Error('again');
    await assert.rejects(h.service.reload(), /again/);
  });

  it('tries a namespace the creator cannot connect to again, without opening the others twice', async () => {
    h.refused.add('ROOT/Other');
    await subscribe(h, 'two', { url: listener.url, namespaces: ['root/cimv2', 'ROOT\\Other'] });
    await waitFor(() => h.service.subscriptionCount === 1, 'the subscription');
    h.subject('root/cimv2').next(creation('root/cimv2', 'X', 'first'));
    await waitFor(() => seen.length === 1, 'the first indication');
    await waitFor(
      () => h.connects.filter((c) => c.startsWith('ROOT/Other|')).length >= 2,
      'a second attempt in root/other',
    );
    h.refused.delete('ROOT/Other');
    await waitFor(() => h.open.get('ROOT/Other') === 1, 'the query in root/other');
    await settle();
    assert.deepEqual(
      h.connects.filter((c) => c.startsWith('root/cimv2|')),
      ['root/cimv2|admin|false'],
    );
    h.subject('root/cimv2').next(creation('root/cimv2', 'X', 'second'));
    h.subject('ROOT/Other').next(creation('root/other', 'X', 'third'));
    await waitFor(() => seen.length === 3, 'two more indications');
    await settle();
    assert.deepEqual(seen.map(idOf), ['first', 'second', 'third']);
    assert.equal(h.open.get('root/cimv2'), 1);
  });

  it('does not connect twice to a namespace whose connection is slower than the retries', async () => {
    h.refused.add('root/other');
    // A second subscription that never connects shows each retry round.
    h.refused.add('root/never');
    await subscribe(h, 'slow', { url: listener.url, namespaces: ['root/other'] });
    await subscribe(h, 'never', { url: listener.url, namespaces: ['root/never'] });
    await waitFor(() => h.service.subscriptionCount === 2, 'the subscriptions');
    const slow = gate();
    h.connectGates.set('root/other', slow.promise);
    h.refused.delete('root/other');
    const attempts = () => h.connects.filter((c) => c.startsWith('root/other|')).length;
    const rounds = () => h.connects.filter((c) => c.startsWith('root/never|')).length;
    const before = attempts();
    await waitFor(() => attempts() === before + 1, 'the slow attempt');
    const round = rounds();
    await waitFor(() => rounds() >= round + 2, 'two retry rounds', 10000);
    assert.equal(attempts(), before + 1);
    slow.open();
    await waitFor(() => h.open.get('root/other') === 1, 'the slow query');
    h.subject('root/other').next(creation('root/other', 'X', 'once'));
    await waitFor(() => seen.length === 1, 'the indication');
    await settle();
    assert.equal(seen.length, 1);
    assert.equal(h.open.get('root/other'), 1);
  });

  it('opens nothing for a retry that connects after the service closed', async () => {
    h.refused.add('root/other');
    await subscribe(h, 'retry', { url: listener.url, namespaces: ['root/other'] });
    await waitFor(() => h.service.subscriptionCount === 1, 'the subscription');
    const held = gate();
    h.connectGates.set('root/other', held.promise);
    h.refused.delete('root/other');
    const attempts = h.connects.length;
    await waitFor(() => h.connects.length === attempts + 1, 'the retry');
    h.service.close();
    held.open();
    await settle();
    assert.equal(h.open.get('root/other') ?? 0, 0);
    assert.deepEqual(h.queries, []);
  });

  it('joins re-reads asked for during one into one more', async () => {
    // Read once when the service started.
    assert.equal(h.reads, 1);
    const held = gate();
    h.readGate = held.promise;
    const reads = h.reads;
    const first = h.service.reload();
    await waitFor(() => h.reads === reads + 1, 'the first read');
    const second = h.service.reload();
    const third = h.service.reload();
    assert.equal(second, first);
    assert.equal(third, first);
    held.open();
    await first;
    assert.equal(h.reads, reads + 2);
    h.readGate = undefined;
    const fourth = h.service.reload();
    assert.notEqual(fourth, first);
    await fourth;
    assert.equal(h.reads, reads + 3);
  });

  it('leaves nothing open when closed during a read of the subscriptions', async () => {
    await subscribe(h, 'closing', { url: listener.url });
    await waitFor(() => h.service.subscriptionCount === 1, 'the subscription');
    const held = gate();
    h.readGate = held.promise;
    const reads = h.reads;
    const pending = h.service.reload();
    await waitFor(() => h.reads === reads + 1, 'the read');
    const again = h.service.reload();
    h.service.close();
    held.open();
    await pending;
    await again;
    await settle();
    assert.equal(h.reads, reads + 1);
    assert.equal(h.connects.length, 1);
    assert.deepEqual(h.service.stats(), []);
    assert.equal(h.service.subscriptionCount, 0);
    assert.equal(h.open.get('root/cimv2'), 0);
  });

  it('leaves nothing open when closed while a creator connects', async () => {
    await subscribe(h, 'first', { url: listener.url, namespaces: ['root/other'] });
    await waitFor(() => h.service.subscriptionCount === 1, 'the first subscription');
    const held = gate();
    h.connectGates.set('root/cimv2', held.promise);
    await subscribe(h, 'connecting', { url: listener.url });
    await waitFor(() => h.connects.some((c) => c.startsWith('root/cimv2|')), 'the connection');
    const pending = h.service.reload();
    h.service.close();
    held.open();
    await pending;
    await settle();
    assert.equal(h.open.get('root/cimv2') ?? 0, 0);
    assert.equal(h.open.get('root/other'), 0);
    assert.deepEqual(h.service.stats(), []);
    h.subject('root/cimv2').next(creation('root/cimv2', 'X', 'late'));
    await settle();
    assert.equal(seen.length, 0);
  });
});
