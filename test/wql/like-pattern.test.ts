/**
 * `likeMatcher`, WQL's LIKE: `%` any run, `_` one character, `[set]`/`[a-f]` one character of a
 * set or range, `[^set]` one character outside it, `[_]` a literal underscore; case-insensitive.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hresultName, WBEM_E_INVALID_QUERY } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { likeMatcher } from '../../src/wql/like-pattern.js';

const cases: readonly { desc: string; pattern: string; text: string; expect: boolean }[] = [
  { desc: '[ab] matches a character of the set', pattern: '[ab]', text: 'B', expect: true },
  { desc: '[ab] does not match a character outside it', pattern: '[ab]', text: 'e', expect: false },
  { desc: '[ab] does not match its own bracket', pattern: '[ab]', text: '[', expect: false },
  { desc: '[ab]c does not match cc', pattern: '[ab]c', text: 'cc', expect: false },
  {
    desc: '[axz] does not match m (no range without -)',
    pattern: '[axz]',
    text: 'm',
    expect: false,
  },
  { desc: '[a-c] matches a character of the range', pattern: '[a-c]', text: 'b', expect: true },
  {
    desc: '[^a-c] matches one character outside the set',
    pattern: '[^a-c]',
    text: 'd',
    expect: true,
  },
  { desc: '[^a-c] does not match one inside it', pattern: '[^a-c]', text: 'b', expect: false },
  { desc: '[-a] matches a leading -', pattern: '[-a]', text: '-', expect: true },
  { desc: '[a-] matches a trailing -', pattern: '[a-]', text: '-', expect: true },
  { desc: '[a-] does not match a letter past a', pattern: '[a-]', text: 'b', expect: false },
  { desc: '[]] matches ] (a set may begin with ])', pattern: '[]]', text: ']', expect: true },
  { desc: '[]a] matches a', pattern: '[]a]', text: 'a', expect: true },
  { desc: '[^]] matches a character other than ]', pattern: '[^]]', text: 'x', expect: true },
  { desc: '[^]] does not match ]', pattern: '[^]]', text: ']', expect: false },
  { desc: '[a\\] matches a backslash', pattern: '[a\\]', text: '\\', expect: true },
  { desc: '[x^] matches ^', pattern: '[x^]', text: '^', expect: true },
  { desc: '[[] matches [', pattern: '[[]', text: '[', expect: true },
  { desc: '[_] matches an underscore', pattern: '%[_][_]%', text: 'a__b', expect: true },
  { desc: '[_] does not match another character', pattern: '[_]', text: 'x', expect: false },
  { desc: 'an unclosed [ is literal', pattern: 'a[b', text: 'a[b', expect: true },
  {
    desc: 'an unclosed [ does not match the character after it',
    pattern: 'a[b',
    text: 'ab',
    expect: false,
  },
  { desc: 'an unclosed [^ is literal', pattern: 'a[^b', text: 'a[^b', expect: true },
  { desc: 'a final [ is literal', pattern: 'a[', text: 'a[', expect: true },
  { desc: '[] is literal', pattern: '[]', text: '[]', expect: true },
];

describe('LIKE sets and brackets', () => {
  for (const c of cases) {
    it(`${c.desc} ('${c.text}' LIKE '${c.pattern}' is ${c.expect})`, () => {
      assert.equal(likeMatcher(c.pattern)(c.text), c.expect);
    });
  }
});

describe('LIKE pattern errors', () => {
  it('refuses a range out of order with WBEM_E_INVALID_QUERY, quoting at most 80 characters', () => {
    const pattern = `[z-a]${'x'.repeat(200)}`;
    try {
      likeMatcher(pattern);
    } catch (thrown) {
      assert.ok(thrown instanceof WbemError, `not a WbemError: ${String(thrown)}`);
      assert.equal(hresultName(thrown.hresult), hresultName(WBEM_E_INVALID_QUERY));
      assert.ok(thrown.message.includes(JSON.stringify(pattern.slice(0, 80))), thrown.message);
      assert.ok(!thrown.message.includes(pattern.slice(0, 81)), thrown.message);
      return;
    }
    assert.fail('did not throw');
  });
});
