/**
 * `publishedInstances` (`src/server/published-instances.ts`) over a stub source: the values, keys
 * and system properties of each published class's instances, one `CIM_Namespace` per namespace
 * and per stored object manager, the associations only when a manager is stored, and the read
 * failures passed on. The loopback tests (`published-namespaces`, `published-profiles`) see what
 * pywbem reads; these see every field of the instances, and stored classes and managers a
 * server's own start does not write.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import {
  type CimClass,
  type CimInstance,
  cimClass,
  cimInstance,
  cimProperty,
  type SystemProperties,
  WBEM_E_NOT_FOUND,
  WbemError,
} from '../../src/index.js';
import {
  type PublishedSource,
  publishedInstances,
  REGISTERED_PROFILES,
} from '../../src/server/published-instances.js';

const SERVER = 'host-a';

/** A class as the engine returns it, with `__DERIVATION` when `derivation` is given. */
function storedClass(
  name: string,
  properties: readonly (readonly [string, 'string' | 'ref' | 'uint16' | 'uint16[]'])[],
  derivation?: readonly string[],
): CimClass {
  const cls = cimClass({
    name,
    superclass: derivation?.[0] ?? null,
    properties: properties.map(([n, type]) =>
      type === 'ref' ? cimProperty(n, 'ref', { referenceClass: 'CIM_X' }) : cimProperty(n, type),
    ),
  });
  if (derivation === undefined) return cls;
  return { ...cls, systemProperties: { __DERIVATION: derivation } as unknown as SystemProperties };
}

const NAMESPACE_PROPERTIES = [
  ['SystemCreationClassName', 'string'],
  ['SystemName', 'string'],
  ['ObjectManagerCreationClassName', 'string'],
  ['ObjectManagerName', 'string'],
  ['CreationClassName', 'string'],
  ['Name', 'string'],
  ['ElementName', 'string'],
] as const;

const CLASSES: Record<string, CimClass> = {
  CIM_Namespace: storedClass('CIM_Namespace', NAMESPACE_PROPERTIES, [
    'CIM_ManagedElementish',
    'CIM_Middle',
    'CIM_ManagedElement',
  ]),
  CIM_NamespaceInManager: storedClass(
    'CIM_NamespaceInManager',
    [
      ['Antecedent', 'ref'],
      ['Dependent', 'ref'],
    ],
    ['CIM_HostedDependency', 'CIM_Dependency'],
  ),
  CIM_RegisteredProfile: storedClass(
    'CIM_RegisteredProfile',
    [
      ['InstanceID', 'string'],
      ['RegisteredOrganization', 'uint16'],
      ['RegisteredName', 'string'],
      ['RegisteredVersion', 'string'],
      ['AdvertiseTypes', 'uint16[]'],
      ['ElementName', 'string'],
    ],
    ['CIM_RegisteredSpecification', 'CIM_ManagedElement'],
  ),
  CIM_ElementConformsToProfile: storedClass(
    'CIM_ElementConformsToProfile',
    [
      ['ConformantStandard', 'ref'],
      ['ManagedElement', 'ref'],
    ],
    [],
  ),
};

/** A stored object manager with `__RELPATH` `relPath` (none when null). */
function manager(values: Record<string, string | number | null>, relPath: string | null) {
  const inst = cimInstance('CIM_ObjectManager', values);
  return {
    ...inst,
    systemProperties: { __RELPATH: relPath } as unknown as SystemProperties,
  } as CimInstance;
}

const OM1 =
  'CIM_ObjectManager.CreationClassName="OM_Class",Name="om1",SystemCreationClassName="SYS_Class",SystemName="sys1"';
const OM2 = 'CIM_ObjectManager.Name="om2"';

const om1 = manager(
  {
    SystemCreationClassName: 'SYS_Class',
    SystemName: 'sys1',
    CreationClassName: 'OM_Class',
    Name: 'om1',
  },
  OM1,
);

/** A source with these namespaces and managers; `classes` replaces the stored classes. */
function source(
  namespaces: readonly string[],
  managers: readonly CimInstance[],
  classes: Record<string, CimClass> = CLASSES,
): PublishedSource & { classReads: string[] } {
  const classReads: string[] = [];
  return {
    classReads,
    namespaces: async () => namespaces,
    objectManagers: async () => managers,
    classOf: async (name) => {
      classReads.push(name);
      const cls = classes[name];
      if (cls === undefined) throw new WbemError(WBEM_E_NOT_FOUND, { message: name });
      return cls;
    },
    server: SERVER,
  };
}

