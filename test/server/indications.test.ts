import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { filter, firstValueFrom, timeout } from 'rxjs';
import {
  type CimInstance,
  type IndicationListener,
  type ReceivedIndication,
  startIndicationListener,
} from '../../src/index.js';
import { param, startTestServer, type TestServer } from './helpers/cim-client.js';
import { INTEROP, keys, waitFor } from './helpers/interop-fixtures.js';

function instanceXml(className: string, values: Record<string, string>, extra = ''): string {
  const props = Object.entries(values)
    .map(([k, v]) => `<PROPERTY NAME="${k}" TYPE="string"><VALUE>${v}</VALUE></PROPERTY>`)
    .join('');
  return `<INSTANCE CLASSNAME="${className}">${props}${extra}</INSTANCE>`;
}

function instanceName(className: string, values: Record<string, string>): string {
  const bindings = Object.entries(values)
    .map(
      ([k, v]) =>
        `<KEYBINDING NAME="${k}"><KEYVALUE VALUETYPE="string">${v}</KEYVALUE></KEYBINDING>`,
    )
    .join('');
  return `<INSTANCENAME CLASSNAME="${className}">${bindings}</INSTANCENAME>`;
}

function xmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll("'", '&apos;');
}

/** Creates filter, destination and subscription over CIM-XML; returns the subscription's name. */
async function subscribe(
  t: TestServer,
  name: string,
  query: string,
  destination: string,
  sourceNamespace = 'root/cimv2',
): Promise<string> {
  const filterKeys = keys('CIM_IndicationFilter', name);
  const handlerKeys = keys('CIM_ListenerDestinationCIMXML', name);
  const calls = [
    instanceXml(
      'CIM_IndicationFilter',
      { ...filterKeys, Query: xmlText(query), QueryLanguage: 'WQL' },
      `<PROPERTY.ARRAY NAME="SourceNamespaces" TYPE="string"><VALUE.ARRAY><VALUE>${sourceNamespace}</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>`,
    ),
    instanceXml('CIM_ListenerDestinationCIMXML', { ...handlerKeys, Destination: destination }),
  ];
  for (const inst of calls) {
    const r = await t.client.call('CreateInstance', param('NewInstance', inst), INTEROP);
    assert.equal(r.error, undefined, r.error?.description);
  }
  const sub = `<INSTANCE CLASSNAME="CIM_IndicationSubscription"><PROPERTY.REFERENCE NAME="Filter"><VALUE.REFERENCE>${instanceName('CIM_IndicationFilter', filterKeys)}</VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Handler"><VALUE.REFERENCE>${instanceName('CIM_ListenerDestinationCIMXML', handlerKeys)}</VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE>`;
  const r = await t.client.call('CreateInstance', param('NewInstance', sub), INTEROP);
  assert.equal(r.error, undefined, r.error?.description);
  return `<INSTANCENAME CLASSNAME="CIM_IndicationSubscription"><KEYBINDING NAME="Filter"><VALUE.REFERENCE>${instanceName('CIM_IndicationFilter', filterKeys)}</VALUE.REFERENCE></KEYBINDING><KEYBINDING NAME="Handler"><VALUE.REFERENCE>${instanceName('CIM_ListenerDestinationCIMXML', handlerKeys)}</VALUE.REFERENCE></KEYBINDING></INSTANCENAME>`;
}

function createClass(t: TestServer, name: string) {
  return t.client.call(
    'CreateClass',
    param(
      'NewClass',
      `<CLASS NAME="${name}"><PROPERTY NAME="Id" TYPE="string"><QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER></PROPERTY></CLASS>`,
    ),
  );
}

function next(listener: IndicationListener, test: (i: ReceivedIndication) => boolean) {
  return firstValueFrom(listener.indications$.pipe(filter(test), timeout(5000)));
}

function embedded(inst: CimInstance, name: string): { className?: string; name?: string } {
  const v = inst.properties.get(name.toLowerCase())?.value;
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as { className?: string; name?: string })
    : {};
}

