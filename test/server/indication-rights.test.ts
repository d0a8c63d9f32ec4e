/**
 * Indication subscriptions and the subscriber's read rights: two users over CIM-XML, `admin`
 * (Administrators) and `reader`, who may write `root/interop` but not always read the namespace
 * its filter watches.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ace,
  CimStatusError,
  CimXmlClient,
  cimClass,
  cimInstance,
  type IndicationListener,
  recordSubscriptionCreator,
  startIndicationListener,
  WBEM_ENABLE,
  WBEM_PARTIAL_WRITE_REP,
  type WbemServices,
} from '../../src/index.js';
import { startTestServer, type TestServer } from './helpers/cim-client.js';
import { collect, INTEROP, keys, setRights, waitFor } from './helpers/interop-fixtures.js';

/** Filter, destination and subscription created by `client`; resolves with their paths. */
async function subscribe(
  client: CimXmlClient,
  name: string,
  query: string,
  source: string,
  listener: IndicationListener,
): Promise<{ filter: string; handler: string; subscription: Promise<string> }> {
  const filter = await client.createInstance(
    cimInstance('CIM_IndicationFilter', {
      ...keys('CIM_IndicationFilter', name),
      Query: query,
      QueryLanguage: 'WQL',
      SourceNamespaces: [source],
    }),
  );
  const handler = await client.createInstance(
    cimInstance('CIM_ListenerDestinationCIMXML', {
      ...keys('CIM_ListenerDestinationCIMXML', name),
      Destination: listener.url,
    }),
  );
  const subscription = client.createInstance(
    cimInstance('CIM_IndicationSubscription', { Filter: filter, Handler: handler }),
  );
  return { filter, handler, subscription };
}

