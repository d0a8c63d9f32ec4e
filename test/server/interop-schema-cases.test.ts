/**
 * The interop schema (`src/server/interop-schema.ts`, `src/server/interop-profile-schema.ts`) as
 * its callers see it: the classes `ensureInteropSchema` and `ensureProfileSchema` define in
 * `root/interop` (names, superclasses, qualifiers, keys, property types, the `ValueMap`/`Values`
 * a client reads), which classes are left as they are, and which failures of the engine are
 * passed on. A stub engine records the calls; an in-memory engine shows the classes served.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CimClass,
  cimClass,
  cimProperty,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_NOT_FOUND,
  WbemEngine,
  WbemError,
} from '../../src/index.js';
import {
  CONFORMS_TO_PROFILE_CLASS,
  ensureProfileSchema,
  NAMESPACE_CLASS,
  NAMESPACE_IN_MANAGER_CLASS,
  NAMESPACE_KEYS,
  NOT_ADVERTISED,
  ORGANIZATION_DMTF,
  PUBLISHED_CLASSES,
  REGISTERED_PROFILE_CLASS,
} from '../../src/server/interop-profile-schema.js';
import {
  CIMXML_DESTINATION_CLASS,
  DESTINATION_CLASS,
  defineMissingClasses,
  ensureInteropSchema,
  FILTER_CLASS,
  INTEROP_NAMESPACE,
  SUBSCRIPTION_CLASS,
} from '../../src/server/interop-schema.js';

const STRING = 8;
const UINT16 = 18;
const REF = 102;

/** A class as a client reads it: its own qualifiers and its properties, in order. */
function shape(cls: CimClass) {
  return {
    name: cls.name,
    superclass: cls.superclass,
    qualifiers: Object.fromEntries([...cls.qualifiers.values()].map((q) => [q.name, q.value])),
    properties: [...cls.properties.values()]
      .filter((p) => !p.name.startsWith('__'))
      .map((p) => ({
        name: p.name,
        type: p.type,
        isArray: p.isArray,
        ...(p.referenceClass === undefined ? {} : { referenceClass: p.referenceClass }),
        qualifiers: Object.fromEntries([...p.qualifiers.values()].map((q) => [q.name, q.value])),
      })),
  };
}

const KEY = { Key: true };
const prop = (name: string, type: number, qualifiers: object = {}, isArray = false) => ({
  name,
  type,
  isArray,
  qualifiers,
});
const ref = (name: string, referenceClass: string) => ({
  name,
  type: REF,
  isArray: false,
  referenceClass,
  qualifiers: KEY,
});
const scopedKeys = ['SystemCreationClassName', 'SystemName', 'CreationClassName', 'Name'].map((n) =>
  prop(n, STRING, KEY),
);

const SUBSCRIPTION_SHAPES = [
  {
    name: 'CIM_IndicationFilter',
    superclass: null,
    qualifiers: { Description: 'DSP1054 indication filter: a WQL notification query' },
    properties: [
      ...scopedKeys,
      prop('Query', STRING),
      prop('QueryLanguage', STRING),
      prop('SourceNamespace', STRING),
      prop('SourceNamespaces', STRING, {}, true),
    ],
  },
  {
    name: 'CIM_ListenerDestination',
    superclass: null,
    qualifiers: { Abstract: true },
    properties: [...scopedKeys, prop('PersistenceType', UINT16)],
  },
  {
    name: 'CIM_ListenerDestinationCIMXML',
    superclass: 'CIM_ListenerDestination',
    qualifiers: {},
    properties: [prop('Destination', STRING)],
  },
  {
    name: 'CIM_IndicationSubscription',
    superclass: null,
    qualifiers: { Association: true },
    properties: [
      ref('Filter', 'CIM_IndicationFilter'),
      ref('Handler', 'CIM_ListenerDestination'),
      prop('SubscriptionState', UINT16),
    ],
  },
];

