/**
 * `WqlQueryBackend` (`src/server/wql-query-backend.ts`) over loopback, on a schema with a
 * subclass and a class no association refers to: what each query reads before it runs, the
 * properties a result keeps, which FROM names are schema queries; then the backend's own
 * lifecycle (`close`), an operation that is not a query, and the query operations of a server
 * without a backend.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Subject } from 'rxjs';
import { WbemError, type WbemEvent } from '../../src/index.js';
import type { CimCall } from '../../src/server/cim-call.js';
import { cimErrorOf } from '../../src/server/cim-status.js';
import type { OperationContext } from '../../src/server/operation.js';
import { WqlQueryBackend } from '../../src/server/wql-query-backend.js';
import { childNamed, childrenNamed, type XmlElement } from '../../src/server/xml-tree.js';
import {
  type CimReply,
  param,
  startTestServer,
  type TestServer,
  value,
} from './helpers/cim-client.js';

const KEY = '<QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER>';
const ASSOCIATION = '<QUALIFIER NAME="Association" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER>';
const CLASSES = [
  `<CLASS NAME="Acme_Host"><PROPERTY NAME="Name" TYPE="string">${KEY}</PROPERTY></CLASS>`,
  `<CLASS NAME="Acme_Disk"><PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY><PROPERTY NAME="Size" TYPE="uint32"></PROPERTY></CLASS>`,
  `<CLASS NAME="Acme_SSD" SUPERCLASS="Acme_Disk"><PROPERTY NAME="Wear" TYPE="uint8"></PROPERTY></CLASS>`,
  `<CLASS NAME="Acme_HostDisk">${ASSOCIATION}<PROPERTY.REFERENCE NAME="Host" REFERENCECLASS="Acme_Host">${KEY}</PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Disk" REFERENCECLASS="Acme_Disk">${KEY}</PROPERTY.REFERENCE></CLASS>`,
  // No association refers to a fan: an association query never reads its instances.
  `<CLASS NAME="Acme_Fan"><PROPERTY NAME="Slot" TYPE="uint32">${KEY}</PROPERTY></CLASS>`,
  // Names that hold meta_class without being it: their queries are data queries.
  `<CLASS NAME="Acme_meta_class"><PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY><PROPERTY NAME="Note" TYPE="string"></PROPERTY></CLASS>`,
  `<CLASS NAME="meta_class_Acme"><PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY><PROPERTY NAME="Note" TYPE="string"></PROPERTY></CLASS>`,
];

const hostName = (name: string): string =>
  `<INSTANCENAME CLASSNAME="Acme_Host"><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">${name}</KEYVALUE></KEYBINDING></INSTANCENAME>`;
const ssdName = (id: string): string =>
  `<INSTANCENAME CLASSNAME="Acme_SSD"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="string">${id}</KEYVALUE></KEYBINDING></INSTANCENAME>`;

const INSTANCES = [
  `<INSTANCE CLASSNAME="Acme_Host"><PROPERTY NAME="Name" TYPE="string"><VALUE>h1</VALUE></PROPERTY></INSTANCE>`,
  `<INSTANCE CLASSNAME="Acme_SSD"><PROPERTY NAME="Id" TYPE="string"><VALUE>s1</VALUE></PROPERTY><PROPERTY NAME="Size" TYPE="uint32"><VALUE>512</VALUE></PROPERTY><PROPERTY NAME="Wear" TYPE="uint8"><VALUE>3</VALUE></PROPERTY></INSTANCE>`,
  `<INSTANCE CLASSNAME="Acme_HostDisk"><PROPERTY.REFERENCE NAME="Host"><VALUE.REFERENCE>${hostName('h1')}</VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Disk"><VALUE.REFERENCE>${ssdName('s1')}</VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE>`,
  ...[1, 2].map(
    (slot) =>
      `<INSTANCE CLASSNAME="Acme_Fan"><PROPERTY NAME="Slot" TYPE="uint32"><VALUE>${slot}</VALUE></PROPERTY></INSTANCE>`,
  ),
  ...['Acme_meta_class', 'meta_class_Acme'].map(
    (cls) =>
      `<INSTANCE CLASSNAME="${cls}"><PROPERTY NAME="Id" TYPE="string"><VALUE>m1</VALUE></PROPERTY><PROPERTY NAME="Note" TYPE="string"><VALUE>n</VALUE></PROPERTY></INSTANCE>`,
  ),
];

function items(reply: CimReply, name: string): XmlElement[] {
  assert.equal(reply.error, undefined, reply.error?.description);
  return childrenNamed(reply.returnValue as XmlElement, name);
}

/** Each `INSTANCE` of the items as property name → value text. */
function instanceValues(list: XmlElement[]): Record<string, string | undefined>[] {
  return list.map((item) =>
    Object.fromEntries(
      (childNamed(item, 'INSTANCE') as XmlElement).children.map((p) => [
        p.attrs['NAME'] ?? '',
        childNamed(p, 'VALUE')?.text,
      ]),
    ),
  );
}

