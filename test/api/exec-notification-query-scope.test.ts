/**
 * Hosts ship a call's events only where someone watches: `events$`, or an open notification query
 * on the call's namespace (or on its parent, for namespace events). A subscription opened before a
 * call is issued, even in the same turn, sees that call's events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Subscription } from 'rxjs';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { Notification, WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { sleep, startEngine } from '../runtime/helpers/engine-fixture.js';

function watch(svc: WbemServices, query: string) {
  const seen: Notification[] = [];
  const subscription: Subscription = svc.execNotificationQuery$(query).subscribe((n) => {
    seen.push(n);
  });
  return { seen, subscription };
}

const keyed = (name: string) =>
  cimClass({
    name,
    properties: [cimProperty('Id', 'uint32', { qualifiers: [qualifier('Key', true)] })],
  });

const names = (seen: readonly Notification[]) =>
  seen.map((n) =>
    n.eventClass === '__AggregateEvent'
      ? 'aggregate'
      : (n.targetClass?.name ?? n.targetNamespace ?? n.eventClass),
  );

describe('execNotificationQuery$ and the calls that ship events', () => {
  let engine: WbemEngine;
  let watched: WbemServices;
  let unwatched: WbemServices;

  before(async () => {
    engine = await startEngine({ hosts: 2 });
    await engine.createNamespace('root', 'scope');
    await engine.createNamespace('root', 'quiet');
    watched = await engine.connectServer('root/scope');
    unwatched = await engine.connectServer('root/quiet');
  });
  after(() => engine.shutdown());

  it('delivers the events of a call issued in the same turn the subscription opened', async () => {
    await unwatched.putClass(keyed('Quiet_Before'));
    const created = watch(unwatched, 'SELECT * FROM __ClassCreationEvent');
    await unwatched.putClass(keyed('Quiet_After'));
    engine.flushEvents();
    created.subscription.unsubscribe();
    assert.deepEqual(names(created.seen), ['Quiet_After']);
  });

  it('delivers a namespace event of the parent when the query on the parent opened first', async () => {
    const children = watch(watched, 'SELECT * FROM __NamespaceCreationEvent');
    await engine.createNamespace('root/scope', 'kid');
    engine.flushEvents();
    children.subscription.unsubscribe();
    assert.deepEqual(names(children.seen), ['root/scope/kid']);
  });

  it('delivers a child namespace its own events while only the parent is watched otherwise', async () => {
    const kid = await engine.connectServer('root/scope/kid');
    const parentClasses = watch(watched, 'SELECT * FROM __ClassCreationEvent');
    const kidClasses = watch(kid, 'SELECT * FROM __ClassCreationEvent');
    await kid.putClass(keyed('Kid_Class'));
    await watched.putClass(keyed('Scope_Class'));
    // An event is published before the call that raised it resolves: nothing more is coming.
    await sleep(20);
    engine.flushEvents();
    parentClasses.subscription.unsubscribe();
    kidClasses.subscription.unsubscribe();
    assert.deepEqual(names(kidClasses.seen), ['Kid_Class']);
    assert.deepEqual(names(parentClasses.seen), ['Scope_Class']);
  });

  it('delivers to events$ the events of every namespace while it has an observer', async () => {
    const seen: string[] = [];
    const all = engine.events$.subscribe((e) => {
      seen.push(e.targetClass?.name ?? e.eventClass);
    });
    await unwatched.putClass(keyed('Quiet_Observed'));
    engine.flushEvents();
    all.unsubscribe();
    assert.deepEqual(seen, ['Quiet_Observed']);
  });
});
