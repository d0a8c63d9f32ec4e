import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WbemError } from '../../src/wbem/wbem-error.js';
import type { WqlExpression, WqlPropertyRef } from '../../src/wql/ast.js';
import { forEachProperty } from '../../src/wql/expression-properties.js';
import { parseWql } from '../../src/wql/index.js';

/** The WHERE expression of `SELECT * FROM A WHERE <where>`. */
function where(text: string): WqlExpression | undefined {
  const q = parseWql(`SELECT * FROM A WHERE ${text}`);
  assert.equal(q.kind, 'select');
  return q.kind === 'select' ? q.where : undefined;
}

/** The first line of the error for `SELECT * FROM A WHERE <text>`. */
function errorOf(text: string): string {
  try {
    parseWql(`SELECT * FROM A WHERE ${text}`);
  } catch (thrown) {
    assert.ok(thrown instanceof WbemError, `not a WbemError: ${String(thrown)}`);
    return thrown.message.split('\n')[0] as string;
  }
  assert.fail(`parsed: ${text}`);
}

const prop = (...path: string[]): WqlPropertyRef => ({ kind: 'property', path });
const eq = (name: string, value: number): WqlExpression => ({
  kind: 'compare',
  op: '=',
  left: prop(name),
  right: { kind: 'number', value, text: String(value) },
});

describe('parseWql: WHERE precedence', () => {
  it('binds AND tighter than OR', () => {
    assert.deepEqual(where('A = 1 OR B = 2 AND C = 3'), {
      kind: 'or',
      left: eq('A', 1),
      right: { kind: 'and', left: eq('B', 2), right: eq('C', 3) },
    });
  });

  it('binds NOT tighter than AND', () => {
    assert.deepEqual(where('NOT A = 1 AND B = 2'), {
      kind: 'and',
      left: { kind: 'not', operand: eq('A', 1) },
      right: eq('B', 2),
    });
  });

  it('groups AND and OR chains from the left', () => {
    assert.deepEqual(where('A = 1 or B = 2 or C = 3'), {
      kind: 'or',
      left: { kind: 'or', left: eq('A', 1), right: eq('B', 2) },
      right: eq('C', 3),
    });
  });

  it('lets parentheses override precedence', () => {
    assert.deepEqual(where('(A = 1 OR B = 2) AND NOT NOT C = 3'), {
      kind: 'and',
      left: { kind: 'or', left: eq('A', 1), right: eq('B', 2) },
      right: { kind: 'not', operand: { kind: 'not', operand: eq('C', 3) } },
    });
  });
});

