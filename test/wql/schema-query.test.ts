import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import { hresultName, WBEM_E_INVALID_CLASS } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { runQuery } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();

function names(query: string): string[] {
  return [...runQuery(query, reader)].map((c) => (c as CimClass).name).sort();
}

describe('ExecQuery: schema queries', () => {
  const cases: { desc: string; query: string; expect: string[] }[] = [
    {
      desc: '__THIS ISA names a class (itself and every descendant)',
      query: "SELECT * FROM meta_class WHERE __THIS ISA 'CIM_LogicalElement'",
      expect: ['CIM_LogicalElement', 'Sample_Disk', 'Sample_Process', 'Sample_RemovableDisk'],
    },
    {
      desc: '__CLASS names one class (in any case)',
      query: "SELECT * FROM meta_class WHERE __CLASS = 'sample_disk'",
      expect: ['Sample_Disk'],
    },
    {
      desc: '__SUPERCLASS names the parent (direct subclasses only)',
      query: "SELECT * FROM meta_class WHERE __SUPERCLASS = 'CIM_ManagedElement'",
      expect: ['CIM_LogicalElement'],
    },
    {
      desc: '__DYNASTY names a base class',
      query: "SELECT * FROM meta_class WHERE __DYNASTY = 'CIM_ManagedElement'",
      expect: [
        'CIM_LogicalElement',
        'CIM_ManagedElement',
        'Sample_Disk',
        'Sample_Process',
        'Sample_RemovableDisk',
      ],
    },
    {
      desc: '__DYNASTY names a class that is not a base class',
      query: "SELECT * FROM meta_class WHERE __DYNASTY = 'Sample_Disk'",
      expect: [],
    },
    {
      desc: 'there is no WHERE clause',
      query: 'SELECT * FROM meta_class',
      expect: [
        'CIM_LogicalElement',
        'CIM_ManagedElement',
        'Sample_Disk',
        'Sample_DiskProcess',
        'Sample_Process',
        'Sample_RemovableDisk',
        'Sample_Unrelated',
      ],
    },
    {
      desc: 'ISA is combined with LIKE on __CLASS',
      query:
        "SELECT * FROM meta_class WHERE __THIS ISA 'CIM_ManagedElement' AND __CLASS LIKE 'Sample%'",
      expect: ['Sample_Disk', 'Sample_Process', 'Sample_RemovableDisk'],
    },
    {
      desc: 'ISA is negated',
      query: "SELECT * FROM meta_class WHERE NOT __THIS ISA 'CIM_ManagedElement'",
      expect: ['Sample_DiskProcess', 'Sample_Unrelated'],
    },
    {
      desc: 'conditions are ORed (no narrowing)',
      query:
        "SELECT * FROM meta_class WHERE __CLASS = 'Sample_Unrelated' OR __SUPERCLASS = 'Sample_Disk'",
      expect: ['Sample_RemovableDisk', 'Sample_Unrelated'],
    },
    {
      desc: '__CLASS names no class',
      query: "SELECT * FROM meta_class WHERE __CLASS = 'Nope'",
      expect: [],
    },
  ];
  for (const c of cases) {
    it(`returns ${c.expect.length} classes when ${c.desc}`, () => {
      assert.deepEqual(names(c.query), c.expect);
    });
  }

  it('returns classes with their system properties and parents first when walking a subtree', () => {
    const list = [
      ...runQuery("SELECT * FROM meta_class WHERE __THIS ISA 'Sample_Disk'", reader),
    ] as CimClass[];
    assert.deepEqual(
      list.map((c) => c.name),
      ['Sample_Disk', 'Sample_RemovableDisk'],
    );
    assert.deepEqual(list[1]?.systemProperties?.__DERIVATION, [
      'Sample_Disk',
      'CIM_LogicalElement',
      'CIM_ManagedElement',
    ]);
  });

  it('fails with WBEM_E_INVALID_CLASS when __THIS ISA names no class', () => {
    assert.throws(
      () => [...runQuery("SELECT * FROM meta_class WHERE __THIS ISA 'Nope'", reader)],
      (e: unknown) =>
        e instanceof WbemError &&
        hresultName(e.hresult) === 'WBEM_E_INVALID_CLASS' &&
        /Nope/.test(e.message),
    );
    assert.equal(WBEM_E_INVALID_CLASS, 0x80041010);
  });
});
