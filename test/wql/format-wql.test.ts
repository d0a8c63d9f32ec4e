import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatWql, parseWql, type WqlQuery } from '../../src/wql/index.js';

/** Prints `query` parsed, and checks that the print parses back to the same tree. */
function printed(query: string): string {
  const parsed = parseWql(query);
  const text = formatWql(parsed);
  assert.deepEqual(parseWql(text), parsed);
  return text;
}

describe('formatWql', () => {
  it('prints GROUP WITHIN alone when there is no BY and no HAVING', () => {
    assert.equal(printed('select * from E group within 5'), 'SELECT * FROM E GROUP WITHIN 5');
  });

  it('prints every BY property, separated by commas', () => {
    assert.equal(
      printed('SELECT * FROM E GROUP WITHIN 5 BY A,B.C HAVING NumberOfEvents>2'),
      'SELECT * FROM E GROUP WITHIN 5 BY A, B.C HAVING NumberOfEvents > 2',
    );
  });

  it('prints an association query without keywords with no WHERE', () => {
    assert.equal(printed('associators of { A.Id=1 }'), 'ASSOCIATORS OF {A.Id=1}');
  });

  it('quotes a keyword value that is not a name, and leaves a name bare', () => {
    assert.equal(
      printed("ASSOCIATORS OF {A} WHERE ResultClass = '1abc' Role = 'a b' AssocClass = 'Win32_X'"),
      "ASSOCIATORS OF {A} WHERE AssocClass = Win32_X ResultClass = '1abc' Role = 'a b'",
    );
  });

  it('prints TRUE, FALSE and NULL in upper case', () => {
    assert.equal(
      printed('SELECT * FROM A WHERE A = false OR B = true OR C = null'),
      'SELECT * FROM A WHERE A = FALSE OR B = TRUE OR C = NULL',
    );
  });

  it('prints numbers as written, including hexadecimal and 64-bit integers', () => {
    assert.equal(
      printed('SELECT * FROM A WHERE A = 0x1f AND B = -18446744073709551615 AND C = .5e2'),
      'SELECT * FROM A WHERE A = 0x1f AND B = -18446744073709551615 AND C = .5e2',
    );
  });

  it('escapes backslashes and single quotes in strings, patterns and class names', () => {
    assert.equal(
      printed(`SELECT * FROM A WHERE N = "it's \\\\ x" AND N LIKE "a'%" AND N ISA "B'"`),
      "SELECT * FROM A WHERE N = 'it\\'s \\\\ x' AND N LIKE 'a\\'%' AND N ISA 'B\\''",
    );
  });

  it('adds parentheses only where precedence needs them', () => {
    assert.equal(
      printed('SELECT * FROM A WHERE ((A = 1) AND (B = 2)) OR (NOT (C = 3)) OR (D = 4 OR E = 5)'),
      'SELECT * FROM A WHERE A = 1 AND B = 2 OR NOT C = 3 OR (D = 4 OR E = 5)',
    );
    assert.equal(
      printed('SELECT * FROM A WHERE NOT (A = 1 OR B = 2) AND (C = 3 AND D = 4)'),
      'SELECT * FROM A WHERE NOT (A = 1 OR B = 2) AND (C = 3 AND D = 4)',
    );
  });

  it('prints a tree built by hand with a right-nested AND', () => {
    const q: WqlQuery = {
      kind: 'select',
      properties: [{ kind: 'property', path: ['X'] }],
      from: 'A',
      where: {
        kind: 'and',
        left: { kind: 'is-null', property: { kind: 'property', path: ['P'] }, negated: false },
        right: {
          kind: 'and',
          left: { kind: 'is-null', property: { kind: 'property', path: ['Q'] }, negated: true },
          right: { kind: 'isa', property: { kind: 'property', path: ['R'] }, className: 'C' },
        },
      },
    };
    assert.equal(formatWql(q), "SELECT X FROM A WHERE P IS NULL AND (Q IS NOT NULL AND R ISA 'C')");
  });
});
