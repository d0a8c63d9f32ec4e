import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { childNamed, childrenNamed, type XmlElement } from '../../src/server/xml-tree.js';
import { className, param, startTestServer, type TestServer, value } from './helpers/cim-client.js';

const DISK = `<CLASS NAME="Acme_Disk"><PROPERTY NAME="Id" TYPE="string"><QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER></PROPERTY><PROPERTY NAME="Size" TYPE="uint64"><VALUE>0</VALUE></PROPERTY><PROPERTY NAME="Label" TYPE="string"/><PROPERTY.ARRAY NAME="Flags" TYPE="boolean"/></CLASS>`;
const SSD = `<CLASS NAME="Acme_Ssd" SUPERCLASS="Acme_Disk"><PROPERTY NAME="Wear" TYPE="uint8"/></CLASS>`;

function instance(cls: string, props: string): string {
  return `<INSTANCE CLASSNAME="${cls}">${props}</INSTANCE>`;
}
function prop(name: string, type: string, v: string): string {
  return `<PROPERTY NAME="${name}" TYPE="${type}"><VALUE>${v}</VALUE></PROPERTY>`;
}
const diskName = (id: string): string =>
  `<INSTANCENAME CLASSNAME="Acme_Disk"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="string">${id}</KEYVALUE></KEYBINDING></INSTANCENAME>`;

function propValue(inst: XmlElement | undefined, name: string): string | undefined {
  const p = inst?.children.find((c) => c.attrs['NAME'] === name);
  return p === undefined ? undefined : (childNamed(p, 'VALUE')?.text ?? '');
}

