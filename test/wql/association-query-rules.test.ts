import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { CimObject } from '../../src/model/cim-value.js';
import type { SystemProperties } from '../../src/model/system-properties.js';
import {
  hresultName,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_QUERY,
  WBEM_E_NOT_FOUND,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { runQuery, type WqlQuery, type WqlReader } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const key = () => qualifier('Key', true);

/**
 * The sample namespace plus: a switch with a boolean key; an association to it that also has a
 * string property holding a path and an array of references (neither is a role); a subclass of
 * Sample_DiskProcess (without the parent's Locale qualifier); a class with references that is no
 * association; a link to a process that does not exist.
 */
const EXTRA_CLASSES: CimClass[] = [
  cimClass({
    name: 'Sample_Switch',
    properties: [cimProperty('On', 'boolean', { qualifiers: [key()] })],
  }),
  cimClass({
    name: 'Sample_DiskSwitch',
    qualifiers: [qualifier('Association', true)],
    properties: [
      cimProperty('Disk', 'ref', { referenceClass: 'Sample_Disk', qualifiers: [key()] }),
      cimProperty('Switch', 'ref', { referenceClass: 'Sample_Switch', qualifiers: [key()] }),
      cimProperty('Note', 'string'),
      cimProperty('Extra', 'ref', { referenceClass: 'Sample_Unrelated', isArray: true }),
    ],
  }),
  cimClass({ name: 'Sample_SubDiskProcess', superclass: 'Sample_DiskProcess' }),
  cimClass({
    name: 'Sample_Owner',
    properties: [
      cimProperty('Disk', 'ref', { referenceClass: 'Sample_Disk', qualifiers: [key()] }),
      cimProperty('Owner', 'ref', { referenceClass: 'Sample_Unrelated', qualifiers: [key()] }),
    ],
  }),
];

const EXTRA_INSTANCES: CimInstance[] = [
  cimInstance('Sample_Switch', { On: true }),
  cimInstance('Sample_DiskSwitch', {
    Disk: 'Sample_Disk.DeviceID="C:"',
    Switch: 'Sample_Switch.On=TRUE',
    Note: 'Sample_Process.Handle=100',
    Extra: ['Sample_Unrelated.Id=7'],
  }),
  cimInstance('Sample_SubDiskProcess', {
    Disk: 'Sample_Disk.DeviceID="D:"',
    Process: 'Sample_Process.Handle=100',
  }),
  cimInstance('Sample_SubDiskProcess', {
    Disk: 'Sample_Disk.DeviceID="C:"',
    Process: 'Sample_Process.Handle=4',
  }),
  cimInstance('Sample_Owner', {
    Disk: 'Sample_Disk.DeviceID="C:"',
    Owner: 'Sample_Unrelated.Id=7',
  }),
  cimInstance('Sample_DiskProcess', {
    Disk: 'Sample_Disk.DeviceID="C:"',
    Process: 'Sample_Process.Handle=999',
  }),
];

const base = sampleReader();
const rich = sampleReader(EXTRA_CLASSES, EXTRA_INSTANCES);

/** An association with an untyped reference (it may point at any class) and one to a missing class. */
const untyped = sampleReader([
  cimClass({
    name: 'Sample_Anything',
    qualifiers: [qualifier('Association', true)],
    properties: [
      cimProperty('Thing', 'ref', { qualifiers: [key()] }),
      cimProperty('Disk', 'ref', { referenceClass: 'Sample_Disk', qualifiers: [key()] }),
      cimProperty('Ghost', 'ref', { referenceClass: 'Sample_Missing' }),
    ],
  }),
]);

/** Each result as `__RELPATH` for instances, `class:Name` for classes; sorted. */
function results(query: string | WqlQuery, reader: WqlReader = rich): string[] {
  return [...runQuery(query, reader)]
    .map((o: CimObject) =>
      o.genus === 1 ? `class:${(o as CimClass).name}` : (o.systemProperties?.__RELPATH ?? '?'),
    )
    .sort();
}

/** `reader` with `getInstance` answering through `view`, one view per instance unless `fresh`. */
function viewing(
  reader: WqlReader,
  view: (i: CimInstance) => CimInstance,
  fresh = false,
): WqlReader {
  const views = new Map<CimInstance, CimInstance>();
  return {
    ...reader,
    getInstance(path) {
      if (typeof path !== 'string') throw new TypeError('an object path is a string');
      const found = reader.getInstance(path);
      if (found === undefined) return undefined;
      if (fresh) return view(found);
      const known = views.get(found) ?? view(found);
      views.set(found, known);
      return known;
    },
  };
}

const C = 'Sample_Disk.DeviceID="C:"';
const D = 'Sample_Disk.DeviceID="D:"';
const E = 'Sample_RemovableDisk.DeviceID="E:"';
const P4 = 'Sample_Process.Handle=4';
const SW = 'Sample_Switch.On=TRUE';

function fails(query: string | WqlQuery, hresult: number, says: RegExp, reader = rich): void {
  assert.throws(
    () => [...runQuery(query, reader)],
    (e: unknown) =>
      e instanceof WbemError &&
      hresultName(e.hresult) === hresultName(hresult) &&
      says.test(e.message),
  );
}

describe('ASSOCIATORS OF / REFERENCES OF: the object path', () => {
  it('takes an instance path whose key value is TRUE as an instance path, not a class name', () => {
    assert.deepEqual(results(`ASSOCIATORS OF {${SW}}`), [C]);
  });

  it('takes a class path behind a namespace', () => {
    assert.deepEqual(results('ASSOCIATORS OF {root\\sample:Sample_Process}', base), [
      'class:Sample_Disk',
    ]);
  });

  it('takes a class path behind a server and namespace', () => {
    assert.deepEqual(results('ASSOCIATORS OF {\\\\HOST\\root\\sample:Sample_Process}', base), [
      'class:Sample_Disk',
    ]);
  });

  it('takes a class path behind a server given as an IPv6 literal', () => {
    assert.deepEqual(results('REFERENCES OF {\\\\[::1]\\root\\sample:Sample_Process}', base), [
      'class:Sample_DiskProcess',
    ]);
  });

  it('names the missing class when a class path names no class', () => {
    fails('ASSOCIATORS OF {root\\sample:Nope}', WBEM_E_INVALID_CLASS, /no class Nope/);
  });

  it('names the path when an instance path names no instance', () => {
    fails(
      'ASSOCIATORS OF {Sample_Disk.DeviceID="Z:"}',
      WBEM_E_NOT_FOUND,
      /no instance \{Sample_Disk\.DeviceID="Z:"\}/,
    );
  });

  it('names the path when SchemaOnly is given an instance path', () => {
    fails(
      `REFERENCES OF {${P4}} WHERE SchemaOnly`,
      WBEM_E_INVALID_QUERY,
      /SchemaOnly needs a class path, not \{Sample_Process\.Handle=4\}/,
    );
  });

  it('fails with WBEM_E_INVALID_QUERY when a parsed query has both ClassDefsOnly and SchemaOnly', () => {
    const query: WqlQuery = {
      kind: 'associators',
      path: 'Sample_Disk',
      filter: { classDefsOnly: true, schemaOnly: true, keysOnly: false },
    };
    fails(query, WBEM_E_INVALID_QUERY, /ClassDefsOnly and SchemaOnly cannot be used together/);
  });
});

describe('ASSOCIATORS OF / REFERENCES OF over instances', () => {
  const cases: { desc: string; query: string; expect: string[] }[] = [
    {
      desc: 'only association classes link objects (a class with references is not one)',
      query: `ASSOCIATORS OF {${C}}`,
      expect: [P4, SW],
    },
    {
      desc: 'a link to an instance that does not exist leads nowhere',
      query: `ASSOCIATORS OF {${C}} WHERE ResultClass = Sample_Process`,
      expect: [P4],
    },
    {
      desc: 'a string property holding a path is not a role, nor an array of references',
      query: `ASSOCIATORS OF {${C}} WHERE AssocClass = Sample_DiskSwitch`,
      expect: [SW],
    },
    {
      desc: 'RequiredAssocQualifier is missing on every association',
      query: `ASSOCIATORS OF {${C}} WHERE RequiredAssocQualifier = Nope`,
      expect: [],
    },
    {
      desc: 'RequiredAssocQualifier is on the parent association but not on the subclass of the link',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=100} WHERE RequiredAssocQualifier = Locale',
      expect: [E],
    },
    {
      desc: 'the links of an association subclass are followed too',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=100}',
      expect: [D, E],
    },
    {
      desc: 'ClassDefsOnly returns each endpoint class, of two classes',
      query: `ASSOCIATORS OF {${C}} WHERE ClassDefsOnly`,
      expect: ['class:Sample_Process', 'class:Sample_Switch'],
    },
    {
      desc: 'REFERENCES OF with ClassDefsOnly returns each association class, of three classes',
      query: `REFERENCES OF {${C}} WHERE ClassDefsOnly`,
      expect: [
        'class:Sample_DiskProcess',
        'class:Sample_DiskSwitch',
        'class:Sample_SubDiskProcess',
      ],
    },
    {
      desc: 'REFERENCES OF with a ResultClass no association derives from',
      query: `REFERENCES OF {${P4}} WHERE ResultClass = Sample_Unrelated`,
      expect: [],
    },
    {
      desc: 'REFERENCES OF with a RequiredQualifier no association has',
      query: `REFERENCES OF {${P4}} WHERE RequiredQualifier = Nope`,
      expect: [],
    },
  ];
  for (const c of cases) {
    it(`returns ${c.expect.length} objects when ${c.desc}`, () => {
      assert.deepEqual(results(c.query), [...c.expect].sort());
    });
  }

  it('skips a class name the reader lists but no longer resolves', () => {
    const reader: WqlReader = {
      ...rich,
      subclassNames: (name) =>
        name === null ? ['Ghost', ...rich.subclassNames(null)] : rich.subclassNames(name),
    };
    assert.deepEqual(results(`ASSOCIATORS OF {${C}}`, reader), [P4, SW]);
  });

  it('finds no RequiredQualifier on an endpoint whose class the reader no longer resolves', () => {
    const reader: WqlReader = {
      ...rich,
      getClass: (name) =>
        name.toLowerCase() === 'sample_switch' ? undefined : rich.getClass(name),
    };
    assert.deepEqual(results(`ASSOCIATORS OF {${C}} WHERE RequiredQualifier = Nope`, reader), []);
  });

  it('follows no unset far reference (the reader is asked only for paths)', () => {
    const loose = sampleReader(
      [
        cimClass({
          name: 'Sample_Loose',
          qualifiers: [qualifier('Association', true)],
          properties: [
            cimProperty('Disk', 'ref', { referenceClass: 'Sample_Disk', qualifiers: [key()] }),
            cimProperty('Other', 'ref', { referenceClass: 'Sample_Process' }),
          ],
        }),
      ],
      [cimInstance('Sample_Loose', { Disk: C, Other: null })],
    );
    assert.deepEqual(
      results(
        `ASSOCIATORS OF {${C}}`,
        viewing(loose, (i) => i),
      ),
      [P4],
    );
  });

  it('returns an instance reached through two links once, when each read builds a new view', () => {
    const reader = viewing(rich, (i) => ({ ...i }), true);
    assert.deepEqual(results(`ASSOCIATORS OF {${C}}`, reader), [P4, SW]);
  });

  it('tells instances apart by object when they carry no system properties', () => {
    const reader = viewing(rich, ({ systemProperties: _, ...rest }) => rest);
    const found = [...runQuery(`ASSOCIATORS OF {${C}}`, reader)] as CimInstance[];
    assert.deepEqual(found.map((i) => i.className).sort(), ['Sample_Process', 'Sample_Switch']);
  });

  it('tells instances apart by object when their __RELPATH is null', () => {
    const reader = viewing(rich, (i) => ({
      ...i,
      systemProperties: { ...i.systemProperties, __RELPATH: null } as SystemProperties,
    }));
    const found = [...runQuery(`ASSOCIATORS OF {${C}}`, reader)] as CimInstance[];
    assert.deepEqual(found.map((i) => i.className).sort(), ['Sample_Process', 'Sample_Switch']);
  });
});

