import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { parseWql } from '../../src/wql/index.js';

/** The first line of the error `parseWql(query)` throws: HRESULT name, message and column. */
function errorOf(query: unknown): string {
  try {
    parseWql(query as string);
  } catch (thrown) {
    assert.ok(thrown instanceof WbemError, `not a WbemError: ${String(thrown)}`);
    return thrown.message.split('\n')[0] as string;
  }
  assert.fail(`parsed: ${String(query)}`);
}

describe('parseWql: statement forms', () => {
  it('gives a bare SELECT only kind, properties and class (no WITHIN, WHERE or GROUP keys)', () => {
    assert.deepEqual(parseWql('SELECT * FROM A'), { kind: 'select', properties: null, from: 'A' });
  });

  it('reads keywords in any case', () => {
    assert.deepEqual(parseWql('sElEcT Name fRoM A wHeRe Name iS nOt NuLl'), {
      kind: 'select',
      properties: [{ kind: 'property', path: ['Name'] }],
      from: 'A',
      where: { kind: 'is-null', property: { kind: 'property', path: ['Name'] }, negated: true },
    });
  });

  it('reads GROUP WITHIN with two BY properties and no HAVING', () => {
    assert.deepEqual(parseWql('SELECT * FROM E WITHIN 2 GROUP WITHIN 10 BY A, B.C'), {
      kind: 'select',
      properties: null,
      from: 'E',
      within: 2,
      group: {
        within: 10,
        by: [
          { kind: 'property', path: ['A'] },
          { kind: 'property', path: ['B', 'C'] },
        ],
      },
    });
  });

  it('accepts HAVING with NumberOfEvents on either side of the comparison', () => {
    const q = parseWql('SELECT * FROM E GROUP WITHIN 5 HAVING 3 < numberofevents');
    assert.equal(q.kind === 'select' && q.group?.having?.kind, 'compare');
  });

  it('takes a quoted string as the value of an association keyword', () => {
    const q = parseWql('REFERENCES OF {A.Id=1} WHERE ResultClass = \'B\' Role = "Dependent"');
    assert.deepEqual(q, {
      kind: 'references',
      path: 'A.Id=1',
      filter: {
        resultClass: 'B',
        role: 'Dependent',
        classDefsOnly: false,
        schemaOnly: false,
        keysOnly: false,
      },
    });
  });

  it('reads association keywords in any case', () => {
    const q = parseWql('associators of {A} where resultclass = B classdefsonly');
    assert.deepEqual(q.kind === 'associators' && q.filter, {
      resultClass: 'B',
      classDefsOnly: true,
      schemaOnly: false,
      keysOnly: false,
    });
  });
});