/** An instance's property values by name. */
function values(inst: CimInstance | undefined): Record<string, unknown> {
  assert.ok(inst !== undefined);
  return Object.fromEntries([...inst.properties.values()].map((p) => [p.name, p.value]));
}

/** A path as a quoted key value writes it. */
const quoted = (p: string) => p.replaceAll('\\', '\\\\').replaceAll('"', '\\"');

const relPath = (inst: CimInstance | undefined) => inst?.systemProperties?.__RELPATH;

const HOST = hostname();
const OWN_KEYS = `ObjectManagerCreationClassName="CIM_ObjectManager",ObjectManagerName="wbemrx",SystemCreationClassName="CIM_ComputerSystem",SystemName="${HOST}"`;
const PROFILE_PATH = 'CIM_RegisteredProfile.InstanceID="wbemrx:DMTF+WBEM Server+1.0.0"';

describe('publishedInstances of CIM_Namespace', () => {
  it("returns one instance per namespace, in the source's order, named after this server when no manager is stored", async () => {
    const found = await publishedInstances('CIM_Namespace', source(['root', 'root/b'], []));
    assert.equal(found.length, 2);
    assert.deepEqual(values(found[0]), {
      SystemCreationClassName: 'CIM_ComputerSystem',
      SystemName: HOST,
      ObjectManagerCreationClassName: 'CIM_ObjectManager',
      ObjectManagerName: 'wbemrx',
      CreationClassName: 'CIM_Namespace',
      Name: 'root',
      ElementName: 'root',
    });
    assert.equal(found[0]?.className, 'CIM_Namespace');
    assert.equal(values(found[1])['Name'], 'root/b');
    assert.equal(values(found[1])['ElementName'], 'root/b');
  });

  it('gives each instance the system properties the engine would: class, derivation, paths in root\\interop on the source server', async () => {
    const [ns] = await publishedInstances('CIM_Namespace', source(['root/cimv2'], []));
    const rel = `CIM_Namespace.CreationClassName="CIM_Namespace",Name="root/cimv2",${OWN_KEYS}`;
    assert.deepEqual(ns?.systemProperties, {
      __GENUS: 2,
      __CLASS: 'CIM_Namespace',
      __SUPERCLASS: 'CIM_ManagedElementish',
      __DYNASTY: 'CIM_ManagedElement',
      __DERIVATION: ['CIM_ManagedElementish', 'CIM_Middle', 'CIM_ManagedElement'],
      __PROPERTY_COUNT: 7,
      __RELPATH: rel,
      __PATH: `\\\\host-a\\root\\interop:${rel}`,
      __NAMESPACE: 'root\\interop',
      __SERVER: 'host-a',
    });
  });

  it('gives the class itself as dynasty and an empty derivation when the stored class has no __DERIVATION', async () => {
    const classes = {
      ...CLASSES,
      CIM_Namespace: storedClass('CIM_Namespace', NAMESPACE_PROPERTIES),
    };
    const [ns] = await publishedInstances('CIM_Namespace', source(['root'], [], classes));
    assert.equal(ns?.systemProperties?.__DYNASTY, 'CIM_Namespace');
    assert.deepEqual(ns?.systemProperties?.__DERIVATION, []);
    assert.equal(ns?.systemProperties?.__SUPERCLASS, null);
  });

  it('computes the instances when the stored class lacks a key property', async () => {
    const classes = {
      ...CLASSES,
      CIM_Namespace: storedClass('CIM_Namespace', [['Name', 'string']]),
    };
    const [ns] = await publishedInstances('CIM_Namespace', source(['root'], [], classes));
    assert.equal(
      relPath(ns),
      `CIM_Namespace.CreationClassName="CIM_Namespace",Name="root",${OWN_KEYS}`,
    );
    assert.equal(ns?.systemProperties?.__PROPERTY_COUNT, 1);
  });

  it('scopes the namespaces to each stored manager in turn, by its four keys', async () => {
    const found = await publishedInstances(
      'CIM_Namespace',
      source(['root', 'root/x'], [om1, manager({ Name: 'om2' }, OM2)]),
    );
    assert.deepEqual(
      found.map((n) => [
        values(n)['SystemCreationClassName'],
        values(n)['SystemName'],
        values(n)['ObjectManagerCreationClassName'],
        values(n)['ObjectManagerName'],
        values(n)['Name'],
      ]),
      [
        ['SYS_Class', 'sys1', 'OM_Class', 'om1', 'root'],
        ['SYS_Class', 'sys1', 'OM_Class', 'om1', 'root/x'],
        ['', '', '', 'om2', 'root'],
        ['', '', '', 'om2', 'root/x'],
      ],
    );
    assert.equal(
      relPath(found[0]),
      'CIM_Namespace.CreationClassName="CIM_Namespace",Name="root",ObjectManagerCreationClassName="OM_Class",ObjectManagerName="om1",SystemCreationClassName="SYS_Class",SystemName="sys1"',
    );
  });

  it('reads a manager key that is not a string as empty', async () => {
    const odd = manager(
      { SystemCreationClassName: 7, SystemName: null, CreationClassName: 'C', Name: 'n' },
      'CIM_ObjectManager.Name="n"',
    );
    const [ns] = await publishedInstances('CIM_Namespace', source(['root'], [odd]));
    assert.equal(values(ns)['SystemCreationClassName'], '');
    assert.equal(values(ns)['SystemName'], '');
    assert.equal(values(ns)['ObjectManagerCreationClassName'], 'C');
  });

  it('leaves out a stored manager without a path or system properties, and names the namespaces after this server when none has one', async () => {
    const pathless = manager({ Name: 'lost' }, null);
    const mixed = await publishedInstances('CIM_Namespace', source(['root'], [pathless, om1]));
    assert.deepEqual(
      mixed.map((n) => values(n)['ObjectManagerName']),
      ['om1'],
    );
    const bare = cimInstance('CIM_ObjectManager', { Name: 'bare' });
    const none = await publishedInstances('CIM_Namespace', source(['root'], [pathless, bare]));
    assert.deepEqual(
      none.map((n) => values(n)['ObjectManagerName']),
      ['wbemrx'],
    );
  });

  it('returns none when the caller sees no namespace', async () => {
    assert.deepEqual(await publishedInstances('CIM_Namespace', source([], [om1])), []);
  });

  it('answers the class name in any case', async () => {
    const found = await publishedInstances('cim_NAMESPACE', source(['root'], []));
    assert.equal(found.length, 1);
    assert.equal(found[0]?.className, 'CIM_Namespace');
  });

  it('passes on the failure when the class cannot be read', async () => {
    const classes = { ...CLASSES };
    delete classes['CIM_Namespace'];
    await assert.rejects(publishedInstances('CIM_Namespace', source(['root'], [], classes)), {
      hresult: WBEM_E_NOT_FOUND,
    });
  });
});

