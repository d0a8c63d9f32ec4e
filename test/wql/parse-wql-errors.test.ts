import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hresultName,
  WBEM_E_INVALID_QUERY,
  WBEM_E_INVALID_QUERY_TYPE,
  WBEM_E_NOT_SUPPORTED,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { checkQueryLanguage, parseWql } from '../../src/wql/index.js';

/** Asserts that `run` throws a WbemError with `hresult`; returns its message. */
function rejects(run: () => unknown, hresult: number): string {
  try {
    run();
  } catch (thrown) {
    assert.ok(thrown instanceof WbemError, `not a WbemError: ${String(thrown)}`);
    assert.equal(hresultName(thrown.hresult), hresultName(hresult), thrown.message);
    return thrown.message;
  }
  assert.fail('did not throw');
}

describe('parseWql: errors', () => {
  const errors: { desc: string; query: string; hresult: number; column?: number; says?: RegExp }[] =
    [
      {
        desc: 'FROM is misspelt',
        query: 'SELECT * FORM Win32_Process',
        hresult: WBEM_E_INVALID_QUERY,
        column: 10,
      },
      { desc: 'the query is empty', query: '', hresult: WBEM_E_INVALID_QUERY, column: 1 },
      {
        desc: 'a string is unterminated',
        query: "SELECT * FROM A WHERE N = 'abc",
        hresult: WBEM_E_INVALID_QUERY,
        column: 27,
      },
      {
        desc: 'an operator has no right side',
        query: 'SELECT * FROM A WHERE N =',
        hresult: WBEM_E_INVALID_QUERY,
        column: 26,
      },
      {
        desc: 'a parenthesis is not closed',
        query: 'SELECT * FROM A WHERE (N = 1',
        hresult: WBEM_E_INVALID_QUERY,
        column: 29,
      },
      {
        desc: 'LIKE has no string pattern',
        query: 'SELECT * FROM A WHERE N LIKE 5',
        hresult: WBEM_E_INVALID_QUERY,
        column: 30,
      },
      {
        desc: 'ISA has a constant on its left',
        query: "SELECT * FROM A WHERE 'x' ISA 'B'",
        hresult: WBEM_E_INVALID_QUERY,
      },
      {
        desc: 'a character WQL does not use appears',
        query: 'SELECT * FROM A WHERE N = 1;',
        hresult: WBEM_E_INVALID_QUERY,
        column: 28,
      },
      {
        desc: 'WITHIN is zero',
        query: 'SELECT * FROM __InstanceCreationEvent WITHIN 0',
        hresult: WBEM_E_INVALID_QUERY,
        column: 46,
      },
      {
        desc: 'an association path is not closed',
        query: 'ASSOCIATORS OF {Foo.Id=1',
        hresult: WBEM_E_INVALID_QUERY,
        column: 16,
      },
      {
        desc: 'an association keyword is unknown',
        query: 'REFERENCES OF {Foo.Id=1} WHERE AssocClass = X',
        hresult: WBEM_E_INVALID_QUERY,
        column: 32,
      },
      {
        desc: 'association keywords are joined by AND',
        query: 'ASSOCIATORS OF {A=@} WHERE ClassDefsOnly AND KeysOnly',
        hresult: WBEM_E_INVALID_QUERY,
        column: 42,
      },
      {
        desc: 'ClassDefsOnly and SchemaOnly are combined',
        query: 'ASSOCIATORS OF {A} WHERE ClassDefsOnly SchemaOnly',
        hresult: WBEM_E_INVALID_QUERY,
        says: /together/,
      },
      {
        desc: 'a keyword is given twice',
        query: 'ASSOCIATORS OF {A} WHERE Role = X Role = Y',
        hresult: WBEM_E_INVALID_QUERY,
        column: 35,
      },
      {
        desc: 'the expression nests too deeply',
        query: `SELECT * FROM A WHERE ${'('.repeat(100)}N = 1${')'.repeat(100)}`,
        hresult: WBEM_E_INVALID_QUERY,
        says: /deeper/,
      },
      {
        desc: 'ORDER BY is used',
        query: 'SELECT * FROM A ORDER BY Name',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /ORDER BY/,
      },
      {
        desc: 'a JOIN is used',
        query: 'SELECT * FROM A JOIN B',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /JOIN/,
      },
      {
        desc: 'two classes are listed in FROM',
        query: 'SELECT * FROM A, B',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /join/,
      },
      {
        desc: 'COUNT(*) is selected',
        query: 'SELECT COUNT(*) FROM A',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /COUNT/,
      },
      {
        desc: 'a function is called in WHERE',
        query: "SELECT * FROM A WHERE UPPER(Name) = 'X'",
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /UPPER/,
      },
      {
        desc: 'DISTINCT is used',
        query: 'SELECT DISTINCT Name FROM A',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /DISTINCT/,
      },
      {
        desc: 'IN (...) is used',
        query: 'SELECT * FROM A WHERE N IN (1, 2)',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /IN/,
      },
      {
        desc: 'GROUP BY comes without WITHIN',
        query: 'SELECT * FROM A GROUP BY Name',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /GROUP BY/,
      },
      {
        desc: 'HAVING tests something else than NumberOfEvents',
        query: 'SELECT * FROM __InstanceCreationEvent GROUP WITHIN 5 HAVING Name = 1',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /NumberOfEvents/,
      },
      {
        desc: 'a schema query lists properties',
        query: 'SELECT Name FROM meta_class',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /meta_class/,
      },
      {
        desc: 'the statement is an UPDATE',
        query: 'UPDATE A SET N = 1',
        hresult: WBEM_E_NOT_SUPPORTED,
        says: /UPDATE/,
      },
    ];
  for (const c of errors) {
    it(`fails with ${hresultName(c.hresult)} when ${c.desc}`, () => {
      const message = rejects(() => parseWql(c.query), c.hresult);
      if (c.column !== undefined) assert.match(message, new RegExp(`at column ${c.column}\\n`));
      if (c.says !== undefined) assert.match(message, c.says);
    });
  }

  it('quotes the query with a caret under the column when it reports a syntax error', () => {
    const message = rejects(() => parseWql('SELECT * FORM Win32_Process'), WBEM_E_INVALID_QUERY);
    const lines = message.split('\n');
    assert.equal(lines[1], '  SELECT * FORM Win32_Process');
    assert.equal(lines[2], `  ${' '.repeat(9)}^`);
  });

  it('shows a window around the column when the query is long', () => {
    const query = `SELECT * FROM A WHERE ${'N = 1 AND '.repeat(40)}N = `;
    const message = rejects(() => parseWql(query), WBEM_E_INVALID_QUERY);
    const [, shown, caret] = message.split('\n') as [string, string, string];
    assert.ok(shown.length < 90);
    assert.equal(caret.indexOf('^'), shown.length);
  });

  it('fails with WBEM_E_INVALID_QUERY when the query is not a string', () => {
    rejects(() => parseWql(42 as unknown as string), WBEM_E_INVALID_QUERY);
  });
});

describe('checkQueryLanguage', () => {
  it('accepts WQL when spelt in any case', () => {
    checkQueryLanguage('WQL');
    checkQueryLanguage('wql');
  });
  for (const language of ['SQL', '', 'WQL ', null]) {
    it(`fails with WBEM_E_INVALID_QUERY_TYPE when the language is ${JSON.stringify(language)}`, () => {
      rejects(() => checkQueryLanguage(language), WBEM_E_INVALID_QUERY_TYPE);
    });
  }
});