describe('indication subscriptions and the creator rights', () => {
  let t: TestServer;
  let admin: CimXmlClient;
  let reader: CimXmlClient;
  let cimv2: WbemServices;
  let secret: WbemServices;
  let readerListener: IndicationListener;
  let adminListener: IndicationListener;
  let readerSeen: string[];
  let adminSeen: string[];
  const logged: string[] = [];

  before(async () => {
    t = await startTestServer({ indications: { log: (m) => logged.push(m) } });
    await t.engine.ensureNamespace('root/secret');
    cimv2 = await t.engine.connectServer('root/cimv2');
    secret = await t.engine.connectServer('root/secret');
    await setRights(secret, 'reader', 'deny', WBEM_ENABLE);
    const interop = await t.engine.connectServer(INTEROP);
    const sd = await interop.getSecurityDescriptor();
    await interop.setSecurityDescriptor({
      ...sd,
      aces: [
        ...sd.aces.filter((a) => !a.inherited),
        ace('allow', 'reader', WBEM_ENABLE | WBEM_PARTIAL_WRITE_REP),
      ],
    });
    admin = new CimXmlClient({ url: `http://admin:admin-pw@127.0.0.1:${t.port}/${INTEROP}` });
    reader = new CimXmlClient({ url: `http://reader:reader-pw@127.0.0.1:${t.port}/${INTEROP}` });
    readerListener = await startIndicationListener();
    adminListener = await startIndicationListener();
    readerSeen = collect(readerListener);
    adminSeen = collect(adminListener);
    // The administrator watches root/secret: what it receives shows the events happened.
    const watching = await subscribe(
      admin,
      'admin-secret',
      'SELECT * FROM __ClassCreationEvent',
      'root/secret',
      adminListener,
    );
    await watching.subscription;
    await waitFor(() => t.server.indications?.subscriptionCount === 1, 'the first subscription');
  });
  after(async () => {
    admin.close();
    reader.close();
    await readerListener.close();
    await adminListener.close();
    await t.close();
  });

  it('fails with CIM_ERR_ACCESS_DENIED when the filter watches a namespace the creator cannot read', async () => {
    const made = await subscribe(
      reader,
      'denied',
      'SELECT * FROM __ClassCreationEvent',
      'root/secret',
      readerListener,
    );
    await assert.rejects(made.subscription, (e: unknown) => {
      assert.ok(e instanceof CimStatusError, String(e));
      assert.equal(e.cimStatus, 'CIM_ERR_ACCESS_DENIED');
      assert.match(e.message, /reader may not receive the events of root\/secret/);
      return true;
    });
    const interop = await t.engine.connectServer(INTEROP);
    assert.equal((await interop.createInstanceEnum('CIM_IndicationSubscription')).length, 1);
  });

  it('sends only what the creator may read now, checked again for each event', async () => {
    const service = t.server.indications;
    assert.ok(service);
    const before = service.subscriptionCount;
    const made = await subscribe(
      reader,
      'reader-cimv2',
      'SELECT * FROM __ClassCreationEvent',
      'root/cimv2',
      readerListener,
    );
    await made.subscription;
    await waitFor(() => service.subscriptionCount === before + 1, 'the subscription');
    await cimv2.putClass(cimClass({ name: 'Rights_One' }));
    await waitFor(() => readerSeen.includes('Rights_One'), 'the first indication');

    await setRights(cimv2, 'reader', 'deny', WBEM_ENABLE);
    await secret.putClass(cimClass({ name: 'Rights_Marker1' }));
    await cimv2.putClass(cimClass({ name: 'Rights_Two' }));
    await secret.putClass(cimClass({ name: 'Rights_Marker2' }));
    await waitFor(() => adminSeen.includes('Rights_Marker2'), 'the administrator indication');
    await sleep(200);
    assert.equal(readerSeen.includes('Rights_Two'), false, 'sent while reader lacks WBEM_ENABLE');

    await setRights(cimv2, 'reader', 'allow', 0);
    await cimv2.putClass(cimClass({ name: 'Rights_Three' }));
    await waitFor(
      () => readerSeen.includes('Rights_Three'),
      'the indication after the right returned',
    );
    assert.equal(readerSeen.includes('Rights_Two'), false);
  });

  it('sends nothing from a namespace the creator cannot read when its filter is changed to watch it', async () => {
    const made = await subscribe(
      reader,
      'reader-moved',
      'SELECT * FROM __ClassCreationEvent',
      'root/cimv2',
      readerListener,
    );
    await made.subscription;
    const service = t.server.indications;
    assert.ok(service);
    await waitFor(() => service.subscriptionCount === 3, 'the subscription');
    // The filter is the reader's to change; its subscription keeps the reader's rights.
    await reader.modifyInstance(
      cimInstance('CIM_IndicationFilter', {
        ...keys('CIM_IndicationFilter', 'reader-moved'),
        Query: 'SELECT * FROM __ClassCreationEvent',
        QueryLanguage: 'WQL',
        SourceNamespaces: ['root/secret'],
      }),
    );
    await sleep(200);
    await secret.putClass(cimClass({ name: 'Rights_Hidden' }));
    await waitFor(() => adminSeen.includes('Rights_Hidden'), 'the administrator indication');
    await sleep(200);
    assert.equal(readerSeen.includes('Rights_Hidden'), false);
    assert.ok(
      logged.every((m) => !/reader-moved.*ignored/.test(m)),
      logged.join('\n'),
    );
  });

  it('fails with CIM_ERR_ACCESS_DENIED when a client writes a creator record', async () => {
    for (const client of [reader, admin]) {
      await assert.rejects(
        client.createInstance(
          cimInstance('WBEMRX_SubscriptionCreator', { Subscription: 'x', Creator: 'admin' }),
        ),
        (e: unknown) => e instanceof CimStatusError && e.cimStatus === 'CIM_ERR_ACCESS_DENIED',
      );
    }
  });

  it('sends nothing for a subscription written past the server until its creator is recorded', async () => {
    const service = t.server.indications;
    assert.ok(service);
    const interop = await t.engine.connectServer(INTEROP);
    const filter = await interop.putInstance(
      cimInstance('CIM_IndicationFilter', {
        ...keys('CIM_IndicationFilter', 'api'),
        Query: 'SELECT * FROM __ClassCreationEvent',
        QueryLanguage: 'WQL',
        SourceNamespaces: ['root/secret'],
      }),
    );
    const listener = await startIndicationListener();
    try {
      const seen = collect(listener);
      const handler = await interop.putInstance(
        cimInstance('CIM_ListenerDestinationCIMXML', {
          ...keys('CIM_ListenerDestinationCIMXML', 'api'),
          Destination: listener.url,
        }),
      );
      const count = service.subscriptionCount;
      const path = await interop.putInstance(
        cimInstance('CIM_IndicationSubscription', { Filter: filter, Handler: handler }),
      );
      await waitFor(() => logged.some((m) => m.includes('has no recorded creator')), 'the log');
      await secret.putClass(cimClass({ name: 'Rights_Unowned' }));
      await waitFor(() => adminSeen.includes('Rights_Unowned'), 'the administrator indication');
      await sleep(200);
      assert.equal(seen.length, 0, seen.join());
      assert.equal(service.subscriptionCount, count);
      await recordSubscriptionCreator(t.engine, path, 'admin');
      await waitFor(() => service.subscriptionCount === count + 1, 'the subscription');
      await secret.putClass(cimClass({ name: 'Rights_Owned' }));
      await waitFor(() => seen.includes('Rights_Owned'), 'the indication');
    } finally {
      await listener.close();
    }
  });

  it('forgets the creator when the subscription is deleted', async () => {
    const made = await subscribe(
      reader,
      'reader-gone',
      'SELECT * FROM __ClassCreationEvent',
      'root/cimv2',
      readerListener,
    );
    const path = await made.subscription;
    const interop = await t.engine.connectServer(INTEROP);
    const count = async () =>
      (await interop.createInstanceEnum('WBEMRX_SubscriptionCreator')).length;
    const withIt = await count();
    await reader.deleteInstance(path);
    assert.equal(await count(), withIt - 1);
  });
});
