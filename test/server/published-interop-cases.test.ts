/**
 * `withPublishedInstances` and `publishedInteropView` (`src/server/published-interop.ts`) over an
 * in-memory engine whose `root/interop` derives the published classes from a common base: which
 * enumerations the published instances join (the class itself, deep from a superclass, never
 * shallow from one), how GetInstance matches a path to them, the writes refused, the calls passed
 * to the connection unchanged, and the connection's failures passed on or translated. The
 * loopback tests (`published-namespaces`, `published-profiles`) see what pywbem reads; these call
 * the connection the dispatcher hands each operation.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';
import {
  type CimInstance,
  cimClass,
  cimInstance,
  cimProperty,
  qualifier,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_OBJECT_PATH,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_E_PROVIDER_NOT_CAPABLE,
  WBEM_ENABLE,
  WBEM_FLAG_SHALLOW,
  WbemEngine,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import { ensureProfileSchema } from '../../src/server/interop-profile-schema.js';
import { ensureInteropSchema } from '../../src/server/interop-schema.js';
import { ensureObjectManager, objectManagerKeys } from '../../src/server/object-manager.js';
import {
  publishedInteropView,
  withPublishedInstances,
} from '../../src/server/published-interop.js';
import { setRights } from './helpers/interop-fixtures.js';

const INTEROP = 'root/interop';
const ADMIN = { user: 'admin', remote: false };
const READER = { user: 'reader', remote: false };
const key = [qualifier('Key', true)];
const HOST = hostname();

/** The path of this server's `CIM_ObjectManager` as the engine formats it. */
const OM_PATH = `CIM_ObjectManager.CreationClassName="CIM_ObjectManager",Name="wbemrx",SystemCreationClassName="CIM_ComputerSystem",SystemName="${HOST}"`;
const OM_KEYS = `ObjectManagerCreationClassName="CIM_ObjectManager",ObjectManagerName="wbemrx",SystemCreationClassName="CIM_ComputerSystem",SystemName="${HOST}"`;
const nsPath = (name: string) =>
  `CIM_Namespace.CreationClassName="CIM_Namespace",Name="${name}",${OM_KEYS}`;
const PROFILE_PATH = 'CIM_RegisteredProfile.InstanceID="wbemrx:DMTF+WBEM Server+1.0.0"';

/**
 * `root/interop` as the server sets it up, with `CIM_Namespace` and `CIM_RegisteredProfile`
 * derived from `CIM_ManagedElement` (the profile through `WBEMRX_Spec`), a stored
 * `WBEMRX_Thing` beside them, and a stored `CIM_Namespace` and `CIM_RegisteredProfile` that the
 * view must hide.
 */
async function startEngine(): Promise<WbemEngine> {
  const engine = await WbemEngine.start({
    storage: 'memory',
    hosts: 1,
    security: { groups: { Administrators: ['admin'] } },
  });
  await engine.ensureNamespace('root/cimv2');
  await ensureInteropSchema(engine);
  const svc = await engine.connectServer(INTEROP);
  await svc.putClass(
    cimClass({ name: 'CIM_ManagedElement', properties: [cimProperty('ElementName', 'string')] }),
  );
  await svc.putClass(
    cimClass({
      name: 'CIM_Namespace',
      superclass: 'CIM_ManagedElement',
      properties: [
        'SystemCreationClassName',
        'SystemName',
        'ObjectManagerCreationClassName',
        'ObjectManagerName',
        'CreationClassName',
        'Name',
      ].map((n) => cimProperty(n, 'string', { qualifiers: key })),
    }),
  );
  await svc.putClass(cimClass({ name: 'WBEMRX_Spec', superclass: 'CIM_ManagedElement' }));
  await svc.putClass(
    cimClass({
      name: 'CIM_RegisteredProfile',
      superclass: 'WBEMRX_Spec',
      properties: [
        cimProperty('InstanceID', 'string', { qualifiers: key }),
        cimProperty('RegisteredOrganization', 'uint16'),
        cimProperty('RegisteredName', 'string'),
        cimProperty('RegisteredVersion', 'string'),
        cimProperty('AdvertiseTypes', 'uint16[]'),
      ],
    }),
  );
  await svc.putClass(
    cimClass({
      name: 'WBEMRX_Thing',
      superclass: 'CIM_ManagedElement',
      properties: [cimProperty('Id', 'string', { qualifiers: key })],
    }),
  );
  await ensureProfileSchema(engine);
  await ensureObjectManager(engine);
  await svc.putInstance(cimInstance('WBEMRX_Thing', { Id: 'thing' }));
  await svc.putInstance(
    cimInstance('CIM_Namespace', {
      SystemCreationClassName: 'S',
      SystemName: 'S',
      ObjectManagerCreationClassName: 'O',
      ObjectManagerName: 'O',
      CreationClassName: 'CIM_Namespace',
      Name: 'stored/ghost',
    }),
  );
  await svc.putInstance(cimInstance('CIM_RegisteredProfile', { InstanceID: 'stale' }));
  return engine;
}

