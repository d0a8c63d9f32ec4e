import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEMMOF_E_EXPECTED_SEMI, WBEMMOF_E_UNRECOGNIZED_TOKEN } from '../../src/mof/mof-status.js';
import { compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';

describe('parseMof: a string literal is never a keyword or punctuation', () => {
  it('fails with WBEMMOF_E_EXPECTED_SEMI when a quoted ";" ends a class', () => {
    throwsMof(() => compileText('class A {}";"'), {
      hresult: WBEMMOF_E_EXPECTED_SEMI,
      line: 1,
      column: 11,
      reason: /^expected ";", found ";"$/,
    });
  });

  it('fails with WBEMMOF_E_UNRECOGNIZED_TOKEN when a declaration starts with a quoted "class"', () => {
    throwsMof(() => compileText('"class" A {};'), {
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      line: 1,
      column: 1,
    });
  });
});

describe('$Alias references: key values without a path literal', () => {
  it('writes an empty string for a key when its value is an array', () => {
    const ops = compileText(
      'class A { [key] uint32 K[]; }; instance of A as $a { K = {1, 2}; }; class R { A ref P; }; instance of R { P = $a; };',
    ).operations;
    const r = ops.flatMap((op) =>
      op.kind === 'instance' && op.instance.className === 'R' ? [op.instance] : [],
    );
    assert.equal(r[0]?.properties.get('p')?.value, 'A.K=""');
  });
});
