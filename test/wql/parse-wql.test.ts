import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatWql, parseWql, type WqlQuery } from '../../src/wql/index.js';

describe('parseWql', () => {
  // Queries in the shapes of Microsoft's "WQL (SQL for WMI)" reference pages, one per keyword.
  const valid: { desc: string; query: string; canonical: string }[] = [
    {
      desc: 'SELECT *',
      query: 'SELECT * FROM Win32_LogicalDisk',
      canonical: 'SELECT * FROM Win32_LogicalDisk',
    },
    {
      desc: 'a property list',
      query: 'select Name,  FreeSpace from Win32_LogicalDisk',
      canonical: 'SELECT Name, FreeSpace FROM Win32_LogicalDisk',
    },
    {
      desc: '= with a string in single quotes',
      query: "SELECT * FROM Win32_LogicalDisk WHERE Name = 'C:'",
      canonical: "SELECT * FROM Win32_LogicalDisk WHERE Name = 'C:'",
    },
    {
      desc: 'a string in double quotes with an escaped backslash',
      query: 'SELECT * FROM Win32_Directory WHERE Name = "C:\\\\Windows"',
      canonical: "SELECT * FROM Win32_Directory WHERE Name = 'C:\\\\Windows'",
    },
    {
      desc: '<> and != and the ordering operators',
      query:
        'SELECT * FROM Win32_Process WHERE Priority <> 8 AND Handle != 0 AND A < 1 AND B > 2 AND C <= 3 AND D >= 4.5',
      canonical:
        'SELECT * FROM Win32_Process WHERE Priority <> 8 AND Handle != 0 AND A < 1 AND B > 2 AND C <= 3 AND D >= 4.5',
    },
    {
      desc: 'LIKE with every wildcard',
      query: "SELECT * FROM Win32_Service WHERE Name LIKE '[^a-f]_%[xyz]'",
      canonical: "SELECT * FROM Win32_Service WHERE Name LIKE '[^a-f]_%[xyz]'",
    },
    {
      desc: 'NOT LIKE as NOT over LIKE',
      query: "SELECT * FROM Win32_Service WHERE Name NOT LIKE 'W%'",
      canonical: "SELECT * FROM Win32_Service WHERE NOT Name LIKE 'W%'",
    },
    {
      desc: 'IS NULL and IS NOT NULL',
      query: 'SELECT * FROM Win32_Process WHERE CommandLine IS NULL OR ExecutablePath is not null',
      canonical:
        'SELECT * FROM Win32_Process WHERE CommandLine IS NULL OR ExecutablePath IS NOT NULL',
    },
    {
      desc: 'booleans, NULL and negative numbers',
      query:
        'SELECT * FROM Win32_NetworkAdapter WHERE NetEnabled = true AND Speed <> NULL AND Offset > -12',
      canonical:
        'SELECT * FROM Win32_NetworkAdapter WHERE NetEnabled = TRUE AND Speed <> NULL AND Offset > -12',
    },
    {
      desc: 'precedence: AND binds tighter than OR; parentheses kept where needed',
      query: 'SELECT * FROM A WHERE (X = 1 OR Y = 2) AND NOT (Z = 3 AND W = 4)',
      canonical: 'SELECT * FROM A WHERE (X = 1 OR Y = 2) AND NOT (Z = 3 AND W = 4)',
    },
    {
      desc: 'a schema query with __THIS ISA',
      query: "SELECT * FROM meta_class WHERE __this ISA 'CIM_ManagedElement'",
      canonical: "SELECT * FROM meta_class WHERE __this ISA 'CIM_ManagedElement'",
    },
    {
      desc: 'schema queries on __CLASS, __SUPERCLASS, __DYNASTY',
      query:
        "SELECT * FROM meta_class WHERE __CLASS = 'A' OR __SUPERCLASS = 'B' OR __DYNASTY = 'C'",
      canonical:
        "SELECT * FROM meta_class WHERE __CLASS = 'A' OR __SUPERCLASS = 'B' OR __DYNASTY = 'C'",
    },
    {
      desc: 'ASSOCIATORS OF with every keyword',
      query:
        'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE AssocClass = Win32_LogicalDiskToPartition ResultClass = Win32_DiskPartition ResultRole = Antecedent Role = Dependent RequiredQualifier = Locale RequiredAssocQualifier = Association ClassDefsOnly KeysOnly',
      canonical:
        'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE AssocClass = Win32_LogicalDiskToPartition ResultClass = Win32_DiskPartition ResultRole = Antecedent Role = Dependent RequiredQualifier = Locale RequiredAssocQualifier = Association ClassDefsOnly KeysOnly',
    },
    {
      desc: 'REFERENCES OF a class path with SchemaOnly; a } inside a quoted key',
      query:
        'references of {Win32_Share.Name="a}b"} where ResultClass = Win32_ShareToDirectory Role = Share SchemaOnly',
      canonical:
        'REFERENCES OF {Win32_Share.Name="a}b"} WHERE ResultClass = Win32_ShareToDirectory Role = Share SchemaOnly',
    },
    {
      desc: 'a notification query with WITHIN and an embedded property',
      query:
        "SELECT * FROM __InstanceModificationEvent WITHIN 5 WHERE TargetInstance ISA 'Win32_Service' AND TargetInstance.State <> PreviousInstance.State",
      canonical:
        "SELECT * FROM __InstanceModificationEvent WITHIN 5 WHERE TargetInstance ISA 'Win32_Service' AND TargetInstance.State <> PreviousInstance.State",
    },
    {
      desc: 'GROUP WITHIN with BY and HAVING',
      query:
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Win32_NTLogEvent' GROUP WITHIN 600 BY TargetInstance.SourceName HAVING NumberOfEvents > 25",
      canonical:
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Win32_NTLogEvent' GROUP WITHIN 600 BY TargetInstance.SourceName HAVING NumberOfEvents > 25",
    },
    {
      desc: 'a fractional WITHIN and a hexadecimal constant',
      query: 'SELECT * FROM __ClassOperationEvent WITHIN 0.5 WHERE Flags = 0x1F',
      canonical: 'SELECT * FROM __ClassOperationEvent WITHIN 0.5 WHERE Flags = 0x1F',
    },
  ];
  for (const c of valid) {
    it(`parses and prints canonically when the query has ${c.desc}`, () => {
      const parsed = parseWql(c.query);
      assert.equal(formatWql(parsed), c.canonical);
      assert.deepEqual(parseWql(formatWql(parsed)), parsed);
    });
  }

  it('reads each operand kind when the WHERE clause mixes them', () => {
    const q = parseWql(
      "SELECT a.b.c FROM X WHERE 5 < N AND S = 'it\\'s' AND B = FALSE AND U = 18446744073709551615",
    ) as Extract<WqlQuery, { kind: 'select' }>;
    assert.deepEqual(q.properties, [{ kind: 'property', path: ['a', 'b', 'c'] }]);
    const text = JSON.stringify(q.where);
    assert.match(text, /"kind":"number","value":5,"text":"5"/);
    assert.match(text, /"value":"it's"/);
    assert.match(text, /"kind":"boolean","value":false/);
    assert.match(text, /"text":"18446744073709551615"/);
  });

  it('keeps every association keyword when ASSOCIATORS OF has no WHERE', () => {
    assert.deepEqual(parseWql('ASSOCIATORS OF {Foo.Id=1}'), {
      kind: 'associators',
      path: 'Foo.Id=1',
      filter: { classDefsOnly: false, schemaOnly: false, keysOnly: false },
    });
  });
});
