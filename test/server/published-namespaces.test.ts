/**
 * `CIM_Namespace` and `CIM_NamespaceInManager` in `root/interop` (the WBEM Server profile): one
 * instance per namespace, following the namespace tree as it changes and the caller's rights,
 * associated with the `CIM_ObjectManager`. The `25-` request is the one pywbem 1.9.0's
 * `WBEMServer.namespaces` sent.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { WBEM_ENABLE } from '../../src/index.js';
import { childNamed, childrenNamed, type XmlElement } from '../../src/server/xml-tree.js';
import { replay } from './helpers/captured-exchange.js';
import {
  CimClient,
  className,
  param,
  startTestServer,
  type TestServer,
  value,
} from './helpers/cim-client.js';
import { setRights } from './helpers/interop-fixtures.js';
import {
  INTEROP,
  instanceNames,
  keyValue,
  namespaceNames,
  objectPaths,
  ok,
  propertyValue,
  serialize,
} from './helpers/published-xml.js';

const CIM_ERR_NOT_FOUND = 6;

describe('CIM_Namespace in root/interop', () => {
  let t: TestServer;
  let reader: CimClient;
  let objectManager: XmlElement;

  before(async () => {
    t = await startTestServer();
    reader = new CimClient({ port: t.port, auth: { user: 'reader', password: 'reader-pw' } });
    objectManager = (await instanceNames(t.client, 'CIM_ObjectManager'))[0] as XmlElement;
  });
  after(async () => {
    reader.close();
    await t.close();
  });

  it('returns one instance per namespace with the DMTF keys when pywbem enumerates CIM_Namespace', async () => {
    const named = childrenNamed(
      ok(await replay(t.client, '25-pywbem-EnumerateInstances-CIM_Namespace.txt')),
      'VALUE.NAMEDINSTANCE',
    );
    const instances = named.map((n) => childNamed(n, 'INSTANCE'));
    assert.deepEqual(
      instances.map((i) => propertyValue(i, 'Name')),
      ['root', 'root/cimv2', 'root/interop'],
    );
    const first = named[0] as XmlElement;
    const name = childNamed(first, 'INSTANCENAME');
    assert.equal(name?.attrs['CLASSNAME'], 'CIM_Namespace');
    assert.deepEqual(
      Object.fromEntries(
        [
          'SystemCreationClassName',
          'SystemName',
          'ObjectManagerCreationClassName',
          'ObjectManagerName',
          'CreationClassName',
          'Name',
        ].map((k) => [k, keyValue(name, k)]),
      ),
      {
        SystemCreationClassName: 'CIM_ComputerSystem',
        SystemName: hostname(),
        ObjectManagerCreationClassName: 'CIM_ObjectManager',
        ObjectManagerName: 'wbemrx',
        CreationClassName: 'CIM_Namespace',
        Name: 'root',
      },
    );
  });

  it('lists a namespace created through the API at once and drops it when it is deleted', async () => {
    await t.engine.ensureNamespace('root/cimv2/apps/web');
    assert.deepEqual(await namespaceNames(t.client), [
      'root',
      'root/cimv2',
      'root/cimv2/apps',
      'root/cimv2/apps/web',
      'root/interop',
    ]);
    await t.engine.deleteNamespace('root/cimv2/apps');
    assert.deepEqual(await namespaceNames(t.client), ['root', 'root/cimv2', 'root/interop']);
  });

  it('lists a namespace however deep it lies in the tree', async () => {
    const deepest = `root/deep${'/n'.repeat(99)}`;
    await t.engine.ensureNamespace(deepest);
    try {
      const names = await namespaceNames(t.client);
      assert.equal(names.filter((n) => n.startsWith('root/deep')).length, 100);
      assert.ok(names.includes(deepest));
    } finally {
      await t.engine.deleteNamespace('root/deep');
    }
  });

  it('lists a namespace created and deleted over CIM-XML as a __NAMESPACE instance', async () => {
    const made = await t.client.call(
      'CreateInstance',
      param(
        'NewInstance',
        '<INSTANCE CLASSNAME="__NAMESPACE"><PROPERTY NAME="Name" TYPE="string"><VALUE>made</VALUE></PROPERTY></INSTANCE>',
      ),
      'root',
    );
    ok(made);
    assert.ok((await namespaceNames(t.client)).includes('root/made'));
    const gone = await t.client.call(
      'DeleteInstance',
      param(
        'InstanceName',
        serialize(childNamed(made.returnValue as XmlElement, 'INSTANCENAME') as XmlElement),
      ),
      'root',
    );
    assert.equal(gone.error, undefined);
    assert.ok(!(await namespaceNames(t.client)).includes('root/made'));
  });

  it('returns the instance when GetInstance names a listed namespace by its keys', async () => {
    const names = await instanceNames(t.client, 'CIM_Namespace');
    const cimv2 = names.find((n) => keyValue(n, 'Name') === 'root/cimv2') as XmlElement;
    const got = await t.client.call(
      'GetInstance',
      param('InstanceName', serialize(cimv2)),
      INTEROP,
    );
    const inst = childNamed(ok(got), 'INSTANCE');
    assert.equal(inst?.attrs['CLASSNAME'], 'CIM_Namespace');
    assert.equal(propertyValue(inst, 'Name'), 'root/cimv2');
  });

  it('fails with CIM_ERR_NOT_FOUND when GetInstance names a namespace that does not exist', async () => {
    const names = await instanceNames(t.client, 'CIM_Namespace');
    const text = serialize(names[0] as XmlElement).replace('>root<', '>root/nowhere<');
    const got = await t.client.call('GetInstance', param('InstanceName', text), INTEROP);
    assert.equal(got.error?.code, CIM_ERR_NOT_FOUND);
  });

  it('returns every namespace when AssociatorNames starts from the object manager over CIM_NamespaceInManager', async () => {
    const r = await t.client.call(
      'AssociatorNames',
      param('ObjectName', serialize(objectManager)) +
        param('AssocClass', className('CIM_NamespaceInManager')) +
        param('ResultRole', value('Dependent')),
      INTEROP,
    );
    const found = objectPaths(r).map((n) => keyValue(n, 'Name'));
    assert.deepEqual(found.sort(), ['root', 'root/cimv2', 'root/interop']);
  });

  it('returns the associations with both references when References starts from the object manager', async () => {
    const r = await t.client.call(
      'References',
      param('ObjectName', serialize(objectManager)) +
        param('ResultClass', className('CIM_NamespaceInManager')),
      INTEROP,
    );
    const links = childrenNamed(ok(r), 'VALUE.OBJECTWITHPATH').map((v) =>
      childNamed(v, 'INSTANCE'),
    );
    assert.equal(links.length, 3);
    for (const link of links) {
      assert.equal(link?.attrs['CLASSNAME'], 'CIM_NamespaceInManager');
      const refs = (link as XmlElement).children.filter((c) => c.name === 'PROPERTY.REFERENCE');
      assert.deepEqual(refs.map((p) => p.attrs['NAME']).sort(), ['Antecedent', 'Dependent']);
    }
  });

  it('returns the namespaces as paths when OpenEnumerateInstancePaths names CIM_Namespace', async () => {
    const r = await t.client.call(
      'OpenEnumerateInstancePaths',
      param('ClassName', className('CIM_Namespace')) + param('MaxObjectCount', value(10)),
      INTEROP,
    );
    const paths = childrenNamed(ok(r), 'INSTANCEPATH').map((p) => childNamed(p, 'INSTANCENAME'));
    assert.deepEqual(
      paths.map((n) => keyValue(n, 'Name')),
      ['root', 'root/cimv2', 'root/interop'],
    );
  });

  it('leaves out a namespace the caller may not connect to, for enumerations and associations', async () => {
    await t.engine.ensureNamespace('root/secret');
    await setRights(await t.engine.connectServer('root/secret'), 'reader', 'deny', WBEM_ENABLE);
    try {
      assert.ok((await namespaceNames(t.client)).includes('root/secret'));
      assert.deepEqual(await namespaceNames(reader), ['root', 'root/cimv2', 'root/interop']);
      const r = await reader.call(
        'AssociatorNames',
        param('ObjectName', serialize(objectManager)) +
          param('AssocClass', className('CIM_NamespaceInManager')),
        INTEROP,
      );
      assert.ok(!objectPaths(r).some((n) => keyValue(n, 'Name') === 'root/secret'));
      const names = await instanceNames(t.client, 'CIM_Namespace');
      const secret = names.find((n) => keyValue(n, 'Name') === 'root/secret') as XmlElement;
      const got = await reader.call(
        'GetInstance',
        param('InstanceName', serialize(secret)),
        INTEROP,
      );
      assert.equal(got.error?.code, CIM_ERR_NOT_FOUND);
    } finally {
      await t.engine.deleteNamespace('root/secret');
    }
  });

  it('names the namespaces after this server and associates none when root/interop has no CIM_ObjectManager', async () => {
    const svc = await t.engine.connectServer(INTEROP);
    const [stored] = await svc.createInstanceEnum('CIM_ObjectManager');
    assert.ok(stored !== undefined);
    await svc.deleteInstance(String(stored.systemProperties?.__RELPATH));
    try {
      const names = await instanceNames(t.client, 'CIM_Namespace');
      assert.deepEqual(
        names.map((n) => keyValue(n, 'Name')),
        ['root', 'root/cimv2', 'root/interop'],
      );
      assert.equal(keyValue(names[0], 'SystemName'), hostname());
      assert.deepEqual(await instanceNames(t.client, 'CIM_NamespaceInManager'), []);
    } finally {
      await svc.putInstance(stored);
    }
    assert.equal((await instanceNames(t.client, 'CIM_NamespaceInManager')).length, 3);
  });
});