describe('instance operations (CreateInstance, GetInstance, EnumerateInstances, ModifyInstance, DeleteInstance)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    for (const cls of [DISK, SSD]) {
      const r = await t.client.call('CreateClass', param('NewClass', cls));
      assert.equal(r.error, undefined, r.error?.description);
    }
  });
  after(async () => {
    await t.close();
  });

  it('returns the new INSTANCENAME when CreateInstance succeeds', async () => {
    const r = await t.client.call(
      'CreateInstance',
      param(
        'NewInstance',
        instance(
          'Acme_Disk',
          prop('Id', 'string', 'd1') +
            prop('Size', 'uint64', '18446744073709551615') +
            '<PROPERTY.ARRAY NAME="Flags" TYPE="boolean"><VALUE.ARRAY><VALUE>TRUE</VALUE><VALUE>FALSE</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>',
        ),
      ),
    );
    assert.equal(r.error, undefined, r.error?.description);
    const name = childNamed(r.returnValue as XmlElement, 'INSTANCENAME');
    assert.equal(name?.attrs['CLASSNAME'], 'Acme_Disk');
    assert.equal(
      childNamed(childNamed(name as XmlElement, 'KEYBINDING') as XmlElement, 'KEYVALUE')?.text,
      'd1',
    );
    const r2 = await t.client.call(
      'CreateInstance',
      param(
        'NewInstance',
        instance('Acme_Ssd', prop('Id', 'string', 's1') + prop('Wear', 'uint8', '3')),
      ),
    );
    assert.equal(r2.error, undefined, r2.error?.description);
  });

  it('fails with CIM_ERR_ALREADY_EXISTS when CreateInstance names an existing instance', async () => {
    const r = await t.client.call(
      'CreateInstance',
      param('NewInstance', instance('Acme_Disk', prop('Id', 'string', 'd1'))),
    );
    assert.equal(r.error?.code, 11);
  });

  it('fails with CIM_ERR_INVALID_PARAMETER when a value does not fit its type', async () => {
    const r = await t.client.call(
      'CreateInstance',
      param(
        'NewInstance',
        instance('Acme_Ssd', prop('Id', 'string', 's9') + prop('Wear', 'uint8', '300')),
      ),
    );
    assert.equal(r.error?.code, 4);
    assert.match(r.error?.description ?? '', /out of range for uint8/);
  });

  it('returns every property with its type when GetInstance names an instance', async () => {
    const r = await t.client.call('GetInstance', param('InstanceName', diskName('d1')));
    const inst = childNamed(r.returnValue as XmlElement, 'INSTANCE');
    assert.equal(propValue(inst, 'Size'), '18446744073709551615');
    assert.equal(inst?.children.find((c) => c.attrs['NAME'] === 'Size')?.attrs['TYPE'], 'uint64');
    const flags = inst?.children.find((c) => c.attrs['NAME'] === 'Flags');
    assert.deepEqual(
      childrenNamed(childNamed(flags as XmlElement, 'VALUE.ARRAY') as XmlElement, 'VALUE').map(
        (v) => v.text,
      ),
      ['TRUE', 'FALSE'],
    );
  });

  it('keeps only the listed properties when GetInstance has a PropertyList', async () => {
    const r = await t.client.call(
      'GetInstance',
      param('InstanceName', diskName('d1')) +
        param('PropertyList', '<VALUE.ARRAY><VALUE>Size</VALUE></VALUE.ARRAY>'),
    );
    const inst = childNamed(r.returnValue as XmlElement, 'INSTANCE');
    assert.deepEqual(
      inst?.children.map((c) => c.attrs['NAME']),
      ['Size'],
    );
  });

  it('fails with CIM_ERR_NOT_FOUND when GetInstance names no instance', async () => {
    const r = await t.client.call('GetInstance', param('InstanceName', diskName('nope')));
    assert.equal(r.error?.code, 6);
  });

  it('returns subclass instances with only the base properties when DeepInheritance is false', async () => {
    const deep = await t.client.call(
      'EnumerateInstances',
      param('ClassName', className('Acme_Disk')),
    );
    const named = childrenNamed(deep.returnValue as XmlElement, 'VALUE.NAMEDINSTANCE');
    assert.equal(named.length, 2);
    const ssd = named
      .map((n) => childNamed(n, 'INSTANCE'))
      .find((i) => i?.attrs['CLASSNAME'] === 'Acme_Ssd');
    assert.equal(propValue(ssd, 'Wear'), '3');
    const shallow = await t.client.call(
      'EnumerateInstances',
      param('ClassName', className('Acme_Disk')) + param('DeepInheritance', value(false)),
    );
    const ssd2 = childrenNamed(shallow.returnValue as XmlElement, 'VALUE.NAMEDINSTANCE')
      .map((n) => childNamed(n, 'INSTANCE'))
      .find((i) => i?.attrs['CLASSNAME'] === 'Acme_Ssd');
    assert.equal(propValue(ssd2, 'Wear'), undefined);
    assert.equal(propValue(ssd2, 'Id'), 's1');
  });

  it('fails with CIM_ERR_INVALID_CLASS when EnumerateInstances names no class', async () => {
    for (const method of ['EnumerateInstances', 'EnumerateInstanceNames']) {
      const r = await t.client.call(method, param('ClassName', className('Acme_Nope')));
      assert.equal(r.error?.code, 5, method);
    }
  });

  it('returns the INSTANCENAME of each instance when EnumerateInstanceNames is called', async () => {
    const r = await t.client.call(
      'EnumerateInstanceNames',
      param('ClassName', className('Acme_Disk')),
    );
    const names = childrenNamed(r.returnValue as XmlElement, 'INSTANCENAME').map(
      (n) => n.attrs['CLASSNAME'],
    );
    assert.deepEqual(names.sort(), ['Acme_Disk', 'Acme_Ssd']);
  });

  it('updates only the listed properties when ModifyInstance has a PropertyList', async () => {
    const modified = `<VALUE.NAMEDINSTANCE>${diskName('d1')}${instance('Acme_Disk', prop('Id', 'string', 'd1') + prop('Label', 'string', 'boot') + prop('Size', 'uint64', '5'))}</VALUE.NAMEDINSTANCE>`;
    const r = await t.client.call(
      'ModifyInstance',
      param('ModifiedInstance', modified) +
        param('PropertyList', '<VALUE.ARRAY><VALUE>Label</VALUE></VALUE.ARRAY>'),
    );
    assert.equal(r.error, undefined, r.error?.description);
    assert.equal(r.returnValue, undefined);
    const inst = childNamed(
      (await t.client.call('GetInstance', param('InstanceName', diskName('d1'))))
        .returnValue as XmlElement,
      'INSTANCE',
    );
    assert.equal(propValue(inst, 'Label'), 'boot');
    assert.equal(propValue(inst, 'Size'), '18446744073709551615');
  });

  it('fails with CIM_ERR_INVALID_PARAMETER when ModifyInstance names another class than its instance', async () => {
    const modified = `<VALUE.NAMEDINSTANCE>${diskName('d1')}${instance('Acme_Ssd', prop('Id', 'string', 'd1'))}</VALUE.NAMEDINSTANCE>`;
    const r = await t.client.call('ModifyInstance', param('ModifiedInstance', modified));
    assert.equal(r.error?.code, 4);
  });

  it('fails with CIM_ERR_CLASS_HAS_INSTANCES when DeleteClass names a class with instances', async () => {
    const r = await t.client.call('DeleteClass', param('ClassName', className('Acme_Ssd')));
    assert.equal(r.error?.code, 9);
  });

  it('deletes the instance when DeleteInstance names it, then GetInstance fails with CIM_ERR_NOT_FOUND', async () => {
    const r = await t.client.call('DeleteInstance', param('InstanceName', diskName('d1')));
    assert.equal(r.error, undefined, r.error?.description);
    assert.match(r.http.body, /<IMETHODRESPONSE NAME="DeleteInstance"><\/IMETHODRESPONSE>/);
    assert.equal(
      (await t.client.call('GetInstance', param('InstanceName', diskName('d1')))).error?.code,
      6,
    );
  });

  it('deletes a class with its subclasses and instances when the update mode is force', async () => {
    const r = await t.client.call('DeleteClass', param('ClassName', className('Acme_Disk')));
    assert.equal(r.error?.code, 8);
    const { CimClient } = await import('./helpers/cim-client.js');
    const force = new CimClient({
      port: t.port,
      auth: { user: 'admin', password: 'admin-pw' },
      headers: { 'X-WBEMRX-UpdateMode': 'force' },
    });
    try {
      const forced = await force.call('DeleteClass', param('ClassName', className('Acme_Disk')));
      assert.equal(forced.error, undefined, forced.error?.description);
      assert.equal(
        (await t.client.call('GetClass', param('ClassName', className('Acme_Ssd')))).error?.code,
        6,
      );
    } finally {
      force.close();
    }
  });
});
