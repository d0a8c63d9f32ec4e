/**
 * `MofError` itself: what its message, `detail`, `cause` and excerpt hold, how `withSource` adds
 * an excerpt once, and the plain-data form in which it crosses threads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MofError, sourceExcerpt } from '../../src/mof/mof-error.js';
import { WBEMMOF_E_EXPECTED_SEMI } from '../../src/mof/mof-status.js';

const AT = { file: 'f.mof', line: 2, column: 3 };

describe('MofError', () => {
  it('carries the position and reason in its detail, and its cause', () => {
    const plain = new MofError(WBEMMOF_E_EXPECTED_SEMI, AT, 'expected ";"');
    assert.equal(plain.message, 'WBEMMOF_E_EXPECTED_SEMI: f.mof:2:3: expected ";"');
    assert.equal(plain.detail, 'f.mof:2:3: expected ";"');
    assert.equal(plain.cause, undefined);
    const cause = new Error('inner');
    const caused = new MofError(WBEMMOF_E_EXPECTED_SEMI, AT, 'expected ";"', cause);
    assert.equal(caused.cause, cause);
    assert.equal(caused.detail, 'f.mof:2:3: expected ";"');
  });

  it('quotes the line under the message once, when withSource finds it', () => {
    const error = new MofError(WBEMMOF_E_EXPECTED_SEMI, AT, 'expected ";"');
    const quoted = error.withSource('class A\n{ uint32 X }\n');
    assert.equal(quoted.excerpt, '  { uint32 X }\n    ^');
    assert.equal(
      quoted.message,
      'WBEMMOF_E_EXPECTED_SEMI: f.mof:2:3: expected ";"\n  { uint32 X }\n    ^',
    );
    assert.equal(quoted.withSource('other\ntext\n'), quoted, 'an excerpt is kept');
    assert.equal(error.withSource('one line'), error, 'no line 2: unchanged');
  });

  it('crosses a thread as data and comes back the same', () => {
    const error = new MofError(WBEMMOF_E_EXPECTED_SEMI, AT, 'expected ";"');
    const data = error.toData();
    assert.deepEqual(data, { hresult: WBEMMOF_E_EXPECTED_SEMI, ...AT, reason: 'expected ";"' });
    const back = MofError.fromData(structuredClone(data));
    assert.ok(back instanceof MofError);
    assert.equal(back.message, error.message);
    assert.deepEqual(back.toData(), data);
  });
});

describe('sourceExcerpt', () => {
  it('quotes a line of 160 characters whole and a longer one around the column', () => {
    const exact = 'x'.repeat(160);
    assert.equal(sourceExcerpt(exact, 1, 160), `  ${exact}\n  ${' '.repeat(159)}^`);
    const long = `${'a'.repeat(200)}B${'c'.repeat(200)}`;
    const window = sourceExcerpt(long, 1, 201) as string;
    const [text, caret] = window.split('\n') as [string, string];
    assert.equal(text.length, 2 + 160);
    assert.equal(text[caret.indexOf('^')], 'B');
    // Near the end of a long line the window ends with the line.
    const end = sourceExcerpt(long, 1, 401) as string;
    assert.ok(end.split('\n')[0]?.endsWith('c'.repeat(10)));
    assert.equal(end.split('\n')[1]?.length, 2 + 160);
  });
});
