/**
 * `readSubscriptionSpec` over a stub `root/interop` connection: what it reads from the
 * subscription, its filter and its handler, and each refusal with its message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CimInstance,
  type CimValue,
  cimInstance,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import { readSubscriptionSpec } from '../../src/server/indication-subscription-spec.js';

const FILTER = 'CIM_IndicationFilter.Name="f"';
const HANDLER = 'CIM_ListenerDestinationCIMXML.Name="h"';

function interop(objects: Readonly<Record<string, Readonly<Record<string, CimValue>>>>): {
  svc: WbemServices;
  reads: string[];
} {
  const reads: string[] = [];
  const svc = {
    getInstance: async (path: string): Promise<CimInstance> => {
      reads.push(path);
      const values = objects[path];
      if (values === undefined) throw new WbemError(WBEM_E_NOT_FOUND, { message: path });
      return cimInstance(path.slice(0, path.indexOf('.')), values);
    },
  } as unknown as WbemServices;
  return { svc, reads };
}

const link = (values: Readonly<Record<string, CimValue>>) =>
  cimInstance('CIM_IndicationSubscription', values);
const FULL_LINK = link({
  Filter: `root/interop:${FILTER}`,
  Handler: `//host/root/interop:${HANDLER}`,
});
const CREATOR = { principal: 'alice', remote: true };

describe('readSubscriptionSpec', () => {
  it('reads the query, the source namespaces and the listener URL, normalised, with the creator', async () => {
    const { svc, reads } = interop({
      [FILTER]: {
        Query: 'SELECT * FROM __InstanceCreationEvent',
        QueryLanguage: 'wql',
        SourceNamespaces: ['root\\a', 'root/b'],
      },
      [HANDLER]: { Destination: 'HTTP://Listener:5990/x' },
    });
    assert.deepEqual(await readSubscriptionSpec(svc, FULL_LINK, 'S.K=1', CREATOR), {
      path: 'S.K=1',
      creator: 'alice',
      remote: true,
      query: 'SELECT * FROM __InstanceCreationEvent',
      namespaces: ['root/a', 'root/b'],
      url: 'http://listener:5990/x',
    });
    assert.deepEqual(reads, [FILTER, HANDLER]);
  });

  it('takes WQL when the filter names no language, and the interop namespace when it names no source', async () => {
    const { svc } = interop({
      [FILTER]: { Query: 'q' },
      [HANDLER]: { Destination: 'https://l/' },
    });
    const spec = await readSubscriptionSpec(svc, FULL_LINK, 'p', {
      principal: 'bob',
      remote: false,
    });
    assert.deepEqual(spec, {
      path: 'p',
      creator: 'bob',
      remote: false,
      query: 'q',
      namespaces: ['root/interop'],
      url: 'https://l/',
    });
  });

  it('answers null, reading nothing, for a subscription without its Filter or Handler', async () => {
    const { svc, reads } = interop({});
    assert.equal(await readSubscriptionSpec(svc, link({ Filter: FILTER }), 'p', CREATOR), null);
    assert.equal(await readSubscriptionSpec(svc, link({ Handler: HANDLER }), 'p', CREATOR), null);
    assert.deepEqual(reads, []);
  });

  it('refuses a filter in another language, or without a query, and a handler without a Destination', async () => {
    const cases: [
      Readonly<Record<string, CimValue>>,
      Readonly<Record<string, CimValue>>,
      string,
    ][] = [
      [
        { Query: 'q', QueryLanguage: 'DMTF:CQL' },
        { Destination: 'http://l/' },
        'QueryLanguage DMTF:CQL is not WQL',
      ],
      [{ QueryLanguage: 'WQL' }, { Destination: 'http://l/' }, 'the filter has no Query'],
      [{ Query: 'q' }, {}, 'the handler has no Destination'],
    ];
    for (const [filter, handler, message] of cases) {
      const { svc } = interop({ [FILTER]: filter, [HANDLER]: handler });
      await assert.rejects(readSubscriptionSpec(svc, FULL_LINK, 'p', CREATOR), { message });
    }
  });

  it('refuses a Destination that is not an http(s) URL with WBEM_E_INVALID_PARAMETER', async () => {
    const { svc } = interop({ [FILTER]: { Query: 'q' }, [HANDLER]: { Destination: 'mailto:x@y' } });
    await assert.rejects(
      readSubscriptionSpec(svc, FULL_LINK, 'p', CREATOR),
      (error: unknown) => error instanceof WbemError && error.hresult === WBEM_E_INVALID_PARAMETER,
    );
  });

  it('passes on the failure to read the filter or the handler', async () => {
    const { svc } = interop({ [FILTER]: { Query: 'q' } });
    await assert.rejects(
      readSubscriptionSpec(svc, FULL_LINK, 'p', CREATOR),
      (error: unknown) => error instanceof WbemError && error.hresult === WBEM_E_NOT_FOUND,
    );
  });
});
