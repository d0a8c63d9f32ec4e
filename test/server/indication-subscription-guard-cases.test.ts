/**
 * `guardSubscriptionWrites` over a stub engine, stub connections and stub operations: which
 * CreateInstance, ModifyInstance and DeleteInstance calls reach the wrapped handler untouched,
 * which are refused (creator records, filters the caller may not read, filters that are not WQL
 * or have no query, subscriptions without a filter), and what a subscription's creation and
 * deletion write around it (the creator record, the subscription removed again when the record
 * fails, the record forgotten), and which CreateClass, ModifyClass and DeleteClass calls touching
 * the creator-record class are refused. The loopback tests (`indication-rights.test.ts`,
 * `indication-remote-creators.test.ts`) show the rights at work end to end; these give the engine
 * answers (a failed record write, a refusal without detail) a real server does not let a test
 * choose, and see each call the guard makes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CimClass,
  type CimInstance,
  CimStatusError,
  CimXmlClient,
  cimClass,
  cimInstance,
  cimProperty,
  nameKey,
  qualifier,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_QUERY,
  WBEM_E_INVALID_QUERY_TYPE,
  WBEM_FLAG_CREATE_ONLY,
  type WbemEngine,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import type { CimCall } from '../../src/server/cim-call.js';
import { NO_DECLARATIONS } from '../../src/server/decode-cim.js';
import type { EnumerationContexts } from '../../src/server/enumeration-contexts.js';
import { guardSubscriptionWrites } from '../../src/server/indication-subscription-guard.js';
import type { Operation, OperationContext, OperationReply } from '../../src/server/operation.js';
import { childNamed, parseXml, type XmlElement } from '../../src/server/xml-tree.js';
import { startTestServer, type TestServer } from './helpers/cim-client.js';

const FILTER_PATH = 'CIM_IndicationFilter.Name="f"';
const HANDLER_PATH = 'CIM_ListenerDestinationCIMXML.Name="h"';
/** The path the stub connection gives a subscription it writes. */
const SUBSCRIPTION_PATH = `CIM_IndicationSubscription.Filter="${FILTER_PATH.replaceAll('"', '\\"')}",Handler="${HANDLER_PATH.replaceAll('"', '\\"')}"`;
const CREATOR_RECORD_PATH = `WBEMRX_SubscriptionCreator.Subscription="${SUBSCRIPTION_PATH.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

const key = [qualifier('Key', true)];
const SUBSCRIPTION = cimClass({
  name: 'CIM_IndicationSubscription',
  properties: [
    cimProperty('Filter', 'ref', { referenceClass: 'CIM_IndicationFilter', qualifiers: key }),
    cimProperty('Handler', 'ref', { referenceClass: 'CIM_ListenerDestination', qualifiers: key }),
  ],
});
/** A class as `getClass` answers it, with its `__DERIVATION` (or no system properties). */
function derived(name: string, derivation: string[] | undefined): CimClass {
  const cls = cimClass({ name, properties: [cimProperty('Name', 'string', { qualifiers: key })] });
  return derivation === undefined
    ? cls
    : {
        ...cls,
        systemProperties: { __DERIVATION: derivation } as unknown as NonNullable<
          CimClass['systemProperties']
        >,
      };
}
const CLASSES = new Map(
  [
    SUBSCRIPTION,
    // A subclass whose derivation spells the association in another case.
    derived('Acme_Subscription', ['cim_indicationsubscription']),
    derived('Acme_Other', ['CIM_ManagedElement']),
    // A class a client with schema rights in root/interop may define under the creator records.
    derived('Acme_Creator', ['wbemrx_subscriptioncreator']),
    derived('Acme_Bare', undefined),
  ].map((c) => [nameKey(c.name), c]),
);

/** What the stubs were asked, in order, and how they answer. */
interface World {
  readonly engine: WbemEngine;
  /** Every call made, as `what:detail`. */
  readonly log: string[];
  /** The creator records written with the engine's own rights. */
  readonly records: CimInstance[];
  /** The flags of each instance the caller's connection wrote. */
  readonly putFlags: number[];
  /** What the filter read answers. */
  filter: CimInstance;
  /** What the read of the subscription about to be deleted answers. */
  stored: CimInstance;
  /** By namespace: what the notification query reports on subscribe. */
  readonly refusals: Map<string, Error>;
  /** By namespace: what connecting as the caller throws. */
  readonly connectRefusals: Map<string, Error>;
  /** When set, writing the creator record fails with it. */
  recordFailure: Error | undefined;
  /** When set, the caller's connection fails to delete with it. */
  deleteFailure: Error | undefined;
}

function world(): World {
  const w: World = {
    engine: undefined as unknown as WbemEngine,
    log: [],
    records: [],
    putFlags: [],
    filter: filterOf({ Query: 'SELECT * FROM __ClassCreationEvent', SourceNamespaces: ['root/a'] }),
    stored: {
      ...cimInstance('CIM_IndicationSubscription', {}),
      systemProperties: { __RELPATH: SUBSCRIPTION_PATH } as unknown as NonNullable<
        CimInstance['systemProperties']
      >,
    },
    refusals: new Map(),
    connectRefusals: new Map(),
    recordFailure: undefined,
    deleteFailure: undefined,
  };
  const engine = {
    connectServer: async (namespace: string, who?: { user: string; remote: boolean }) => {
      if (who === undefined) {
        // The engine's own rights: the creator records in root/interop.
        w.log.push(`engine:${namespace}`);
        return {
          putInstance: async (inst: CimInstance) => {
            w.log.push('record');
            if (w.recordFailure !== undefined) throw w.recordFailure;
            w.records.push(inst);
            return '';
          },
          deleteInstance: async (path: string) => {
            w.log.push(`forget:${path}`);
          },
        } as unknown as WbemServices;
      }
      w.log.push(`connect:${namespace}|${who.user}|${who.remote}`);
      const refused = w.connectRefusals.get(namespace);
      if (refused !== undefined) throw refused;
      return {
        execNotificationQuery$: (query: string) => ({
          subscribe: (observer: { error: (e: unknown) => void }) => {
            w.log.push(`query:${namespace}:${query}`);
            const error = w.refusals.get(namespace);
            if (error !== undefined) observer.error(error);
            return { unsubscribe: () => w.log.push(`unsubscribe:${namespace}`) };
          },
        }),
      } as unknown as WbemServices;
    },
  };
  (w as { engine: WbemEngine }).engine = engine as unknown as WbemEngine;
  return w;
}

/** A filter instance with the given properties (and its four keys left out: none is read). */
function filterOf(properties: Record<string, string | string[]>): CimInstance {
  return cimInstance('CIM_IndicationFilter', properties);
}

/** A call of `method` in `namespace` with each parameter's content as XML. */
function call(method: string, namespace: string, params: Record<string, string>): CimCall {
  return {
    messageId: '1',
    method,
    namespace,
    params: new Map(
      Object.entries(params).map(([name, inner]) => [
        name.toLowerCase(),
        parseXml(`<IPARAMVALUE NAME="${name}">${inner}</IPARAMVALUE>`, {
          maxDepth: 16,
          maxElements: 200,
        }),
      ]),
    ),
    extrinsic: false,
  };
}

const stringProperty = (name: string, text: string): string =>
  `<PROPERTY NAME="${name}" TYPE="string"><VALUE>${text.replaceAll('"', '&quot;')}</VALUE></PROPERTY>`;

/** A `NewInstance` parameter of class `className` with its `Filter` (none when null). */
function newInstance(className: string, filter: string | null = FILTER_PATH): string {
  const props =
    filter === null
      ? ''
      : stringProperty('Filter', filter) + stringProperty('Handler', HANDLER_PATH);
  return `<INSTANCE CLASSNAME="${className}">${props}</INSTANCE>`;
}

/** An `InstanceName` parameter of class `className`. */
const instanceName = (className: string): string =>
  `<INSTANCENAME CLASSNAME="${className}"><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">x</KEYVALUE></KEYBINDING></INSTANCENAME>`;

