/**
 * `ExecNotificationQueryAsync` / `execNotificationQuery$` through the real engine: filtering and
 * scope, the call contract, class checks in the actor, rights re-checked on each delivery,
 * `GROUP WITHIN`, context on events, and the end of a subscription.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firstValueFrom, type Subscription, take, toArray } from 'rxjs';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { Notification, WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import { ace } from '../../src/security/security-descriptor.js';
import { WBEM_ENABLE } from '../../src/wbem/security.js';
import {
  WBEM_E_ACCESS_DENIED,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_QUERY,
  WBEM_E_INVALID_QUERY_TYPE,
  WBEM_E_NOT_FOUND,
  WBEM_E_SHUTTING_DOWN,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { RecordingSink, sleep, startEngine } from '../runtime/helpers/engine-fixture.js';
import { adminOwnedRoot } from '../security/helpers/admin-root.js';

const key = () => qualifier('Key', true);
const isHr = (hresult: number) => (e: unknown) => e instanceof WbemError && e.hresult === hresult;

/** Collects what an observable emits until stopped. */
function collect(source: import('rxjs').Observable<Notification>): {
  readonly seen: Notification[];
  readonly errors: unknown[];
  readonly subscription: Subscription;
} {
  const seen: Notification[] = [];
  const errors: unknown[] = [];
  const subscription = source.subscribe({
    next: (n) => seen.push(n),
    error: (e: unknown) => errors.push(e),
  });
  return { seen, errors, subscription };
}

/** Waits until `check` holds (or fails after `ms`). */
async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

let engine: WbemEngine;
let svc: WbemServices;
let other: WbemServices;

const element = (name: string, superclass: string | null = null) =>
  cimClass({
    name,
    superclass,
    properties: [
      cimProperty('Id', 'uint32', { qualifiers: [key()] }),
      cimProperty('Name', 'string'),
    ],
  });

before(async () => {
  engine = await startEngine({
    hosts: 2,
    security: { rootDescriptor: adminOwnedRoot(ace('allow', 'Everyone', WBEM_ENABLE)) },
  });
  await engine.createNamespace('root', 'nq');
  await engine.createNamespace('root', 'nqother');
  svc = await engine.connectServer('root/nq');
  other = await engine.connectServer('root/nqother');
  for (const s of [svc, other]) {
    await s.putClass(element('N_Base'));
    await s.putClass(element('N_Disk', 'N_Base'));
    await s.putClass(element('N_Process', 'N_Base'));
  }
});
after(() => engine.shutdown());

