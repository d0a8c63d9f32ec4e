import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { CimObject } from '../../src/model/cim-value.js';
import {
  hresultName,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_QUERY,
  WBEM_E_NOT_SUPPORTED,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { runQuery } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();

/** `__RELPATH`s of the results, sorted. */
function paths(query: string): string[] {
  return [...runQuery(query, reader)].map((o) => o.systemProperties?.__RELPATH ?? '?').sort();
}

function failsWith(query: string, hresult: number, options = {}): string {
  try {
    [...runQuery(query, reader, options)];
  } catch (thrown) {
    assert.ok(thrown instanceof WbemError);
    assert.equal(hresultName(thrown.hresult), hresultName(hresult));
    return thrown.message;
  }
  assert.fail(`${query} did not fail`);
}

const C = 'Sample_Disk.DeviceID="C:"';
const D = 'Sample_Disk.DeviceID="D:"';
const E = 'Sample_RemovableDisk.DeviceID="E:"';
const P4 = 'Sample_Process.Handle=4';
const P100 = 'Sample_Process.Handle=100';

describe('ExecQuery: data queries', () => {
  const cases: { desc: string; query: string; expect: string[] }[] = [
    {
      desc: 'SELECT * reads the class and its subclasses',
      query: 'SELECT * FROM Sample_Disk',
      expect: [C, D, E],
    },
    {
      desc: 'FROM names an abstract ancestor',
      query: 'SELECT * FROM CIM_LogicalElement',
      expect: [C, D, E, P100, P4],
    },
    {
      desc: 'string = compares case-insensitively',
      query: "SELECT * FROM Sample_Disk WHERE DeviceID = 'c:'",
      expect: [C],
    },
    {
      desc: '<> excludes one value',
      query: "SELECT * FROM Sample_Disk WHERE Name <> 'system'",
      expect: [D, E],
    },
    {
      desc: '!= is the same as <>',
      query: "SELECT * FROM Sample_Disk WHERE Name != 'SYSTEM'",
      expect: [D, E],
    },
    {
      desc: 'a uint64 (decimal text) is compared with a number',
      query: 'SELECT * FROM Sample_Disk WHERE Size > 100000000000',
      expect: [C, D],
    },
    {
      desc: 'a uint64 past 2^53 compares exactly',
      query: 'SELECT * FROM Sample_Disk WHERE Size = 18446744073709551615',
      expect: [D],
    },
    {
      desc: 'a uint64 past 2^53 differs from its neighbour',
      query: 'SELECT * FROM Sample_Disk WHERE Size < 18446744073709551614',
      expect: [C, E],
    },
    {
      desc: 'a number is compared with numeric text',
      query: "SELECT * FROM Sample_Process WHERE Priority >= '10'",
      expect: [P100],
    },
    {
      desc: 'a constant stands on the left',
      query: 'SELECT * FROM Sample_Process WHERE 10 > Priority',
      expect: [P4],
    },
    {
      desc: '<= and >= include the bound',
      query: 'SELECT * FROM Sample_Process WHERE Priority <= 8 OR Priority >= 13',
      expect: [P100, P4],
    },
    {
      desc: 'a boolean is compared with TRUE',
      query: 'SELECT * FROM Sample_Disk WHERE Removable = TRUE',
      expect: [E],
    },
    {
      desc: 'a default value is compared (FreeSpace defaults to 0)',
      query: 'SELECT * FROM Sample_Disk WHERE FreeSpace = 0',
      expect: [D, E],
    },
    {
      desc: 'LIKE uses % and _',
      query: "SELECT * FROM Sample_Process WHERE Name LIKE '%.ex_'",
      expect: [P100, P4],
    },
    {
      desc: 'LIKE is case-insensitive',
      query: "SELECT * FROM Sample_Process WHERE Name LIKE 'EXPLORER%'",
      expect: [P100],
    },
    {
      desc: 'LIKE uses a set and a negated range',
      query: "SELECT * FROM Sample_Disk WHERE DeviceID LIKE '[CE][^0-9]'",
      expect: [C, E],
    },
    {
      desc: 'LIKE matches a literal % in brackets',
      query: "SELECT * FROM Sample_Disk WHERE Name LIKE '%[_]1'",
      expect: [E],
    },
    {
      desc: 'NOT LIKE negates',
      query: "SELECT * FROM Sample_Disk WHERE Name NOT LIKE 'S%'",
      expect: [D],
    },
    {
      desc: 'IS NULL finds unset values',
      query: 'SELECT * FROM Sample_Process WHERE CommandLine IS NULL',
      expect: [P100],
    },
    {
      desc: 'IS NOT NULL finds set values',
      query: 'SELECT * FROM Sample_Disk WHERE Caption IS NOT NULL',
      expect: [C],
    },
    {
      desc: '= NULL is never true',
      query: 'SELECT * FROM Sample_Process WHERE CommandLine = NULL',
      expect: [],
    },
    {
      desc: '<> NULL is never true either',
      query: 'SELECT * FROM Sample_Process WHERE CommandLine <> NULL',
      expect: [],
    },
    {
      desc: 'a comparison with an unset value is false both ways',
      query: "SELECT * FROM Sample_Process WHERE CommandLine <> 'x' OR CommandLine = 'x'",
      expect: [P4],
    },
    {
      desc: 'NOT over a NULL comparison is true',
      query: "SELECT * FROM Sample_Process WHERE NOT CommandLine = 'x'",
      expect: [P100, P4],
    },
    {
      desc: 'AND binds tighter than OR',
      query:
        "SELECT * FROM Sample_Disk WHERE DeviceID = 'C:' OR DeviceID = 'D:' AND Removable = TRUE",
      expect: [C],
    },
    {
      desc: 'parentheses change the grouping',
      query:
        "SELECT * FROM Sample_Disk WHERE (DeviceID = 'C:' OR DeviceID = 'D:') AND Removable = FALSE",
      expect: [C, D],
    },
    {
      desc: '__CLASS selects one class exactly',
      query: "SELECT * FROM Sample_Disk WHERE __CLASS = 'Sample_RemovableDisk'",
      expect: [E],
    },
    {
      desc: '__THIS ISA selects a subtree',
      query: "SELECT * FROM CIM_LogicalElement WHERE __THIS ISA 'Sample_Disk'",
      expect: [C, D, E],
    },
    {
      desc: 'a datetime compares as text',
      query: "SELECT * FROM Sample_Process WHERE Started > '20250101000000.000000+000'",
      expect: [P4],
    },
    {
      desc: 'an array property never compares',
      query: "SELECT * FROM Sample_Disk WHERE Tags = 'boot'",
      expect: [],
    },
    {
      desc: 'a backslash in a string is escaped',
      query: "SELECT * FROM Sample_Process WHERE CommandLine LIKE 'C:\\\\Windows\\\\%'",
      expect: [P4],
    },
  ];
  for (const c of cases) {
    it(`returns ${c.expect.length} instances when ${c.desc}`, () => {
      assert.deepEqual(paths(c.query), [...c.expect].sort());
    });
  }

  it('keeps only the selected properties and the keys when the query lists properties', () => {
    const [disk] = [
      ...runQuery("SELECT Name, __CLASS FROM Sample_Disk WHERE DeviceID = 'C:'", reader),
    ] as CimInstance[];
    assert.deepEqual(
      [...(disk?.properties.values() ?? [])].map((p) => [p.name, p.value]),
      [
        ['Name', 'System'],
        ['DeviceID', 'C:'],
      ],
    );
    assert.equal(disk?.systemProperties?.__PROPERTY_COUNT, 2);
    assert.equal(disk?.systemProperties?.__RELPATH, C);
    assert.equal(disk?.systemProperties?.__PATH, `\\\\HOST\\root\\sample:${C}`);
  });

  it('returns the instances unchanged when the query selects *', () => {
    const [disk] = [
      ...runQuery("SELECT * FROM Sample_Disk WHERE DeviceID = 'C:'", reader),
    ] as CimInstance[];
    assert.equal(disk, reader.getInstance(C));
  });

  it('yields lazily when the caller takes results one slice at a time', () => {
    const results = runQuery('SELECT * FROM CIM_LogicalElement', reader);
    const first = results.next();
    assert.equal(first.done, false);
    assert.equal([...results].length, 4);
  });

  it('returns the class reduced to the selected properties and keys when WBEM_FLAG_PROTOTYPE is set', () => {
    const [proto] = [
      ...runQuery('SELECT Name FROM Sample_RemovableDisk', reader, { prototype: true }),
    ] as CimObject[];
    assert.equal(proto?.genus, 1);
    assert.deepEqual([...(proto?.properties.keys() ?? [])].sort(), ['deviceid', 'name']);
    assert.equal(proto?.systemProperties?.__PROPERTY_COUNT, 2);
  });

  it('returns the whole class when WBEM_FLAG_PROTOTYPE is set on SELECT *', () => {
    const [proto] = [...runQuery('SELECT * FROM Sample_Disk', reader, { prototype: true })];
    assert.equal(proto, reader.getClass('Sample_Disk'));
  });

  const errors: { desc: string; query: string; hresult: number; says: RegExp; options?: object }[] =
    [
      {
        desc: 'FROM names no class',
        query: 'SELECT * FROM Nope',
        hresult: WBEM_E_INVALID_CLASS,
        says: /Nope/,
      },
      {
        desc: 'the list names a property the class lacks',
        query: 'SELECT Media FROM Sample_Disk',
        hresult: WBEM_E_INVALID_QUERY,
        says: /Media/,
      },
      {
        desc: 'WHERE names a property the class lacks',
        query: 'SELECT * FROM Sample_Disk WHERE Bogus = 1',
        hresult: WBEM_E_INVALID_QUERY,
        says: /Bogus/,
      },
      {
        desc: 'a data query has WITHIN',
        query: 'SELECT * FROM Sample_Disk WITHIN 5',
        hresult: WBEM_E_INVALID_QUERY,
        says: /notification/,
      },
      {
        desc: 'a LIKE range is out of order',
        query: "SELECT * FROM Sample_Disk WHERE Name LIKE '[z-a]'",
        hresult: WBEM_E_INVALID_QUERY,
        says: /LIKE/,
      },
      {
        desc: 'WBEM_FLAG_PROTOTYPE is set on a schema query',
        query: 'SELECT * FROM meta_class',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /PROTOTYPE/,
        options: { prototype: true },
      },
    ];
  for (const c of errors) {
    it(`fails with ${hresultName(c.hresult)} when ${c.desc}`, () => {
      assert.match(failsWith(c.query, c.hresult, c.options), c.says);
    });
  }
});
