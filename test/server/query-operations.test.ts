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

/** A CIM_ERR_INVALID_PARAMETER (4) from WBEM_E_INVALID_PARAMETER, as the reply's ERROR says it. */
const INVALID = (detail: string) => ({
  code: 4,
  description: `WBEM_E_INVALID_PARAMETER (0x80041008): ${detail}`,
});

/** The class names in the `INSTANCEPATH`s of `OBJECTPATH` items, sorted. */
function pathClasses(list: XmlElement[]): string[] {
  return list
    .map((item) => {
      const path = childNamed(item, 'INSTANCEPATH') ?? item;
      return childNamed(path, 'INSTANCENAME')?.attrs['CLASSNAME'] ?? '';
    })
    .sort();
}

/** The text of a property's `VALUE` in an `INSTANCE` or `CLASS`. */
function propertyValue(object: XmlElement, name: string): string | undefined {
  const p = object.children.find((c) => c.attrs['NAME'] === name);
  return p === undefined ? undefined : childNamed(p, 'VALUE')?.text;
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
      assert.deepEqual(r.error, INVALID('parameter Query is required'));
    });

    it('fails with CIM_ERR_INVALID_PARAMETER (4) when QueryLanguage is missing', async () => {
      const r = await t.client.call('ExecQuery', param('Query', value('SELECT * FROM Acme_Disk')));
      assert.deepEqual(r.error, INVALID('parameter QueryLanguage is required'));
    });

    it('accepts a QueryLanguage of WQL padded with white space', async () => {
      const r = await query('SELECT * FROM Acme_Disk WHERE Size > 100', '  WQL ');
      assert.deepEqual(keysOf(items(r, 'VALUE.OBJECTWITHPATH')), ['d2', 'd3']);
    });

    it('writes the values of the instances and no CLASSORIGIN (ExecQuery has no IncludeClassOrigin)', async () => {
      const r = await query('SELECT * FROM Acme_Disk WHERE Id = "d2"');
      const inst = childNamed(items(r, 'VALUE.OBJECTWITHPATH')[0] as XmlElement, 'INSTANCE');
      assert.equal(propertyValue(inst as XmlElement, 'Size'), '200');
      assert.ok(inst?.children.every((p) => p.attrs['CLASSORIGIN'] === undefined));
    });

    it('matches the SELECT list to the properties whatever their case', async () => {
      const r = await query('SELECT SIZE FROM Acme_Disk WHERE Id = "d1"');
      assert.deepEqual(propertyNames(items(r, 'VALUE.OBJECTWITHPATH')[0] as XmlElement), ['Size']);
    });

    it('writes the classes of a schema query with their qualifiers, whatever the case of meta_class', async () => {
      for (const from of ['meta_class', 'META_CLASS']) {
        const r = await query(`SELECT * FROM ${from} WHERE __CLASS = "Acme_Disk"`);
        const cls = childNamed(items(r, 'VALUE.OBJECTWITHPATH')[0] as XmlElement, 'CLASS');
        const qualifiers = childrenNamed(cls as XmlElement, 'QUALIFIER').map(
          (q) => q.attrs['NAME'],
        );
        assert.deepEqual(qualifiers, ['Description'], from);
      }
    });

    it('writes the instances of an association query as a data query does, without qualifiers', async () => {
      const r = await query('ASSOCIATORS OF {Acme_Host.Name="h1"}');
      for (const item of items(r, 'VALUE.OBJECTWITHPATH')) {
        const inst = childNamed(item, 'INSTANCE') as XmlElement;
        assert.equal(inst.attrs['CLASSNAME'], 'Acme_Disk');
        assert.equal(JSON.stringify(inst).includes('"QUALIFIER"'), false, 'no QUALIFIER anywhere');
      }
    });

    it('writes the classes of an association query with ClassDefsOnly with their qualifiers', async () => {
      const r = await query('ASSOCIATORS OF {Acme_Host.Name="h1"} WHERE ClassDefsOnly');
      const list = items(r, 'VALUE.OBJECTWITHPATH');
      assert.equal(list.length, 1);
      const cls = childNamed(list[0] as XmlElement, 'CLASS') as XmlElement;
      assert.equal(cls.attrs['NAME'], 'Acme_Disk');
      assert.deepEqual(
        childrenNamed(cls, 'QUALIFIER').map((q) => q.attrs['NAME']),
        ['Description'],
      );
    });

    it('writes the classes of an association query on a class with their qualifiers', async () => {
      const r = await query('REFERENCES OF {Acme_Disk}');
      const list = items(r, 'VALUE.OBJECTWITHPATH');
      assert.equal(list.length, 1);
      const cls = childNamed(list[0] as XmlElement, 'CLASS') as XmlElement;
      assert.equal(cls.attrs['NAME'], 'Acme_HostDisk');
      assert.deepEqual(
        childrenNamed(cls, 'QUALIFIER').map((q) => q.attrs['NAME']),
        ['Association'],
      );
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
      assert.deepEqual(r.error, INVALID('parameter ObjectName is required'));
    });

    it('fails with CIM_ERR_INVALID_PARAMETER (4) when ObjectName is neither an instance nor a class name', async () => {
      const r = await t.client.call('Associators', param('ObjectName', value('Acme_Host')));
      assert.deepEqual(
        r.error,
        INVALID('parameter ObjectName must be an <INSTANCENAME> or <CLASSNAME>'),
      );
    });

    it('fails with CIM_ERR_INVALID_PARAMETER (4) when AssocClass is not a CLASSNAME', async () => {
      const r = await t.client.call(
        'Associators',
        param('ObjectName', hostName('h1')) + param('AssocClass', value('Acme_HostDisk')),
      );
      assert.deepEqual(r.error, INVALID('parameter AssocClass must be a <CLASSNAME>'));
    });

    it('writes each associated instance with its property values', async () => {
      const r = await t.client.call('Associators', param('ObjectName', hostName('h1')));
      const sizes = items(r, 'VALUE.OBJECTWITHPATH').map((i) =>
        propertyValue(childNamed(i, 'INSTANCE') as XmlElement, 'Size'),
      );
      assert.deepEqual(sizes.sort(), ['200', '50']);
    });

    it('filters Associators by AssocClass and ResultClass', async () => {
      const from = param('ObjectName', hostName('h1'));
      const through = await t.client.call(
        'Associators',
        from +
          param('AssocClass', className('Acme_HostDisk')) +
          param('ResultClass', className('Acme_Disk')),
      );
      assert.deepEqual(keysOf(items(through, 'VALUE.OBJECTWITHPATH')), ['d1', 'd2']);
      const other = await t.client.call(
        'Associators',
        from + param('AssocClass', className('Acme_Disk')),
      );
      assert.equal(items(other, 'VALUE.OBJECTWITHPATH').length, 0);
    });

    it('returns nothing when ResultRole names the role of the object itself', async () => {
      const r = await t.client.call(
        'AssociatorNames',
        param('ObjectName', diskName('d1')) + param('ResultRole', value('Disk')),
      );
      assert.equal(items(r, 'OBJECTPATH').length, 0);
    });

    it('reads an empty Role or ResultRole as NULL', async () => {
      const r = await t.client.call(
        'AssociatorNames',
        param('ObjectName', diskName('d1')) +
          param('Role', value('')) +
          param('ResultRole', value('')),
      );
      assert.deepEqual(pathClasses(items(r, 'OBJECTPATH')), ['Acme_Host']);
    });

    it('writes CLASSORIGIN on the properties only when IncludeClassOrigin is TRUE', async () => {
      const origins = async (flag: string) => {
        const r = await t.client.call('Associators', param('ObjectName', hostName('h1')) + flag);
        const inst = childNamed(items(r, 'VALUE.OBJECTWITHPATH')[0] as XmlElement, 'INSTANCE');
        return (inst as XmlElement).children.map((p) => p.attrs['CLASSORIGIN']);
      };
      assert.deepEqual(await origins(param('IncludeClassOrigin', value(true))), [
        'Acme_Disk',
        'Acme_Disk',
      ]);
      assert.deepEqual(await origins(''), [undefined, undefined]);
    });

    it('returns the associated classes without qualifiers when IncludeQualifiers is not given', async () => {
      const r = await t.client.call('Associators', param('ObjectName', className('Acme_Host')));
      const cls = childNamed(items(r, 'VALUE.OBJECTWITHPATH')[0] as XmlElement, 'CLASS');
      assert.equal(cls?.attrs['NAME'], 'Acme_Disk');
      assert.equal(childrenNamed(cls as XmlElement, 'QUALIFIER').length, 0);
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
      assert.deepEqual(pathClasses(items(r, 'OBJECTPATH')), ['Acme_HostDisk', 'Acme_HostDisk']);
    });

    it('fails with CIM_ERR_INVALID_PARAMETER (4) when References is given AssocClass, which it does not define', async () => {
      const r = await t.client.call(
        'References',
        param('ObjectName', hostName('h1')) + param('AssocClass', className('Acme_HostDisk')),
      );
      assert.deepEqual(r.error, INVALID('References has no parameter AssocClass'));
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
      const list = items(open, 'VALUE.INSTANCEWITHPATH');
      assert.deepEqual(
        list.map((i) => childNamed(i, 'INSTANCE')?.attrs['CLASSNAME']),
        ['Acme_HostDisk'],
      );
      assert.equal(outParam(open, 'EndOfSequence'), 'TRUE');
    });

    it('filters OpenAssociatorInstances by AssocClass, ResultClass and ResultRole', async () => {
      const open = (filter: string) =>
        t.client.call(
          'OpenAssociatorInstances',
          param('InstanceName', diskName('d1')) + param('MaxObjectCount', value(10)) + filter,
        );
      const all = await open(
        param('AssocClass', className('Acme_HostDisk')) +
          param('ResultClass', className('Acme_Host')) +
          param('ResultRole', value('Host')),
      );
      assert.equal(items(all, 'VALUE.INSTANCEWITHPATH').length, 1);
      for (const filter of [
        param('AssocClass', className('Acme_Disk')),
        param('ResultClass', className('Acme_Disk')),
        param('ResultRole', value('Disk')),
      ]) {
        assert.equal(items(await open(filter), 'VALUE.INSTANCEWITHPATH').length, 0, filter);
      }
    });

    it('fails with CIM_ERR_INVALID_PARAMETER (4) when InstanceName is a CLASSNAME (the pulls enumerate instances)', async () => {
      const open = await t.client.call(
        'OpenAssociatorInstances',
        param('InstanceName', className('Acme_Host')),
      );
      assert.deepEqual(open.error, INVALID('parameter InstanceName must be an <INSTANCENAME>'));
    });

    it('fails with CIM_ERR_INVALID_PARAMETER (4) when FilterQuery or FilterQueryLanguage is missing', async () => {
      const language = await t.client.call(
        'OpenQueryInstances',
        param('FilterQuery', value('SELECT * FROM Acme_Disk')),
      );
      assert.deepEqual(language.error, INVALID('parameter FilterQueryLanguage is required'));
      const text = await t.client.call(
        'OpenQueryInstances',
        param('FilterQueryLanguage', value('WQL')),
      );
      assert.deepEqual(text.error, INVALID('parameter FilterQuery is required'));
    });

    it('fails with CIM_ERR_NOT_SUPPORTED (7) when OpenQueryInstances asks for ReturnQueryResultClass', async () => {
      const open = await t.client.call(
        'OpenQueryInstances',
        param('FilterQueryLanguage', value('WQL')) +
          param('FilterQuery', value('SELECT * FROM Acme_Disk')) +
          param('ReturnQueryResultClass', value(true)),
      );
      assert.deepEqual(open.error, {
        code: 7,
        description: 'CIM_ERR_NOT_SUPPORTED: ReturnQueryResultClass is not supported',
      });
    });

    it('fails with CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED (26) when OpenQueryInstances sets ContinueOnError', async () => {
      const open = await t.client.call(
        'OpenQueryInstances',
        param('FilterQueryLanguage', value('WQL')) +
          param('FilterQuery', value('SELECT * FROM Acme_Disk')) +
          param('ContinueOnError', value(true)),
      );
      assert.deepEqual(open.error, {
        code: 26,
        description:
          'CIM_ERR_CONTINUATION_ON_ERROR_NOT_SUPPORTED: ContinueOnError is not supported',
      });
    });

    it('fails with CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED (25) when an association open is filtered', async () => {
      const open = await t.client.call(
        'OpenAssociatorInstances',
        param('InstanceName', hostName('h1')) +
          param('FilterQueryLanguage', value('WQL')) +
          param('FilterQuery', value('SELECT * FROM Acme_Disk')),
      );
      assert.deepEqual(open.error, {
        code: 25,
        description:
          'CIM_ERR_FILTERED_ENUMERATION_NOT_SUPPORTED: filtered association enumerations are not served',
      });
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

  describe('the DSP0200 parameters of each operation', () => {
    // Spelt out from DSP0200, not read from the server's table: every one is sent, NULL where
    // it is optional, and none may be refused as unknown.
    const PARAMS: readonly (readonly [string, readonly string[], string, number])[] = [
      ['ExecQuery', ['QueryLanguage', 'Query'], 'VALUE.OBJECTWITHPATH', 3],
      [
        'Associators',
        [
          'ObjectName',
          'AssocClass',
          'ResultClass',
          'Role',
          'ResultRole',
          'IncludeQualifiers',
          'IncludeClassOrigin',
          'PropertyList',
        ],
        'VALUE.OBJECTWITHPATH',
        2,
      ],
      [
        'AssociatorNames',
        ['ObjectName', 'AssocClass', 'ResultClass', 'Role', 'ResultRole'],
        'OBJECTPATH',
        2,
      ],
      [
        'References',
        [
          'ObjectName',
          'ResultClass',
          'Role',
          'IncludeQualifiers',
          'IncludeClassOrigin',
          'PropertyList',
        ],
        'VALUE.OBJECTWITHPATH',
        2,
      ],
      ['ReferenceNames', ['ObjectName', 'ResultClass', 'Role'], 'OBJECTPATH', 2],
      [
        'OpenQueryInstances',
        [
          'FilterQuery',
          'FilterQueryLanguage',
          'ReturnQueryResultClass',
          'OperationTimeout',
          'ContinueOnError',
          'MaxObjectCount',
        ],
        'INSTANCE',
        3,
      ],
      [
        'OpenAssociatorInstances',
        [
          'InstanceName',
          'AssocClass',
          'ResultClass',
          'Role',
          'ResultRole',
          'IncludeClassOrigin',
          'PropertyList',
          'FilterQueryLanguage',
          'FilterQuery',
          'OperationTimeout',
          'ContinueOnError',
          'MaxObjectCount',
        ],
        'VALUE.INSTANCEWITHPATH',
        2,
      ],
      [
        'OpenAssociatorInstancePaths',
        [
          'InstanceName',
          'AssocClass',
          'ResultClass',
          'Role',
          'ResultRole',
          'FilterQueryLanguage',
          'FilterQuery',
          'OperationTimeout',
          'ContinueOnError',
          'MaxObjectCount',
        ],
        'INSTANCEPATH',
        2,
      ],
      [
        'OpenReferenceInstances',
        [
          'InstanceName',
          'ResultClass',
          'Role',
          'IncludeClassOrigin',
          'PropertyList',
          'FilterQueryLanguage',
          'FilterQuery',
          'OperationTimeout',
          'ContinueOnError',
          'MaxObjectCount',
        ],
        'VALUE.INSTANCEWITHPATH',
        2,
      ],
      [
        'OpenReferenceInstancePaths',
        [
          'InstanceName',
          'ResultClass',
          'Role',
          'FilterQueryLanguage',
          'FilterQuery',
          'OperationTimeout',
          'ContinueOnError',
          'MaxObjectCount',
        ],
        'INSTANCEPATH',
        2,
      ],
    ];
    /** The values a call needs; the other parameters are sent NULL (an empty IPARAMVALUE). */
    const given = (method: string, name: string): string => {
      const query = method === 'ExecQuery' || method === 'OpenQueryInstances';
      if (name === 'QueryLanguage' || (query && name === 'FilterQueryLanguage'))
        return value('WQL');
      if (name === 'Query' || (query && name === 'FilterQuery'))
        return value('SELECT * FROM Acme_Disk');
      if (name === 'ObjectName' || name === 'InstanceName') return hostName('h1');
      if (name === 'MaxObjectCount') return value(10);
      return '';
    };

    for (const [method, names, item, count] of PARAMS) {
      it(`takes every parameter of ${method}, NULL meaning its default`, async () => {
        const r = await t.client.call(
          method,
          names.map((name) => param(name, given(method, name))).join(''),
        );
        assert.equal(items(r, item).length, count);
      });
    }
  });
});
