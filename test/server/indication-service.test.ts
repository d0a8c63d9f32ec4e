/**
 * The indication service watches `root/interop` only: it learns of subscription changes through
 * a notification query there, so the writes of other namespaces need not ship their class events
 * back for it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Observable } from 'rxjs';
import { cimInstance, WbemEngine, type WbemEvent } from '../../src/index.js';
import { IndicationService } from '../../src/server/indication-service.js';
import { INTEROP, keys, waitFor } from './helpers/interop-fixtures.js';

describe('IndicationService', () => {
  let engine: WbemEngine;
  let service: IndicationService;
  /** Subscriptions made to the engine-wide `events$` since the engine started. */
  let eventsSubscribers = 0;
  const logged: string[] = [];
  before(async () => {
    engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
    const events$ = engine.events$;
    Object.defineProperty(engine, 'events$', {
      get: () =>
        new Observable<WbemEvent>((subscriber) => {
          eventsSubscribers++;
          return events$.subscribe(subscriber);
        }),
    });
    service = await IndicationService.start(engine, { log: (m) => logged.push(m) });
  });
  after(async () => {
    service.close();
    await engine.shutdown();
  });

  it('re-reads the subscriptions when one is written in root/interop, without listening to events$', async () => {
    const interop = await engine.connectServer(INTEROP);
    const filter = await interop.putInstance(
      cimInstance('CIM_IndicationFilter', {
        ...keys('CIM_IndicationFilter', 'svc'),
        Query: 'SELECT * FROM __ClassCreationEvent',
        QueryLanguage: 'WQL',
      }),
    );
    const handler = await interop.putInstance(
      cimInstance('CIM_ListenerDestinationCIMXML', {
        ...keys('CIM_ListenerDestinationCIMXML', 'svc'),
        Destination: 'http://127.0.0.1:9/',
      }),
    );
    await interop.putInstance(
      cimInstance('CIM_IndicationSubscription', { Filter: filter, Handler: handler }),
    );
    // Written past the server, so no creator is recorded: the re-read says so in the log.
    await waitFor(() => logged.some((m) => m.includes('has no recorded creator')), 'the re-read');
    assert.equal(eventsSubscribers, 0);
  });
});