describe('indication subscriptions (DSP1054 over CIM-XML)', () => {
  let t: TestServer;
  let listener: IndicationListener;
  const logged: string[] = [];
  before(async () => {
    t = await startTestServer({
      indications: { retries: 1, backoffMs: 500, queueSize: 4, log: (m) => logged.push(m) },
    });
    listener = await startIndicationListener();
  });
  after(async () => {
    await listener.close();
    await t.close();
  });

  it('defines the subscription classes in root/interop when the server starts', async () => {
    for (const name of [
      'CIM_IndicationFilter',
      'CIM_ListenerDestinationCIMXML',
      'CIM_IndicationSubscription',
    ]) {
      const r = await t.client.call(
        'GetClass',
        param('ClassName', `<CLASSNAME NAME="${name}"/>`),
        INTEROP,
      );
      assert.equal(r.error, undefined, r.error?.description);
    }
  });

  it('posts an ExportIndication to the listener when a subscribed class event happens, and stops when the subscription is deleted', async () => {
    const service = t.server.indications;
    assert.ok(service);
    const subscription = await subscribe(
      t,
      'classes',
      'SELECT * FROM __ClassCreationEvent',
      listener.url,
    );
    await waitFor(() => service.subscriptionCount === 1, 'the subscription');
    const arrived = next(listener, (i) => embedded(i.instance, 'TargetClass').name === 'Acme_One');
    assert.equal((await createClass(t, 'Acme_One')).error, undefined);
    const indication = await arrived;
    assert.equal(indication.className, '__ClassCreationEvent');
    assert.equal(indication.instance.properties.get('sourcenamespace')?.value, 'root/cimv2');

    const seen: ReceivedIndication[] = [];
    const sub = listener.indications$.subscribe((i) => seen.push(i));
    const del = await t.client.call('DeleteInstance', param('InstanceName', subscription), INTEROP);
    assert.equal(del.error, undefined, del.error?.description);
    await waitFor(() => service.subscriptionCount === 0, 'the subscription to go');
    assert.equal((await createClass(t, 'Acme_Two')).error, undefined);
    await sleep(300);
    sub.unsubscribe();
    assert.deepEqual(seen, []);
  });

  it('sends instance events that the WHERE clause selects, with the target instance embedded', async () => {
    const service = t.server.indications;
    assert.ok(service);
    assert.equal((await createClass(t, 'Acme_Item')).error, undefined);
    await subscribe(
      t,
      'items',
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Acme_Item' AND TargetInstance.Id <> 'skip'",
      listener.url,
    );
    await waitFor(() => service.subscriptionCount === 1, 'the subscription');
    const seen: ReceivedIndication[] = [];
    const sub = listener.indications$.subscribe((i) => seen.push(i));
    for (const id of ['skip', 'keep']) {
      const r = await t.client.call(
        'CreateInstance',
        param('NewInstance', instanceXml('Acme_Item', { Id: id })),
      );
      assert.equal(r.error, undefined, r.error?.description);
    }
    await waitFor(() => seen.length >= 1, 'the indication');
    await sleep(200);
    sub.unsubscribe();
    assert.equal(seen.length, 1);
    const target = seen[0]?.instance.properties.get('targetinstance')?.value as CimInstance;
    assert.equal(target.className, 'Acme_Item');
    assert.equal(target.properties.get('id')?.value, 'keep');
  });

  it('keeps serving and drops beyond the queue bound when a listener is dead', async () => {
    const service = t.server.indications;
    assert.ok(service);
    const dead = await startIndicationListener();
    const deadUrl = dead.url;
    await dead.close();
    const before = service.subscriptionCount;
    await subscribe(t, 'dead', 'SELECT * FROM __ClassCreationEvent', deadUrl);
    await waitFor(() => service.subscriptionCount === before + 1, 'the subscription');
    const started = Date.now();
    for (let n = 0; n < 20; n++)
      assert.equal((await createClass(t, `Acme_Dead${n}`)).error, undefined);
    assert.ok(Date.now() - started < 5000, 'class writes were slowed by the dead listener');
    await waitFor(
      () => (service.stats().find((s) => s.url === deadUrl)?.dropped ?? 0) > 0,
      'drops to be counted',
    );
    const stats = service.stats().find((s) => s.url === deadUrl);
    assert.ok(stats !== undefined && stats.queued <= 4, JSON.stringify(stats));
    assert.ok(
      logged.some((m) => m.includes('is full')),
      logged.join('\n'),
    );
  });
});

describe('startIndicationListener', () => {
  it('refuses a body that is not an ExportIndication with 400 and counts it', async () => {
    const listener = await startIndicationListener();
    try {
      const res = await fetch(listener.url, { method: 'POST', body: '<CIM><MESSAGE/></CIM>' });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('cimerror'), 'request-not-valid');
      const bad = await fetch(listener.url, { method: 'POST', body: '<not xml' });
      assert.equal(bad.status, 400);
      assert.equal(listener.refused(), 2);
    } finally {
      await listener.close();
    }
  });
});