describe('publishedInstances of CIM_NamespaceInManager', () => {
  it('associates each stored manager with each of its namespaces, by path', async () => {
    const found = await publishedInstances(
      'CIM_NamespaceInManager',
      source(['root', 'root/x'], [om1]),
    );
    const dependent =
      'CIM_Namespace.CreationClassName="CIM_Namespace",Name="root",ObjectManagerCreationClassName="OM_Class",ObjectManagerName="om1",SystemCreationClassName="SYS_Class",SystemName="sys1"';
    assert.equal(found.length, 2);
    assert.deepEqual(values(found[0]), { Antecedent: OM1, Dependent: dependent });
    assert.equal(found[0]?.className, 'CIM_NamespaceInManager');
    assert.equal(values(found[1])['Dependent'], dependent.replace('"root"', '"root/x"'));
    const rel = `CIM_NamespaceInManager.Antecedent="${quoted(OM1)}",Dependent="${quoted(dependent)}"`;
    assert.deepEqual(found[0]?.systemProperties, {
      __GENUS: 2,
      __CLASS: 'CIM_NamespaceInManager',
      __SUPERCLASS: 'CIM_HostedDependency',
      __DYNASTY: 'CIM_Dependency',
      __DERIVATION: ['CIM_HostedDependency', 'CIM_Dependency'],
      __PROPERTY_COUNT: 2,
      __RELPATH: rel,
      __PATH: `\\\\host-a\\root\\interop:${rel}`,
      __NAMESPACE: 'root\\interop',
      __SERVER: 'host-a',
    });
  });

  it('returns none when no manager is stored, and leaves out the pathless one', async () => {
    assert.deepEqual(await publishedInstances('CIM_NamespaceInManager', source(['root'], [])), []);
    const found = await publishedInstances(
      'CIM_NamespaceInManager',
      source(['root'], [manager({ Name: 'lost' }, null), om1]),
    );
    assert.deepEqual(
      found.map((a) => values(a)['Antecedent']),
      [OM1],
    );
  });

  it('passes on the failure when the association class cannot be read', async () => {
    const classes = { ...CLASSES };
    delete classes['CIM_NamespaceInManager'];
    await assert.rejects(
      publishedInstances('CIM_NamespaceInManager', source(['root'], [om1], classes)),
      { hresult: WBEM_E_NOT_FOUND },
    );
  });
});