/** The context of `c` for principal alice, connected locally unless `remote`. */
function context(w: World, c: CimCall, remote = false): OperationContext {
  return {
    call: c,
    principal: 'alice',
    updateMode: 'safe',
    host: 'h.example',
    enumerations: {} as EnumerationContexts,
    declarations: async () => NO_DECLARATIONS,
    declarationsChanged: () => {},
    classOf: async (name: string) => {
      const cls = CLASSES.get(nameKey(name));
      if (cls === undefined) throw new WbemError(WBEM_E_INVALID_CLASS);
      return cls;
    },
    services: {
      remote,
      getInstance: async (path: string) => {
        w.log.push(`read:${path}`);
        return path.startsWith('CIM_IndicationFilter') ? w.filter : w.stored;
      },
      putInstance: async (inst: CimInstance, flags: number) => {
        w.log.push(`put:${inst.className}`);
        w.putFlags.push(flags);
        return SUBSCRIPTION_PATH;
      },
      deleteInstance: async (path: string) => {
        w.log.push(`delete:${path}`);
        if (w.deleteFailure !== undefined) throw w.deleteFailure;
      },
    } as unknown as WbemServices,
  };
}

/** The DSP0200 name of each operation the guard wraps, by its table key. */
const OPERATION_NAMES: Readonly<Record<string, string>> = {
  createinstance: 'CreateInstance',
  modifyinstance: 'ModifyInstance',
  deleteinstance: 'DeleteInstance',
  createclass: 'CreateClass',
  modifyclass: 'ModifyClass',
  deleteclass: 'DeleteClass',
};

