/**
 * `__NAMESPACE` over CIM-XML: CreateInstance in a namespace creates the child, DeleteInstance
 * deletes it (and what is below), GetInstance and EnumerateInstance(Name)s list the children,
 * each as the HTTP user, with that user's rights.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { childNamed, childrenNamed, type XmlElement } from '../../src/server/xml-tree.js';
import {
  CimClient,
  className,
  param,
  startTestServer,
  type TestServer,
} from './helpers/cim-client.js';

const CIM_ERR_ACCESS_DENIED = 2;
const CIM_ERR_INVALID_NAMESPACE = 3;
const CIM_ERR_NOT_FOUND = 6;
const CIM_ERR_ALREADY_EXISTS = 11;

const namespaceInstance = (name: string): string =>
  `<INSTANCE CLASSNAME="__NAMESPACE"><PROPERTY NAME="Name" TYPE="string"><VALUE>${name}</VALUE></PROPERTY></INSTANCE>`;
const namespaceName = (name: string): string =>
  `<INSTANCENAME CLASSNAME="__NAMESPACE"><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">${name}</KEYVALUE></KEYBINDING></INSTANCENAME>`;

function keyValue(name: XmlElement | undefined): string | undefined {
  const binding = name === undefined ? undefined : childNamed(name, 'KEYBINDING');
  return binding === undefined ? undefined : childNamed(binding, 'KEYVALUE')?.text;
}

describe('__NAMESPACE instances over CIM-XML', () => {
  let t: TestServer;
  let reader: CimClient;
  before(async () => {
    t = await startTestServer();
    reader = new CimClient({ port: t.port, auth: { user: 'reader', password: 'reader-pw' } });
  });
  after(async () => {
    reader.close();
    await t.close();
  });

  async function childrenOf(namespace: string): Promise<string[]> {
    const r = await t.client.call(
      'EnumerateInstanceNames',
      param('ClassName', className('__NAMESPACE')),
      namespace,
    );
    assert.equal(r.error, undefined, r.error?.description);
    const names = childrenNamed(r.returnValue as XmlElement, 'INSTANCENAME');
    return names.map((n) => keyValue(n) ?? '').sort();
  }

  it('creates the child namespace and returns its INSTANCENAME when CreateInstance names __NAMESPACE', async () => {
    const r = await t.client.call(
      'CreateInstance',
      param('NewInstance', namespaceInstance('made')),
      'root',
    );
    assert.equal(r.error, undefined, r.error?.description);
    const name = childNamed(r.returnValue as XmlElement, 'INSTANCENAME');
    assert.equal(name?.attrs['CLASSNAME'], '__NAMESPACE');
    assert.equal(keyValue(name), 'made');
    const inside = await t.client.call('EnumerateClassNames', '', 'root/made');
    assert.equal(inside.error, undefined, inside.error?.description);
    assert.deepEqual(await childrenOf('root'), ['cimv2', 'interop', 'made']);
  });

  it('returns the child when GetInstance and EnumerateInstances name __NAMESPACE', async () => {
    const got = await t.client.call(
      'GetInstance',
      param('InstanceName', namespaceName('made')),
      'root',
    );
    assert.equal(got.error, undefined, got.error?.description);
    const inst = childNamed(got.returnValue as XmlElement, 'INSTANCE');
    assert.equal(inst?.attrs['CLASSNAME'], '__NAMESPACE');
    const all = await t.client.call(
      'EnumerateInstances',
      param('ClassName', className('__NAMESPACE')),
      'root',
    );
    assert.equal(all.error, undefined, all.error?.description);
    assert.equal(childrenNamed(all.returnValue as XmlElement, 'VALUE.NAMEDINSTANCE').length, 3);
  });

  it('fails with CIM_ERR_ALREADY_EXISTS when CreateInstance names an existing child', async () => {
    const r = await t.client.call(
      'CreateInstance',
      param('NewInstance', namespaceInstance('MADE')),
      'root',
    );
    assert.equal(r.error?.code, CIM_ERR_ALREADY_EXISTS);
  });

  it('fails with CIM_ERR_ACCESS_DENIED and creates nothing when the user lacks WBEM_FULL_WRITE_REP', async () => {
    const r = await reader.call(
      'CreateInstance',
      param('NewInstance', namespaceInstance('sneaky')),
      'root',
    );
    assert.equal(r.error?.code, CIM_ERR_ACCESS_DENIED);
    assert.match(r.error?.description ?? '', /WBEM_E_ACCESS_DENIED/);
    const d = await reader.call(
      'DeleteInstance',
      param('InstanceName', namespaceName('made')),
      'root',
    );
    assert.equal(d.error?.code, CIM_ERR_ACCESS_DENIED);
    assert.deepEqual(await childrenOf('root'), ['cimv2', 'interop', 'made']);
  });

  it('deletes the child and what is below it when DeleteInstance names __NAMESPACE', async () => {
    const below = await t.client.call(
      'CreateInstance',
      param('NewInstance', namespaceInstance('below')),
      'root/made',
    );
    assert.equal(below.error, undefined, below.error?.description);
    const r = await t.client.call(
      'DeleteInstance',
      param('InstanceName', namespaceName('made')),
      'root',
    );
    assert.equal(r.error, undefined, r.error?.description);
    assert.deepEqual(await childrenOf('root'), ['cimv2', 'interop']);
    for (const gone of ['root/made', 'root/made/below']) {
      const after = await t.client.call('EnumerateClassNames', '', gone);
      assert.equal(after.error?.code, CIM_ERR_INVALID_NAMESPACE, gone);
    }
    const again = await t.client.call(
      'DeleteInstance',
      param('InstanceName', namespaceName('made')),
      'root',
    );
    assert.equal(again.error?.code, CIM_ERR_NOT_FOUND);
  });
});
