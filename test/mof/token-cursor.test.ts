import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLexer } from '../../src/mof/lexer.js';
import { WBEMMOF_E_EXPECTED_SEMI } from '../../src/mof/mof-status.js';
import { TokenCursor } from '../../src/mof/token-cursor.js';
import { throwsMof } from './helpers/mof-assert.js';

const cursor = (text: string): TokenCursor => new TokenCursor(createLexer(text, 'c.mof'), 'c.mof');

describe('TokenCursor', () => {
  it('shows the token after next without consuming either when peek(1) comes first', () => {
    const c = cursor('a b c');
    assert.equal(c.peek(1).text, 'b');
    assert.equal(c.peek().text, 'a');
    assert.equal(c.take().text, 'a');
    assert.equal(c.take().text, 'b');
    assert.equal(c.peek().text, 'c');
  });

  it('keeps the lookahead in order when tokens are taken between two-token peeks', () => {
    const c = cursor('instance of X { } ;');
    const seen: string[] = [];
    while (c.peek().kind !== 'eof') {
      assert.equal(c.isWord('of', 1), c.peek(1).text === 'of');
      seen.push(c.take().text);
    }
    assert.deepEqual(seen, ['instance', 'of', 'X', '{', '}', ';']);
  });

  it('answers eof for every further peek and take when the text is exhausted', () => {
    const c = cursor('x');
    assert.equal(c.take().text, 'x');
    for (let i = 0; i < 3; i++) {
      assert.equal(c.peek().kind, 'eof');
      assert.equal(c.peek(1).kind, 'eof');
      assert.equal(c.take().kind, 'eof');
    }
  });

  it('reports the position of the token found when an expected punctuation is missing', () => {
    const c = cursor('a\n  b');
    c.take();
    throwsMof(() => c.expect(';', WBEMMOF_E_EXPECTED_SEMI), {
      hresult: WBEMMOF_E_EXPECTED_SEMI,
      line: 2,
      column: 3,
    });
  });
});