const ORGANIZATIONS = [
  'Other',
  'DMTF',
  'CompTIA',
  'Consortium for Service Innovation',
  'FAST',
  'GGF',
  'INTAP',
  'itSMF',
  'NAC',
  'Northwest Energy Efficiency Alliance',
  'SNIA',
  'TM Forum',
  'The Open Group',
  'ANSI',
  'IEEE',
  'IETF',
  'INCITS',
  'ISO',
  'W3C',
  'OGF',
  'The Green Grid',
];

const PROFILE_SHAPES = [
  {
    name: 'CIM_Namespace',
    superclass: null,
    qualifiers: { Description: 'A namespace of this WBEM server' },
    properties: [
      ...[
        'SystemCreationClassName',
        'SystemName',
        'ObjectManagerCreationClassName',
        'ObjectManagerName',
        'CreationClassName',
        'Name',
      ].map((n) => prop(n, STRING, KEY)),
      prop('ElementName', STRING),
    ],
  },
  {
    name: 'CIM_NamespaceInManager',
    superclass: null,
    qualifiers: { Association: true },
    properties: [ref('Antecedent', 'CIM_ObjectManager'), ref('Dependent', 'CIM_Namespace')],
  },
  {
    name: 'CIM_RegisteredProfile',
    superclass: null,
    qualifiers: { Description: 'A management profile this WBEM server implements' },
    properties: [
      prop('InstanceID', STRING, KEY),
      prop('RegisteredOrganization', UINT16, {
        ValueMap: ORGANIZATIONS.map((_, i) => String(i + 1)),
        Values: ORGANIZATIONS,
      }),
      prop('OtherRegisteredOrganization', STRING),
      prop('RegisteredName', STRING),
      prop('RegisteredVersion', STRING),
      prop(
        'AdvertiseTypes',
        UINT16,
        {
          ValueMap: ['1', '2', '3', '4'],
          Values: ['Other', 'Not Advertised', 'SLP', 'WS-Identify'],
        },
        true,
      ),
      prop('AdvertiseTypeDescriptions', STRING, {}, true),
      prop('ElementName', STRING),
    ],
  },
  {
    name: 'CIM_ElementConformsToProfile',
    superclass: null,
    qualifiers: { Association: true },
    properties: [
      ref('ConformantStandard', 'CIM_RegisteredProfile'),
      ref('ManagedElement', 'CIM_ManagedElement'),
    ],
  },
];

interface Calls {
  readonly log: string[];
  readonly put: CimClass[];
}

/**
 * An engine stub: `createNamespace` and `getClass` answer by the functions given (by default the
 * namespace is new and no class exists); every call is logged.
 */
function stubEngine(
  options: {
    createNamespace?: () => Promise<void>;
    getClass?: (name: string) => Promise<CimClass>;
  } = {},
): { engine: WbemEngine; calls: Calls } {
  const calls: Calls = { log: [], put: [] };
  const missing = async (name: string): Promise<CimClass> => {
    throw new WbemError(WBEM_E_NOT_FOUND, { message: `class ${name} does not exist` });
  };
  const engine = {
    async createNamespace(parent: string, name: string) {
      calls.log.push(`createNamespace ${parent} ${name}`);
      await (options.createNamespace ?? (async () => {}))();
    },
    async connectServer(namespace: string) {
      calls.log.push(`connectServer ${namespace}`);
      return {
        async getClass(name: string) {
          calls.log.push(`getClass ${name}`);
          return (options.getClass ?? missing)(name);
        },
        async putClass(cls: CimClass) {
          calls.log.push(`putClass ${cls.name}`);
          calls.put.push(cls);
        },
      };
    },
  };
  return { engine: engine as unknown as WbemEngine, calls };
}

