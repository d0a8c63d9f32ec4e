import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { childNamed, childrenNamed, type XmlElement } from '../../src/server/xml-tree.js';
import {
  type CimReply,
  className,
  param,
  startTestServer,
  type TestServer,
  value,
} from './helpers/cim-client.js';

function outParam(reply: CimReply, name: string): string | undefined {
  const p = reply.response.children.find(
    (c) => c.name === 'PARAMVALUE' && c.attrs['NAME'] === name,
  );
  return p === undefined ? undefined : (childNamed(p, 'VALUE')?.text ?? '');
}

describe('pull operations (OpenEnumerateInstances, PullInstancesWithPath, ...)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ enumeration: { maxOpen: 2 } });
    const cls = `<CLASS NAME="Acme_Item"><PROPERTY NAME="N" TYPE="uint32"><QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER></PROPERTY></CLASS>`;
    assert.equal((await t.client.call('CreateClass', param('NewClass', cls))).error, undefined);
    for (let n = 0; n < 5; n++) {
      const r = await t.client.call(
        'CreateInstance',
        param(
          'NewInstance',
          `<INSTANCE CLASSNAME="Acme_Item"><PROPERTY NAME="N" TYPE="uint32"><VALUE>${n}</VALUE></PROPERTY></INSTANCE>`,
        ),
      );
      assert.equal(r.error, undefined, r.error?.description);
    }
  });
  after(async () => {
    await t.close();
  });

  it('returns every instance in slices, then EndOfSequence, when pulled to the end', async () => {
    const open = await t.client.call(
      'OpenEnumerateInstances',
      param('ClassName', className('Acme_Item')) + param('MaxObjectCount', value(2)),
    );
    assert.equal(open.error, undefined, open.error?.description);
    assert.equal(childrenNamed(open.returnValue as XmlElement, 'VALUE.INSTANCEWITHPATH').length, 2);
    assert.equal(outParam(open, 'EndOfSequence'), 'FALSE');
    const context = outParam(open, 'EnumerationContext') ?? '';
    const count = await t.client.call(
      'EnumerationCount',
      param('EnumerationContext', value(context)),
    );
    assert.equal(childNamed(count.returnValue as XmlElement, 'VALUE')?.text, '3');
    const pull = await t.client.call(
      'PullInstancesWithPath',
      param('EnumerationContext', value(context)) + param('MaxObjectCount', value(10)),
    );
    const items = childrenNamed(pull.returnValue as XmlElement, 'VALUE.INSTANCEWITHPATH');
    assert.equal(items.length, 3);
    const path = childNamed(items[0] as XmlElement, 'INSTANCEPATH');
    assert.ok(childNamed(path as XmlElement, 'NAMESPACEPATH'));
    assert.equal(outParam(pull, 'EndOfSequence'), 'TRUE');
    const again = await t.client.call(
      'PullInstancesWithPath',
      param('EnumerationContext', value(context)) + param('MaxObjectCount', value(1)),
    );
    assert.equal(again.error?.code, 21);
  });

  it('ends at once when the first slice holds everything', async () => {
    const open = await t.client.call(
      'OpenEnumerateInstancePaths',
      param('ClassName', className('Acme_Item')) + param('MaxObjectCount', value(100)),
    );
    assert.equal(childrenNamed(open.returnValue as XmlElement, 'INSTANCEPATH').length, 5);
    assert.equal(outParam(open, 'EndOfSequence'), 'TRUE');
  });

  it('fails with CIM_ERR_SERVER_LIMITS_EXCEEDED when more contexts than the bound are opened, and CloseEnumeration frees one', async () => {
    const open = () =>
      t.client.call(
        'OpenEnumerateInstancePaths',
        param('ClassName', className('Acme_Item')) + param('MaxObjectCount', value(1)),
      );
    const a = await open();
    await open();
    assert.equal((await open()).error?.code, 27);
    const close = await t.client.call(
      'CloseEnumeration',
      param('EnumerationContext', value(outParam(a, 'EnumerationContext') ?? '')),
    );
    assert.equal(close.error, undefined);
    assert.match(close.http.body, /<IMETHODRESPONSE NAME="CloseEnumeration"><\/IMETHODRESPONSE>/);
    assert.equal((await open()).error, undefined);
    assert.equal(t.server.openEnumerations(), 2);
  });

  it('fails with CIM_ERR_INVALID_ENUMERATION_CONTEXT when another user pulls the context', async () => {
    const { CimClient } = await import('./helpers/cim-client.js');
    const other = new CimClient({ port: t.port, auth: { user: 'reader', password: 'reader-pw' } });
    try {
      const r = await other.call(
        'PullInstancePaths',
        param('EnumerationContext', value('not-a-context')) + param('MaxObjectCount', value(1)),
      );
      assert.equal(r.error?.code, 21);
    } finally {
      other.close();
    }
  });

  it('fails with CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED when a FilterQuery is given', async () => {
    const r = await t.client.call(
      'OpenEnumerateInstances',
      param('ClassName', className('Acme_Item')) +
        param('FilterQueryLanguage', value('DMTF:FQL')) +
        param('FilterQuery', value('N = 1')),
    );
    assert.equal(r.error?.code, 25);
  });

  it('fails with CIM_ERR_INVALID_OPERATION_TIMEOUT when OperationTimeout is 0', async () => {
    const r = await t.client.call(
      'OpenEnumerateInstances',
      param('ClassName', className('Acme_Item')) + param('OperationTimeout', value(0)),
    );
    assert.equal(r.error?.code, 22);
  });
});