async function createAll(t: TestServer): Promise<void> {
  for (const cls of CLASSES) {
    const r = await t.client.call('CreateClass', param('NewClass', cls));
    assert.equal(r.error, undefined, r.error?.description);
  }
  for (const inst of INSTANCES) {
    const r = await t.client.call('CreateInstance', param('NewInstance', inst));
    assert.equal(r.error, undefined, r.error?.description);
  }
}

const execQuery = (t: TestServer, q: string) =>
  t.client.call('ExecQuery', param('QueryLanguage', value('WQL')) + param('Query', value(q)));

describe('WQL query backend: what a query reads and writes', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    await createAll(t);
  });
  after(async () => {
    await t.close();
  });

  it('returns the instances of a class no association refers to', async () => {
    const r = await execQuery(t, 'SELECT * FROM Acme_Fan');
    assert.deepEqual(
      instanceValues(items(r, 'VALUE.OBJECTWITHPATH')).map((v) => v['Slot']),
      ['1', '2'],
    );
  });

  it('writes the inherited properties of an associated instance of a subclass (Associators has no LocalOnly)', async () => {
    const r = await t.client.call('Associators', param('ObjectName', hostName('h1')));
    assert.deepEqual(instanceValues(items(r, 'VALUE.OBJECTWITHPATH')), [
      { Id: 's1', Size: '512', Wear: '3' },
    ]);
  });

  it('writes the inherited properties of a subclass instance an OpenAssociatorInstances returns', async () => {
    const r = await t.client.call(
      'OpenAssociatorInstances',
      param('InstanceName', hostName('h1')) + param('MaxObjectCount', value(10)),
    );
    assert.deepEqual(instanceValues(items(r, 'VALUE.INSTANCEWITHPATH')), [
      { Id: 's1', Size: '512', Wear: '3' },
    ]);
  });

  for (const cls of ['Acme_meta_class', 'meta_class_Acme']) {
    it(`projects a query on ${cls} as a data query: only meta_class itself is the schema`, async () => {
      const r = await execQuery(t, `SELECT Note FROM ${cls}`);
      assert.deepEqual(instanceValues(items(r, 'VALUE.OBJECTWITHPATH')), [{ Note: 'n' }]);
    });
  }
});

describe('WQL query backend: its own event subscription', () => {
  const events = new Subject<WbemEvent>();
  const backend = new WqlQueryBackend(events);
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ queries: backend });
    await createAll(t);
  });
  after(async () => {
    backend.close();
    await t.close();
  });

  it('listens to the events given from its first query, stops when closed, and still answers', async () => {
    assert.equal(events.observed, false);
    assert.equal(
      items(await execQuery(t, 'SELECT * FROM Acme_Fan'), 'VALUE.OBJECTWITHPATH').length,
      2,
    );
    assert.equal(events.observed, true);
    backend.close();
    assert.equal(events.observed, false);
    assert.equal(
      items(await execQuery(t, 'SELECT * FROM Acme_Fan'), 'VALUE.OBJECTWITHPATH').length,
      2,
    );
    assert.equal(events.observed, false);
  });

  it('fails with CIM_ERR_NOT_SUPPORTED (7) when run on an operation that is not a query', async () => {
    const call: CimCall = {
      messageId: '1',
      method: 'GetClass',
      namespace: 'root/cimv2',
      params: new Map(),
      extrinsic: false,
    };
    await assert.rejects(backend.run({ call } as unknown as OperationContext), (error: unknown) => {
      assert.ok(error instanceof WbemError, String(error));
      assert.deepEqual(cimErrorOf(error), {
        code: 7,
        description: 'CIM_ERR_NOT_SUPPORTED: GetClass is not a query operation',
      });
      return true;
    });
  });
});

describe('query operations of a server without a query backend', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ queries: null });
  });
  after(async () => {
    await t.close();
  });

  for (const method of [
    'ExecQuery',
    'Associators',
    'AssociatorNames',
    'References',
    'ReferenceNames',
    'OpenQueryInstances',
    'OpenAssociatorInstances',
    'OpenAssociatorInstancePaths',
    'OpenReferenceInstances',
    'OpenReferenceInstancePaths',
  ]) {
    it(`fails with CIM_ERR_NOT_SUPPORTED (7) naming ${method} when it is called`, async () => {
      const r = await t.client.call(method);
      assert.deepEqual(r.error, {
        code: 7,
        description: `CIM_ERR_NOT_SUPPORTED: ${method} is not served yet (no query language)`,
      });
    });
  }
});
