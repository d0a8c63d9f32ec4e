/**
 * Indication subscriptions whose creator connected from another machine: deliveries need
 * `WBEM_REMOTE_ACCESS` in the source namespace as well as `WBEM_ENABLE`, as every remote call
 * does; lacking it, the subscription stays and sends nothing until the right is back, as when
 * `WBEM_ENABLE` is lost. Records stored before creators had a `Remote` value read as remote, and
 * a stored creator class without the property is upgraded when the server starts.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CimStatusError,
  CimXmlClient,
  cimClass,
  cimInstance,
  cimProperty,
  type IndicationListener,
  qualifier,
  recordSubscriptionCreator,
  startIndicationListener,
  startServer,
  WBEM_ENABLE,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_REMOTE_ACCESS,
  WbemEngine,
  type WbemServices,
} from '../../src/index.js';
import { startTestServer, type TestServer, testUsers } from './helpers/cim-client.js';
import { collect, INTEROP, keys, setRights, waitFor } from './helpers/interop-fixtures.js';

/** A filter of class creations in root/cimv2 and a listener destination, written as the engine. */
async function filterAndHandler(
  interop: WbemServices,
  name: string,
  listener: IndicationListener,
): Promise<{ filter: string; handler: string }> {
  const filter = await interop.putInstance(
    cimInstance('CIM_IndicationFilter', {
      ...keys('CIM_IndicationFilter', name),
      Query: 'SELECT * FROM __ClassCreationEvent',
      QueryLanguage: 'WQL',
      SourceNamespaces: ['root/cimv2'],
    }),
  );
  const handler = await interop.putInstance(
    cimInstance('CIM_ListenerDestinationCIMXML', {
      ...keys('CIM_ListenerDestinationCIMXML', name),
      Destination: listener.url,
    }),
  );
  return { filter, handler };
}

describe('indication subscriptions of a remote creator', () => {
  let t: TestServer;
  let interop: WbemServices;
  let cimv2: WbemServices;
  let localListener: IndicationListener;
  let remoteListener: IndicationListener;
  let localSeen: string[];
  let remoteSeen: string[];
  let serial = 0;

  /** Creates a class in root/cimv2 and waits for the local subscription's indication of it. */
  async function raise(): Promise<string> {
    const name = `Remote_Event${++serial}`;
    await cimv2.putClass(cimClass({ name }));
    await waitFor(() => localSeen.includes(name), `the local creator's indication of ${name}`);
    await sleep(150);
    return name;
  }

  before(async () => {
    t = await startTestServer();
    interop = await t.engine.connectServer(INTEROP);
    cimv2 = await t.engine.connectServer('root/cimv2');
    localListener = await startIndicationListener();
    remoteListener = await startIndicationListener();
    localSeen = collect(localListener);
    remoteSeen = collect(remoteListener);
    // reader holds WBEM_ENABLE in root/cimv2 (the default descriptor), not WBEM_REMOTE_ACCESS.
    for (const [name, listener, remote] of [
      ['local-reader', localListener, false],
      ['remote-reader', remoteListener, true],
    ] as const) {
      const { filter, handler } = await filterAndHandler(interop, name, listener);
      const path = await interop.putInstance(
        cimInstance('CIM_IndicationSubscription', { Filter: filter, Handler: handler }),
      );
      await recordSubscriptionCreator(t.engine, path, 'reader', { remote });
    }
    const service = t.server.indications;
    assert.ok(service);
    await waitFor(() => service.subscriptionCount === 2, 'both subscriptions');
  });
  after(async () => {
    await localListener.close();
    await remoteListener.close();
    await t.close();
  });

  it('sends nothing while the remote creator lacks WBEM_REMOTE_ACCESS, and keeps the subscription', async () => {
    const name = await raise();
    assert.equal(remoteSeen.includes(name), false, 'sent without WBEM_REMOTE_ACCESS');
    assert.equal(t.server.indications?.subscriptionCount, 2);
  });

  it('sends once the remote creator holds WBEM_REMOTE_ACCESS, and stops again when it is denied', async () => {
    await setRights(cimv2, 'reader', 'allow', WBEM_ENABLE | WBEM_REMOTE_ACCESS);
    // The creator could not connect before: the connection is tried again every second.
    const deadline = Date.now() + 5000;
    let delivered: string | undefined;
    while (delivered === undefined && Date.now() < deadline) {
      const name = await raise();
      if (remoteSeen.includes(name)) delivered = name;
    }
    assert.ok(delivered, 'no indication after WBEM_REMOTE_ACCESS was granted');
    await setRights(cimv2, 'reader', 'deny', WBEM_REMOTE_ACCESS);
    const hidden = await raise();
    assert.equal(remoteSeen.includes(hidden), false, 'sent after WBEM_REMOTE_ACCESS was denied');
    await setRights(cimv2, 'reader', 'allow', 0);
  });

  it('reads a creator record without a Remote value as remote', async () => {
    const listener = await startIndicationListener();
    try {
      const seen = collect(listener);
      const { filter, handler } = await filterAndHandler(interop, 'legacy', listener);
      const path = await interop.putInstance(
        cimInstance('CIM_IndicationSubscription', { Filter: filter, Handler: handler }),
      );
      await interop.putInstance(
        cimInstance('WBEMRX_SubscriptionCreator', { Subscription: path, Creator: 'reader' }),
      );
      const service = t.server.indications;
      assert.ok(service);
      await waitFor(() => service.subscriptionCount === 3, 'the legacy subscription');
      const name = await raise();
      assert.equal(seen.includes(name), false, 'a record without Remote was read as local');
    } finally {
      await listener.close();
    }
  });
});