describe('execNotificationQuery$', () => {
  it('delivers the matching events of its namespace only, with the raising call context', async () => {
    const { seen, subscription } = collect(
      svc.execNotificationQuery$(
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'N_Disk' AND TargetInstance.Id > 1",
      ),
    );
    await sleep(50);
    await other.putInstance(cimInstance('N_Disk', { Id: 5 }));
    await svc.putInstance(cimInstance('N_Process', { Id: 5 }));
    await svc.putInstance(cimInstance('N_Disk', { Id: 1 }));
    await svc.putInstance(cimInstance('N_Disk', { Id: 2 }), 0, { Tag: 'mine' });
    await until(() => seen.length >= 1);
    await sleep(50);
    subscription.unsubscribe();
    assert.equal(seen.length, 1);
    const event = seen[0];
    assert.ok(event !== undefined && event.eventClass === '__InstanceCreationEvent');
    assert.equal(event.namespace, 'root/nq');
    assert.equal(event.targetInstance?.properties.get('id')?.value, 2);
    assert.ok(event.context !== undefined, 'the event carries the context of putInstance');
  });

  it('receives class events through __ClassOperationEvent and the __CLASS of the event', async () => {
    const { seen, subscription } = collect(
      svc.execNotificationQuery$(
        "SELECT * FROM __ClassOperationEvent WHERE __CLASS = '__ClassDeletionEvent' AND TargetClass ISA 'N_Base'",
      ),
    );
    await sleep(50);
    await svc.putClass(element('N_Temp', 'N_Base'));
    await svc.deleteClass('N_Temp');
    await until(() => seen.length >= 1);
    subscription.unsubscribe();
    assert.deepEqual(
      seen.map((e) => e.eventClass),
      ['__ClassDeletionEvent'],
    );
  });

  it('receives __NamespaceCreationEvent of its child namespaces', async () => {
    const root = await engine.connectServer('root');
    const { seen, subscription } = collect(
      root.execNotificationQuery$(
        "SELECT * FROM __NamespaceCreationEvent WHERE TargetNamespace.Name = 'nqchild'",
      ),
    );
    await sleep(50);
    await engine.createNamespace('root', 'nqchild');
    await until(() => seen.length >= 1);
    subscription.unsubscribe();
    assert.equal(seen[0]?.eventClass, '__NamespaceCreationEvent');
  });

  it('errors with WBEM_E_INVALID_CLASS when an ISA names no class of the namespace', async () => {
    const source = svc.execNotificationQuery$(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'N_Nothing'",
    );
    await assert.rejects(firstValueFrom(source), isHr(WBEM_E_INVALID_CLASS));
  });

  it('errors at once with WBEM_E_INVALID_QUERY for a syntax error or a data class in FROM', async () => {
    await assert.rejects(
      firstValueFrom(svc.execNotificationQuery$('SELECT * FROM')),
      isHr(WBEM_E_INVALID_QUERY),
    );
    await assert.rejects(
      firstValueFrom(svc.execNotificationQuery$('ASSOCIATORS OF {N_Disk.Id=1}')),
      isHr(WBEM_E_INVALID_QUERY),
    );
  });

  it('aggregates with GROUP WITHIN into one __AggregateEvent per window and BY value', async () => {
    const source = svc.execNotificationQuery$(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'N_Process' GROUP WITHIN 0.3 BY TargetInstance.Name HAVING NumberOfEvents > 1",
    );
    const { seen, subscription } = collect(source);
    await sleep(50);
    await Promise.all([
      svc.putInstance(cimInstance('N_Process', { Id: 100, Name: 'a' })),
      svc.putInstance(cimInstance('N_Process', { Id: 101, Name: 'a' })),
      svc.putInstance(cimInstance('N_Process', { Id: 102, Name: 'a' })),
      svc.putInstance(cimInstance('N_Process', { Id: 103, Name: 'b' })),
    ]);
    await until(() => seen.length >= 1);
    await sleep(400);
    subscription.unsubscribe();
    assert.equal(seen.length, 1, 'group b has one event: HAVING drops it');
    const aggregate = seen[0];
    assert.ok(aggregate !== undefined && aggregate.eventClass === '__AggregateEvent');
    assert.equal(aggregate.numberOfEvents, 3);
    assert.deepEqual(aggregate.groupValues, [{ property: 'TargetInstance.Name', value: 'a' }]);
  });

  it('stops delivering when the descriptor takes WBEM_ENABLE away, and resumes when it is given back', async () => {
    await engine.createNamespace('root', 'nqsd');
    const admin = await engine.connectServer('root/nqsd');
    await admin.putClass(element('S_Item'));
    const user = await engine.connectServer('root/nqsd', { user: 'carol' });
    const { seen, subscription } = collect(
      user.execNotificationQuery$(
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'S_Item'",
      ),
    );
    await sleep(50);
    await admin.putInstance(cimInstance('S_Item', { Id: 1 }));
    await until(() => seen.length === 1);
    const sd = await admin.getSecurityDescriptor();
    const own = sd.aces.filter((a) => !a.inherited);
    await admin.setSecurityDescriptor({ ...sd, aces: [...own, ace('deny', 'carol', WBEM_ENABLE)] });
    await admin.putInstance(cimInstance('S_Item', { Id: 2 }));
    await sleep(100);
    assert.equal(seen.length, 1, 'nothing while carol lacks WBEM_ENABLE');
    await admin.setSecurityDescriptor({ ...sd, aces: own });
    await admin.putInstance(cimInstance('S_Item', { Id: 3 }));
    await until(() => seen.length === 2);
    subscription.unsubscribe();
    assert.equal(
      (seen[1] as { targetInstance?: CimInstance }).targetInstance?.properties.get('id')?.value,
      3,
    );
  });
});