describe('the interop names', () => {
  it('are the DSP1054 and DSP1033 class names in root/interop', () => {
    assert.equal(INTEROP_NAMESPACE, 'root/interop');
    assert.deepEqual(
      [FILTER_CLASS, DESTINATION_CLASS, CIMXML_DESTINATION_CLASS, SUBSCRIPTION_CLASS],
      SUBSCRIPTION_SHAPES.map((s) => s.name),
    );
    assert.deepEqual(PUBLISHED_CLASSES, [
      NAMESPACE_CLASS,
      NAMESPACE_IN_MANAGER_CLASS,
      REGISTERED_PROFILE_CLASS,
      CONFORMS_TO_PROFILE_CLASS,
    ]);
    assert.deepEqual(
      PUBLISHED_CLASSES,
      PROFILE_SHAPES.map((s) => s.name),
    );
    assert.deepEqual(NAMESPACE_KEYS, [
      'SystemCreationClassName',
      'SystemName',
      'ObjectManagerCreationClassName',
      'ObjectManagerName',
      'CreationClassName',
      'Name',
    ]);
  });

  it('number the DMTF and "Not Advertised" as the classes map them', () => {
    assert.equal(ORGANIZATIONS[ORGANIZATION_DMTF - 1], 'DMTF');
    assert.equal(ORGANIZATION_DMTF, 2);
    assert.equal(NOT_ADVERTISED, 2);
  });
});

describe('ensureInteropSchema', () => {
  it('creates root/interop and defines the four subscription classes, superclasses first', async () => {
    const { engine, calls } = stubEngine();
    await ensureInteropSchema(engine);
    assert.deepEqual(calls.log, [
      'createNamespace root interop',
      'connectServer root/interop',
      'getClass CIM_IndicationFilter',
      'putClass CIM_IndicationFilter',
      'getClass CIM_ListenerDestination',
      'putClass CIM_ListenerDestination',
      'getClass CIM_ListenerDestinationCIMXML',
      'putClass CIM_ListenerDestinationCIMXML',
      'getClass CIM_IndicationSubscription',
      'putClass CIM_IndicationSubscription',
    ]);
    assert.deepEqual(calls.put.map(shape), SUBSCRIPTION_SHAPES);
  });

  it('goes on when root/interop exists', async () => {
    const { engine, calls } = stubEngine({
      createNamespace: async () => {
        throw new WbemError(WBEM_E_ALREADY_EXISTS, { message: 'namespace root/interop exists' });
      },
    });
    await ensureInteropSchema(engine);
    assert.equal(calls.put.length, 4);
  });

  it('passes on any other failure to create the namespace, defining nothing', async () => {
    const denied = new WbemError(WBEM_E_ACCESS_DENIED, { message: 'no' });
    const a = stubEngine({
      createNamespace: async () => {
        throw denied;
      },
    });
    await assert.rejects(ensureInteropSchema(a.engine), (e) => e === denied);
    assert.deepEqual(a.calls.log, ['createNamespace root interop']);
    // Not a WbemError, though it carries the HRESULT of "already exists".
    const odd = Object.assign(new Error('odd'), { hresult: WBEM_E_ALREADY_EXISTS });
    const b = stubEngine({
      createNamespace: async () => {
        throw odd;
      },
    });
    await assert.rejects(ensureInteropSchema(b.engine), (e) => e === odd);
    assert.deepEqual(b.calls.log, ['createNamespace root interop']);
  });
});

describe('defineMissingClasses', () => {
  it('leaves a class that exists as it is and defines the others', async () => {
    const { engine, calls } = stubEngine({
      getClass: async (name) => {
        if (name === DESTINATION_CLASS) return cimClass({ name });
        throw new WbemError(WBEM_E_NOT_FOUND);
      },
    });
    await ensureInteropSchema(engine);
    assert.deepEqual(
      calls.put.map((c) => c.name),
      [FILTER_CLASS, CIMXML_DESTINATION_CLASS, SUBSCRIPTION_CLASS],
    );
  });

  it('passes on a failure to read a class other than "not found", defining nothing more', async () => {
    const denied = new WbemError(WBEM_E_ACCESS_DENIED);
    const a = stubEngine({
      getClass: async () => {
        throw denied;
      },
    });
    await assert.rejects(ensureInteropSchema(a.engine), (e) => e === denied);
    assert.equal(a.calls.put.length, 0);
    const odd = Object.assign(new Error('odd'), { hresult: WBEM_E_NOT_FOUND });
    const b = stubEngine({
      getClass: async () => {
        throw odd;
      },
    });
    await assert.rejects(
      defineMissingClasses(b.engine, [cimClass({ name: 'X_One' })]),
      (e) => e === odd,
    );
    assert.equal(b.calls.put.length, 0);
  });

  it('defines the classes given, in their order, in root/interop', async () => {
    const { engine, calls } = stubEngine();
    await defineMissingClasses(engine, [cimClass({ name: 'X_B' }), cimClass({ name: 'X_A' })]);
    assert.deepEqual(calls.log, [
      'connectServer root/interop',
      'getClass X_B',
      'putClass X_B',
      'getClass X_A',
      'putClass X_A',
    ]);
  });
});

