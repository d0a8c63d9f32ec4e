import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { childrenNamed } from '../../src/server/xml-tree.js';
import { capturedRequest } from './helpers/captured-exchange.js';
import { readCimReply, startTestServer, type TestServer } from './helpers/cim-client.js';

/** Replays the captured pywbem and wbemcli requests, in order, and checks each answer. */
describe('captured client requests (pywbem, sblim-wbemcli)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  async function replay(file: string) {
    const { headers, body } = capturedRequest(file);
    const http = await t.client.post(body, headers);
    assert.equal(http.status, 200, http.body);
    assert.equal(http.headers['cimoperation'], 'MethodResponse');
    return readCimReply(http);
  }

  it('creates REF_Base with a void response when pywbem sends CreateClass', async () => {
    const reply = await replay('00-pywbem-CreateClass-REF_Base.txt');
    assert.equal(reply.error, undefined);
    assert.equal(reply.returnValue, undefined);
    assert.match(reply.http.body, /<IMETHODRESPONSE NAME="CreateClass"><\/IMETHODRESPONSE>/);
  });

  it('creates REF_Sub when the superclass exists', async () => {
    const reply = await replay('01-pywbem-CreateClass-REF_Sub.txt');
    assert.equal(reply.error, undefined);
  });

  it('returns inherited members with CLASSORIGIN and PROPAGATED when LocalOnly is false', async () => {
    const reply = await replay('02-pywbem-GetClass-REF_Sub-LocalOnlyFalse.txt');
    const cls = reply.returnValue?.children[0];
    assert.equal(cls?.attrs['NAME'], 'REF_Sub');
    assert.equal(cls?.attrs['SUPERCLASS'], 'REF_Base');
    const props = cls?.children.filter((c) => c.name.startsWith('PROPERTY')) ?? [];
    assert.deepEqual(
      props.map((p) => p.attrs['NAME']),
      ['InstanceID', 'Count', 'Tags', 'Extra'],
    );
    const count = props.find((p) => p.attrs['NAME'] === 'Count');
    assert.equal(count?.attrs['PROPAGATED'], 'true');
    assert.equal(count?.attrs['CLASSORIGIN'], 'REF_Base');
    assert.equal(count?.children.find((c) => c.name === 'VALUE')?.text, '7');
    assert.equal(props.find((p) => p.attrs['NAME'] === 'Extra')?.attrs['CLASSORIGIN'], 'REF_Sub');
    assert.equal(props.find((p) => p.attrs['NAME'] === 'Extra')?.attrs['PROPAGATED'], undefined);
  });

  it('lists every class without the WMI system classes when EnumerateClassNames is deep', async () => {
    const reply = await replay('03-pywbem-EnumerateClassNames-deep.txt');
    const names = childrenNamed(
      reply.returnValue ?? assert.fail('no IRETURNVALUE'),
      'CLASSNAME',
    ).map((c) => c.attrs['NAME']);
    assert.deepEqual(names.sort(), ['REF_Base', 'REF_Sub']);
  });

  it('returns the subclasses of REF_Base when EnumerateClasses is deep', async () => {
    const reply = await replay('04-pywbem-EnumerateClasses-REF_Base.txt');
    const classes = childrenNamed(reply.returnValue ?? assert.fail('no IRETURNVALUE'), 'CLASS');
    assert.deepEqual(
      classes.map((c) => c.attrs['NAME']),
      ['REF_Sub'],
    );
  });

  it('adds a property when ModifyClass sends the class with it (compatible mode)', async () => {
    const reply = await replay('05-pywbem-ModifyClass-REF_Sub-unsupported.txt');
    assert.equal(reply.error, undefined, reply.error?.description);
    assert.match(reply.http.body, /<IMETHODRESPONSE NAME="ModifyClass"><\/IMETHODRESPONSE>/);
    const cls = await t.engine.connectServer('root/cimv2').then((s) => s.getClass('REF_Sub'));
    assert.ok(cls.properties.has('added'));
  });

  it('fails with CIM_ERR_ALREADY_EXISTS (11) carrying WBEM_E_ALREADY_EXISTS when the class exists', async () => {
    const reply = await replay('06-pywbem-CreateClass-ALREADY_EXISTS.txt');
    assert.equal(reply.error?.code, 11);
    assert.match(reply.error?.description ?? '', /^WBEM_E_ALREADY_EXISTS \(0x80041019\)/);
  });

  it('fails with CIM_ERR_INVALID_SUPERCLASS (10) when the superclass does not exist', async () => {
    const reply = await replay('07-pywbem-CreateClass-INVALID_SUPERCLASS.txt');
    assert.equal(reply.error?.code, 10);
    assert.match(reply.error?.description ?? '', /WBEM_E_INVALID_SUPERCLASS/);
  });

  it('fails with CIM_ERR_CLASS_HAS_CHILDREN (8) when DeleteClass names a class with subclasses', async () => {
    const reply = await replay('09-pywbem-DeleteClass-REF_Base-CLASS_HAS_CHILDREN.txt');
    assert.equal(reply.error?.code, 8);
  });

  it('deletes REF_Sub with a void response', async () => {
    const reply = await replay('08-pywbem-DeleteClass-REF_Sub.txt');
    assert.equal(reply.error, undefined);
    assert.equal(reply.returnValue, undefined);
  });

  it('returns the local class when pywbem sends GetClass without options', async () => {
    const reply = await replay('10-pywbem-GetClass-REF_Base.txt');
    const cls = reply.returnValue?.children[0];
    assert.equal(cls?.attrs['NAME'], 'REF_Base');
    const key = cls?.children.find((c) => c.attrs['NAME'] === 'InstanceID')?.children[0];
    assert.equal(key?.attrs['NAME'], 'Key');
    const method = cls?.children.find((c) => c.name === 'METHOD');
    assert.equal(method?.attrs['TYPE'], 'uint32');
    assert.equal(method?.children[0]?.attrs['NAME'], 'Force');
  });

  it('answers wbemcli requests with a percent-encoded CIMObject (ecn, gc, dc)', async () => {
    const svc = await t.engine.connectServer('root/cimv2');
    const { cimClass, cimProperty, qualifier } = await import('../../src/index.js');
    await svc.putClass(
      cimClass({
        name: 'REF_Seed',
        properties: [cimProperty('Name', 'string', { qualifiers: [qualifier('Key', true)] })],
      }),
    );
    const ecn = await replay('11-wbemcli-ecn-REF_Seed.txt');
    assert.equal(ecn.error, undefined);
    const gc = await replay('12-wbemcli-gc-REF_Seed.txt');
    assert.equal(gc.returnValue?.children[0]?.attrs['NAME'], 'REF_Seed');
    const gcd = await replay('13-wbemcli-gcd-REF_Seed.txt');
    assert.equal(gcd.error, undefined);
    const dc = await replay('14-wbemcli-dc-NOT_FOUND.txt');
    assert.equal(dc.error?.code, 6);
  });
});
