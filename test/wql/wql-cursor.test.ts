import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEM_E_INVALID_QUERY, WBEM_E_NOT_SUPPORTED } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { describeToken, WqlCursor } from '../../src/wql/wql-cursor.js';

/** The detail of the error `run` throws, first line only. */
function detailOf(run: () => unknown): string {
  try {
    run();
  } catch (thrown) {
    assert.ok(thrown instanceof WbemError, `not a WbemError: ${String(thrown)}`);
    return thrown.message.split('\n')[0] as string;
  }
  assert.fail('did not throw');
}

describe('WqlCursor', () => {
  it('stays on the end token however often it moves on', () => {
    const cursor = new WqlCursor('A');
    assert.equal(cursor.next().text, 'A');
    assert.equal(cursor.next().kind, 'end');
    assert.equal(cursor.next().kind, 'end');
    assert.equal(cursor.peek().kind, 'end');
    assert.equal(cursor.peek(5).kind, 'end');
  });

  it('matches keywords in any case, but never a string spelling one', () => {
    const cursor = new WqlCursor("select 'FROM' ,");
    assert.equal(cursor.isWord('SELECT'), true);
    assert.equal(cursor.isWord('FROM', 1), false);
    assert.equal(cursor.acceptWord('SELECT'), true);
    assert.equal(cursor.acceptWord('FROM'), false);
    assert.equal(cursor.peek().kind, 'string');
  });

  it('matches punctuation only in a punctuation token', () => {
    const cursor = new WqlCursor("',' ,");
    assert.equal(cursor.isPunct(','), false);
    assert.equal(cursor.acceptPunct(','), false);
    cursor.next();
    assert.equal(cursor.acceptPunct(','), true);
  });

  it('names what it expected and what it found', () => {
    assert.equal(
      detailOf(() => new WqlCursor('X').expectWord('FROM')),
      "WBEM_E_INVALID_QUERY: expected FROM, found 'X' at column 1",
    );
    assert.equal(
      detailOf(() => new WqlCursor('  ').expectPunct(')')),
      'WBEM_E_INVALID_QUERY: expected ), found the end of the query at column 3',
    );
    assert.equal(
      detailOf(() => new WqlCursor("'A'").expectIdent('a class name')),
      'WBEM_E_INVALID_QUERY: expected a class name, found string "A" at column 1',
    );
  });

  it('returns and consumes the token expectIdent and expectWord accept', () => {
    const cursor = new WqlCursor('from A');
    assert.equal(cursor.expectWord('FROM').text, 'from');
    assert.equal(cursor.expectIdent('a class').text, 'A');
    assert.equal(cursor.peek().kind, 'end');
  });

  it('takes a positive number of seconds as an interval', () => {
    assert.equal(new WqlCursor('0.25').expectInterval(), 0.25);
    const cursor = new WqlCursor('10 X');
    assert.equal(cursor.expectInterval(), 10);
    assert.equal(cursor.peek().text, 'X');
  });

  for (const text of ["'5'", '0', '-2', 'X', '1e999']) {
    it(`refuses ${text} as an interval`, () => {
      assert.match(
        detailOf(() => new WqlCursor(text).expectInterval()),
        /^WBEM_E_INVALID_QUERY: expected a positive number of seconds, found .* at column 1$/,
      );
    });
  }

  it('fails with WBEM_E_INVALID_QUERY and WBEM_E_NOT_SUPPORTED at the next token or the one given', () => {
    const cursor = new WqlCursor('A B');
    const first = cursor.next();
    const invalid = cursor.fail('bad');
    assert.equal(invalid.hresult, WBEM_E_INVALID_QUERY);
    assert.match(invalid.message, /: bad at column 3\n/);
    const unsupported = cursor.unsupported('X', first);
    assert.equal(unsupported.hresult, WBEM_E_NOT_SUPPORTED);
    assert.match(unsupported.message, /: X is not supported by WQL at column 1\n/);
  });
});

describe('describeToken', () => {
  const at = (
    kind: 'ident' | 'string' | 'number' | 'op' | 'punct' | 'path' | 'end',
    text: string,
  ) => describeToken({ kind, text, offset: 0 });

  it('names the end of the query and an object path without their text', () => {
    assert.equal(at('end', ''), 'the end of the query');
    assert.equal(at('path', 'A.Id=1'), 'an object path');
  });

  it('quotes a string as JSON and any other token in single quotes', () => {
    assert.equal(at('string', 'a"b'), 'string "a\\"b"');
    assert.equal(at('ident', 'Name'), "'Name'");
    assert.equal(at('number', '-1.5'), "'-1.5'");
    assert.equal(at('op', '<>'), "'<>'");
  });

  it('shows up to 40 characters of a token and cuts a longer one with ...', () => {
    const forty = 'x'.repeat(40);
    assert.equal(at('ident', forty), `'${forty}'`);
    assert.equal(at('ident', `${forty}yz`), `'${forty}...'`);
    assert.equal(at('string', forty), `string "${forty}"`);
    assert.equal(at('string', `${forty}yz`), `string "${forty}..."`);
  });
});