describe('ensureProfileSchema', () => {
  it('defines the four Profile Registration classes, with the ValueMaps clients read', async () => {
    const { engine, calls } = stubEngine();
    await ensureProfileSchema(engine);
    assert.deepEqual(calls.log, [
      'connectServer root/interop',
      'getClass CIM_Namespace',
      'putClass CIM_Namespace',
      'getClass CIM_NamespaceInManager',
      'putClass CIM_NamespaceInManager',
      'getClass CIM_RegisteredProfile',
      'putClass CIM_RegisteredProfile',
      'getClass CIM_ElementConformsToProfile',
      'putClass CIM_ElementConformsToProfile',
    ]);
    assert.deepEqual(calls.put.map(shape), PROFILE_SHAPES);
  });
});

describe('the interop schema in an engine', () => {
  let engine: WbemEngine;
  before(async () => {
    engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
  });
  after(() => engine.shutdown());

  it('serves the classes defined, and a second call changes nothing', async () => {
    await ensureInteropSchema(engine);
    const svc = await engine.connectServer(INTEROP_NAMESPACE);
    // A class defined beforehand with more in it stays as it was.
    await svc.putClass(
      cimClass({
        name: 'CIM_ManagedElement',
        properties: [cimProperty('Caption', 'string')],
      }),
    );
    await svc.putClass(
      cimClass({
        name: NAMESPACE_CLASS,
        superclass: 'CIM_ManagedElement',
        properties: [cimProperty('Name', 'string', { qualifiers: [] })],
      }),
    );
    await ensureProfileSchema(engine);
    await ensureInteropSchema(engine);
    await ensureProfileSchema(engine);
    const served = await Promise.all(
      [...SUBSCRIPTION_SHAPES, ...PROFILE_SHAPES].map((s) => svc.getClass(s.name)),
    );
    const byName = new Map(served.map((c) => [c.name, c]));
    for (const s of [...SUBSCRIPTION_SHAPES, ...PROFILE_SHAPES]) {
      if (s.name === NAMESPACE_CLASS) continue;
      const cls = byName.get(s.name);
      assert.ok(cls !== undefined);
      assert.equal(cls.superclass, s.superclass);
      const own = [...cls.properties.values()].filter(
        (p) => !p.name.startsWith('__') && p.propagated !== true,
      );
      assert.deepEqual(
        own.map((p) => p.name),
        s.properties.map((p) => p.name),
        s.name,
      );
    }
    const ns = byName.get(NAMESPACE_CLASS);
    assert.equal(ns?.superclass, 'CIM_ManagedElement');
    assert.ok(ns?.properties.has('caption'));
    assert.equal(ns?.properties.has('elementname'), false);
  });

  it('passes on the failure of an engine that is shut down', async () => {
    const stopped = await WbemEngine.start({ storage: 'memory', hosts: 1 });
    await stopped.shutdown();
    await assert.rejects(ensureInteropSchema(stopped), (e) => {
      assert.ok(e instanceof WbemError);
      assert.notEqual(e.hresult, WBEM_E_ALREADY_EXISTS);
      return true;
    });
    await assert.rejects(ensureProfileSchema(stopped), WbemError);
  });
});
