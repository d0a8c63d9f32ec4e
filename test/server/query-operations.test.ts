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

const KEY = '<QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER>';
const CLASSES = [
  `<CLASS NAME="Acme_Host"><PROPERTY NAME="Name" TYPE="string">${KEY}</PROPERTY></CLASS>`,
  `<CLASS NAME="Acme_Disk"><QUALIFIER NAME="Description" TYPE="string"><VALUE>a disk</VALUE></QUALIFIER><PROPERTY NAME="Id" TYPE="string">${KEY}</PROPERTY><PROPERTY NAME="Size" TYPE="uint32"></PROPERTY></CLASS>`,
  `<CLASS NAME="Acme_HostDisk"><QUALIFIER NAME="Association" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER><PROPERTY.REFERENCE NAME="Host" REFERENCECLASS="Acme_Host">${KEY}</PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Disk" REFERENCECLASS="Acme_Disk">${KEY}</PROPERTY.REFERENCE></CLASS>`,
];

const hostName = (name: string): string =>
  `<INSTANCENAME CLASSNAME="Acme_Host"><KEYBINDING NAME="Name"><KEYVALUE VALUETYPE="string">${name}</KEYVALUE></KEYBINDING></INSTANCENAME>`;
const diskName = (id: string): string =>
  `<INSTANCENAME CLASSNAME="Acme_Disk"><KEYBINDING NAME="Id"><KEYVALUE VALUETYPE="string">${id}</KEYVALUE></KEYBINDING></INSTANCENAME>`;

const INSTANCES = [
  `<INSTANCE CLASSNAME="Acme_Host"><PROPERTY NAME="Name" TYPE="string"><VALUE>h1</VALUE></PROPERTY></INSTANCE>`,
  ...[
    ['d1', 50],
    ['d2', 200],
    ['d3', 300],
  ].map(
    ([id, size]) =>
      `<INSTANCE CLASSNAME="Acme_Disk"><PROPERTY NAME="Id" TYPE="string"><VALUE>${id}</VALUE></PROPERTY><PROPERTY NAME="Size" TYPE="uint32"><VALUE>${size}</VALUE></PROPERTY></INSTANCE>`,
  ),
  ...['d1', 'd2'].map(
    (id) =>
      `<INSTANCE CLASSNAME="Acme_HostDisk"><PROPERTY.REFERENCE NAME="Host"><VALUE.REFERENCE>${hostName('h1')}</VALUE.REFERENCE></PROPERTY.REFERENCE><PROPERTY.REFERENCE NAME="Disk"><VALUE.REFERENCE>${diskName(id)}</VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE>`,
  ),
];

function items(reply: CimReply, name: string): XmlElement[] {
  assert.equal(reply.error, undefined, reply.error?.description);
  return childrenNamed(reply.returnValue as XmlElement, name);
}

/** Key values of the instances in `VALUE.OBJECTWITHPATH`/`VALUE.INSTANCEWITHPATH` items, sorted. */
function keysOf(list: XmlElement[]): string[] {
  return list
    .map((item) => {
      const path = childNamed(item, 'INSTANCEPATH') as XmlElement;
      const name = childNamed(path, 'INSTANCENAME') as XmlElement;
      return childNamed(childNamed(name, 'KEYBINDING') as XmlElement, 'KEYVALUE')?.text ?? '';
    })
    .sort();
}

function propertyNames(item: XmlElement): string[] {
  const inst = childNamed(item, 'INSTANCE') as XmlElement;
  return inst.children
    .filter((c) => c.name.startsWith('PROPERTY'))
    .map((c) => c.attrs['NAME'] ?? '');
}

function outParam(reply: CimReply, name: string): string | undefined {
  const p = reply.response.children.find(
    (c) => c.name === 'PARAMVALUE' && c.attrs['NAME'] === name,
  );
  return p === undefined ? undefined : (childNamed(p, 'VALUE')?.text ?? '');
}