const relPaths = (found: readonly CimInstance[]) => found.map((i) => i.systemProperties?.__RELPATH);

describe('withPublishedInstances: enumerations', () => {
  let engine: WbemEngine;
  let raw: WbemServices;
  let view: WbemServices;

  before(async () => {
    engine = await startEngine();
    raw = await engine.connectServer(INTEROP, ADMIN);
    view = withPublishedInstances(raw, engine, ADMIN);
  });
  after(async () => {
    await engine.shutdown();
  });

  it('returns the published namespaces, not the stored ones, when CIM_Namespace is enumerated', async () => {
    assert.equal((await raw.createInstanceEnum('CIM_Namespace')).length, 1);
    const found = await view.createInstanceEnum('CIM_Namespace');
    assert.deepEqual(relPaths(found), [
      nsPath('root'),
      nsPath('root/cimv2'),
      nsPath('root/interop'),
    ]);
    assert.equal(found[0]?.systemProperties?.__SERVER, HOST);
    assert.equal(
      found[0]?.systemProperties?.__PATH,
      `\\\\${HOST}\\root\\interop:${nsPath('root')}`,
    );
  });

  it('returns the published instances of the class alone, in any case, shallow or deep', async () => {
    assert.deepEqual(relPaths(await view.createInstanceEnum('cim_registeredprofile')), [
      PROFILE_PATH,
    ]);
    assert.deepEqual(
      relPaths(await view.createInstanceEnum('CIM_RegisteredProfile', WBEM_FLAG_SHALLOW)),
      [PROFILE_PATH],
    );
    assert.deepEqual(relPaths(await view.createInstanceEnum('CIM_ElementConformsToProfile')), [
      `CIM_ElementConformsToProfile.ConformantStandard="${PROFILE_PATH.replaceAll('"', '\\"')}",ManagedElement="${OM_PATH.replaceAll('"', '\\"')}"`,
    ]);
    assert.equal((await view.createInstanceEnum('CIM_NamespaceInManager')).length, 3);
  });

  it('adds the published instances of each subclass after the stored instances when a superclass is enumerated deep', async () => {
    const found = await view.createInstanceEnum('CIM_ManagedElement');
    assert.deepEqual(relPaths(found), [
      'WBEMRX_Thing.Id="thing"',
      nsPath('root'),
      nsPath('root/cimv2'),
      nsPath('root/interop'),
      PROFILE_PATH,
    ]);
    assert.deepEqual(relPaths(await view.createInstanceEnum('wbemrx_spec')), [PROFILE_PATH]);
  });

  it('adds no published instance when a superclass is enumerated shallow', async () => {
    assert.deepEqual(await view.createInstanceEnum('CIM_ManagedElement', WBEM_FLAG_SHALLOW), []);
    assert.deepEqual(await view.createInstanceEnum('WBEMRX_Spec', WBEM_FLAG_SHALLOW), []);
  });

  it('returns the stored instances alone when the class is neither published nor above one', async () => {
    assert.deepEqual(relPaths(await view.createInstanceEnum('WBEMRX_Thing')), [
      'WBEMRX_Thing.Id="thing"',
    ]);
    assert.deepEqual(relPaths(await view.createInstanceEnum('CIM_ObjectManager')), [OM_PATH]);
  });

  it('fails as the engine does when the class does not exist', async () => {
    await assert.rejects(view.createInstanceEnum('CIM_Nowhere'), {
      hresult: WBEM_E_INVALID_CLASS,
    });
  });

  it('lists only the namespaces the viewer may open', async () => {
    await engine.ensureNamespace('root/secret');
    await setRights(await engine.connectServer('root/secret'), 'reader', 'deny', WBEM_ENABLE);
    try {
      const names = async (who: typeof ADMIN) =>
        (
          await withPublishedInstances(
            await engine.connectServer(INTEROP, who),
            engine,
            who,
          ).createInstanceEnum('CIM_Namespace')
        ).map((n) => n.properties.get('name')?.value);
      assert.deepEqual(await names(ADMIN), ['root', 'root/cimv2', 'root/interop', 'root/secret']);
      assert.deepEqual(await names(READER), ['root', 'root/cimv2', 'root/interop']);
    } finally {
      await engine.deleteNamespace('root/secret');
    }
  });
});