describe('parseWql: WHERE tests and constants', () => {
  it('reads NOT LIKE as NOT over LIKE', () => {
    assert.deepEqual(where("Name not like 'a%'"), {
      kind: 'not',
      operand: { kind: 'like', property: prop('Name'), pattern: 'a%' },
    });
  });

  it('takes an ISA class as a quoted string or a bare name', () => {
    const isa = { kind: 'isa', property: prop('TargetInstance'), className: 'Win32_Service' };
    assert.deepEqual(where("TargetInstance ISA 'Win32_Service'"), isa);
    assert.deepEqual(where('TargetInstance isa Win32_Service'), isa);
  });

  it('reads TRUE, FALSE and NULL in any case, and their quoted spellings as strings', () => {
    assert.deepEqual(where("A = true OR B = False OR C = nUlL OR D = 'TRUE'"), {
      kind: 'or',
      left: {
        kind: 'or',
        left: {
          kind: 'or',
          left: {
            kind: 'compare',
            op: '=',
            left: prop('A'),
            right: { kind: 'boolean', value: true },
          },
          right: {
            kind: 'compare',
            op: '=',
            left: prop('B'),
            right: { kind: 'boolean', value: false },
          },
        },
        right: { kind: 'compare', op: '=', left: prop('C'), right: { kind: 'null' } },
      },
      right: {
        kind: 'compare',
        op: '=',
        left: prop('D'),
        right: { kind: 'string', value: 'TRUE' },
      },
    });
  });

  const numbers: [string, number][] = [
    ['42', 42],
    ['-7', -7],
    ['+7', 7],
    ['0.5', 0.5],
    ['.25', 0.25],
    ['-.5', -0.5],
    ['1.', 1],
    ['1.5e3', 1500],
    ['2E-2', 0.02],
    ['1e+2', 100],
    ['0x1F', 31],
    ['0XfF', 255],
    ['007', 7],
  ];
  for (const [text, value] of numbers) {
    it(`reads the number ${text} as ${value}, keeping its text`, () => {
      assert.deepEqual(where(`N = ${text}`), {
        kind: 'compare',
        op: '=',
        left: prop('N'),
        right: { kind: 'number', value, text },
      });
    });
  }

  it('keeps the exact text of a 64-bit integer a double cannot hold', () => {
    const e = where('N = 9223372036854775807');
    assert.deepEqual(e?.kind === 'compare' && e.right, {
      kind: 'number',
      value: Number('9223372036854775807'),
      text: '9223372036854775807',
    });
  });

  it('reads escaped quotes and backslashes in string constants', () => {
    const e = where(`A = 'it\\'s' AND B = "say \\"hi\\"" AND C = 'C:\\\\Windows' AND D = "it's"`);
    const values: string[] = [];
    const collect = (x: WqlExpression | undefined): void => {
      if (x?.kind === 'and') {
        collect(x.left);
        collect(x.right);
      } else if (x?.kind === 'compare' && x.right.kind === 'string') values.push(x.right.value);
    };
    collect(e);
    assert.deepEqual(values, ["it's", 'say "hi"', 'C:\\Windows', "it's"]);
  });

  it('accepts a constant on the left of a comparison', () => {
    assert.deepEqual(where("'x' <> Name"), {
      kind: 'compare',
      op: '<>',
      left: { kind: 'string', value: 'x' },
      right: prop('Name'),
    });
  });
});

describe('parseWql: WHERE limits', () => {
  const nested = (depth: number): string => `${'('.repeat(depth)}N = 1${')'.repeat(depth)}`;

  it('accepts 63 nested parentheses', () => {
    assert.deepEqual(where(nested(63)), eq('N', 1));
  });

  it('refuses 64 nested parentheses, at the test inside them', () => {
    assert.equal(
      errorOf(nested(64)),
      'WBEM_E_INVALID_QUERY: expression nests deeper than 64 at column 87',
    );
  });

  it('counts NOT as a level of nesting', () => {
    assert.equal(
      errorOf(`${'NOT '.repeat(64)}N = 1`),
      'WBEM_E_INVALID_QUERY: expression nests deeper than 64 at column 279',
    );
  });

  it('does not count parenthesised siblings as nesting', () => {
    const e = where(Array.from({ length: 100 }, () => '(N = 1)').join(' AND '));
    assert.equal(e?.kind, 'and');
  });

  it('accepts 1024 tests in one expression', () => {
    const e = where(Array.from({ length: 1024 }, () => 'N = 1').join(' OR '));
    assert.equal(e?.kind, 'or');
  });

  it('refuses a 1025th test, at its start', () => {
    const text = Array.from({ length: 1025 }, () => 'N = 1').join(' OR ');
    const column = 'SELECT * FROM A WHERE '.length + 1024 * 'N = 1 OR '.length + 1;
    assert.equal(
      errorOf(text),
      `WBEM_E_INVALID_QUERY: more than 1024 tests in one expression at column ${column}`,
    );
  });
});

