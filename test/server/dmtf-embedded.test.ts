/**
 * DMTF's embedded objects in string properties (`src/server/dmtf-embedded.ts`): a `string`
 * property with an `EmbeddedInstance` or `EmbeddedObject` qualifier, as the DMTF schema declares
 * them (`CIM_Error`, `SourceInstance`, ...), goes out marked `EmbeddedObject` as DSP0201 gives
 * it, and an object a client sends for it (pywbem sends the request below) is stored as the
 * CIM-XML text it came in. pywbem 1.9.0 got `CIM_ERR_TYPE_MISMATCH` for such an instance before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cimInstance, loadMof, nameKey } from '../../src/index.js';
import { childNamed, parseXml, type XmlElement } from '../../src/server/xml-tree.js';
import { className, param, startTestServer, type TestServer } from './helpers/cim-client.js';

const MOF = `
class Emb_Host { [Key] string Name; uint32 Cores; };
class Emb_Holder
{
  [Key] string Id;
  [EmbeddedInstance("Emb_Host")] string Host;
  [EmbeddedObject] string Anything;
  [EmbeddedInstance("Emb_Host")] string Hosts[];
  string Plain;
};
`;

const HOST = (name: string): string =>
  `<INSTANCE CLASSNAME="Emb_Host"><PROPERTY NAME="Name" TYPE="string"><VALUE>${name}</VALUE></PROPERTY><PROPERTY NAME="Cores" TYPE="uint32"><VALUE>8</VALUE></PROPERTY></INSTANCE>`;
const LIMITS = { maxDepth: 64, maxElements: 1000 };
const escaped = (xml: string): string =>
  xml
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** The NewInstance pywbem 1.9.0 writes for CreateInstance of an Emb_Holder with embedded hosts. */
const NEW_HOLDER = `<INSTANCE CLASSNAME="Emb_Holder"><PROPERTY NAME="Id" TYPE="string"><VALUE>x</VALUE></PROPERTY><PROPERTY NAME="Host" TYPE="string" EmbeddedObject="instance"><VALUE>${escaped(HOST('h1'))}</VALUE></PROPERTY><PROPERTY NAME="Anything" TYPE="string" EmbeddedObject="object"><VALUE>${escaped(HOST('h2'))}</VALUE></PROPERTY><PROPERTY.ARRAY NAME="Hosts" TYPE="string" EmbeddedObject="instance"><VALUE.ARRAY><VALUE>${escaped(HOST('a'))}</VALUE><VALUE>${escaped(HOST('b'))}</VALUE></VALUE.ARRAY></PROPERTY.ARRAY></INSTANCE>`;

const HOLDER_X = `<INSTANCENAME CLASSNAME="Emb_Holder"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="string">x</KEYVALUE></KEYBINDING></INSTANCENAME>`;

function member(parent: XmlElement | undefined, name: string): XmlElement {
  const found = parent?.children.find((c) => c.attrs['NAME'] === name);
  return found ?? assert.fail(`no ${name}`);
}

