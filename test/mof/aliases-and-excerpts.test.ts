import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName, editDistance } from '../../src/mof/closest-name.js';
import { MofError, sourceExcerpt } from '../../src/mof/mof-error.js';
import { compileText } from './helpers/memory-files.js';

function instanceValues(text: string): unknown[] {
  const out: unknown[] = [];
  for (const op of compileText(text).operations) {
    if (op.kind === 'instance')
      out.push(
        Object.fromEntries([...op.instance.properties.values()].map((p) => [p.name, p.value])),
      );
  }
  return out;
}

function compileError(text: string): MofError {
  try {
    compileText(text);
  } catch (e) {
    assert.ok(e instanceof MofError, String(e));
    return e;
  }
  return assert.fail('compiled');
}

describe('$Alias references (instance paths)', () => {
  const refTo = (keys: string, values: string) =>
    `class A { ${keys} }; instance of A as $a { ${values} }; class R { A ref P; }; instance of R { P = $a; };`;

  it('writes the keys in declaration order with strings quoted and escaped', () => {
    const [, r] = instanceValues(
      refTo(
        '[key] string K; [key] uint32 N; string Other;',
        'N = 5; K = "x\\\\y\\"z"; Other = "o";',
      ),
    );
    assert.deepEqual(r, { P: 'A.K="x\\\\y\\"z",N=5' });
  });

  it('writes booleans, reals and NULL in upper case and leaves out keys without values', () => {
    assert.deepEqual(instanceValues(refTo('[key] boolean K;', 'K = true;'))[1], { P: 'A.K=TRUE' });
    assert.deepEqual(instanceValues(refTo('[key] boolean K;', 'K = false;'))[1], {
      P: 'A.K=FALSE',
    });
    assert.deepEqual(instanceValues(refTo('[key] real64 K;', 'K = 1.5;'))[1], { P: 'A.K=1.5' });
    assert.deepEqual(instanceValues(refTo('[key] string K;', 'K = NULL;'))[1], { P: 'A.K=NULL' });
    assert.deepEqual(instanceValues(refTo('[key] string K; [key] string L;', 'L = "l";'))[1], {
      P: 'A.L="l"',
    });
  });

  it('writes a singleton path when the class has no keys or none is set', () => {
    assert.deepEqual(instanceValues(refTo('string K;', 'K = "x";'))[1], { P: 'A=@' });
    assert.deepEqual(instanceValues(refTo('[key] string K;', ''))[1], { P: 'A=@' });
  });
});

describe('did you mean (closest names)', () => {
  it('suggests the nearest type when a type name is misspelt', () => {
    assert.match(compileError('class A { uint23 X; };').reason, /; did you mean uint32\?$/);
    assert.match(compileError('class A { Strng X; };').reason, /; did you mean string\?$/);
    assert.doesNotMatch(compileError('class A { Zebra X; };').reason, /did you mean/);
  });

  it('suggests no class of another namespace when only that one has a close name', () => {
    const e = compileError(
      '#pragma namespace("root/a")\nclass Thing {};\n#pragma namespace("root/b")\nclass Other {};\nclass X : Thingg {};',
    );
    assert.equal(
      e.reason,
      'superclass Thingg of X is not declared in the MOF nor present in root/b',
    );
    assert.match(
      compileError('class Thing {};\nclass X : Thingg {};').reason,
      /; did you mean Thing\?$/,
    );
  });

  it('suggests no CIM type when a superclass is missing', () => {
    assert.equal(
      compileError('class X : Uint23 {};').reason,
      'superclass Uint23 of X is not declared in the MOF nor present in root/cimv2',
    );
  });

  it('counts a swap of neighbours as one edit and stops past the limit', () => {
    assert.equal(editDistance('uint23', 'uint32', 3), 1);
    assert.equal(editDistance('abc', 'abc', 0), 0);
    assert.equal(editDistance('kitten', 'sitting', 5), 3);
    assert.equal(editDistance('kitten', 'sitting', 2), 3);
    assert.equal(editDistance('a', 'abcdef', 2), 3);
    assert.equal(editDistance('', 'ab', 2), 2);
    assert.equal(editDistance('ab', '', 2), 2);
    assert.equal(editDistance('ab', 'ba', 1), 1);
    assert.equal(editDistance('abcd', 'badc', 4), 2);
  });

  it('picks the closest candidate in any case within a third of the length, else none', () => {
    assert.equal(closestName('CIM_Sytem', ['CIM_Job', 'CIM_System', 'CIM_Systems']), 'CIM_System');
    assert.equal(closestName('cim_system', ['CIM_SYSTEM']), 'CIM_SYSTEM');
    assert.equal(closestName('abc', ['abd', 'abx']), 'abd');
    assert.equal(closestName('ab', ['xy']), undefined);
    assert.equal(closestName('ab', ['ax']), 'ax');
    assert.equal(closestName('abcdef', ['abcxyz']), undefined);
    assert.equal(closestName('abcdef', ['abcdxy']), 'abcdxy');
    assert.equal(closestName('abc', []), undefined);
  });
});

describe('error excerpts', () => {
  it('quotes the line with a caret under the column, CR and tabs kept in place', () => {
    assert.equal(
      compileError('class A {\r\n uint32 X = "a";\r\n};').excerpt,
      '   uint32 X = "a";\n              ^',
    );
    assert.equal(
      compileError('class A {\n\tuint32 X = "a";\n};').excerpt,
      '  \tuint32 X = "a";\n  \t           ^',
    );
  });

  it('shows a window of 160 characters around the column when the line is longer', () => {
    const text = `class A { string S = "${'y'.repeat(200)}"; uint32 X = "b"; string T = "${'z'.repeat(200)}"; };`;
    const e = compileError(text);
    const at = e.column - 1;
    assert.equal(text[at], '"');
    assert.equal(e.excerpt, `  ${text.slice(at - 80, at + 80)}\n  ${' '.repeat(80)}^`);
    const early = compileError(`class A { uint32 X = "b"; string T = "${'z'.repeat(300)}"; };`);
    assert.equal(
      early.excerpt,
      `  ${`class A { uint32 X = "b"; string T = "${'z'.repeat(300)}"; };`.slice(0, 160)}\n  ${' '.repeat(21)}^`,
    );
    const line = `${'x'.repeat(300)}`;
    assert.equal(sourceExcerpt(line, 1, 300), `  ${line.slice(140)}\n  ${' '.repeat(159)}^`);
  });

  it('quotes nothing when the line does not exist', () => {
    assert.equal(sourceExcerpt('a\nb', 3, 1), undefined);
    assert.equal(sourceExcerpt('a\nb', 0, 1), undefined);
    assert.equal(sourceExcerpt('a\nb', 2, 1), '  b\n  ^');
    assert.equal(sourceExcerpt('a\nb', 1, 0), '  a\n  ^');
  });
});