describe('query operations (ExecQuery, Associators, References, ...)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    for (const cls of CLASSES) {
      const r = await t.client.call('CreateClass', param('NewClass', cls));
      assert.equal(r.error, undefined, r.error?.description);
    }
    for (const inst of INSTANCES) {
      const r = await t.client.call('CreateInstance', param('NewInstance', inst));
      assert.equal(r.error, undefined, r.error?.description);
    }
  });
  after(async () => {
    await t.close();
  });

  const query = (q: string, language = 'WQL') =>
    t.client.call('ExecQuery', param('QueryLanguage', value(language)) + param('Query', value(q)));

  describe('ExecQuery', () => {
    it('returns the instances the WHERE clause selects, with their paths', async () => {
      const r = await query('SELECT * FROM Acme_Disk WHERE Size > 100');
      assert.deepEqual(keysOf(items(r, 'VALUE.OBJECTWITHPATH')), ['d2', 'd3']);
    });

    it('writes only the selected properties when the query names them', async () => {
      const r = await query('SELECT Id FROM Acme_Disk WHERE Id = "d1"');
      const list = items(r, 'VALUE.OBJECTWITHPATH');
      assert.equal(list.length, 1);
      assert.deepEqual(propertyNames(list[0] as XmlElement), ['Id']);
    });

    it('returns classes with their paths when the query is a schema query', async () => {
      const r = await query('SELECT * FROM meta_class WHERE __CLASS = "Acme_Disk"');
      const list = items(r, 'VALUE.OBJECTWITHPATH');
      assert.equal(list.length, 1);
      assert.equal(childNamed(list[0] as XmlElement, 'CLASS')?.attrs['NAME'], 'Acme_Disk');
      assert.ok(childNamed(list[0] as XmlElement, 'CLASSPATH'));
    });

    it('sees a class created after an earlier query when the schema is queried again', async () => {
      const q = 'SELECT * FROM meta_class WHERE __CLASS = "Acme_Late"';
      assert.equal(items(await query(q), 'VALUE.OBJECTWITHPATH').length, 0);
      const made = await t.client.call(
        'CreateClass',
        param('NewClass', '<CLASS NAME="Acme_Late"></CLASS>'),
      );
      assert.equal(made.error, undefined, made.error?.description);
      // The server learns of the class through the engine's event stream, which is asynchronous.
      const end = Date.now() + 5000;
      let found = 0;
      while (found === 0 && Date.now() < end) {
        found = items(await query(q), 'VALUE.OBJECTWITHPATH').length;
      }
      assert.equal(found, 1);
    });

    it('runs ASSOCIATORS OF when the query is an association query', async () => {
      const r = await query('ASSOCIATORS OF {Acme_Host.Name="h1"}');
      assert.deepEqual(keysOf(items(r, 'VALUE.OBJECTWITHPATH')), ['d1', 'd2']);
    });

    it('fails with CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED (14) when the language is DMTF:CQL', async () => {
      const r = await query('SELECT * FROM Acme_Disk', 'DMTF:CQL');
      assert.equal(r.error?.code, 14);
    });

    it('fails with CIM_ERR_INVALID_QUERY (15) when the query does not parse', async () => {
      const r = await query('SELECT FROM WHERE');
      assert.equal(r.error?.code, 15);
    });

    it('fails with CIM_ERR_INVALID_CLASS (5) when FROM names no class', async () => {
      const r = await query('SELECT * FROM Acme_Nothing');
      assert.equal(r.error?.code, 5);
    });

    it('fails with CIM_ERR_INVALID_PARAMETER (4) when Query is missing', async () => {
      const r = await t.client.call('ExecQuery', param('QueryLanguage', value('WQL')));
      assert.equal(r.error?.code, 4);
    });
  });

  describe('Associators and AssociatorNames', () => {
    it('returns the instances linked to an instance', async () => {
      const r = await t.client.call('Associators', param('ObjectName', hostName('h1')));
      assert.deepEqual(keysOf(items(r, 'VALUE.OBJECTWITHPATH')), ['d1', 'd2']);
    });

    it('returns nothing when ResultClass excludes the far ends', async () => {
      const r = await t.client.call(
        'Associators',
        param('ObjectName', hostName('h1')) + param('ResultClass', className('Acme_Host')),
      );
      assert.equal(items(r, 'VALUE.OBJECTWITHPATH').length, 0);
    });

    it('honours Role and ResultRole', async () => {
      const good = await t.client.call(
        'AssociatorNames',
        param('ObjectName', diskName('d1')) +
          param('Role', value('Disk')) +
          param('ResultRole', value('Host')),
      );
      assert.equal(items(good, 'OBJECTPATH').length, 1);
      const bad = await t.client.call(
        'AssociatorNames',
        param('ObjectName', diskName('d1')) + param('Role', value('Host')),
      );
      assert.equal(items(bad, 'OBJECTPATH').length, 0);
    });

    it('filters by AssocClass', async () => {
      const r = await t.client.call(
        'AssociatorNames',
        param('ObjectName', hostName('h1')) + param('AssocClass', className('Acme_Host')),
      );
      assert.equal(items(r, 'OBJECTPATH').length, 0);
    });

    it('keeps only the listed properties when PropertyList is given', async () => {
      const r = await t.client.call(
        'Associators',
        param('ObjectName', hostName('h1')) +
          param('PropertyList', '<VALUE.ARRAY><VALUE>Size</VALUE></VALUE.ARRAY>'),
      );
      for (const item of items(r, 'VALUE.OBJECTWITHPATH'))
        assert.deepEqual(propertyNames(item), ['Size']);
    });

    it('returns the associated classes with their qualifiers when ObjectName is a class', async () => {
      const r = await t.client.call(
        'Associators',
        param('ObjectName', className('Acme_Host')) + param('IncludeQualifiers', value(true)),
      );
      const list = items(r, 'VALUE.OBJECTWITHPATH');
      assert.equal(list.length, 1);
      const cls = childNamed(list[0] as XmlElement, 'CLASS') as XmlElement;
      assert.equal(cls.attrs['NAME'], 'Acme_Disk');
      assert.ok(childrenNamed(cls, 'QUALIFIER').some((q) => q.attrs['NAME'] === 'Description'));
    });

    it('returns class paths when AssociatorNames is given a class', async () => {
      const r = await t.client.call('AssociatorNames', param('ObjectName', className('Acme_Disk')));
      const list = items(r, 'OBJECTPATH');
      assert.equal(list.length, 1);
      const path = childNamed(list[0] as XmlElement, 'CLASSPATH') as XmlElement;
      assert.equal(childNamed(path, 'CLASSNAME')?.attrs['NAME'], 'Acme_Host');
    });

    it('fails with CIM_ERR_NOT_FOUND (6) when the instance does not exist', async () => {
      const r = await t.client.call('Associators', param('ObjectName', hostName('nope')));
      assert.equal(r.error?.code, 6);
    });

    it('fails with CIM_ERR_INVALID_PARAMETER (4) when ObjectName is missing', async () => {
      const r = await t.client.call('Associators', '');
      assert.equal(r.error?.code, 4);
    });
  });

  describe('References and ReferenceNames', () => {
    it('returns the association instances that refer to an instance', async () => {
      const r = await t.client.call('References', param('ObjectName', diskName('d2')));
      const list = items(r, 'VALUE.OBJECTWITHPATH');
      assert.equal(list.length, 1);
      const inst = childNamed(list[0] as XmlElement, 'INSTANCE') as XmlElement;
      assert.equal(inst.attrs['CLASSNAME'], 'Acme_HostDisk');
    });

    it('returns the paths of the association instances', async () => {
      const r = await t.client.call('ReferenceNames', param('ObjectName', hostName('h1')));
      assert.equal(items(r, 'OBJECTPATH').length, 2);
    });

    it('returns nothing when the Role is not the one referring', async () => {
      const r = await t.client.call(
        'ReferenceNames',
        param('ObjectName', hostName('h1')) + param('Role', value('Disk')),
      );
      assert.equal(items(r, 'OBJECTPATH').length, 0);
    });

    it('returns the association classes when ObjectName is a class', async () => {
      const r = await t.client.call('References', param('ObjectName', className('Acme_Disk')));
      const list = items(r, 'VALUE.OBJECTWITHPATH');
      assert.deepEqual(
        list.map((i) => childNamed(i, 'CLASS')?.attrs['NAME']),
        ['Acme_HostDisk'],
      );
    });
  });

  describe('OpenQueryInstances, OpenAssociatorInstance(Path)s, OpenReferenceInstance(Path)s', () => {
    it('returns the query results as INSTANCEs in slices when pulled with PullInstances', async () => {
      const open = await t.client.call(
        'OpenQueryInstances',
        param('FilterQueryLanguage', value('WQL')) +
          param('FilterQuery', value('SELECT * FROM Acme_Disk')) +
          param('MaxObjectCount', value(1)),
      );
      const first = items(open, 'INSTANCE');
      assert.equal(first.length, 1);
      assert.equal(open.returnValue?.children.length, 1);
      assert.equal(outParam(open, 'EndOfSequence'), 'FALSE');
      const pull = await t.client.call(
        'PullInstances',
        param('EnumerationContext', value(outParam(open, 'EnumerationContext') ?? '')) +
          param('MaxObjectCount', value(10)),
      );
      const ids = [...first, ...items(pull, 'INSTANCE')].map(
        (i) =>
          childNamed(i.children.find((p) => p.attrs['NAME'] === 'Id') as XmlElement, 'VALUE')?.text,
      );
      assert.deepEqual(ids.sort(), ['d1', 'd2', 'd3']);
      assert.equal(outParam(pull, 'EndOfSequence'), 'TRUE');
    });

    it('returns INSTANCEs without keys when OpenQueryInstances projects', async () => {
      const open = await t.client.call(
        'OpenQueryInstances',
        param('FilterQueryLanguage', value('WQL')) +
          param('FilterQuery', value('SELECT Size FROM Acme_Disk')) +
          param('MaxObjectCount', value(10)),
      );
      const list = items(open, 'INSTANCE');
      assert.equal(list.length, 3);
      assert.equal(open.returnValue?.children.length, 3);
      assert.deepEqual(
        list.map((i) => i.children.map((p) => p.attrs['NAME'])),
        [['Size'], ['Size'], ['Size']],
      );
    });

    it('returns the associators of an instance', async () => {
      const open = await t.client.call(
        'OpenAssociatorInstances',
        param('InstanceName', hostName('h1')) + param('MaxObjectCount', value(10)),
      );
      assert.deepEqual(keysOf(items(open, 'VALUE.INSTANCEWITHPATH')), ['d1', 'd2']);
      assert.equal(outParam(open, 'EndOfSequence'), 'TRUE');
    });

    it('returns the associator paths of an instance', async () => {
      const open = await t.client.call(
        'OpenAssociatorInstancePaths',
        param('InstanceName', hostName('h1')) + param('MaxObjectCount', value(10)),
      );
      const paths = items(open, 'INSTANCEPATH');
      assert.equal(open.returnValue?.children.length, 2);
      assert.deepEqual(
        paths
          .map(
            (p) =>
              childNamed(
                childNamed(childNamed(p, 'INSTANCENAME') as XmlElement, 'KEYBINDING') as XmlElement,
                'KEYVALUE',
              )?.text,
          )
          .sort(),
        ['d1', 'd2'],
      );
    });

    it('returns the reference paths of an instance', async () => {
      const open = await t.client.call(
        'OpenReferenceInstancePaths',
        param('InstanceName', diskName('d1')) + param('MaxObjectCount', value(10)),
      );
      const paths = items(open, 'INSTANCEPATH');
      assert.deepEqual(
        paths.map((p) => childNamed(p, 'INSTANCENAME')?.attrs['CLASSNAME']),
        ['Acme_HostDisk'],
      );
    });

    it('fails with CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED (25) when a reference paths open is filtered', async () => {
      const open = await t.client.call(
        'OpenReferenceInstancePaths',
        param('InstanceName', diskName('d1')) +
          param('FilterQueryLanguage', value('WQL')) +
          param('FilterQuery', value('SELECT * FROM Acme_HostDisk')),
      );
      assert.equal(open.error?.code, 25);
    });

    it('returns the references of an instance', async () => {
      const open = await t.client.call(
        'OpenReferenceInstances',
        param('InstanceName', diskName('d1')) + param('MaxObjectCount', value(10)),
      );
      assert.equal(items(open, 'VALUE.INSTANCEWITHPATH').length, 1);
    });

    it('fails with CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED (25) when an association open is filtered', async () => {
      const open = await t.client.call(
        'OpenAssociatorInstances',
        param('InstanceName', hostName('h1')) +
          param('FilterQueryLanguage', value('WQL')) +
          param('FilterQuery', value('SELECT * FROM Acme_Disk')),
      );
      assert.equal(open.error?.code, 25);
    });

    it('fails with CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED (14) when the filter language is DMTF:CQL', async () => {
      const open = await t.client.call(
        'OpenQueryInstances',
        param('FilterQueryLanguage', value('DMTF:CQL')) +
          param('FilterQuery', value('SELECT * FROM Acme_Disk')),
      );
      assert.equal(open.error?.code, 14);
    });
  });
});