describe('publishedInstances of CIM_RegisteredProfile', () => {
  it('registers the DMTF WBEM Server profile 1.0.0, not advertised', async () => {
    assert.deepEqual(REGISTERED_PROFILES, [
      { instanceId: 'wbemrx:DMTF+WBEM Server+1.0.0', name: 'WBEM Server', version: '1.0.0' },
    ]);
    const found = await publishedInstances('CIM_RegisteredProfile', source(['root'], [om1]));
    assert.equal(found.length, 1);
    assert.deepEqual(values(found[0]), {
      InstanceID: 'wbemrx:DMTF+WBEM Server+1.0.0',
      RegisteredOrganization: 2,
      RegisteredName: 'WBEM Server',
      RegisteredVersion: '1.0.0',
      AdvertiseTypes: [2],
      ElementName: 'WBEM Server',
    });
    assert.deepEqual(found[0]?.systemProperties, {
      __GENUS: 2,
      __CLASS: 'CIM_RegisteredProfile',
      __SUPERCLASS: 'CIM_RegisteredSpecification',
      __DYNASTY: 'CIM_ManagedElement',
      __DERIVATION: ['CIM_RegisteredSpecification', 'CIM_ManagedElement'],
      __PROPERTY_COUNT: 6,
      __RELPATH: PROFILE_PATH,
      __PATH: `\\\\host-a\\root\\interop:${PROFILE_PATH}`,
      __NAMESPACE: 'root\\interop',
      __SERVER: 'host-a',
    });
  });

  it('registers the profile whether or not a manager is stored or a namespace is seen', async () => {
    const found = await publishedInstances('cim_registeredprofile', source([], []));
    assert.deepEqual(found.map(relPath), [PROFILE_PATH]);
  });
});

describe('publishedInstances of CIM_ElementConformsToProfile', () => {
  it('makes each stored manager conform to the profile, by path', async () => {
    const found = await publishedInstances(
      'CIM_ElementConformsToProfile',
      source(['root'], [om1, manager({ Name: 'lost' }, null), manager({ Name: 'om2' }, OM2)]),
    );
    assert.deepEqual(found.map(values), [
      { ConformantStandard: PROFILE_PATH, ManagedElement: OM1 },
      { ConformantStandard: PROFILE_PATH, ManagedElement: OM2 },
    ]);
    const rel = `CIM_ElementConformsToProfile.ConformantStandard="${quoted(PROFILE_PATH)}",ManagedElement="${quoted(OM1)}"`;
    assert.deepEqual(found[0]?.systemProperties, {
      __GENUS: 2,
      __CLASS: 'CIM_ElementConformsToProfile',
      __SUPERCLASS: null,
      __DYNASTY: 'CIM_ElementConformsToProfile',
      __DERIVATION: [],
      __PROPERTY_COUNT: 2,
      __RELPATH: rel,
      __PATH: `\\\\host-a\\root\\interop:${rel}`,
      __NAMESPACE: 'root\\interop',
      __SERVER: 'host-a',
    });
  });

  it('returns none when no manager is stored', async () => {
    assert.deepEqual(
      await publishedInstances('CIM_ElementConformsToProfile', source(['root'], [])),
      [],
    );
  });
});

describe('publishedInstances of another class', () => {
  it('returns none and reads nothing', async () => {
    for (const name of ['CIM_ObjectManager', 'CIM_Namespaces', '']) {
      const s = source(['root'], [om1]);
      assert.deepEqual(await publishedInstances(name, s), []);
      assert.deepEqual(s.classReads, []);
    }
  });
});