describe('parseWql: error messages and columns', () => {
  it('quotes an empty line under the message when the query is not a string', () => {
    assert.throws(() => parseWql(null as unknown as string), {
      message: 'WBEM_E_INVALID_QUERY: the query is not a string at column 1\n  \n  ^',
    });
  });

  const cases: [string, unknown, string][] = [
    [
      'a query that is not a string',
      42,
      'WBEM_E_INVALID_QUERY: the query is not a string at column 1',
    ],
    [
      'a statement that is neither SELECT nor an association query',
      'SHOW A',
      "WBEM_E_INVALID_QUERY: expected SELECT, ASSOCIATORS OF or REFERENCES OF, found 'SHOW' at column 1",
    ],
    [
      'an INSERT',
      'INSERT INTO A',
      'WBEM_E_NOT_SUPPORTED: INSERT is not supported by WQL at column 1',
    ],
    [
      'a DELETE in lower case',
      'delete from A',
      'WBEM_E_NOT_SUPPORTED: DELETE is not supported by WQL at column 1',
    ],
    [
      'ORDER BY',
      'SELECT * FROM A ORDER BY N',
      'WBEM_E_NOT_SUPPORTED: ORDER BY is not supported by WQL at column 17',
    ],
    [
      'UNION',
      'SELECT * FROM A UNION SELECT * FROM B',
      'WBEM_E_NOT_SUPPORTED: UNION is not supported by WQL at column 17',
    ],
    [
      'LIMIT',
      'SELECT * FROM A LIMIT 5',
      'WBEM_E_NOT_SUPPORTED: LIMIT is not supported by WQL at column 17',
    ],
    [
      'JOIN',
      'SELECT * FROM A join B',
      'WBEM_E_NOT_SUPPORTED: JOIN is not supported by WQL at column 17',
    ],
    [
      'INNER JOIN',
      'SELECT * FROM A INNER JOIN B',
      'WBEM_E_NOT_SUPPORTED: JOIN is not supported by WQL at column 17',
    ],
    [
      'LEFT JOIN',
      'SELECT * FROM A LEFT JOIN B',
      'WBEM_E_NOT_SUPPORTED: JOIN is not supported by WQL at column 17',
    ],
    [
      'RIGHT JOIN',
      'SELECT * FROM A RIGHT JOIN B',
      'WBEM_E_NOT_SUPPORTED: JOIN is not supported by WQL at column 17',
    ],
    [
      'FULL JOIN',
      'SELECT * FROM A FULL JOIN B',
      'WBEM_E_NOT_SUPPORTED: JOIN is not supported by WQL at column 17',
    ],
    [
      'CROSS JOIN',
      'SELECT * FROM A CROSS JOIN B',
      'WBEM_E_NOT_SUPPORTED: JOIN is not supported by WQL at column 17',
    ],
    [
      'an alias of the class',
      'SELECT * FROM A AS B',
      'WBEM_E_NOT_SUPPORTED: an alias (AS) is not supported by WQL at column 17',
    ],
    [
      'an alias of a property',
      'SELECT Name AS N FROM A',
      'WBEM_E_NOT_SUPPORTED: an alias (AS) is not supported by WQL at column 13',
    ],
    [
      'GROUP BY without WITHIN',
      'SELECT * FROM A GROUP BY N',
      'WBEM_E_NOT_SUPPORTED: GROUP BY (without WITHIN) is not supported by WQL at column 17',
    ],
    [
      'a word before BY that is not GROUP',
      'SELECT * FROM A X BY N',
      "WBEM_E_INVALID_QUERY: unexpected 'X' at column 17",
    ],
    [
      'two classes in FROM',
      'SELECT * FROM A, B',
      'WBEM_E_NOT_SUPPORTED: more than one class in FROM (a join) is not supported by WQL at column 16',
    ],
    [
      'a stray parenthesis after the statement',
      'SELECT * FROM A )',
      "WBEM_E_INVALID_QUERY: unexpected ')' at column 17",
    ],
    [
      'a string after the statement, even one spelling a SQL word',
      "SELECT * FROM A 'ORDER'",
      'WBEM_E_INVALID_QUERY: unexpected string "ORDER" at column 17',
    ],
    [
      'a string comma after the statement',
      "SELECT * FROM A ','",
      'WBEM_E_INVALID_QUERY: unexpected string "," at column 17',
    ],
    [
      'SELECT DISTINCT',
      'SELECT DISTINCT N FROM A',
      'WBEM_E_NOT_SUPPORTED: SELECT DISTINCT is not supported by WQL at column 8',
    ],
    [
      'SELECT TOP',
      'SELECT TOP 5 * FROM A',
      'WBEM_E_NOT_SUPPORTED: SELECT TOP is not supported by WQL at column 8',
    ],
    [
      'SELECT ALL',
      'select all * from A',
      'WBEM_E_NOT_SUPPORTED: SELECT ALL is not supported by WQL at column 8',
    ],
    [
      'a function in the property list, named in upper case',
      'SELECT Name, count(*) FROM A',
      'WBEM_E_NOT_SUPPORTED: the function COUNT() in SELECT is not supported by WQL at column 14',
    ],
    [
      'a number followed by a parenthesis in the property list',
      'SELECT 5(x) FROM A',
      "WBEM_E_INVALID_QUERY: expected a property name, found '5' at column 8",
    ],
    [
      'a property followed by a quoted parenthesis',
      "SELECT a '(' FROM A",
      'WBEM_E_INVALID_QUERY: expected FROM, found string "(" at column 10',
    ],
    [
      'a quoted star',
      "SELECT '*' FROM A",
      'WBEM_E_INVALID_QUERY: expected a property name, found string "*" at column 8',
    ],
    [
      'a comma where a property should be',
      'SELECT , FROM A',
      "WBEM_E_INVALID_QUERY: expected a property name, found ',' at column 8",
    ],
    [
      'a quoted FROM',
      "SELECT * 'FROM' A",
      'WBEM_E_INVALID_QUERY: expected FROM, found string "FROM" at column 10',
    ],
    [
      'a number as the class',
      'SELECT * FROM 5',
      "WBEM_E_INVALID_QUERY: expected a class name after FROM, found '5' at column 15",
    ],
    [
      'a quoted class name',
      "SELECT * FROM 'A'",
      'WBEM_E_INVALID_QUERY: expected a class name after FROM, found string "A" at column 15',
    ],
    [
      'a property list in a schema query',
      'SELECT Name FROM Meta_Class',
      'WBEM_E_NOT_SUPPORTED: a property list in a schema query (only SELECT * FROM meta_class) is not supported by WQL at column 18',
    ],
    [
      'a quoted WITHIN interval',
      "SELECT * FROM E WITHIN '5'",
      'WBEM_E_INVALID_QUERY: expected a positive number of seconds, found string "5" at column 24',
    ],
    [
      'a negative GROUP WITHIN interval',
      'SELECT * FROM E GROUP WITHIN -1',
      "WBEM_E_INVALID_QUERY: expected a positive number of seconds, found '-1' at column 30",
    ],
    [
      'HAVING on an embedded property',
      'SELECT * FROM E GROUP WITHIN 5 HAVING TargetInstance.Name = 1',
      'WBEM_E_NOT_SUPPORTED: HAVING on TargetInstance.Name (only NumberOfEvents) is not supported by WQL at column 39',
    ],
    [
      'HAVING on two other properties (the first is named)',
      'SELECT * FROM E GROUP WITHIN 5 HAVING A = 1 OR NumberOfEvents > 1 OR B = 2',
      'WBEM_E_NOT_SUPPORTED: HAVING on A (only NumberOfEvents) is not supported by WQL at column 39',
    ],
    [
      'HAVING on another property on the right of the comparison',
      'SELECT * FROM E GROUP WITHIN 5 HAVING 1 = Name',
      'WBEM_E_NOT_SUPPORTED: HAVING on Name (only NumberOfEvents) is not supported by WQL at column 39',
    ],
  ];
  for (const [desc, query, expected] of cases) {
    it(`reports ${desc}`, () => {
      assert.equal(errorOf(query), expected);
    });
  }
});