/** A non-loopback address of this machine, through which the server sees a remote client. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;

describe('indication subscriptions created over a non-loopback address', () => {
  it('records the creator as remote and refuses a filter whose namespace it may not use remotely', {
    skip: externalAddress === undefined && 'this machine has no non-loopback IPv4 address',
  }, async () => {
    const t = await startTestServer({ host: '0.0.0.0' });
    const listener = await startIndicationListener();
    const url = `http://reader:reader-pw@${externalAddress}:${t.port}/${INTEROP}`;
    const reader = new CimXmlClient({ url });
    try {
      const seen = collect(listener);
      const interop = await t.engine.connectServer(INTEROP);
      const cimv2 = await t.engine.connectServer('root/cimv2');
      await setRights(
        interop,
        'reader',
        'allow',
        WBEM_ENABLE | WBEM_REMOTE_ACCESS | WBEM_PARTIAL_WRITE_REP,
      );
      const filter = await reader.createInstance(
        cimInstance('CIM_IndicationFilter', {
          ...keys('CIM_IndicationFilter', 'wire'),
          Query: 'SELECT * FROM __ClassCreationEvent',
          QueryLanguage: 'WQL',
          SourceNamespaces: ['root/cimv2'],
        }),
      );
      const handler = await reader.createInstance(
        cimInstance('CIM_ListenerDestinationCIMXML', {
          ...keys('CIM_ListenerDestinationCIMXML', 'wire'),
          Destination: listener.url,
        }),
      );
      const subscription = cimInstance('CIM_IndicationSubscription', {
        Filter: filter,
        Handler: handler,
      });
      await assert.rejects(
        reader.createInstance(subscription),
        (e: unknown) => e instanceof CimStatusError && e.cimStatus === 'CIM_ERR_ACCESS_DENIED',
      );
      await setRights(cimv2, 'reader', 'allow', WBEM_ENABLE | WBEM_REMOTE_ACCESS);
      const path = await reader.createInstance(subscription);
      const [record] = await interop.createInstanceEnum('WBEMRX_SubscriptionCreator');
      assert.equal(record?.properties.get('remote')?.value, true);
      assert.ok(String(record?.properties.get('subscription')?.value).length > 0, path);
      const service = t.server.indications;
      assert.ok(service);
      await waitFor(() => service.subscriptionCount === 1, 'the subscription');
      await cimv2.putClass(cimClass({ name: 'Wire_Seen' }));
      await waitFor(() => seen.includes('Wire_Seen'), 'the indication');
      await setRights(cimv2, 'reader', 'allow', WBEM_ENABLE);
      await cimv2.putClass(cimClass({ name: 'Wire_Hidden' }));
      await sleep(300);
      assert.equal(seen.includes('Wire_Hidden'), false);
    } finally {
      reader.close();
      await listener.close();
      await t.close();
    }
  });
});

describe('the creator class of a repository written before Remote existed', () => {
  it('gains Remote when the server starts, its records kept and read as remote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wbemrx-creators-'));
    try {
      const users = await testUsers();
      const security = { groups: Object.fromEntries(users.groups()) };
      const old = await WbemEngine.start({ storage: { path: dir }, hosts: 1, security });
      await old.ensureNamespace(INTEROP);
      const interop = await old.connectServer(INTEROP);
      await interop.putClass(
        cimClass({
          name: 'WBEMRX_SubscriptionCreator',
          properties: [
            cimProperty('Subscription', 'string', { qualifiers: [qualifier('Key', true)] }),
            cimProperty('Creator', 'string'),
          ],
        }),
      );
      await interop.putInstance(
        cimInstance('WBEMRX_SubscriptionCreator', { Subscription: 'S.Id="1"', Creator: 'reader' }),
      );
      await old.shutdown();

      const engine = await WbemEngine.start({ storage: { path: dir }, hosts: 1, security });
      const server = await startServer(engine, { port: 0, users });
      try {
        const svc = await engine.connectServer(INTEROP);
        const cls = await svc.getClass('WBEMRX_SubscriptionCreator');
        assert.equal(cls.properties.get('remote')?.type !== undefined, true);
        const records = await svc.createInstanceEnum('WBEMRX_SubscriptionCreator');
        assert.deepEqual(
          records.map((r) => [
            r.properties.get('subscription')?.value,
            r.properties.get('creator')?.value,
            r.properties.get('remote')?.value ?? null,
          ]),
          [['S.Id="1"', 'reader', null]],
        );
      } finally {
        await server.close();
        await engine.shutdown();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