describe('qualifier operations (SetQualifier, GetQualifier, EnumerateQualifiers, DeleteQualifier)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  const decl = `<QUALIFIER.DECLARATION NAME="Units" TYPE="string" TRANSLATABLE="true"><SCOPE PROPERTY="true" METHOD="true"/><VALUE>none</VALUE></QUALIFIER.DECLARATION>`;

  it('declares, reads back and lists a qualifier type', async () => {
    const set = await t.client.call('SetQualifier', param('QualifierDeclaration', decl));
    assert.equal(set.error, undefined, set.error?.description);
    assert.match(set.http.body, /<IMETHODRESPONSE NAME="SetQualifier"><\/IMETHODRESPONSE>/);
    const get = await t.client.call('GetQualifier', param('QualifierName', value('units')));
    const d = childNamed(get.returnValue as XmlElement, 'QUALIFIER.DECLARATION');
    assert.equal(d?.attrs['NAME'], 'Units');
    assert.equal(d?.attrs['TRANSLATABLE'], 'true');
    assert.equal(childNamed(d as XmlElement, 'SCOPE')?.attrs['PROPERTY'], 'true');
    assert.equal(childNamed(d as XmlElement, 'SCOPE')?.attrs['CLASS'], undefined);
    assert.equal(childNamed(d as XmlElement, 'VALUE')?.text, 'none');
    const all = await t.client.call('EnumerateQualifiers');
    assert.ok(
      childrenNamed(all.returnValue as XmlElement, 'QUALIFIER.DECLARATION').some(
        (q) => q.attrs['NAME'] === 'Units',
      ),
    );
  });

  it('keeps the declared DisableOverride when a class sends Key without OVERRIDABLE', async () => {
    const key = `<QUALIFIER.DECLARATION NAME="Key" TYPE="boolean" OVERRIDABLE="false"><SCOPE PROPERTY="true" REFERENCE="true"/><VALUE>FALSE</VALUE></QUALIFIER.DECLARATION>`;
    assert.equal(
      (await t.client.call('SetQualifier', param('QualifierDeclaration', key))).error,
      undefined,
    );
    const cls = `<CLASS NAME="Acme_K"><PROPERTY NAME="Id" TYPE="string"><QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER></PROPERTY></CLASS>`;
    const r = await t.client.call('CreateClass', param('NewClass', cls));
    assert.equal(r.error, undefined, r.error?.description);
    const got = await t.client.call('GetClass', param('ClassName', className('Acme_K')));
    const q = childNamed(
      childNamed(
        childNamed(got.returnValue as XmlElement, 'CLASS') as XmlElement,
        'PROPERTY',
      ) as XmlElement,
      'QUALIFIER',
    );
    assert.equal(q?.attrs['OVERRIDABLE'], 'false');
  });

  it('removes the declaration, then GetQualifier fails with CIM_ERR_NOT_FOUND', async () => {
    const del = await t.client.call('DeleteQualifier', param('QualifierName', value('Units')));
    assert.equal(del.error, undefined, del.error?.description);
    assert.equal(
      (await t.client.call('GetQualifier', param('QualifierName', value('Units')))).error?.code,
      6,
    );
  });
});

describe('query operations without a query backend', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ queries: null });
  });
  after(async () => {
    await t.close();
  });

  for (const [method, params] of [
    ['ExecQuery', param('QueryLanguage', value('WQL')) + param('Query', value('SELECT * FROM X'))],
    ['Associators', param('ObjectName', className('X'))],
    ['AssociatorNames', param('ObjectName', className('X'))],
    ['References', param('ObjectName', className('X'))],
    ['ReferenceNames', param('ObjectName', className('X'))],
    [
      'OpenQueryInstances',
      param('FilterQueryLanguage', value('WQL')) + param('FilterQuery', value('SELECT * FROM X')),
    ],
    ['OpenAssociatorInstances', ''],
    ['OpenAssociatorInstancePaths', ''],
    ['OpenReferenceInstances', ''],
    ['OpenReferenceInstancePaths', ''],
  ] as const) {
    it(`fails with CIM_ERR_NOT_SUPPORTED (7) when ${method} is called`, async () => {
      const r = await t.client.call(method, params);
      assert.equal(r.error?.code, 7);
    });
  }
});