describe('ExecNotificationQueryAsync', () => {
  it('returns phase-1 HRESULTs without calling the sink', () => {
    const sink = new RecordingSink();
    const query = 'SELECT * FROM __InstanceCreationEvent';
    assert.equal(
      svc.execNotificationQueryAsync('SQL', query, 0, null, sink),
      WBEM_E_INVALID_QUERY_TYPE,
    );
    assert.equal(
      svc.execNotificationQueryAsync('WQL', 'SELECT', 0, null, sink),
      WBEM_E_INVALID_QUERY,
    );
    assert.equal(
      svc.execNotificationQueryAsync('WQL', null, 0, null, sink),
      WBEM_E_INVALID_PARAMETER,
    );
    assert.equal(
      svc.execNotificationQueryAsync('WQL', query, 0x20, null, sink),
      WBEM_E_INVALID_PARAMETER,
    );
    assert.equal(
      svc.execNotificationQueryAsync('WQL', query, 0, null, null),
      WBEM_E_INVALID_PARAMETER,
    );
    assert.equal(
      svc.execNotificationQueryAsync('WQL', 'SELECT * FROM N_Disk', 0, null, sink),
      WBEM_E_INVALID_CLASS,
    );
    assert.equal(sink.calls.length, 0);
    assert.equal(svc.cancelAsyncCall(sink), WBEM_E_NOT_FOUND);
  });

  it('indicates event objects until CancelAsyncCall, then ends with WBEM_E_CALL_CANCELLED', async () => {
    const sink = new RecordingSink();
    const query = "SELECT * FROM __InstanceOperationEvent WHERE TargetInstance ISA 'N_Base'";
    assert.equal(svc.execNotificationQueryAsync('WQL', query, 0, null, sink), WBEM_S_NO_ERROR);
    await sleep(50);
    await svc.putInstance(cimInstance('N_Disk', { Id: 40 }));
    await svc.deleteInstance('N_Disk.Id=40');
    await until(() => sink.calls.length >= 2);
    assert.equal(svc.cancelAsyncCall(sink), WBEM_S_NO_ERROR);
    const final = await sink.done;
    assert.equal(final.hResult, WBEM_E_CALL_CANCELLED);
    const objects = sink.calls.flatMap((c) => c.objects ?? []) as CimInstance[];
    assert.deepEqual(
      objects.map((o) => o.className),
      ['__InstanceCreationEvent', '__InstanceDeletionEvent'],
    );
    const target = objects[0]?.properties.get('targetinstance')?.value as CimInstance;
    assert.equal(target.className, 'N_Disk');
    await svc.putInstance(cimInstance('N_Disk', { Id: 41 }));
    await sleep(50);
    assert.equal(sink.calls.length, 3, 'nothing after the final status');
    assert.equal(svc.cancelAsyncCall(sink), WBEM_E_NOT_FOUND);
  });

  it('ends the sink with WBEM_E_INVALID_CLASS when an ISA names no class of the namespace', async () => {
    const sink = new RecordingSink();
    const query = "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'N_Nothing'";
    assert.equal(svc.execNotificationQueryAsync('WQL', query, 0, null, sink), WBEM_S_NO_ERROR);
    assert.equal((await sink.done).hResult, WBEM_E_INVALID_CLASS);
  });

  it('is refused with WBEM_E_ACCESS_DENIED for a principal without WBEM_ENABLE', async () => {
    await engine.createNamespace('root', 'nqdeny');
    const admin = await engine.connectServer('root/nqdeny');
    const sd = await admin.getSecurityDescriptor();
    const own = sd.aces.filter((a) => !a.inherited);
    const user = await engine.connectServer('root/nqdeny', { user: 'dave' });
    await admin.setSecurityDescriptor({ ...sd, aces: [...own, ace('deny', 'dave', WBEM_ENABLE)] });
    const sink = new RecordingSink();
    assert.equal(
      user.execNotificationQueryAsync('WQL', 'SELECT * FROM __ClassCreationEvent', 0, null, sink),
      WBEM_E_ACCESS_DENIED,
    );
  });
});

describe('notification queries at shutdown', () => {
  it('completes the Rx form and ends the sink with WBEM_E_SHUTTING_DOWN', async () => {
    const own = await startEngine({ hosts: 1 });
    const root = await own.connectServer('root');
    const sink = new RecordingSink();
    assert.equal(
      root.execNotificationQueryAsync('WQL', 'SELECT * FROM __ClassCreationEvent', 0, null, sink),
      WBEM_S_NO_ERROR,
    );
    const completed = firstValueFrom(
      root.execNotificationQuery$('SELECT * FROM __ClassCreationEvent').pipe(take(5), toArray()),
    );
    await sleep(50);
    await own.shutdown();
    assert.deepEqual(await completed, []);
    assert.equal((await sink.done).hResult, WBEM_E_SHUTTING_DOWN);
  });
});
