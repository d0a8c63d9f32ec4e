/**
 * @module The edges of MOF identifiers and numeric literals as the lexer reads them: characters
 * next to each class of letters and digits, number bases, signs and malformed numbers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenize } from '../../src/mof/lexer.js';
import { MofError } from '../../src/mof/mof-error.js';

const tokens = (text: string): string[] =>
  tokenize(text, 't.mof').map((t) => `${t.kind}:${t.text}`);

function refused(text: string): string {
  try {
    tokenize(text, 't.mof');
  } catch (e) {
    assert.ok(e instanceof MofError);
    return e.message;
  }
  return assert.fail(`${JSON.stringify(text)} was accepted`);
}

describe('MOF lexer: identifier characters', () => {
  const identifiers = ['A', 'Z', 'a', 'z', '_x', 'x_', 'é', 'Aé9', 'a0', 'z9'];
  for (const text of identifiers) {
    it(`reads ${JSON.stringify(text)} as one identifier`, () => {
      assert.deepEqual(tokens(text), [`identifier:${text}`, 'eof:']);
    });
  }

  it('stops an identifier at the characters next to letters and digits in ASCII', () => {
    for (const stop of ['@', '[', '`', '{', '/', ':']) {
      try {
        const [first] = tokenize(`a${stop}`, 't.mof');
        assert.equal(`${first?.kind}:${first?.text}`, 'identifier:a');
      } catch (e) {
        assert.ok(e instanceof MofError);
        assert.equal(e.column, 2, `${stop} is refused on its own, after the identifier`);
      }
    }
  });
});

describe('MOF lexer: numbers', () => {
  const numbers: [string, string][] = [
    ['-0', 'integer:0'],
    ['09.5', 'real:09.5'],
    ['1e+3', 'real:1e+3'],
    ['+1.5', 'real:+1.5'],
    ['0xaf', 'integer:175'],
    ['0x9', 'integer:9'],
    ['0XA', 'integer:10'],
    ['0', 'integer:0'],
    ['00', 'integer:0'],
    ['07', 'integer:7'],
    ['10b', 'integer:2'],
    ['0b', 'integer:0'],
    ['-11b', 'integer:-3'],
    ['5.', 'real:5.'],
  ];
  for (const [text, expect] of numbers) {
    it(`reads ${text} as ${expect}`, () => {
      assert.deepEqual(tokens(text), [expect, 'eof:']);
    });
  }

  it('ends a number at a comma, a bracket or a space', () => {
    assert.deepEqual(tokens('{1,0x2 3}'), [
      'punct:{',
      'integer:1',
      'punct:,',
      'integer:2',
      'integer:3',
      'punct:}',
      'eof:',
    ]);
  });

  const malformed: [string, RegExp][] = [
    ['08', /invalid octal literal 08/],
    ['0x1g', /malformed number "0x1g"/],
    ['0xG', /expected hex digits after 0x/],
    ['12b3', /malformed number/],
    ['102b', /malformed number "102b"/],
    ['1.5.3', /malformed number "1\.5\."/],
    ['7a', /malformed number "7a"/],
    ['1e', /expected digits in the exponent/],
    ['1e-', /expected digits in the exponent/],
    ['-1e999', /real literal -1e999 is out of range/],
  ];
  for (const [text, reason] of malformed) {
    it(`refuses ${text} with a reason`, () => {
      assert.match(refused(text), reason);
    });
  }
});
