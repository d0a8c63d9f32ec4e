import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WBEM_E_INVALID_QUERY,
  WBEM_E_INVALID_QUERY_TYPE,
  WBEM_E_NOT_SUPPORTED,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { checkQueryLanguage } from '../../src/wql/index.js';
import { wqlError } from '../../src/wql/wql-error.js';

describe('wqlError', () => {
  it('gives WBEM_E_INVALID_QUERY unless told otherwise', () => {
    assert.equal(wqlError('A', 0, 'x').hresult, WBEM_E_INVALID_QUERY);
    assert.equal(wqlError('A', 0, 'x', WBEM_E_NOT_SUPPORTED).hresult, WBEM_E_NOT_SUPPORTED);
  });

  it('quotes a short query whole, with the caret under the column', () => {
    assert.equal(
      wqlError('SELECT * FORM A', 9, 'expected FROM').detail,
      'expected FROM at column 10\n  SELECT * FORM A\n           ^',
    );
  });

  it('puts the caret after the last character when the error is at the end', () => {
    assert.equal(wqlError('AB', 2, 'm').detail, 'm at column 3\n  AB\n    ^');
  });

  it('clamps an offset outside the query to its ends', () => {
    assert.equal(wqlError('AB', 9, 'm').detail, 'm at column 3\n  AB\n    ^');
    assert.equal(wqlError('AB', -4, 'm').detail, 'm at column 1\n  AB\n  ^');
  });

  it('quotes a query of exactly 72 characters whole', () => {
    const query = 'q'.repeat(72);
    assert.equal(
      wqlError(query, 71, 'm').detail,
      `m at column 72\n  ${query}\n  ${' '.repeat(71)}^`,
    );
  });

  it('shows each control character as one space, keeping the caret under its column', () => {
    assert.equal(
      wqlError('SELECT *\r\nFROM\tA\u007fB', 16, 'm').detail,
      'm at column 17\n  SELECT *  FROM A B\n                  ^',
    );
  });

  it('keeps spaces and other printable characters as they are', () => {
    assert.equal(wqlError('a b\u00e9', 3, 'm').detail, 'm at column 4\n  a b\u00e9\n     ^');
  });

  // A long query is cut to 72 characters centred on the column, with ... on each cut side.
  const long = Array.from({ length: 200 }, (_, i) => String.fromCharCode(65 + (i % 26))).join('');

  it('cuts a long query on both sides around a column in its middle', () => {
    const message = wqlError(long, 100, 'm').detail ?? '';
    const [first, shown, caret] = message.split('\n');
    assert.equal(first, 'm at column 101');
    assert.equal(shown, `  ...${long.slice(64, 136)}...`);
    assert.equal(caret, `  ${' '.repeat(3 + 36)}^`);
  });

  it('cuts a long query only on the right when the column is near its start', () => {
    const [, shown, caret] = (wqlError(long, 5, 'm').detail ?? '').split('\n');
    assert.equal(shown, `  ${long.slice(0, 72)}...`);
    assert.equal(caret, `  ${' '.repeat(5)}^`);
  });

  it('shows the last 72 characters, cut on the left, when the column is near the end', () => {
    const [, shown, caret] = (wqlError(long, 190, 'm').detail ?? '').split('\n');
    assert.equal(shown, `  ...${long.slice(128)}`);
    assert.equal(caret, `  ${' '.repeat(3 + 190 - 128)}^`);
  });
});

describe('checkQueryLanguage', () => {
  /** The message of the error `checkQueryLanguage(language)` throws. */
  function messageOf(language: unknown): string {
    try {
      checkQueryLanguage(language);
    } catch (thrown) {
      assert.ok(thrown instanceof WbemError);
      assert.equal(thrown.hresult, WBEM_E_INVALID_QUERY_TYPE);
      return thrown.message;
    }
    assert.fail('accepted');
  }

  it('accepts WQL in mixed case', () => {
    checkQueryLanguage('wQl');
  });

  it('names the language it refuses, quoted', () => {
    assert.equal(
      messageOf('SQL'),
      'WBEM_E_INVALID_QUERY_TYPE: query language "SQL" is not supported; WMI accepts only "WQL"',
    );
  });

  it('shows at most 40 characters of a long language name', () => {
    assert.equal(
      messageOf(`${'L'.repeat(40)}MORE`),
      `WBEM_E_INVALID_QUERY_TYPE: query language "${'L'.repeat(40)}" is not supported; WMI accepts only "WQL"`,
    );
  });

  it('names the type of a language that is not a string', () => {
    assert.equal(
      messageOf(7),
      'WBEM_E_INVALID_QUERY_TYPE: query language number is not supported; WMI accepts only "WQL"',
    );
  });
});