/**
 * The operations of `keys`, guarded over `w`'s engine (each wrapped handler logs `ran:<key>` and
 * answers `reply`), as a function running the one of a key on a call.
 */
function guardedRunner(
  w: World,
  keys: readonly string[],
  reply: OperationReply = { returnValue: 'inner' },
) {
  const op = (key: string): Operation => ({
    name: OPERATION_NAMES[key] ?? key,
    params: [],
    run: async () => {
      w.log.push(`ran:${key}`);
      return reply;
    },
  });
  const table = guardSubscriptionWrites(new Map(keys.map((k) => [k, op(k)])), w.engine);
  return (key: string, c: CimCall, remote = false): Promise<OperationReply> => {
    const guardedOp = table.get(key);
    assert.ok(guardedOp !== undefined);
    return guardedOp.run(context(w, c, remote));
  };
}

/** The three guarded instance operations over `w`'s engine. */
function guarded(w: World, reply?: OperationReply) {
  const run = guardedRunner(w, ['createinstance', 'modifyinstance', 'deleteinstance'], reply);
  return {
    create: (ns: string, inst: string, remote = false) =>
      run('createinstance', call('CreateInstance', ns, { NewInstance: inst }), remote),
    modify: (ns: string, params: Record<string, string>) =>
      run('modifyinstance', call('ModifyInstance', ns, params)),
    delete: (ns: string, className: string) =>
      run('deleteinstance', call('DeleteInstance', ns, { InstanceName: instanceName(className) })),
  };
}

/** Asserts that `promise` fails with a WbemError of `hresult` and returns it. */
async function refused(promise: Promise<unknown>, hresult: number): Promise<WbemError> {
  let caught: unknown;
  await promise.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => {
      caught = e;
    },
  );
  assert.ok(caught instanceof WbemError, String(caught));
  assert.equal(caught.hresult, hresult, caught.message);
  return caught;
}