describe('DMTF embedded objects in string properties over CIM-XML', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    await loadMof(await t.engine.connectServer('root/cimv2'), [{ path: 'emb.mof', text: MOF }]);
  });
  after(async () => {
    await t.close();
  });

  it('marks the string properties DMTF embeds when GetClass writes the class', async () => {
    const r = await t.client.call(
      'GetClass',
      param('ClassName', className('Emb_Holder')) + param('LocalOnly', '<VALUE>FALSE</VALUE>'),
    );
    assert.equal(r.error, undefined, r.error?.description);
    const cls = childNamed(r.returnValue as XmlElement, 'CLASS');
    assert.equal(member(cls, 'Host').attrs['EmbeddedObject'], 'instance');
    assert.equal(member(cls, 'Anything').attrs['EmbeddedObject'], 'object');
    assert.equal(member(cls, 'Hosts').attrs['EmbeddedObject'], 'instance');
    assert.equal(member(cls, 'Hosts').attrs['TYPE'], 'string');
    assert.equal(member(cls, 'Plain').attrs['EmbeddedObject'], undefined);
  });

  it('stores the objects a client sends as the CIM-XML text they came in, and returns them marked', async () => {
    const created = await t.client.call('CreateInstance', param('NewInstance', NEW_HOLDER));
    assert.equal(created.error, undefined, created.error?.description);
    const stored = await (await t.engine.connectServer('root/cimv2')).getObject(
      'Emb_Holder.Id="x"',
    );
    const values = (stored as { properties: ReadonlyMap<string, { value: unknown }> }).properties;
    assert.equal(values.get(nameKey('Host'))?.value, HOST('h1'));
    assert.equal(values.get(nameKey('Anything'))?.value, HOST('h2'));
    assert.deepEqual(values.get(nameKey('Hosts'))?.value, [HOST('a'), HOST('b')]);

    const got = await t.client.call('GetInstance', param('InstanceName', HOLDER_X));
    assert.equal(got.error, undefined, got.error?.description);
    const inst = childNamed(got.returnValue as XmlElement, 'INSTANCE');
    const host = member(inst, 'Host');
    assert.equal(host.attrs['EmbeddedObject'], 'instance');
    const embedded = parseXml(childNamed(host, 'VALUE')?.text ?? '', LIMITS);
    assert.equal(embedded.name, 'INSTANCE');
    assert.equal(embedded.attrs['CLASSNAME'], 'Emb_Host');
    const hosts = childNamed(member(inst, 'Hosts'), 'VALUE.ARRAY');
    assert.deepEqual(
      hosts?.children.map((v) => parseXml(v.text, LIMITS).attrs['CLASSNAME']),
      ['Emb_Host', 'Emb_Host'],
    );
  });

  it('takes embedded objects in ModifyInstance as well', async () => {
    const modified = NEW_HOLDER.replace(escaped(HOST('h1')), escaped(HOST('h3')));
    const r = await t.client.call(
      'ModifyInstance',
      param(
        'ModifiedInstance',
        `<VALUE.NAMEDINSTANCE>${HOLDER_X}${modified}</VALUE.NAMEDINSTANCE>`,
      ),
    );
    assert.equal(r.error, undefined, r.error?.description);
    const stored = await (await t.engine.connectServer('root/cimv2')).getObject(
      'Emb_Holder.Id="x"',
    );
    const values = (stored as { properties: ReadonlyMap<string, { value: unknown }> }).properties;
    assert.equal(values.get(nameKey('Host'))?.value, HOST('h3'));
  });

  it('writes a value that is not CIM-XML as a plain string, so that clients still read the reply', async () => {
    const svc = await t.engine.connectServer('root/cimv2');
    await svc.putInstance(cimInstance('Emb_Holder', { Id: 'plain', Host: 'not an object' }));
    const r = await t.client.call(
      'GetInstance',
      param('InstanceName', HOLDER_X.replace('>x<', '>plain<')),
    );
    assert.equal(r.error, undefined, r.error?.description);
    const host = member(childNamed(r.returnValue as XmlElement, 'INSTANCE'), 'Host');
    assert.equal(host.attrs['EmbeddedObject'], undefined);
    assert.equal(childNamed(host, 'VALUE')?.text, 'not an object');
  });

  it('leaves an object sent for a property that does not embed one to the engine, which refuses it', async () => {
    const wrong = `<INSTANCE CLASSNAME="Emb_Holder"><PROPERTY NAME="Id" TYPE="string"><VALUE>y</VALUE></PROPERTY><PROPERTY NAME="Plain" TYPE="string" EmbeddedObject="instance"><VALUE>${escaped(HOST('h1'))}</VALUE></PROPERTY></INSTANCE>`;
    const r = await t.client.call('CreateInstance', param('NewInstance', wrong));
    assert.equal(r.error?.code, 13, 'CIM_ERR_TYPE_MISMATCH');
  });

  it('answers CIM_ERR_INVALID_CLASS for an embedded object sent in an instance of no class', async () => {
    const r = await t.client.call(
      'CreateInstance',
      param('NewInstance', NEW_HOLDER.replace('CLASSNAME="Emb_Holder"', 'CLASSNAME="Emb_Nope"')),
    );
    assert.equal(r.error?.code, 5, 'CIM_ERR_INVALID_CLASS');
  });
});