describe('withPublishedInstances: GetInstance', () => {
  let engine: WbemEngine;
  let view: WbemServices;

  before(async () => {
    engine = await startEngine();
    view = withPublishedInstances(await engine.connectServer(INTEROP, ADMIN), engine, ADMIN);
  });
  after(async () => {
    await engine.shutdown();
  });

  it('returns the published instance its path names', async () => {
    const got = await view.getInstance(nsPath('root/cimv2'));
    assert.equal(got.className, 'CIM_Namespace');
    assert.equal(got.properties.get('name')?.value, 'root/cimv2');
    assert.equal(got.systemProperties?.__RELPATH, nsPath('root/cimv2'));
  });

  it('matches class, key names and key values in any case and keys in any order', async () => {
    const path = `cim_namespace.NAME="ROOT/CIMV2",systemname="${HOST.toUpperCase()}",CreationClassName="cim_namespace",ObjectManagerName="WBEMRX",ObjectManagerCreationClassName="CIM_OBJECTMANAGER",SystemCreationClassName="cim_computersystem"`;
    const got = await view.getInstance(path);
    assert.equal(got.systemProperties?.__RELPATH, nsPath('root/cimv2'));
  });

  it('matches a path behind a server and namespace', async () => {
    const got = await view.getInstance(`//${HOST}/root/interop:${PROFILE_PATH}`);
    assert.equal(got.properties.get('instanceid')?.value, 'wbemrx:DMTF+WBEM Server+1.0.0');
  });

  it('matches reference keys as paths, whatever their key order, case and namespace prefix', async () => {
    const antecedent = `root/interop:cim_objectmanager.NAME="wbemrx",SystemName="${HOST}",CreationClassName="CIM_ObjectManager",SystemCreationClassName="CIM_ComputerSystem"`;
    const dependent = `CIM_Namespace.Name="root",${OM_KEYS},CreationClassName="CIM_Namespace"`;
    const q = (p: string) => p.replaceAll('"', '\\"');
    const got = await view.getInstance(
      `CIM_NamespaceInManager.Dependent="${q(dependent)}",Antecedent="${q(antecedent)}"`,
    );
    assert.equal(got.properties.get('antecedent')?.value, OM_PATH);
    assert.equal(got.properties.get('dependent')?.value, nsPath('root'));
  });

  it('fails with WBEM_E_NOT_FOUND when one key value differs, one key is missing, or one is added', async () => {
    const paths = [
      nsPath('root/nowhere'),
      nsPath('root').replace(',ObjectManagerName="wbemrx"', ''),
      nsPath('root').replace('ObjectManagerName="wbemrx"', 'Other="wbemrx"'),
      `${nsPath('root')},Extra="x"`,
      `CIM_NamespaceInManager.Antecedent="${OM_PATH.replaceAll('"', '\\"')}",Dependent="root"`,
      `CIM_NamespaceInManager.Antecedent="CIM_ObjectManager.Name=\\"other\\"",Dependent="${nsPath('root').replaceAll('"', '\\"')}"`,
      `CIM_NamespaceInManager.Antecedent="${OM_PATH.replace('CIM_ObjectManager', 'CIM_Other').replaceAll('"', '\\"')}",Dependent="${nsPath('root').replaceAll('"', '\\"')}"`,
    ];
    for (const path of paths) {
      await assert.rejects(view.getInstance(path), (e: unknown) => {
        assert.ok(e instanceof WbemError, String(e));
        assert.equal(e.hresult, WBEM_E_NOT_FOUND, path);
        assert.equal(e.message, `WBEM_E_NOT_FOUND: no ${path.split('.')[0]} ${path}`);
        return true;
      });
    }
  });

  it('fails with WBEM_E_NOT_FOUND for the stored instance of a published class, hidden by the view', async () => {
    await assert.rejects(view.getInstance('CIM_RegisteredProfile.InstanceID="stale"'), {
      hresult: WBEM_E_NOT_FOUND,
    });
  });

  it('returns a stored instance of another class from the engine', async () => {
    const got = await view.getInstance('WBEMRX_Thing.Id="thing"');
    assert.equal(got.properties.get('id')?.value, 'thing');
    await assert.rejects(view.getInstance('WBEMRX_Thing.Id="none"'), { hresult: WBEM_E_NOT_FOUND });
  });

  it('leaves a malformed path to the engine', async () => {
    await assert.rejects(view.getInstance('not a path'), { hresult: WBEM_E_INVALID_OBJECT_PATH });
  });

  it('fails with WBEM_E_INVALID_CLASS when the published class was deleted', async () => {
    const svc = await engine.connectServer(INTEROP);
    const cls = await svc.getClass('CIM_ElementConformsToProfile');
    await svc.deleteClass('CIM_ElementConformsToProfile');
    try {
      const path = `CIM_ElementConformsToProfile.ConformantStandard="${PROFILE_PATH.replaceAll('"', '\\"')}",ManagedElement="${OM_PATH.replaceAll('"', '\\"')}"`;
      await assert.rejects(view.getInstance(path), (e: unknown) => {
        assert.ok(e instanceof WbemError);
        assert.equal(e.hresult, WBEM_E_INVALID_CLASS);
        assert.ok(e.cause instanceof WbemError);
        assert.equal(e.cause.hresult, WBEM_E_NOT_FOUND);
        // The engine's own words, as for GetInstance of any missing class: no second code name.
        assert.equal(e.detail, e.cause.detail);
        assert.equal(
          e.message,
          `WBEM_E_INVALID_CLASS: class "CIM_ElementConformsToProfile" does not exist`,
        );
        return true;
      });
      // A deep enumeration from above skips the missing class.
      assert.equal((await view.createInstanceEnum('CIM_ManagedElement')).length, 5);
    } finally {
      await svc.putClass(cls);
    }
  });
});

