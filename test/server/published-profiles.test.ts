/**
 * `CIM_RegisteredProfile` and `CIM_ElementConformsToProfile` in `root/interop` (DSP1033 Profile
 * Registration): the DMTF WBEM Server profile, conforming to the `CIM_ObjectManager`; and the
 * refusal of writes to every published instance. The `26-` to `28-` requests are the ones pywbem
 * 1.9.0's `WBEMServer` sent for `profiles`, `get_selected_profiles` and `get_central_instances`.
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { cimInstance } from '../../src/index.js';
import { childNamed, childrenNamed, type XmlElement } from '../../src/server/xml-tree.js';
import { replay } from './helpers/captured-exchange.js';
import { className, param, startTestServer, type TestServer } from './helpers/cim-client.js';
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

const CIM_ERR_NOT_SUPPORTED = 7;

describe('CIM_RegisteredProfile in root/interop', () => {
  let t: TestServer;
  let objectManager: XmlElement;

  before(async () => {
    t = await startTestServer();
    objectManager = (await instanceNames(t.client, 'CIM_ObjectManager'))[0] as XmlElement;
  });
  after(async () => {
    await t.close();
  });

  describe('writes of published instances', () => {
    const newNamespace =
      '<INSTANCE CLASSNAME="CIM_Namespace"><PROPERTY NAME="Name" TYPE="string"><VALUE>root/made</VALUE></PROPERTY></INSTANCE>';

    it('fails with CIM_ERR_NOT_SUPPORTED when CreateInstance names CIM_Namespace', async () => {
      const r = await t.client.call('CreateInstance', param('NewInstance', newNamespace), INTEROP);
      assert.equal(r.error?.code, CIM_ERR_NOT_SUPPORTED);
      assert.ok(!(await namespaceNames(t.client)).includes('root/made'));
    });

    it('fails with CIM_ERR_NOT_SUPPORTED when ModifyInstance or DeleteInstance names a published instance', async () => {
      const names = await instanceNames(t.client, 'CIM_RegisteredProfile');
      const profile = serialize(names[0] as XmlElement);
      const modified = await t.client.call(
        'ModifyInstance',
        param(
          'ModifiedInstance',
          `<VALUE.NAMEDINSTANCE>${profile}<INSTANCE CLASSNAME="CIM_RegisteredProfile"><PROPERTY NAME="RegisteredVersion" TYPE="string"><VALUE>9.9</VALUE></PROPERTY></INSTANCE></VALUE.NAMEDINSTANCE>`,
        ) + param('PropertyList', '<VALUE.ARRAY><VALUE>RegisteredVersion</VALUE></VALUE.ARRAY>'),
        INTEROP,
      );
      assert.equal(modified.error?.code, CIM_ERR_NOT_SUPPORTED);
      const deleted = await t.client.call(
        'DeleteInstance',
        param('InstanceName', profile),
        INTEROP,
      );
      assert.equal(deleted.error?.code, CIM_ERR_NOT_SUPPORTED);
      assert.equal(await profileCount(), 1);
    });

    it('shows only the published instances when instances of those classes are stored through the API', async () => {
      const svc = await t.engine.connectServer(INTEROP);
      await svc.putInstance(
        cimInstance('CIM_RegisteredProfile', { InstanceID: 'stale', RegisteredName: 'Stale' }),
      );
      try {
        assert.equal(await profileCount(), 1);
      } finally {
        await svc.deleteInstance('CIM_RegisteredProfile.InstanceID="stale"');
      }
    });

    async function profileCount(): Promise<number> {
      const r = await t.client.call(
        'EnumerateInstanceNames',
        param('ClassName', className('CIM_RegisteredProfile')),
        INTEROP,
      );
      return childrenNamed(ok(r), 'INSTANCENAME').length;
    }
  });

  describe('CIM_RegisteredProfile', () => {
    it('returns the DMTF WBEM Server profile when pywbem enumerates CIM_RegisteredProfile', async () => {
      const named = childrenNamed(
        ok(await replay(t.client, '26-pywbem-EnumerateInstances-CIM_RegisteredProfile.txt')),
        'VALUE.NAMEDINSTANCE',
      );
      assert.equal(named.length, 1);
      const inst = childNamed(named[0] as XmlElement, 'INSTANCE');
      assert.equal(propertyValue(inst, 'RegisteredOrganization'), '2');
      assert.equal(propertyValue(inst, 'RegisteredName'), 'WBEM Server');
      assert.equal(propertyValue(inst, 'RegisteredVersion'), '1.0.0');
    });

    it('maps RegisteredOrganization 2 to DMTF when pywbem reads the class for its value mapping', async () => {
      const cls = childNamed(
        ok(await replay(t.client, '27-pywbem-GetClass-CIM_RegisteredProfile.txt')),
        'CLASS',
      );
      const org = cls?.children.find(
        (c) => c.name === 'PROPERTY' && c.attrs['NAME'] === 'RegisteredOrganization',
      );
      const qualifierValues = (name: string) =>
        childrenNamed(
          childNamed(
            org?.children.find(
              (q) => q.name === 'QUALIFIER' && q.attrs['NAME'] === name,
            ) as XmlElement,
            'VALUE.ARRAY',
          ) as XmlElement,
          'VALUE',
        ).map((v) => v.text);
      const map = qualifierValues('ValueMap');
      assert.equal(qualifierValues('Values')[map.indexOf('2')], 'DMTF');
    });

    it('returns the object manager when pywbem asks for the central instances of the WBEM Server profile', async () => {
      const found = objectPaths(
        await replay(t.client, '28-pywbem-AssociatorNames-CIM_ElementConformsToProfile.txt'),
      );
      assert.equal(found.length, 1);
      assert.equal(found[0]?.attrs['CLASSNAME'], 'CIM_ObjectManager');
      assert.equal(keyValue(found[0], 'Name'), 'wbemrx');
      assert.equal(keyValue(found[0], 'SystemName'), hostname());
    });

    it('returns the WBEM Server profile when AssociatorNames starts from the object manager', async () => {
      const r = await t.client.call(
        'AssociatorNames',
        param('ObjectName', serialize(objectManager)) +
          param('AssocClass', className('CIM_ElementConformsToProfile')),
        INTEROP,
      );
      const found = objectPaths(r);
      assert.deepEqual(
        found.map((n) => n.attrs['CLASSNAME']),
        ['CIM_RegisteredProfile'],
      );
    });
  });
});
