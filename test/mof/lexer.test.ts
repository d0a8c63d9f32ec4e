import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenize } from '../../src/mof/lexer.js';
import {
  WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
  WBEMMOF_E_UNRECOGNIZED_TOKEN,
} from '../../src/mof/mof-status.js';
import { throwsMof } from './helpers/mof-assert.js';

const kinds = (text: string): string[] => tokenize(text, 't.mof').map((t) => `${t.kind}:${t.text}`);

describe('MOF lexer: literals', () => {
  const cases: { desc: string; text: string; expect: string }[] = [
    { desc: 'a decimal integer', text: '42', expect: 'integer:42' },
    { desc: 'a negative decimal integer', text: '-17', expect: 'integer:-17' },
    { desc: 'a positive-signed integer', text: '+5', expect: 'integer:5' },
    { desc: 'zero', text: '0', expect: 'integer:0' },
    { desc: 'a hex integer', text: '0x1F', expect: 'integer:31' },
    { desc: 'an upper-case hex prefix', text: '0XfF', expect: 'integer:255' },
    { desc: 'a negative hex integer', text: '-0x10', expect: 'integer:-16' },
    { desc: 'an octal integer', text: '017', expect: 'integer:15' },
    { desc: 'a binary integer', text: '101b', expect: 'integer:5' },
    { desc: 'an upper-case binary suffix', text: '1101B', expect: 'integer:13' },
    {
      desc: 'a uint64 beyond 2^53',
      text: '18446744073709551615',
      expect: 'integer:18446744073709551615',
    },
    { desc: 'a real', text: '3.25', expect: 'real:3.25' },
    { desc: 'a real with exponent', text: '1.5e10', expect: 'real:1.5e10' },
    { desc: 'a real with negative exponent', text: '-2.5E-3', expect: 'real:-2.5E-3' },
    { desc: 'a real starting with a dot', text: '.5', expect: 'real:.5' },
    { desc: 'a signed real starting with a dot', text: '-.5', expect: 'real:-.5' },
    { desc: 'a plus-signed real starting with a dot', text: '+.25', expect: 'real:+.25' },
    { desc: 'an integer with exponent', text: '2e3', expect: 'real:2e3' },
    { desc: 'a char16', text: "'c'", expect: 'char16:c' },
    { desc: 'a char16 escape', text: "'\\n'", expect: 'char16:\n' },
    { desc: 'a char16 hex escape', text: "'\\x41'", expect: 'char16:A' },
    { desc: 'a string', text: '"abc"', expect: 'string:abc' },
    { desc: 'an empty string', text: '""', expect: 'string:' },
    { desc: 'an alias', text: '$MyAlias', expect: 'alias:MyAlias' },
    { desc: 'an identifier', text: 'CIM_System', expect: 'identifier:CIM_System' },
    { desc: 'a pragma keyword in any case', text: '#PRAGMA', expect: 'pragma:#pragma' },
  ];
  for (const c of cases) {
    it(`reads ${c.desc} when given ${c.text}`, () => {
      assert.deepEqual(kinds(c.text), [c.expect, 'eof:']);
    });
  }

  it('reads true, false and null as identifiers for the parser to interpret', () => {
    assert.deepEqual(kinds('TRUE false Null'), [
      'identifier:TRUE',
      'identifier:false',
      'identifier:Null',
      'eof:',
    ]);
  });
});

describe('MOF lexer: string escapes', () => {
  const cases: { escape: string; value: string }[] = [
    { escape: '\\b', value: '\b' },
    { escape: '\\t', value: '\t' },
    { escape: '\\n', value: '\n' },
    { escape: '\\f', value: '\f' },
    { escape: '\\r', value: '\r' },
    { escape: '\\"', value: '"' },
    { escape: "\\'", value: "'" },
    { escape: '\\\\', value: '\\' },
    { escape: '\\x41', value: 'A' },
    { escape: '\\X263A', value: '\u263a' },
    { escape: '\\x7', value: '\u0007' },
  ];
  for (const c of cases) {
    it(`decodes ${c.escape} when it appears inside a string`, () => {
      const [token] = tokenize(`"a${c.escape}z"`, 't.mof');
      assert.equal(token?.text, `a${c.value}z`);
    });
  }

  it('stops a hex escape after four digits', () => {
    assert.equal(tokenize('"\\x00411"', 't.mof')[0]?.text, 'A1');
  });
});

describe('MOF lexer: comments and positions', () => {
  it('skips line and block comments when they surround tokens', () => {
    assert.deepEqual(kinds('// one\nclass /* two\n three */ A // four'), [
      'identifier:class',
      'identifier:A',
      'eof:',
    ]);
  });

  it('reports 1-based line and column when tokens follow comments and newlines', () => {
    const tokens = tokenize('/* a\nb */  x\n\t  y', 't.mof');
    assert.deepEqual(
      tokens.slice(0, 2).map((t) => [t.text, t.line, t.column]),
      [
        ['x', 2, 7],
        ['y', 3, 4],
      ],
    );
  });

  it('keeps a 5 MB string literal whole when the input is huge', () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const tokens = tokenize(`"${big}"`, 't.mof');
    assert.equal(tokens[0]?.text.length, big.length);
  });
});

describe('MOF lexer: errors', () => {
  const cases: { desc: string; text: string; hresult: number; line: number; column: number }[] = [
    {
      desc: 'a block comment is not closed',
      text: 'class A\n  /* open',
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      line: 2,
      column: 3,
    },
    {
      desc: 'a string is not closed',
      text: 'x = "abc',
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      line: 1,
      column: 5,
    },
    {
      desc: 'a string runs into a newline',
      text: '"abc\n"',
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      line: 1,
      column: 1,
    },
    {
      desc: 'a char16 is not closed',
      text: "'a",
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      line: 1,
      column: 1,
    },
    {
      desc: 'an escape is unknown',
      text: '\n  "a\\qb"',
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 2,
      column: 5,
    },
    {
      desc: 'a hex escape has no digits',
      text: '"\\xZ"',
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 1,
      column: 2,
    },
    {
      desc: 'a char16 holds two characters',
      text: "'ab'",
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 1,
      column: 1,
    },
    {
      desc: 'a char16 is empty',
      text: "''",
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 1,
      column: 1,
    },
    {
      desc: 'an octal literal has a digit 8',
      text: 'x 018',
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 1,
      column: 3,
    },
    {
      desc: 'a number runs into letters',
      text: '12abc',
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 1,
      column: 1,
    },
    {
      desc: '0x has no digits',
      text: '0x',
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 1,
      column: 1,
    },
    {
      desc: 'a real overflows to infinity',
      text: 'x 1e999',
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 1,
      column: 3,
    },
    {
      desc: 'an exponent has no digits',
      text: '1.5e',
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 1,
      column: 1,
    },
    {
      desc: 'a stray character appears',
      text: 'class A @',
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      line: 1,
      column: 9,
    },
    {
      desc: '# is not followed by pragma',
      text: '#include "x"',
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      line: 1,
      column: 1,
    },
    {
      desc: '$ has no alias name',
      text: '$ x',
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      line: 1,
      column: 1,
    },
  ];
  for (const c of cases) {
    it(`fails with a positioned ${c.hresult === WBEMMOF_E_UNRECOGNIZED_TOKEN ? 'WBEMMOF_E_UNRECOGNIZED_TOKEN' : 'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE'} when ${c.desc}`, () => {
      throwsMof(() => tokenize(c.text, 'bad.mof'), {
        hresult: c.hresult,
        file: 'bad.mof',
        line: c.line,
        column: c.column,
      });
    });
  }
});