describe('guardSubscriptionWrites', () => {
  it('passes the other operations through as they are and adds none the table lacks', () => {
    const getInstance: Operation = {
      name: 'GetInstance',
      params: [],
      run: async () => ({ returnValue: null }),
    };
    const create: Operation = {
      name: 'CreateInstance',
      params: ['NewInstance'],
      run: getInstance.run,
    };
    const table = guardSubscriptionWrites(
      new Map([
        ['getinstance', getInstance],
        ['createinstance', create],
      ]),
      world().engine,
    );
    assert.deepEqual([...table.keys()], ['getinstance', 'createinstance']);
    assert.equal(table.get('getinstance'), getInstance);
    const wrapped = table.get('createinstance');
    assert.notEqual(wrapped, create);
    // The dispatcher checks parameters against the wrapped handler's list.
    assert.equal(wrapped?.name, 'CreateInstance');
    assert.deepEqual(wrapped?.params, ['NewInstance']);
  });

  describe('CreateInstance', () => {
    it('runs the handler untouched outside root/interop, even for a creator record or a subscription', async () => {
      const w = world();
      const ops = guarded(w);
      await ops.create('root/cimv2', newInstance('WBEMRX_SubscriptionCreator'));
      await ops.create('root/cimv2', newInstance('CIM_IndicationSubscription'));
      assert.deepEqual(w.log, ['ran:createinstance', 'ran:createinstance']);
    });

    it('fails with WBEM_E_ACCESS_DENIED for a creator record in root/interop, whatever the case of its class name', async () => {
      const w = world();
      const e = await refused(
        guarded(w).create('root/interop', newInstance('wbemrx_subscriptioncreator')),
        WBEM_E_ACCESS_DENIED,
      );
      assert.equal(e.detail, 'instances of WBEMRX_SubscriptionCreator are kept by the server');
      assert.deepEqual(w.log, []);
    });

    it('fails with WBEM_E_ACCESS_DENIED for an instance of a subclass of the creator record class', async () => {
      // Deliveries read the creator records deep: an instance of a subclass is a record too, and
      // one naming another principal would let its writer receive what only that one may read.
      const w = world();
      await refused(
        guarded(w).create('root/interop', newInstance('Acme_Creator')),
        WBEM_E_ACCESS_DENIED,
      );
      assert.deepEqual(w.log, []);
    });

    it('takes root\\interop in capitals as the interop namespace', async () => {
      const w = world();
      await refused(
        guarded(w).create('ROOT\\Interop', newInstance('WBEMRX_SubscriptionCreator')),
        WBEM_E_ACCESS_DENIED,
      );
    });

    it('runs the handler untouched for a class that does not derive from CIM_IndicationSubscription', async () => {
      const w = world();
      const ops = guarded(w);
      await ops.create('root/interop', newInstance('Acme_Other'));
      await ops.create('root/interop', newInstance('Acme_Bare'));
      assert.deepEqual(w.log, ['ran:createinstance', 'ran:createinstance']);
    });

    it('leaves an unknown class to the handler, which reports it', async () => {
      // The guard does not decide about a class it cannot read: CreateInstance's own refusal
      // (WBEM_E_INVALID_CLASS) is the answer, not the guard's missing Filter.
      const w = world();
      await guarded(w).create('root/interop', newInstance('Acme_Unknown', null));
      assert.deepEqual(w.log, ['ran:createinstance']);
    });

    it('checks the filter as the caller, writes the subscription create-only and records the caller as its creator', async () => {
      const w = world();
      const reply = await guarded(w).create(
        'root/interop',
        newInstance('CIM_IndicationSubscription'),
      );
      assert.deepEqual(w.log, [
        `read:${FILTER_PATH}`,
        'connect:root/a|alice|false',
        'query:root/a:SELECT * FROM __ClassCreationEvent',
        'unsubscribe:root/a',
        'put:CIM_IndicationSubscription',
        'engine:root/interop',
        'record',
      ]);
      assert.deepEqual(w.putFlags, [WBEM_FLAG_CREATE_ONLY]);
      const [record] = w.records;
      assert.ok(record !== undefined);
      assert.equal(record.className, 'WBEMRX_SubscriptionCreator');
      assert.deepEqual(
        [...record.properties.values()].map((p) => [p.name, p.value]),
        [
          ['Subscription', SUBSCRIPTION_PATH],
          ['Creator', 'alice'],
          ['Remote', false],
        ],
      );
      // The new name, its keys typed by the class: the filter and handler are references.
      const name = parseXml(reply.returnValue as string, { maxDepth: 16, maxElements: 100 });
      assert.equal(name.name, 'INSTANCENAME');
      assert.equal(name.attrs['CLASSNAME'], 'CIM_IndicationSubscription');
      const filter = name.children.find((k) => k.attrs['NAME'] === 'Filter') as XmlElement;
      assert.ok(childNamed(filter, 'VALUE.REFERENCE') !== undefined, 'Filter is not a reference');
    });

    it('records a caller connected from another machine as remote and checks the filter with that locality', async () => {
      const w = world();
      await guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription'), true);
      assert.ok(w.log.includes('connect:root/a|alice|true'), w.log.join('\n'));
      assert.equal(w.records[0]?.properties.get('remote')?.value, true);
    });

    it('guards a subclass of CIM_IndicationSubscription as the association itself', async () => {
      const w = world();
      await guarded(w).create('root/interop', newInstance('Acme_Subscription'));
      assert.ok(w.log.includes('put:Acme_Subscription'), w.log.join('\n'));
      assert.equal(w.records.length, 1);
      assert.equal(w.log.includes('ran:createinstance'), false);
    });

    it('reads a filter reference given with its namespace by its local path', async () => {
      const w = world();
      await guarded(w).create(
        'root/interop',
        newInstance('CIM_IndicationSubscription', `root/interop:${FILTER_PATH}`),
      );
      assert.equal(w.log[0], `read:${FILTER_PATH}`);
    });

    it('fails with WBEM_E_INVALID_PARAMETER for a subscription without a Filter, writing nothing', async () => {
      const w = world();
      const e = await refused(
        guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription', null)),
        WBEM_E_INVALID_PARAMETER,
      );
      assert.equal(e.detail, 'the subscription has no Filter');
      assert.deepEqual(w.log, []);
    });

    it('takes a filter without QueryLanguage, or with wql in lower case, as WQL', async () => {
      for (const language of [undefined, 'wql']) {
        const w = world();
        w.filter = filterOf({
          Query: 'SELECT * FROM __ClassCreationEvent',
          SourceNamespaces: ['root/a'],
          ...(language === undefined ? {} : { QueryLanguage: language }),
        });
        await guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription'));
        assert.equal(w.records.length, 1, String(language));
      }
    });

    it('fails with WBEM_E_INVALID_QUERY_TYPE when the filter is not WQL, writing nothing', async () => {
      const w = world();
      w.filter = filterOf({ Query: 'SELECT * FROM CIM_Indication', QueryLanguage: 'DMTF:CQL' });
      const e = await refused(
        guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription')),
        WBEM_E_INVALID_QUERY_TYPE,
      );
      assert.equal(e.detail, "the filter's QueryLanguage DMTF:CQL is not WQL");
      assert.deepEqual(w.log, [`read:${FILTER_PATH}`]);
    });

    it('fails with WBEM_E_INVALID_PARAMETER when the filter has no Query, writing nothing', async () => {
      const w = world();
      w.filter = filterOf({ QueryLanguage: 'WQL' });
      const e = await refused(
        guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription')),
        WBEM_E_INVALID_PARAMETER,
      );
      assert.equal(e.detail, 'the filter has no Query');
      assert.deepEqual(w.log, [`read:${FILTER_PATH}`]);
    });

    it('checks every namespace the filter watches and fails with WBEM_E_ACCESS_DENIED naming the one refused', async () => {
      const w = world();
      w.filter = filterOf({
        Query: 'SELECT * FROM __ClassCreationEvent',
        SourceNamespaces: ['root/a', 'root/b'],
      });
      const denial = new WbemError(WBEM_E_ACCESS_DENIED, { message: 'no WBEM_ENABLE' });
      w.refusals.set('root/b', denial);
      const e = await refused(
        guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription')),
        WBEM_E_ACCESS_DENIED,
      );
      assert.equal(
        e.detail,
        'alice may not receive the events of root/b, which the filter watches: no WBEM_ENABLE',
      );
      assert.equal(e.cause, denial);
      assert.ok(w.log.includes('query:root/a:SELECT * FROM __ClassCreationEvent'));
      assert.equal(
        w.log.some((l) => l.startsWith('put:')),
        false,
      );
    });

    it("names the refusal's message when an access denial carries no detail", async () => {
      const w = world();
      const denial = new WbemError(WBEM_E_ACCESS_DENIED);
      w.connectRefusals.set('root/a', denial);
      const e = await refused(
        guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription')),
        WBEM_E_ACCESS_DENIED,
      );
      assert.equal(
        e.detail,
        `alice may not receive the events of root/a, which the filter watches: ${denial.message}`,
      );
    });

    it('passes on a refusal other than an access denial as the engine reported it, from the query or the connection', async () => {
      const w = world();
      const badQuery = new WbemError(WBEM_E_INVALID_QUERY, { message: 'syntax' });
      w.refusals.set('root/a', badQuery);
      const e = await refused(
        guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription')),
        WBEM_E_INVALID_QUERY,
      );
      assert.equal(e, badQuery);
      const v = world();
      v.connectRefusals.set('root/a', new WbemError(WBEM_E_INVALID_NAMESPACE));
      await refused(
        guarded(v).create('root/interop', newInstance('CIM_IndicationSubscription')),
        WBEM_E_INVALID_NAMESPACE,
      );
      assert.equal(
        [...w.log, ...v.log].some((l) => l.startsWith('put:')),
        false,
      );
    });

    it('deletes the subscription again and fails as the record did when its creator cannot be recorded', async () => {
      // A subscription without its creator is never delivered; it is not left behind either.
      const w = world();
      const failure = new WbemError(WBEM_E_INVALID_CLASS, { message: 'no creator class' });
      w.recordFailure = failure;
      const e = await refused(
        guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription')),
        WBEM_E_INVALID_CLASS,
      );
      assert.equal(e, failure);
      assert.equal(w.log.at(-1), `delete:${SUBSCRIPTION_PATH}`);
    });

    it("fails as the record did when the subscription's removal fails too", async () => {
      const w = world();
      const failure = new WbemError(WBEM_E_INVALID_CLASS);
      w.recordFailure = failure;
      w.deleteFailure = new Error('the store is closed');
      const e = await refused(
        guarded(w).create('root/interop', newInstance('CIM_IndicationSubscription')),
        WBEM_E_INVALID_CLASS,
      );
      assert.equal(e, failure);
    });
  });

  describe('ModifyInstance', () => {
    const named = (className: string): string =>
      `<VALUE.NAMEDINSTANCE>${instanceName(className)}<INSTANCE CLASSNAME="${className}"/></VALUE.NAMEDINSTANCE>`;

    it('fails with WBEM_E_ACCESS_DENIED for a creator record in root/interop without running the handler', async () => {
      const w = world();
      const e = await refused(
        guarded(w).modify('root/interop', {
          ModifiedInstance: named('WBEMRX_SubscriptionCreator'),
        }),
        WBEM_E_ACCESS_DENIED,
      );
      assert.equal(e.detail, 'instances of WBEMRX_SubscriptionCreator are kept by the server');
      assert.deepEqual(w.log, []);
    });

    it('fails with WBEM_E_ACCESS_DENIED for an instance of a subclass of the creator record class', async () => {
      const w = world();
      await refused(
        guarded(w).modify('root/interop', { ModifiedInstance: named('Acme_Creator') }),
        WBEM_E_ACCESS_DENIED,
      );
      assert.deepEqual(w.log, []);
    });

    it('runs the handler for any other class in root/interop, a subscription included', async () => {
      // A subscription's keys cannot change, so it keeps its creator: nothing to check here.
      const w = world();
      await guarded(w).modify('root/interop', {
        ModifiedInstance: named('CIM_IndicationSubscription'),
      });
      assert.deepEqual(w.log, ['ran:modifyinstance']);
    });

    it('leaves a ModifiedInstance without an INSTANCE to the handler', async () => {
      const w = world();
      await guarded(w).modify('root/interop', {
        ModifiedInstance: `<VALUE.NAMEDINSTANCE>${instanceName('WBEMRX_SubscriptionCreator')}</VALUE.NAMEDINSTANCE>`,
      });
      assert.deepEqual(w.log, ['ran:modifyinstance']);
    });

    it('reads no parameter outside root/interop', async () => {
      // Without ModifiedInstance the guard would refuse in root/interop; elsewhere the handler
      // answers alone.
      const w = world();
      await guarded(w).modify('root/cimv2', {});
      assert.deepEqual(w.log, ['ran:modifyinstance']);
      await refused(guarded(w).modify('root/interop', {}), WBEM_E_INVALID_PARAMETER);
    });
  });

  describe('DeleteInstance', () => {
    it('runs the handler untouched outside root/interop, even for a creator record', async () => {
      const w = world();
      await guarded(w).delete('root/cimv2', 'WBEMRX_SubscriptionCreator');
      assert.deepEqual(w.log, ['ran:deleteinstance']);
    });

    it('fails with WBEM_E_ACCESS_DENIED for a creator record in root/interop', async () => {
      const w = world();
      const e = await refused(
        guarded(w).delete('root/interop', 'WBEMRX_SubscriptionCreator'),
        WBEM_E_ACCESS_DENIED,
      );
      assert.equal(e.detail, 'instances of WBEMRX_SubscriptionCreator are kept by the server');
      assert.deepEqual(w.log, []);
    });

    it('fails with WBEM_E_ACCESS_DENIED for an instance of a subclass of the creator record class', async () => {
      const w = world();
      await refused(guarded(w).delete('root/interop', 'Acme_Creator'), WBEM_E_ACCESS_DENIED);
      assert.deepEqual(w.log, []);
    });

    it('runs the handler alone for a class that is not a subscription', async () => {
      const w = world();
      await guarded(w).delete('root/interop', 'Acme_Other');
      assert.deepEqual(w.log, ['ran:deleteinstance']);
    });

    it("reads the subscription, deletes it, then forgets its creator and answers the handler's reply", async () => {
      const w = world();
      const reply = await guarded(w, { returnValue: 'deleted' }).delete(
        'root/interop',
        'CIM_IndicationSubscription',
      );
      assert.deepEqual(reply, { returnValue: 'deleted' });
      assert.deepEqual(w.log, [
        'read:CIM_IndicationSubscription.Name="x"',
        'ran:deleteinstance',
        'engine:root/interop',
        `forget:${CREATOR_RECORD_PATH}`,
      ]);
    });

    it('forgets nothing when the stored subscription has no path', async () => {
      const w = world();
      w.stored = cimInstance('CIM_IndicationSubscription', {});
      await guarded(w).delete('root/interop', 'Acme_Subscription');
      assert.deepEqual(w.log, ['read:Acme_Subscription.Name="x"', 'ran:deleteinstance']);
    });
  });
});

