import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CIM_REAL64, CIM_SINT32, CIM_STRING, nameKey, type Qualifier } from '../../src/index.js';
import { capturedRequest, replay } from './helpers/captured-exchange.js';
import { readCimReply, startTestServer, type TestServer } from './helpers/cim-client.js';

/**
 * pywbem's MOF compiler sends the DMTF schema's qualifiers with their declared types (MaxLen
 * uint32, MinValue sint64, Weight real32 here); WMI's qualifier sets hold sint32, real64, string
 * and boolean only. The request is the one pywbem 1.9.0 sent; it was refused with
 * WBEM_E_INVALID_QUALIFIER_TYPE, so no DMTF class compiled through pywbem.
 */
describe('CreateClass with DMTF-typed qualifiers (pywbem)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('stores integer qualifiers as sint32, reals as real64 and 64-bit values past 2^53 as strings', async () => {
    const reply = await replay(t.client, '22-pywbem-CreateClass-DMTF-qualifier-types.txt');
    assert.equal(reply.error, undefined, reply.error?.description);
    const cls = await (await t.engine.connectServer('root/cimv2')).getClass('PyW_Quals');
    const q = (prop: string, name: string): Qualifier | undefined =>
      cls.properties.get(nameKey(prop))?.qualifiers.get(nameKey(name));
    assert.deepEqual([q('Id', 'MaxLen')?.type, q('Id', 'MaxLen')?.value], [CIM_SINT32, 256]);
    assert.deepEqual([q('V', 'MinValue')?.type, q('V', 'MinValue')?.value], [CIM_SINT32, -5]);
    assert.deepEqual(
      [q('V', 'MaxValue')?.type, q('V', 'MaxValue')?.value],
      [CIM_STRING, '9007199254740993'],
    );
    assert.deepEqual([q('V', 'Weight')?.type, q('V', 'Weight')?.value], [CIM_REAL64, 0.5]);
    assert.deepEqual(q('V', 'ValueMap')?.value, ['0', '1']);
  });

  it('writes the stored types back when the class is read', async () => {
    const http = await t.client.post(
      capturedRequest('10-pywbem-GetClass-REF_Base.txt').body.replace('REF_Base', 'PyW_Quals'),
      { CIMMethod: 'GetClass', CIMObject: 'root/cimv2' },
    );
    const reply = readCimReply(http);
    assert.equal(reply.error, undefined, reply.error?.description);
    assert.match(http.body, /<QUALIFIER NAME="MaxLen" TYPE="sint32"[^>]*><VALUE>256<\/VALUE>/);
  });
});