describe('parseWql: association query errors', () => {
  const cases: [string, string, string][] = [
    [
      'a class name instead of a {path}',
      'ASSOCIATORS OF Foo',
      "WBEM_E_INVALID_QUERY: expected {object path}, found 'Foo' at column 16",
    ],
    [
      'an empty path',
      'REFERENCES OF {  }',
      'WBEM_E_INVALID_QUERY: the object path is empty at column 15',
    ],
    [
      'a number where an ASSOCIATORS OF keyword should be',
      'ASSOCIATORS OF {A} WHERE 5',
      "WBEM_E_INVALID_QUERY: expected an ASSOCIATORS OF keyword, found '5' at column 26",
    ],
    [
      'a number where a REFERENCES OF keyword should be',
      'REFERENCES OF {A} WHERE 5',
      "WBEM_E_INVALID_QUERY: expected a REFERENCES OF keyword, found '5' at column 25",
    ],
    [
      'keywords joined by AND',
      'ASSOCIATORS OF {A} WHERE ClassDefsOnly and KeysOnly',
      'WBEM_E_INVALID_QUERY: keywords of an association query are not joined by AND at column 40',
    ],
    [
      'a keyword given twice, in another case',
      'ASSOCIATORS OF {A} WHERE Role = X ROLE = Y',
      'WBEM_E_INVALID_QUERY: ROLE is given twice at column 35',
    ],
    [
      'a valued keyword without =',
      'ASSOCIATORS OF {A} WHERE Role X',
      "WBEM_E_INVALID_QUERY: expected = after Role, found 'X' at column 31",
    ],
    [
      'a valued keyword with <>',
      'ASSOCIATORS OF {A} WHERE Role <> X',
      "WBEM_E_INVALID_QUERY: expected = after Role, found '<>' at column 31",
    ],
    [
      'a valued keyword with a quoted =',
      "ASSOCIATORS OF {A} WHERE Role '=' X",
      'WBEM_E_INVALID_QUERY: expected = after Role, found string "=" at column 31',
    ],
    [
      'a number as the value of a keyword',
      'ASSOCIATORS OF {A} WHERE ResultClass = 5',
      "WBEM_E_INVALID_QUERY: expected a name after ResultClass =, found '5' at column 40",
    ],
    [
      'a keyword of another association query',
      'REFERENCES OF {A} WHERE ResultRole = X',
      'WBEM_E_INVALID_QUERY: ResultRole is not a keyword of REFERENCES OF at column 25',
    ],
    [
      'an unknown word in ASSOCIATORS OF',
      'ASSOCIATORS OF {A} WHERE Foo',
      'WBEM_E_INVALID_QUERY: Foo is not a keyword of ASSOCIATORS OF at column 26',
    ],
    [
      'ClassDefsOnly with SchemaOnly (at the path)',
      'ASSOCIATORS OF {A} WHERE SchemaOnly ClassDefsOnly',
      'WBEM_E_INVALID_QUERY: ClassDefsOnly and SchemaOnly cannot be used together at column 16',
    ],
    [
      'a second path after the first',
      'ASSOCIATORS OF {A}{B}',
      'WBEM_E_INVALID_QUERY: unexpected an object path at column 19',
    ],
  ];
  for (const [desc, query, expected] of cases) {
    it(`reports ${desc}`, () => {
      assert.equal(errorOf(query), expected);
    });
  }
});
