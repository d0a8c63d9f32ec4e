import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { CimObject } from '../../src/model/cim-value.js';
import {
  hresultName,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_QUERY,
  WBEM_E_NOT_FOUND,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { runQuery } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();

/** Each result as `__RELPATH` for instances, `class:Name` for classes; sorted. */
function results(query: string): string[] {
  return [...runQuery(query, reader)]
    .map((o: CimObject) =>
      o.genus === 1 ? `class:${(o as CimClass).name}` : (o.systemProperties?.__RELPATH ?? '?'),
    )
    .sort();
}

const C = 'Sample_Disk.DeviceID="C:"';
const D = 'Sample_Disk.DeviceID="D:"';
const E = 'Sample_RemovableDisk.DeviceID="E:"';
const P4 = 'Sample_Process.Handle=4';
const P100 = 'Sample_Process.Handle=100';
const L_C4 =
  'Sample_DiskProcess.Disk="Sample_Disk.DeviceID=\\"C:\\"",Process="Sample_Process.Handle=4"';
const L_D4 =
  'Sample_DiskProcess.Disk="\\\\\\\\HOST\\\\root\\\\cimv2:Sample_Disk.DeviceID=\\"d:\\"",Process="Sample_Process=4"';
const L_E100 =
  'Sample_DiskProcess.Disk="Sample_RemovableDisk.DeviceID=\\"E:\\"",Process="Sample_Process.Handle=100"';

describe('ExecQuery: ASSOCIATORS OF and REFERENCES OF', () => {
  const cases: { desc: string; query: string; expect: string[] }[] = [
    {
      desc: 'an instance is followed through key values (any key spelling, server prefix, bare key)',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=4}',
      expect: [C, D],
    },
    {
      desc: 'the path quotes its key value in single quotes, as WMI takes it',
      query: "ASSOCIATORS OF {Sample_Disk.DeviceID='C:'}",
      expect: [P4],
    },
    {
      desc: 'the path gives its keys in another case',
      query: 'ASSOCIATORS OF {sample_disk.deviceid="c:"}',
      expect: [P4],
    },
    {
      desc: 'the endpoint is of a subclass',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=100}',
      expect: [E],
    },
    {
      desc: 'the path names the subclass instance',
      query: 'ASSOCIATORS OF {Sample_RemovableDisk.DeviceID="E:"}',
      expect: [P100],
    },
    {
      desc: 'ResultClass excludes other classes',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=4} WHERE ResultClass = Sample_Process',
      expect: [],
    },
    {
      desc: 'ResultClass names an ancestor of the endpoint',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=100} WHERE ResultClass = CIM_LogicalElement',
      expect: [E],
    },
    {
      desc: 'Role names the property pointing at the source',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=4} WHERE Role = Process',
      expect: [C, D],
    },
    {
      desc: 'Role names another property',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=4} WHERE Role = Disk',
      expect: [],
    },
    {
      desc: 'ResultRole names the far property',
      query: 'ASSOCIATORS OF {Sample_Disk.DeviceID="C:"} WHERE ResultRole = Process',
      expect: [P4],
    },
    {
      desc: 'ResultRole names the near property',
      query: 'ASSOCIATORS OF {Sample_Disk.DeviceID="C:"} WHERE ResultRole = Disk',
      expect: [],
    },
    {
      desc: 'AssocClass names the association',
      query: 'ASSOCIATORS OF {Sample_Disk.DeviceID="C:"} WHERE AssocClass = Sample_DiskProcess',
      expect: [P4],
    },
    {
      desc: 'AssocClass names another class',
      query: 'ASSOCIATORS OF {Sample_Disk.DeviceID="C:"} WHERE AssocClass = Sample_Unrelated',
      expect: [],
    },
    {
      desc: 'RequiredAssocQualifier is on the association',
      query: 'ASSOCIATORS OF {Sample_Disk.DeviceID="C:"} WHERE RequiredAssocQualifier = Locale',
      expect: [P4],
    },
    {
      desc: 'RequiredQualifier is missing on the endpoint',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=4} WHERE RequiredQualifier = Locale',
      expect: [],
    },
    {
      desc: 'RequiredQualifier is on the endpoint class',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=4} WHERE RequiredQualifier = Description',
      expect: [C, D],
    },
    {
      desc: 'ClassDefsOnly returns each endpoint class once',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=4} WHERE ClassDefsOnly',
      expect: ['class:Sample_Disk'],
    },
    {
      desc: 'an instance has no associations',
      query: 'ASSOCIATORS OF {Sample_Unrelated.Id=7}',
      expect: [],
    },
    {
      desc: 'REFERENCES OF lists the association instances',
      query: 'REFERENCES OF {Sample_Process.Handle=4}',
      expect: [L_C4, L_D4],
    },
    {
      desc: 'REFERENCES OF with Role',
      query: 'REFERENCES OF {Sample_Disk.DeviceID="E:"} WHERE Role = Disk',
      expect: [L_E100],
    },
    {
      desc: 'REFERENCES OF with ResultClass naming the association',
      query: 'REFERENCES OF {Sample_Disk.DeviceID="E:"} WHERE ResultClass = Sample_DiskProcess',
      expect: [L_E100],
    },
    {
      desc: 'REFERENCES OF with RequiredQualifier on the association',
      query: 'REFERENCES OF {Sample_Process.Handle=100} WHERE RequiredQualifier = Association',
      expect: [L_E100],
    },
    {
      desc: 'REFERENCES OF with ClassDefsOnly',
      query: 'REFERENCES OF {Sample_Process.Handle=4} WHERE ClassDefsOnly',
      expect: ['class:Sample_DiskProcess'],
    },
    {
      desc: 'a class path follows the schema (associators)',
      query: 'ASSOCIATORS OF {Sample_Disk}',
      expect: ['class:Sample_Process'],
    },
    {
      desc: 'a subclass path follows its ancestors\u2019 references',
      query: 'ASSOCIATORS OF {Sample_RemovableDisk} WHERE SchemaOnly',
      expect: ['class:Sample_Process'],
    },
    {
      desc: 'a class path follows the schema (references)',
      query: 'REFERENCES OF {Sample_Process} WHERE SchemaOnly',
      expect: ['class:Sample_DiskProcess'],
    },
    {
      desc: 'a class path with ResultClass',
      query: 'ASSOCIATORS OF {Sample_Process} WHERE ResultClass = CIM_ManagedElement',
      expect: ['class:Sample_Disk'],
    },
    {
      desc: 'a class path with a Role that does not fit',
      query: 'ASSOCIATORS OF {Sample_Process} WHERE Role = Disk',
      expect: [],
    },
    {
      desc: 'a class outside every association',
      query: 'REFERENCES OF {Sample_Unrelated}',
      expect: [],
    },
  ];
  for (const c of cases) {
    it(`returns ${c.expect.length} objects when ${c.desc}`, () => {
      assert.deepEqual(results(c.query), [...c.expect].sort());
    });
  }

  it('keeps only the keys when KeysOnly is given', () => {
    const [disk] = [
      ...runQuery('ASSOCIATORS OF {Sample_Process.Handle=100} WHERE KeysOnly', reader),
    ] as CimInstance[];
    assert.deepEqual([...(disk?.properties.keys() ?? [])], ['deviceid']);
    assert.equal(disk?.systemProperties?.__RELPATH, E);
  });

  it('returns the ResultClass when WBEM_FLAG_PROTOTYPE is set', () => {
    const [proto] = [
      ...runQuery(
        'ASSOCIATORS OF {Sample_Process.Handle=4} WHERE ResultClass = Sample_Disk',
        reader,
        {
          prototype: true,
        },
      ),
    ];
    assert.equal(proto, reader.getClass('Sample_Disk'));
  });

  it('fails with WBEM_E_NOT_SUPPORTED when WBEM_FLAG_PROTOTYPE is set without ResultClass', () => {
    assert.throws(
      () => [...runQuery('REFERENCES OF {Sample_Process.Handle=4}', reader, { prototype: true })],
      (e: unknown) => e instanceof WbemError && hresultName(e.hresult) === 'WBEM_E_NOT_SUPPORTED',
    );
  });

  const errors: { desc: string; query: string; hresult: number }[] = [
    {
      desc: 'the instance does not exist',
      query: 'ASSOCIATORS OF {Sample_Disk.DeviceID="Z:"}',
      hresult: WBEM_E_NOT_FOUND,
    },
    {
      desc: 'the class path names no class',
      query: 'REFERENCES OF {Nope}',
      hresult: WBEM_E_INVALID_CLASS,
    },
    {
      desc: 'SchemaOnly is given an instance path',
      query: 'ASSOCIATORS OF {Sample_Process.Handle=4} WHERE SchemaOnly',
      hresult: WBEM_E_INVALID_QUERY,
    },
    {
      desc: 'the path is malformed',
      query: 'ASSOCIATORS OF {Sample_Disk.DeviceID=}',
      hresult: WBEM_E_NOT_FOUND,
    },
  ];
  for (const c of errors) {
    it(`fails with ${hresultName(c.hresult)} when ${c.desc}`, () => {
      assert.throws(
        () => [...runQuery(c.query, reader)],
        (e: unknown) => e instanceof WbemError && hresultName(e.hresult) === hresultName(c.hresult),
      );
    });
  }
});