describe('withPublishedInstances: writes', () => {
  let engine: WbemEngine;
  let raw: WbemServices;
  let view: WbemServices;

  before(async () => {
    engine = await startEngine();
    raw = await engine.connectServer(INTEROP, ADMIN);
    view = withPublishedInstances(raw, engine, ADMIN);
  });
  after(async () => {
    await engine.shutdown();
  });

  const refused = (className: string) => (e: unknown) => {
    assert.ok(e instanceof WbemError, String(e));
    assert.equal(e.hresult, WBEM_E_PROVIDER_NOT_CAPABLE);
    assert.equal(
      e.message,
      `WBEM_E_PROVIDER_NOT_CAPABLE: instances of ${className} are published by the server and cannot be written; namespaces are created and deleted as __NAMESPACE instances`,
    );
    return true;
  };

  it('refuses to put an instance of each published class, named in any case', async () => {
    for (const className of [
      'CIM_Namespace',
      'cim_namespaceinmanager',
      'CIM_RegisteredProfile',
      'CIM_ElementConformsToProfile',
    ]) {
      await assert.rejects(
        view.putInstance(cimInstance(className, { InstanceID: 'new', Name: 'x' })),
        refused(className),
      );
    }
    assert.deepEqual(relPaths(await raw.createInstanceEnum('CIM_RegisteredProfile')), [
      'CIM_RegisteredProfile.InstanceID="stale"',
    ]);
  });

  it('refuses to delete a published instance, or a stored one of a published class', async () => {
    await assert.rejects(view.deleteInstance(nsPath('root')), refused('CIM_Namespace'));
    await assert.rejects(
      view.deleteInstance('cim_registeredprofile.InstanceID="stale"'),
      refused('cim_registeredprofile'),
    );
    assert.equal((await raw.createInstanceEnum('CIM_RegisteredProfile')).length, 1);
  });

  it('puts and deletes instances of other classes through the engine', async () => {
    const path = await view.putInstance(cimInstance('WBEMRX_Thing', { Id: 'made' }));
    assert.equal(path, 'WBEMRX_Thing.Id="made"');
    assert.equal((await raw.getInstance(path)).properties.get('id')?.value, 'made');
    await view.deleteInstance(path);
    await assert.rejects(raw.getInstance(path), { hresult: WBEM_E_NOT_FOUND });
  });

  it('leaves a null instance and a malformed path to the engine', async () => {
    await assert.rejects(view.putInstance(null as unknown as CimInstance), {
      hresult: WBEM_E_INVALID_PARAMETER,
    });
    await assert.rejects(view.deleteInstance('not a path'), {
      hresult: WBEM_E_INVALID_OBJECT_PATH,
    });
  });
});