/** The three guarded class operations over `w`'s engine. */
function guardedClassOps(w: World) {
  const run = guardedRunner(w, ['createclass', 'modifyclass', 'deleteclass']);
  const classElement = (name: string, superclass?: string): string =>
    `<CLASS NAME="${name}"${superclass === undefined ? '' : ` SUPERCLASS="${superclass}"`}/>`;
  return {
    create: (ns: string, name: string, superclass?: string) =>
      run('createclass', call('CreateClass', ns, { NewClass: classElement(name, superclass) })),
    modify: (ns: string, name: string, superclass?: string) =>
      run(
        'modifyclass',
        call('ModifyClass', ns, { ModifiedClass: classElement(name, superclass) }),
      ),
    delete: (ns: string, name: string) =>
      run('deleteclass', call('DeleteClass', ns, { ClassName: `<CLASSNAME NAME="${name}"/>` })),
  };
}

describe('guardSubscriptionWrites: the creator-record class', () => {
  it('refuses CreateClass of a class under it, or of the class itself, in root/interop', async () => {
    const w = world();
    const ops = guardedClassOps(w);
    const e = await refused(
      ops.create('root/interop', 'Acme_X', 'WBEMRX_SubscriptionCreator'),
      WBEM_E_ACCESS_DENIED,
    );
    assert.match(
      e.message,
      /CreateClass of Acme_X: the class WBEMRX_SubscriptionCreator is kept by the server/,
    );
    // Under a class that is itself under it, whatever the case.
    await refused(ops.create('root\\INTEROP', 'Acme_Y', 'acme_creator'), WBEM_E_ACCESS_DENIED);
    await refused(ops.create('root/interop', 'wbemrx_subscriptioncreator'), WBEM_E_ACCESS_DENIED);
    assert.deepEqual(w.log, []);
  });

  it('runs CreateClass of any other class, and every class outside root/interop, untouched', async () => {
    const w = world();
    const ops = guardedClassOps(w);
    await ops.create('root/interop', 'Acme_Z', 'CIM_IndicationSubscription');
    await ops.create('root/interop', 'Acme_Root');
    // An unknown superclass is the handler's to report.
    await ops.create('root/interop', 'Acme_W', 'Acme_Unknown');
    await ops.create('root/cimv2', 'Acme_X', 'WBEMRX_SubscriptionCreator');
    assert.deepEqual(w.log, [
      'ran:createclass',
      'ran:createclass',
      'ran:createclass',
      'ran:createclass',
    ]);
  });

  it('refuses ModifyClass of the class, of a class under it, and one moved under it', async () => {
    const w = world();
    const ops = guardedClassOps(w);
    await refused(ops.modify('root/interop', 'WBEMRX_SubscriptionCreator'), WBEM_E_ACCESS_DENIED);
    const e = await refused(ops.modify('root/interop', 'Acme_Creator'), WBEM_E_ACCESS_DENIED);
    assert.match(e.message, /ModifyClass of Acme_Creator/);
    await refused(
      ops.modify('root/interop', 'Acme_Other', 'WBEMRX_SubscriptionCreator'),
      WBEM_E_ACCESS_DENIED,
    );
    assert.deepEqual(w.log, []);
    await ops.modify('root/interop', 'Acme_Other', 'CIM_ManagedElement');
    await ops.modify('root/cimv2', 'WBEMRX_SubscriptionCreator');
    assert.deepEqual(w.log, ['ran:modifyclass', 'ran:modifyclass']);
  });

  it('refuses DeleteClass of the class itself in root/interop, and leaves the rest to the handler', async () => {
    const w = world();
    const ops = guardedClassOps(w);
    const e = await refused(
      ops.delete('root/interop', 'wbemrx_SubscriptionCreator'),
      WBEM_E_ACCESS_DENIED,
    );
    assert.match(e.message, /DeleteClass of wbemrx_SubscriptionCreator/);
    assert.deepEqual(w.log, []);
    await ops.delete('root/interop', 'Acme_Creator');
    await ops.delete('root/cimv2', 'WBEMRX_SubscriptionCreator');
    assert.deepEqual(w.log, ['ran:deleteclass', 'ran:deleteclass']);
  });
});

