import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CIM_OBJECT, loadMof, nameKey } from '../../src/index.js';
import type { XmlElement } from '../../src/server/xml-tree.js';
import { replay } from './helpers/captured-exchange.js';
import { type CimReply, startTestServer, type TestServer } from './helpers/cim-client.js';

/** WMI's typed embedded object (`object:Acme_Host`, written `Acme_Host W` in MOF) beside a bare one. */
const MOF = `
class Acme_Host { [Key] string Name; };
class PyW_EmbMof
{
  [Key] string Id;
  Acme_Host W;
  object WO;
};
class PyW_EmbMof3
{
  [Key] string Id;
  uint32 M([in] Acme_Host P, [out] object Q);
};
`;

function property(reply: CimReply, name: string): XmlElement {
  assert.equal(reply.error, undefined, reply.error?.description);
  const cls = reply.returnValue?.children[0];
  const p = cls?.children.find((c) => c.attrs['NAME'] === name);
  return p ?? assert.fail(`no property ${name}`);
}

/**
 * DSP0201 marks an embedded object with `EmbeddedObject="object"` or `"instance"` and has no
 * other attribute for it; pywbem 1.9.0 refused the whole response when a property carried an
 * `EmbeddedInstance="Class"` attribute, and the class it names on input is in the
 * `EmbeddedInstance` qualifier. The requests are the ones pywbem sent.
 */
describe('embedded objects in pywbem class requests', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    await loadMof(await t.engine.connectServer('root/cimv2'), [{ path: 'emb.mof', text: MOF }]);
  });
  after(async () => {
    await t.close();
  });

  it('writes EmbeddedObject="instance" and no other attribute when a property is object:Class', async () => {
    const reply = await replay(t.client, '20-pywbem-GetClass-embedded-instance-property.txt');
    const w = property(reply, 'W');
    assert.deepEqual({ ...w.attrs }, { NAME: 'W', TYPE: 'string', EmbeddedObject: 'instance' });
    const cimtype = w.children.find((q) => q.attrs['NAME'] === 'CIMTYPE');
    assert.equal(cimtype?.children[0]?.text, 'object:Acme_Host');
    assert.deepEqual(
      { ...property(reply, 'WO').attrs },
      {
        NAME: 'WO',
        TYPE: 'string',
        EmbeddedObject: 'object',
      },
    );
  });

  it('writes object parameters as strings whose CIMTYPE says object, without the attribute DSP0201 gives no PARAMETER', async () => {
    const reply = await replay(t.client, '23-pywbem-GetClass-embedded-object-parameters.txt');
    assert.equal(reply.error, undefined, reply.error?.description);
    const method = reply.returnValue?.children[0]?.children.find((c) => c.name === 'METHOD');
    const params = method?.children.filter((c) => c.name === 'PARAMETER') ?? [];
    assert.deepEqual(
      params.map((p) => ({ ...p.attrs })),
      [
        { NAME: 'P', TYPE: 'string' },
        { NAME: 'Q', TYPE: 'string' },
      ],
    );
    const cimtype = (p: XmlElement | undefined) =>
      p?.children.find((q) => q.attrs['NAME'] === 'CIMTYPE')?.children[0]?.text;
    assert.deepEqual(params.map(cimtype), ['object:Acme_Host', 'object']);
  });

  it('keeps the object parameters when pywbem writes the class back with ModifyClass', async () => {
    const reply = await replay(t.client, '24-pywbem-ModifyClass-embedded-object-parameters.txt');
    assert.equal(reply.error, undefined, reply.error?.description);
    const cls = await (await t.engine.connectServer('root/cimv2')).getClass('PyW_EmbMof3');
    const params = cls.methods.get(nameKey('M'))?.parameters;
    const p = params?.get(nameKey('P'));
    const q = params?.get(nameKey('Q'));
    assert.deepEqual([p?.type, p?.embeddedObjectClass], [CIM_OBJECT, 'Acme_Host']);
    assert.deepEqual([q?.type, q?.embeddedObjectClass], [CIM_OBJECT, undefined]);
    assert.equal(q?.qualifiers.has('cimtype'), false);
  });

  it('stores object:Class when CreateClass sends EmbeddedObject="instance" with an EmbeddedInstance qualifier', async () => {
    const reply = await replay(t.client, '21-pywbem-CreateClass-EmbeddedInstance.txt');
    assert.equal(reply.error, undefined, reply.error?.description);
    const cls = await (await t.engine.connectServer('root/cimv2')).getClass('PyW_Emb');
    const e = cls.properties.get(nameKey('E'));
    assert.equal(e?.type, CIM_OBJECT);
    assert.equal(e?.embeddedObjectClass, 'Acme_Host');
  });
});
