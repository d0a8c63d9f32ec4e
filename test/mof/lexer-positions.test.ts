import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenize } from '../../src/mof/lexer.js';
import { MofError } from '../../src/mof/mof-error.js';

const tokens = (text: string) =>
  tokenize(text, 'l.mof')
    .map((t) => `${t.kind}:${t.text}@${t.line}:${t.column}`)
    .join(' ');

function failure(text: string): string {
  try {
    tokenize(text, 'l.mof');
  } catch (e) {
    assert.ok(e instanceof MofError);
    return `${e.line}:${e.column}: ${e.reason}`;
  }
  return 'no error';
}

describe('MOF lexer: token positions', () => {
  it('counts the lines of a block comment and the indentation after a line break', () => {
    assert.equal(
      tokens('a /* x\ny\nz */ b\n  c'),
      'identifier:a@1:1 identifier:b@3:6 identifier:c@4:3 eof:@4:4',
    );
  });

  it('skips CR, tab, vertical tab, form feed and byte-order marks as spaces', () => {
    assert.equal(
      tokens('a\r\n\tb\u000b\u000cc'),
      'identifier:a@1:1 identifier:b@2:2 identifier:c@2:5 eof:@2:6',
    );
    assert.equal(tokens('\ufeffa \ufeff b'), 'identifier:a@1:2 identifier:b@1:6 eof:@1:7');
  });

  it('reads every punctuation mark as its own token', () => {
    assert.equal(
      tokens('{}[]();,:='),
      'punct:{@1:1 punct:}@1:2 punct:[@1:3 punct:]@1:4 punct:(@1:5 punct:)@1:6 punct:;@1:7 punct:,@1:8 punct::@1:9 punct:=@1:10 eof:@1:11',
    );
  });

  it('reads hex escapes in either case and stops at a non-hex character', () => {
    assert.equal(
      tokens('"a\\x41\\X0042g" \'\\x7\''),
      'string:aABg@1:1 char16:\u0007@1:16 eof:@1:21',
    );
  });

  it('ends a line comment at the line break', () => {
    assert.equal(tokens('"a" // c\n"b"'), 'string:a@1:1 string:b@2:1 eof:@2:4');
  });

  it('reads identifiers with non-ASCII letters and aliases', () => {
    assert.equal(
      tokens('a\u00e9\u0080b c'),
      'identifier:a\u00e9\u0080b@1:1 identifier:c@1:6 eof:@1:7',
    );
    assert.equal(tokens('$al_1 x'), 'alias:al_1@1:1 identifier:x@1:7 eof:@1:8');
    assert.equal(tokens('#PRAGMA x'), 'pragma:#pragma@1:1 identifier:x@1:9 eof:@1:10');
  });

  it('starts a number at a digit, a point before a digit or a sign before either', () => {
    const kinds = tokenize('.5 -.5 +1 -2 7', 'l.mof').map((t) => `${t.kind}@${t.column}`);
    assert.deepEqual(kinds, [
      'real@1',
      'real@4',
      'integer@8',
      'integer@11',
      'integer@14',
      'eof@15',
    ]);
  });

  const errors: readonly (readonly [string, string])[] = [
    ['$al_1 $ x', '1:7: expected an alias name after $'],
    ['#PRAGMA #pragmas', '1:9: expected #pragma'],
    ['#prag', '1:1: expected #pragma'],
    ['a @ b', '1:3: unexpected character "@"'],
    ['+.x', '1:1: unexpected character "+"'],
    ['-x', '1:1: unexpected character "-"'],
    ['-', '1:1: unexpected character "-"'],
    ['.x', '1:1: unexpected character "."'],
    ['a/b', '1:2: unexpected character "/"'],
    ['x"\\', '1:3: unknown escape \\'],
    ['"ab\rc"', '1:1: unterminated string'],
    ['"ab\nc"', '1:1: unterminated string'],
    ["'a\nb'", '1:1: unterminated char16 literal'],
    ["''", '1:1: a char16 literal holds exactly one character'],
    ['x\n  "\\xg"', '2:4: escape \\x needs 1 to 4 hex digits'],
    ['/* a\n b */ /* c', '2:7: unterminated comment'],
  ];
  for (const [text, expected] of errors) {
    it(`fails at ${expected} when the text is ${JSON.stringify(text)}`, () => {
      assert.equal(failure(text), expected);
    });
  }
});