describe('the creator-record class over CIM-XML', () => {
  let t: TestServer;
  let admin: CimXmlClient;
  before(async () => {
    t = await startTestServer();
    admin = new CimXmlClient({ url: `http://admin:admin-pw@127.0.0.1:${t.port}/root/interop` });
  });
  after(async () => {
    admin.close();
    await t.close();
  });

  const deniedOver = (e: unknown) =>
    e instanceof CimStatusError && e.cimStatus === 'CIM_ERR_ACCESS_DENIED';

  it('cannot be modified, deleted or derived from by a client holding every right, and stays as it was', async () => {
    const interop = await t.engine.connectServer('root/interop');
    const before = await interop.getClass('WBEMRX_SubscriptionCreator');
    await assert.rejects(
      admin.createClass(
        cimClass({ name: 'Acme_Creator', superclass: 'WBEMRX_SubscriptionCreator' }),
      ),
      deniedOver,
    );
    await assert.rejects(
      admin.modifyClass(
        cimClass({
          name: 'WBEMRX_SubscriptionCreator',
          properties: [
            cimProperty('Subscription', 'string', { qualifiers: key }),
            cimProperty('Extra', 'string'),
          ],
        }),
      ),
      deniedOver,
    );
    await assert.rejects(admin.deleteClass('WBEMRX_SubscriptionCreator'), deniedOver);
    assert.deepEqual(await interop.getClass('WBEMRX_SubscriptionCreator'), before);
    assert.deepEqual(await interop.enumerateClassNames('WBEMRX_SubscriptionCreator'), []);
  });

  it('leaves the client its other classes in root/interop', async () => {
    await admin.createClass(cimClass({ name: 'Acme_Own' }));
    await admin.modifyClass(
      cimClass({ name: 'Acme_Own', properties: [cimProperty('P', 'uint8')] }),
    );
    await admin.deleteClass('Acme_Own');
  });
});

