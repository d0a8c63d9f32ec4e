import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import { hresultName } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { parseWql, runQuery, type WqlReader, type WqlSelect } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const ALL = [
  'CIM_LogicalElement',
  'CIM_ManagedElement',
  'Sample_Disk',
  'Sample_DiskProcess',
  'Sample_Process',
  'Sample_RemovableDisk',
  'Sample_Unrelated',
];

/** The sample reader, recording the classes asked for and the subclass lists walked. */
function spy(base: WqlReader = sampleReader()) {
  const classes: string[] = [];
  const walked: (string | null)[] = [];
  const reader: WqlReader = {
    ...base,
    getClass(name) {
      classes.push(name);
      return base.getClass(name);
    },
    subclassNames(name) {
      walked.push(name);
      return base.subclassNames(name);
    },
  };
  return { reader, classes, walked };
}

function names(query: string, reader: WqlReader = sampleReader()): string[] {
  return [...runQuery(query, reader)].map((c) => (c as CimClass).name).sort();
}

describe('ExecQuery: schema queries, results', () => {
  const cases: { desc: string; where: string; expect: string[] }[] = [
    {
      desc: '__SUPERCLASS names a class that is not a base class',
      where: "__SUPERCLASS = 'CIM_LogicalElement'",
      expect: ['Sample_Disk', 'Sample_Process'],
    },
    {
      desc: '__CLASS <> names one class (all others)',
      where: "__CLASS <> 'Sample_Disk'",
      expect: ALL.filter((n) => n !== 'Sample_Disk'),
    },
    {
      desc: 'a system property other than the pinning ones is compared',
      where: "__RELPATH = 'Sample_Disk'",
      expect: ['Sample_Disk'],
    },
    { desc: '__CLASS is compared with a number', where: '__CLASS = 5', expect: [] },
    { desc: 'two equal constants are compared', where: "'x' = 'X'", expect: ALL },
    { desc: 'two different constants are compared', where: "'x' = 'y'", expect: [] },
  ];
  for (const c of cases) {
    it(`returns ${c.expect.length} classes when ${c.desc}`, () => {
      assert.deepEqual(names(`SELECT * FROM meta_class WHERE ${c.where}`), c.expect);
    });
  }

  it('lists every class depth first, parents first, siblings and base classes in the reader order', () => {
    const order = [...runQuery('SELECT * FROM meta_class', sampleReader())].map(
      (c) => (c as CimClass).name,
    );
    assert.deepEqual(order, [
      'CIM_ManagedElement',
      'CIM_LogicalElement',
      'Sample_Disk',
      'Sample_RemovableDisk',
      'Sample_Process',
      'Sample_DiskProcess',
      'Sample_Unrelated',
    ]);
  });

  it('skips a class name the reader lists but no longer resolves', () => {
    const base = sampleReader();
    const reader: WqlReader = {
      ...base,
      subclassNames: (name) =>
        name === null ? ['Ghost', ...base.subclassNames(null)] : base.subclassNames(name),
    };
    assert.deepEqual(names('SELECT * FROM meta_class', reader), ALL);
  });

  it('fails with WBEM_E_INVALID_CLASS when __THIS ISA names no class, beside another condition', () => {
    assert.throws(
      () => [
        ...runQuery(
          "SELECT * FROM meta_class WHERE __GENUS = 1 AND __THIS ISA 'Nope'",
          sampleReader(),
        ),
      ],
      (e: unknown) => e instanceof WbemError && hresultName(e.hresult) === 'WBEM_E_INVALID_CLASS',
    );
  });

  it('fails with WBEM_E_NOT_SUPPORTED when a parsed schema query carries a property list', () => {
    const parsed = parseWql('SELECT * FROM meta_class') as WqlSelect;
    const query: WqlSelect = { ...parsed, properties: [{ kind: 'property', path: ['__CLASS'] }] };
    assert.throws(
      () => [...runQuery(query, sampleReader())],
      (e: unknown) =>
        e instanceof WbemError &&
        hresultName(e.hresult) === 'WBEM_E_NOT_SUPPORTED' &&
        /only SELECT \* FROM meta_class/.test(e.message),
    );
  });
});

describe('ExecQuery: schema queries read only the classes a pinning condition names', () => {
  const cases: { desc: string; where: string; expect: string[]; walked: (string | null)[] }[] = [
    {
      desc: "__CLASS = 'X' reads X alone",
      where: "__CLASS = 'Sample_Disk'",
      expect: ['Sample_Disk'],
      walked: [],
    },
    {
      desc: "'X' = __CLASS (constant first) reads X alone",
      where: "'Sample_Disk' = __CLASS",
      expect: ['Sample_Disk'],
      walked: [],
    },
    {
      desc: '__CLASS pins the left side of AND',
      where: "__CLASS = 'Sample_Disk' AND Caption IS NULL",
      expect: ['Sample_Disk'],
      walked: [],
    },
    {
      desc: '__CLASS pins the right side of AND',
      where: "__GENUS = 1 AND __CLASS = 'Sample_Disk'",
      expect: ['Sample_Disk'],
      walked: [],
    },
    {
      desc: "__SUPERCLASS = 'X' lists X's subclasses",
      where: "__SUPERCLASS = 'CIM_ManagedElement'",
      expect: ['CIM_LogicalElement'],
      walked: ['CIM_ManagedElement'],
    },
    {
      desc: "__DYNASTY = 'X' walks X's tree",
      where: "__DYNASTY = 'Sample_Unrelated'",
      expect: ['Sample_Unrelated'],
      walked: ['Sample_Unrelated'],
    },
    {
      desc: "__DYNASTY = 'X' for a class X that is not a base class walks nothing",
      where: "__DYNASTY = 'Sample_Disk'",
      expect: [],
      walked: [],
    },
  ];
  for (const c of cases) {
    it(`when ${c.desc}`, () => {
      const s = spy();
      assert.deepEqual(names(`SELECT * FROM meta_class WHERE ${c.where}`, s.reader), c.expect);
      assert.deepEqual(s.walked, c.walked);
    });
  }

  it("reads no other class for __CLASS = 'X'", () => {
    const s = spy();
    names("SELECT * FROM meta_class WHERE __CLASS = 'sample_disk'", s.reader);
    assert.deepEqual(
      s.classes.map((n) => n.toLowerCase()).filter((n) => n !== 'sample_disk'),
      [],
    );
  });
});