describe('parseWql: WHERE error messages and columns', () => {
  // Columns count from the S of `SELECT * FROM A WHERE ` (22 characters).
  const cases: [string, string, string][] = [
    [
      'IN (...)',
      'N IN (1, 2)',
      'WBEM_E_NOT_SUPPORTED: IN (...) is not supported by WQL at column 25',
    ],
    [
      'BETWEEN',
      'N between 1 AND 2',
      'WBEM_E_NOT_SUPPORTED: BETWEEN is not supported by WQL at column 25',
    ],
    [
      'EXISTS (...)',
      'EXISTS (SELECT * FROM B)',
      'WBEM_E_NOT_SUPPORTED: EXISTS is not supported by WQL at column 23',
    ],
    [
      'a subquery as an operand',
      'N = (SELECT X FROM B)',
      'WBEM_E_NOT_SUPPORTED: a subquery is not supported by WQL at column 28',
    ],
    [
      'a subquery where a test starts',
      '(select X FROM B) = 1',
      'WBEM_E_NOT_SUPPORTED: a subquery is not supported by WQL at column 24',
    ],
    [
      'a function call, named as written',
      "Upper(Name) = 'X'",
      'WBEM_E_NOT_SUPPORTED: the function Upper() is not supported by WQL at column 23',
    ],
    [
      'a property followed by a quoted parenthesis',
      "N '('",
      'WBEM_E_INVALID_QUERY: expected a comparison operator, LIKE, IS or ISA, found string "(" at column 25',
    ],
    [
      'a property followed by another name',
      'N X',
      "WBEM_E_INVALID_QUERY: expected a comparison operator, LIKE, IS or ISA, found 'X' at column 25",
    ],
    [
      'a name between a property and LIKE',
      "N X LIKE 'a'",
      "WBEM_E_INVALID_QUERY: expected a comparison operator, LIKE, IS or ISA, found 'X' at column 25",
    ],
    [
      'a quoted LIKE',
      "N 'LIKE' 'a'",
      'WBEM_E_INVALID_QUERY: expected a comparison operator, LIKE, IS or ISA, found string "LIKE" at column 25',
    ],
    [
      'NOT not followed by LIKE after a property',
      'N NOT 5',
      "WBEM_E_INVALID_QUERY: expected a comparison operator, LIKE, IS or ISA, found 'NOT' at column 25",
    ],
    [
      'a missing test',
      'N = 1 AND',
      'WBEM_E_INVALID_QUERY: expected a property or a constant, found the end of the query at column 32',
    ],
    [
      'an operator where an operand should be',
      'N = <> 1',
      "WBEM_E_INVALID_QUERY: expected a property or a constant, found '<>' at column 27",
    ],
    [
      'an object path spelling a constant, as an operand',
      'N = {true}',
      'WBEM_E_INVALID_QUERY: expected a property or a constant, found an object path at column 27',
    ],
    [
      'a property path ending in a dot',
      'A.* = 1',
      "WBEM_E_INVALID_QUERY: expected a property name after ., found '*' at column 25",
    ],
    [
      'LIKE with a number pattern',
      'N LIKE 5',
      "WBEM_E_INVALID_QUERY: LIKE needs a string pattern, found '5' at column 30",
    ],
    [
      'LIKE with a constant on its left',
      "'x' LIKE 'a'",
      'WBEM_E_INVALID_QUERY: LIKE needs a property on its left at column 23',
    ],
    [
      'ISA with a constant on its left',
      "5 isa 'B'",
      'WBEM_E_INVALID_QUERY: ISA needs a property on its left at column 23',
    ],
    [
      'IS with a constant on its left',
      'NULL IS NULL',
      'WBEM_E_INVALID_QUERY: IS needs a property on its left at column 23',
    ],
    [
      'ISA with a number class',
      'N ISA 5',
      "WBEM_E_INVALID_QUERY: ISA needs a class name, found '5' at column 29",
    ],
    [
      'IS followed by something else than NULL',
      'N IS 5',
      "WBEM_E_INVALID_QUERY: expected NULL, found '5' at column 28",
    ],
    [
      'a parenthesis not closed',
      '(N = 1 OR M = 2',
      'WBEM_E_INVALID_QUERY: expected ), found the end of the query at column 38',
    ],
  ];
  for (const [desc, text, expected] of cases) {
    it(`reports ${desc}`, () => {
      assert.equal(errorOf(text), expected);
    });
  }
});

describe('forEachProperty', () => {
  it('visits every property reference, left to right, on both sides of a comparison', () => {
    const seen: string[] = [];
    const e = where(
      "A.B = C AND NOT (1 < D OR E LIKE 'x') AND F IS NULL AND G ISA 'H' AND 'k' = 'k'",
    );
    assert.ok(e);
    forEachProperty(e, (p) => seen.push(p.path.join('.')));
    assert.deepEqual(seen, ['A.B', 'C', 'D', 'E', 'F', 'G']);
  });
});