describe('creator records of a subclass defined through the engine, over CIM-XML', () => {
  let t: TestServer;
  let admin: CimXmlClient;
  before(async () => {
    t = await startTestServer();
    admin = new CimXmlClient({ url: `http://admin:admin-pw@127.0.0.1:${t.port}/root/interop` });
    // Clients cannot define the class (above); an application embedding the engine can, and
    // writing its instances must not be a way around the refusal of the records themselves.
    const interop = await t.engine.connectServer('root/interop');
    await interop.putClass(
      cimClass({ name: 'Acme_Creator', superclass: 'WBEMRX_SubscriptionCreator' }),
    );
  });
  after(async () => {
    admin.close();
    await t.close();
  });

  it('fails with CIM_ERR_ACCESS_DENIED when a client creates one naming another creator, and stores nothing', async () => {
    await assert.rejects(
      admin.createInstance(
        cimInstance('Acme_Creator', {
          Subscription: SUBSCRIPTION_PATH,
          Creator: 'root',
          Remote: false,
        }),
      ),
      (e: unknown) => e instanceof CimStatusError && e.cimStatus === 'CIM_ERR_ACCESS_DENIED',
    );
    const interop = await t.engine.connectServer('root/interop');
    assert.deepEqual(await interop.createInstanceEnum('WBEMRX_SubscriptionCreator'), []);
  });
});
