/**
 * `qualifier-operations.ts` over loopback: how `QualifierName` is read (trimmed, required, not
 * blank), what EnumerateQualifiers writes, and that SetQualifier and DeleteQualifier make the
 * server forget the namespace's cached declarations, so the next class decoded in the namespace
 * takes the flavor the declaration now gives (the cache is filled by a class decoded before).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { childNamed, type XmlElement } from '../../src/server/xml-tree.js';
import {
  type CimReply,
  className,
  param,
  startTestServer,
  type TestServer,
  value,
} from './helpers/cim-client.js';

const CIM_ERR_INVALID_PARAMETER = 4;
const CIM_ERR_NOT_FOUND = 6;

const UNITS_FIXED =
  '<QUALIFIER.DECLARATION NAME="Units" TYPE="string" OVERRIDABLE="false"><SCOPE PROPERTY="true"/></QUALIFIER.DECLARATION>';
const MAXLEN =
  '<QUALIFIER.DECLARATION NAME="MaxLen" TYPE="uint32"><SCOPE PROPERTY="true"/><VALUE>8</VALUE></QUALIFIER.DECLARATION>';

/** The `IRETURNVALUE` exactly as the server wrote it. */
function rawReturnValue(reply: CimReply): string {
  assert.equal(reply.error, undefined, reply.error?.description);
  return /<IRETURNVALUE>(.*)<\/IRETURNVALUE>/s.exec(reply.http.body)?.[1] ?? '';
}

describe('qualifier operations over CIM-XML (GetQualifier, SetQualifier, DeleteQualifier, EnumerateQualifiers)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const setQualifier = async (declaration: string): Promise<void> => {
    const r = await t.client.call('SetQualifier', param('QualifierDeclaration', declaration));
    assert.equal(r.error, undefined, r.error?.description);
  };
  const deleteQualifier = (name: string): Promise<CimReply> =>
    t.client.call('DeleteQualifier', param('QualifierName', value(name)));

  /** Creates a class whose property `Size` has `Units` without a flavor; gives OVERRIDABLE. */
  const unitsFlavorOfNewClass = async (name: string): Promise<string | undefined> => {
    const created = await t.client.call(
      'CreateClass',
      param(
        'NewClass',
        `<CLASS NAME="${name}"><PROPERTY NAME="Size" TYPE="uint32"><QUALIFIER NAME="Units" TYPE="string"><VALUE>bytes</VALUE></QUALIFIER></PROPERTY></CLASS>`,
      ),
    );
    assert.equal(created.error, undefined, created.error?.description);
    const got = await t.client.call('GetClass', param('ClassName', className(name)));
    assert.equal(got.error, undefined, got.error?.description);
    const cls = childNamed(got.returnValue as XmlElement, 'CLASS') as XmlElement;
    const units = childNamed(childNamed(cls, 'PROPERTY') as XmlElement, 'QUALIFIER');
    assert.equal(units?.attrs['NAME'], 'Units');
    return units?.attrs['OVERRIDABLE'];
  };

  it('writes nothing when no qualifier is declared, then each declaration once, side by side', async () => {
    assert.equal(rawReturnValue(await t.client.call('EnumerateQualifiers')), '');
    await setQualifier(UNITS_FIXED);
    await setQualifier(MAXLEN);
    assert.equal(rawReturnValue(await t.client.call('EnumerateQualifiers')), UNITS_FIXED + MAXLEN);
    assert.equal((await deleteQualifier('Units')).error, undefined);
    assert.equal((await deleteQualifier('MaxLen')).error, undefined);
  });

  it('refuses a parameter EnumerateQualifiers does not take with CIM_ERR_INVALID_PARAMETER', async () => {
    const r = await t.client.call('EnumerateQualifiers', param('ClassName', className('Acme_X')));
    assert.equal(r.error?.code, CIM_ERR_INVALID_PARAMETER);
  });

  it('reads the declaration whose name QualifierName gives with spaces around it', async () => {
    await setQualifier(MAXLEN);
    const got = await t.client.call('GetQualifier', param('QualifierName', value(' maxlen ')));
    assert.equal(rawReturnValue(got), MAXLEN);
    const deleted = await deleteQualifier('  MAXLEN\t');
    assert.equal(deleted.error, undefined, deleted.error?.description);
    assert.equal(
      (await t.client.call('GetQualifier', param('QualifierName', value('MaxLen')))).error?.code,
      CIM_ERR_NOT_FOUND,
    );
  });

  for (const method of ['GetQualifier', 'DeleteQualifier']) {
    it(`fails with CIM_ERR_INVALID_PARAMETER when ${method} has no QualifierName or a blank one`, async () => {
      for (const params of ['', param('QualifierName', value(' \t '))]) {
        assert.deepEqual((await t.client.call(method, params)).error, {
          code: CIM_ERR_INVALID_PARAMETER,
          description: 'WBEM_E_INVALID_PARAMETER (0x80041008): parameter QualifierName is required',
        });
      }
    });
  }

  it('fails with CIM_ERR_INVALID_PARAMETER when QualifierDeclaration is not a QUALIFIER.DECLARATION', async () => {
    const r = await t.client.call('SetQualifier', param('QualifierDeclaration', value('Units')));
    assert.deepEqual(r.error, {
      code: CIM_ERR_INVALID_PARAMETER,
      description:
        'WBEM_E_INVALID_PARAMETER (0x80041008): parameter QualifierDeclaration must be a <QUALIFIER.DECLARATION>, not <VALUE>',
    });
  });

  it('gives the next class the flavor of a declaration set after a class was decoded', async () => {
    assert.equal(await unitsFlavorOfNewClass('Acme_BeforeSet'), undefined);
    await setQualifier(UNITS_FIXED);
    assert.equal(await unitsFlavorOfNewClass('Acme_AfterSet'), 'false');
  });

  it('gives the next class the default flavor once the declaration is deleted', async () => {
    await setQualifier(UNITS_FIXED);
    assert.equal(await unitsFlavorOfNewClass('Acme_BeforeDelete'), 'false');
    const deleted = await deleteQualifier('Units');
    assert.equal(deleted.error, undefined, deleted.error?.description);
    assert.equal(await unitsFlavorOfNewClass('Acme_AfterDelete'), undefined);
  });
});
