import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { lexWql, type WqlToken } from '../../src/wql/lex-wql.js';

/** `kind:text` of each token before the end token. */
function tokens(query: string): string[] {
  const all = lexWql(query);
  assert.equal(all.at(-1)?.kind, 'end');
  return all.slice(0, -1).map((t) => `${t.kind}:${t.text}`);
}

/** The first line of the error `lexWql(query)` throws. */
function errorOf(query: string): string {
  try {
    lexWql(query);
  } catch (thrown) {
    assert.ok(thrown instanceof WbemError, `not a WbemError: ${String(thrown)}`);
    return thrown.message.split('\n')[0] as string;
  }
  assert.fail(`lexed: ${query}`);
}

describe('lexWql', () => {
  it('ends every statement with one end token at its length, with empty text', () => {
    assert.deepEqual(lexWql(''), [{ kind: 'end', text: '', offset: 0 }]);
    assert.deepEqual(lexWql('A '), [
      { kind: 'ident', text: 'A', offset: 0 },
      { kind: 'end', text: '', offset: 2 },
    ] satisfies WqlToken[]);
  });

  it('splits names, operators and punctuation, longest operator first', () => {
    assert.deepEqual(tokens('a.b<=1,c>=2 d<>e!=(f)*g<h>i=_j\u00e9'), [
      'ident:a',
      'punct:.',
      'ident:b',
      'op:<=',
      'number:1',
      'punct:,',
      'ident:c',
      'op:>=',
      'number:2',
      'ident:d',
      'op:<>',
      'ident:e',
      'op:!=',
      'punct:(',
      'ident:f',
      'punct:)',
      'punct:*',
      'ident:g',
      'op:<',
      'ident:h',
      'op:>',
      'ident:i',
      'op:=',
      'ident:_j\u00e9',
    ]);
  });

  const numbers = [
    '7',
    '12.5',
    '1.',
    '.5',
    '.55',
    '+5',
    '-5',
    '-.5',
    '1e5',
    '1E10',
    '1e+5',
    '2.5E-3',
    '0x1F',
    '0XaB',
  ];
  for (const n of numbers) {
    it(`reads ${n} as one number token`, () => {
      assert.deepEqual(tokens(` ${n} `), [`number:${n}`]);
    });
  }

  it('reads a dot or a sign at the end of the statement as a dot or a sign, not a number', () => {
    assert.deepEqual(tokens('a.'), ['ident:a', 'punct:.']);
    assert.equal(errorOf('A -'), 'WBEM_E_INVALID_QUERY: unexpected character "-" at column 3');
  });

  it('reads a dot between names as punctuation and a dot before a digit as a number', () => {
    assert.deepEqual(tokens('a.b .5'), ['ident:a', 'punct:.', 'ident:b', 'number:.5']);
  });

  const malformed: [string, string][] = [
    ['12abc', 'WBEM_E_INVALID_QUERY: malformed number at column 3'],
    ['0x', 'WBEM_E_INVALID_QUERY: malformed number at column 3'],
    ['1e', 'WBEM_E_INVALID_QUERY: malformed number at column 3'],
    ['-.a 5', 'WBEM_E_INVALID_QUERY: malformed number at column 3'],
    ['..', 'WBEM_E_INVALID_QUERY: malformed number at column 3'],
  ];
  for (const [text, expected] of malformed) {
    it(`refuses the malformed number ${text}`, () => {
      assert.equal(errorOf(`= ${text}`), expected);
    });
  }

  it('refuses a character WQL does not use, quoting it', () => {
    assert.equal(errorOf('A = 1;'), 'WBEM_E_INVALID_QUERY: unexpected character ";" at column 6');
    assert.equal(errorOf('A - B'), 'WBEM_E_INVALID_QUERY: unexpected character "-" at column 3');
  });

  it('reads strings in either quote, with \\ escaping the next character', () => {
    assert.deepEqual(tokens(`'a"b' "c'd" 'e\\'f' "g\\\\h" 'i\\nj' ''`), [
      'string:a"b',
      "string:c'd",
      "string:e'f",
      'string:g\\h',
      'string:inj',
      'string:',
    ]);
  });

  it('refuses an unterminated string, at its opening quote', () => {
    assert.equal(errorOf("A = 'abc"), 'WBEM_E_INVALID_QUERY: unterminated string at column 5');
    assert.equal(errorOf("A = 'abc\\'"), 'WBEM_E_INVALID_QUERY: unterminated string at column 5');
    assert.equal(errorOf("A = 'abc\\"), 'WBEM_E_INVALID_QUERY: unterminated string at column 5');
  });

  it('reads an object path between braces, trimmed, as one token', () => {
    assert.deepEqual(lexWql('OF { A.Id=1 }'), [
      { kind: 'ident', text: 'OF', offset: 0 },
      { kind: 'path', text: 'A.Id=1', offset: 3 },
      { kind: 'end', text: '', offset: 13 },
    ]);
  });

  it('keeps braces inside a quoted key value of a path, in either quote', () => {
    assert.deepEqual(tokens(`{A.N="a}b",M='c}d'}`), [`path:A.N="a}b",M='c}d'`]);
  });

  it('keeps an escaped quote inside a quoted key value of a path', () => {
    assert.deepEqual(tokens('{A.N="a\\"}b"} x'), ['path:A.N="a\\"}b"', 'ident:x']);
  });

  it('reads a path right after a string', () => {
    assert.deepEqual(tokens(`'a'{b}`), ['string:a', 'path:b']);
  });

  it('refuses an unterminated path, at its opening brace', () => {
    assert.equal(
      errorOf('OF {A.N="x}"'),
      'WBEM_E_INVALID_QUERY: unterminated object path (missing }) at column 4',
    );
  });
});