describe('withPublishedInstances: the rest of the connection', () => {
  let engine: WbemEngine;
  let raw: WbemServices;

  before(async () => {
    engine = await startEngine();
    raw = await engine.connectServer(INTEROP, ADMIN);
  });
  after(async () => {
    await engine.shutdown();
  });

  it("answers the connection's other calls and fields from the connection itself", async () => {
    const view = withPublishedInstances(raw, engine, ADMIN);
    assert.equal(view.namespace, raw.namespace);
    assert.equal((await view.getClass('CIM_Namespace')).name, 'CIM_Namespace');
    const names = (await view.createClassEnum('CIM_ManagedElement')).map((c) => c.name);
    assert.ok(names.includes('CIM_Namespace'));
  });

  /** `raw` with some of its calls failing with `error`. */
  function failing(calls: Record<string, (name: string) => boolean>, error: WbemError) {
    const wrapped = Object.create(null) as Record<string, unknown>;
    for (const method of ['createInstanceEnum', 'getClass', 'getInstance'] as const) {
      wrapped[method] = (name: string, ...rest: unknown[]) => {
        if (calls[method]?.(name) === true) return Promise.reject(error);
        return (raw[method] as (...a: unknown[]) => Promise<unknown>).call(raw, name, ...rest);
      };
    }
    wrapped['namespace'] = raw.namespace;
    return withPublishedInstances(wrapped as unknown as WbemServices, engine, ADMIN);
  }

  it('names the namespaces after this server when root/interop has no CIM_ObjectManager class', async () => {
    const view = failing(
      { createInstanceEnum: (n) => n === 'CIM_ObjectManager' },
      new WbemError(WBEM_E_INVALID_CLASS),
    );
    const found = await view.createInstanceEnum('CIM_Namespace');
    assert.deepEqual(relPaths(found), [
      nsPath('root'),
      nsPath('root/cimv2'),
      nsPath('root/interop'),
    ]);
    assert.equal(found[0]?.properties.get('systemname')?.value, objectManagerKeys()['SystemName']);
    assert.deepEqual(await view.createInstanceEnum('CIM_NamespaceInManager'), []);
  });

  it('passes on any other failure to read the object managers', async () => {
    const view = failing(
      { createInstanceEnum: (n) => n === 'CIM_ObjectManager' },
      new WbemError(WBEM_E_ACCESS_DENIED),
    );
    await assert.rejects(view.createInstanceEnum('CIM_Namespace'), {
      hresult: WBEM_E_ACCESS_DENIED,
    });
  });

  it('fails with WBEM_E_INVALID_CLASS without a detail when the class read failed without one', async () => {
    const view = failing(
      { getClass: (n) => n === 'CIM_RegisteredProfile' },
      new WbemError(WBEM_E_NOT_FOUND),
    );
    await assert.rejects(view.getInstance(PROFILE_PATH), (e: unknown) => {
      assert.ok(e instanceof WbemError);
      assert.equal(e.hresult, WBEM_E_INVALID_CLASS);
      assert.equal(e.detail, undefined);
      assert.equal(e.message, 'WBEM_E_INVALID_CLASS');
      return true;
    });
  });

  it('passes on a failure other than not-found to read the published class', async () => {
    const view = failing(
      { getClass: (n) => n === 'CIM_RegisteredProfile' },
      new WbemError(WBEM_E_ACCESS_DENIED),
    );
    await assert.rejects(view.getInstance(PROFILE_PATH), (e: unknown) => {
      assert.ok(e instanceof WbemError);
      assert.equal(e.hresult, WBEM_E_ACCESS_DENIED);
      return true;
    });
  });

  it('skips a published class it cannot read when enumerating deep from a superclass', async () => {
    const view = failing(
      { getClass: (n) => n === 'CIM_RegisteredProfile' },
      new WbemError(WBEM_E_ACCESS_DENIED),
    );
    assert.deepEqual(relPaths(await view.createInstanceEnum('WBEMRX_Spec')), []);
    assert.equal((await view.createInstanceEnum('CIM_ManagedElement')).length, 4);
  });
});

describe('publishedInteropView', () => {
  let engine: WbemEngine;

  before(async () => {
    engine = await startEngine();
  });
  after(async () => {
    await engine.shutdown();
  });

  it('lays the published instances over a connection to root/interop, however the namespace is written', async () => {
    const view = publishedInteropView(engine);
    for (const namespace of ['root/interop', 'ROOT\\Interop', 'Root/INTEROP']) {
      const svc = { namespace } as unknown as WbemServices;
      assert.notEqual(view(svc, ADMIN), svc, namespace);
    }
    const over = view(await engine.connectServer('root\\interop', ADMIN), ADMIN);
    assert.deepEqual(relPaths(await over.createInstanceEnum('CIM_RegisteredProfile')), [
      PROFILE_PATH,
    ]);
  });

  it('gives a connection to another namespace back unchanged', async () => {
    const view = publishedInteropView(engine);
    for (const namespace of ['root', 'root/cimv2', 'root/interop/x', 'interop', 'root/interopx']) {
      const svc = { namespace } as unknown as WbemServices;
      assert.equal(view(svc, ADMIN), svc, namespace);
    }
  });
});