describe('ASSOCIATORS OF / REFERENCES OF over the schema', () => {
  const cases: { desc: string; query: string; reader: WqlReader; expect: string[] }[] = [
    {
      desc: 'RequiredQualifier is on the endpoint class',
      query: 'ASSOCIATORS OF {Sample_Process} WHERE RequiredQualifier = Description',
      reader: base,
      expect: ['class:Sample_Disk'],
    },
    {
      desc: 'ResultClass names a class no endpoint derives from',
      query: 'ASSOCIATORS OF {Sample_Disk} WHERE ResultClass = Sample_Unrelated',
      reader: base,
      expect: [],
    },
    {
      desc: 'ResultRole picks one of two far ends',
      query: 'ASSOCIATORS OF {Sample_Disk} WHERE ResultRole = Switch',
      reader: rich,
      expect: ['class:Sample_Switch'],
    },
    {
      desc: 'an array of references and a class with references that is no association are not followed',
      query: 'ASSOCIATORS OF {Sample_Disk}',
      reader: rich,
      expect: ['class:Sample_Process', 'class:Sample_Switch'],
    },
    {
      desc: 'an endpoint reached through two associations is listed once',
      query: 'ASSOCIATORS OF {Sample_Process} WHERE SchemaOnly',
      reader: rich,
      expect: ['class:Sample_Disk'],
    },
    {
      desc: 'an untyped reference takes any class; a reference to a missing class leads nowhere',
      query: 'ASSOCIATORS OF {Sample_Unrelated}',
      reader: untyped,
      expect: ['class:Sample_Disk'],
    },
    {
      desc: 'an untyped far end is not a class to return',
      query: 'ASSOCIATORS OF {Sample_Disk} WHERE ResultRole = Thing',
      reader: untyped,
      expect: [],
    },
    {
      desc: 'an association referring to the class through two roles is listed once',
      query: 'REFERENCES OF {Sample_Disk}',
      reader: untyped,
      expect: ['class:Sample_Anything', 'class:Sample_DiskProcess'],
    },
  ];
  for (const c of cases) {
    it(`returns ${c.expect.length} classes when ${c.desc}`, () => {
      assert.deepEqual(results(c.query, c.reader), [...c.expect].sort());
    });
  }
});
