import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { escapeXml } from '../../src/server/xml-escape.js';
import { className, param, startTestServer, type TestServer } from './helpers/cim-client.js';

/**
 * What a client sees when the decoding of its request refuses it: a body that is not XML, or
 * crosses a limit, is an HTTP 400 with a `CIMError` header (DSP0200 §7.3); content that does not
 * decode is a CIM_ERR_INVALID_PARAMETER reply (HTTP 200) whose description gives the HRESULT and
 * the reason.
 */
describe('decoding refusals as the client sees them', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ limits: { maxDepth: 12, maxElements: 200 } });
  });
  after(async () => {
    await t.close();
  });

  const headers = { CIMMethod: 'CreateInstance', CIMObject: 'root%2Fcimv2' };

  it('answers 400 request-not-well-formed with the reason when the body is not XML', async () => {
    const r = await t.client.post('<CIM><MESSAGE></CIM>', headers);
    assert.equal(r.status, 400);
    assert.equal(r.headers['cimerror'], 'request-not-well-formed');
    assert.equal(r.body, 'WBEM_E_INVALID_SYNTAX: unexpected close tag.\n');
  });

  it('answers 400 request-not-well-formed to a DOCTYPE', async () => {
    const r = await t.client.post('<!DOCTYPE CIM><CIM/>', headers);
    assert.equal(r.status, 400);
    assert.equal(r.headers['cimerror'], 'request-not-well-formed');
    assert.equal(r.body, 'WBEM_E_INVALID_SYNTAX: a DOCTYPE is not accepted in a CIM-XML request\n');
  });

  it('answers 400 request-not-valid when the body crosses the depth or element limit', async () => {
    const deep = await t.client.post(`${'<A>'.repeat(13)}${'</A>'.repeat(13)}`, headers);
    assert.equal(deep.status, 400);
    assert.equal(deep.headers['cimerror'], 'request-not-valid');
    assert.equal(deep.body, 'WBEM_E_TOO_MUCH_DATA: elements nested deeper than 12\n');
    const wide = await t.client.post(`<A>${'<B/>'.repeat(200)}</A>`, headers);
    assert.equal(wide.status, 400);
    assert.equal(wide.headers['cimerror'], 'request-not-valid');
    assert.equal(wide.body, 'WBEM_E_TOO_MUCH_DATA: more than 200 elements\n');
  });

  it('answers CIM_ERR_INVALID_PARAMETER, naming the property, to a value that does not fit its type', async () => {
    const r = await t.client.call(
      'CreateInstance',
      param(
        'NewInstance',
        '<INSTANCE CLASSNAME="X"><PROPERTY NAME="N" TYPE="uint8"><VALUE>256</VALUE></PROPERTY></INSTANCE>',
      ),
    );
    assert.equal(r.http.status, 200);
    assert.equal(r.http.headers['cimerror'], undefined);
    assert.deepEqual(r.error, {
      code: 4,
      description:
        'WBEM_E_INVALID_PARAMETER (0x80041008): property N: 256 is out of range for uint8',
    });
  });

  it('answers CIM_ERR_INVALID_PARAMETER, not a 400, to an embedded object that is not well-formed', async () => {
    const r = await t.client.call(
      'CreateInstance',
      param(
        'NewInstance',
        `<INSTANCE CLASSNAME="X"><PROPERTY NAME="E" TYPE="string" EmbeddedObject="object"><VALUE>${escapeXml('<INSTANCE CLASSNAME="Y">')}</VALUE></PROPERTY></INSTANCE>`,
      ),
    );
    assert.equal(r.http.status, 200);
    assert.deepEqual(r.error, {
      code: 4,
      description: 'WBEM_E_INVALID_SYNTAX (0x80041021): unclosed tag: INSTANCE',
    });
  });

  it('answers CIM_ERR_INVALID_PARAMETER to a class member without a type, and to a key without a value', async () => {
    const cls = await t.client.call(
      'CreateClass',
      param('NewClass', '<CLASS NAME="X"><PROPERTY NAME="P" TYPE="int"/></CLASS>'),
    );
    assert.deepEqual(cls.error, {
      code: 4,
      description: "WBEM_E_INVALID_PARAMETER (0x80041008): property P: TYPE 'int' unknown",
    });
    const get = await t.client.call(
      'GetInstance',
      param('InstanceName', '<INSTANCENAME CLASSNAME="X"><KEYBINDING NAME="K"/></INSTANCENAME>'),
    );
    assert.deepEqual(get.error, {
      code: 4,
      description: 'WBEM_E_INVALID_PARAMETER (0x80041008): key K of X has no value',
    });
    const qualifier = await t.client.call(
      'SetQualifier',
      param(
        'QualifierDeclaration',
        '<QUALIFIER.DECLARATION NAME="Q" TYPE="string" ISARRAY="true" ARRAYSIZE="0"/>',
      ),
    );
    assert.deepEqual(qualifier.error, {
      code: 4,
      description:
        'WBEM_E_INVALID_PARAMETER (0x80041008): <QUALIFIER.DECLARATION> ARRAYSIZE="0" invalid',
    });
    assert.equal(
      (await t.client.call('GetClass', param('ClassName', className('X')))).error?.code,
      6,
    );
  });
});
