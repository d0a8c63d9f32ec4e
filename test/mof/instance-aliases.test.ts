/**
 * @module How the MOF compiler resolves `$Alias` references and types instance values: the keys
 * an alias path takes from the class chain, instances that refer to each other, and the class
 * declarations (in force, in any namespace spelling, however deep) that type a value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEMMOF_E_OUT_OF_RANGE } from '../../src/mof/mof-status.js';
import { WBEM_E_CIRCULAR_REFERENCE } from '../../src/wbem/status.js';
import { compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';

/** Each instance the MOF puts, as `Class: {property: value}`, in operation order. */
function instances(
  text: string,
  options: Parameters<typeof compileText>[1] = {},
): Record<string, unknown>[] {
  return compileText(text, options).operations.flatMap((op) =>
    op.kind === 'instance'
      ? [
          {
            [op.instance.className]: Object.fromEntries(
              [...op.instance.properties.values()].map((p) => [p.name, p.value]),
            ),
          },
        ]
      : [],
  );
}

/** The path `$a` stands for, through a reference property (to class `to`) of class R. */
const pathOfA = (text: string, to = 'A'): unknown =>
  instances(`${text}\nclass R { ${to} ref P; };\ninstance of R { P = $a; };`).at(-1)?.['R'];

/** `count` classes C0..C<count-1>, each deriving from the one before. */
const chain = (count: number, root: string): string =>
  [
    `class C0 { ${root} };`,
    ...Array.from({ length: count - 1 }, (_, i) => `class C${i + 1} : C${i} {};`),
  ].join('\n');

describe('$Alias references: the keys of the path', () => {
  it('names a key once, in the ancestor spelling, when a subclass declares it again', () => {
    assert.deepEqual(
      pathOfA(
        'class A { [key] string Id; }; class B : A { [key] string ID; [key] uint32 N; };\n' +
          'instance of B as $a { iD = "x"; N = 2; };',
      ),
      { P: 'B.Id="x",N=2' },
    );
  });

  it('leaves out a property when its Key qualifier is false', () => {
    assert.deepEqual(
      pathOfA(
        'class A { [key(false)] string F; [key] string K; };\n' +
          'instance of A as $a { F = "f"; K = "k"; };',
      ),
      { P: 'A.K="k"' },
    );
  });

  it('takes the keys of the root when the class derives from it through 300 classes', () => {
    assert.deepEqual(
      pathOfA(`${chain(300, '[key] string Id;')}\ninstance of C299 as $a { Id = "x"; };`, 'C0'),
      { P: 'C299.Id="x"' },
    );
  });

  it('follows the declarations in force when a class declared again closes a superclass cycle', () => {
    const text =
      'class A { [key] string K; }; class B : A { [key] string L; }; class A : B { [key] string M; };\n' +
      'instance of A as $a { K = "k"; L = "l"; M = "m"; X = 7; };';
    assert.deepEqual(pathOfA(text), { P: 'A.L="l",M="m"' });
    assert.deepEqual(instances(text)[0], { A: { K: 'k', L: 'l', M: 'm', X: 7 } });
  });

  it('resolves a chain of shared references once per instance when 40 levels each refer twice to the next', {
    timeout: 10_000,
  }, () => {
    const levels = 40;
    const text = [
      'class Node { [key] uint32 N; Node ref Left; Node ref Right; };',
      ...Array.from({ length: levels }, (_, i) =>
        i === levels - 1
          ? `instance of Node as $n${i} { N = ${i}; };`
          : `instance of Node as $n${i} { N = ${i}; Left = $n${i + 1}; Right = $n${i + 1}; };`,
      ),
    ].join('\n');
    const out = instances(text);
    assert.equal(out.length, levels);
    assert.deepEqual(out[0], { Node: { N: 0, Left: 'Node.N=1', Right: 'Node.N=1' } });
    assert.deepEqual(out[levels - 2], {
      Node: { N: levels - 2, Left: `Node.N=${levels - 1}`, Right: `Node.N=${levels - 1}` },
    });
  });
});

describe('$Alias references that form a cycle', () => {
  it('fails with WBEM_E_CIRCULAR_REFERENCE at the instance when its key refers to itself', () => {
    const e = throwsMof(
      () => compileText('class A { [key] A ref K; };\n  instance of A as $self { K = $self; };'),
      { hresult: WBEM_E_CIRCULAR_REFERENCE, file: 'main.mof', line: 2, column: 3 },
    );
    assert.equal(e.reason, 'the key of instance $self refers to itself');
  });

  it('fails with WBEM_E_CIRCULAR_REFERENCE when two instances refer to each other', () => {
    throwsMof(
      () =>
        compileText(
          'class A { [key] string K; B ref P; }; class B { [key] string K; A ref Q; };\n' +
            'instance of A as $a { K = "a"; P = $b; };\ninstance of B as $b { K = "b"; Q = $a; };',
        ),
      { hresult: WBEM_E_CIRCULAR_REFERENCE, line: 2, column: 1, reason: /instance \$a\b/ },
    );
  });
});

describe('MOF instances: values typed by the class chain', () => {
  it('types a value as the ancestor declares it when the class inherits the property', () => {
    assert.deepEqual(
      instances(
        'class A { uint64 Big; real32 R; }; class B : A {};\ninstance of B { Big = 5; R = 2; };',
      ),
      [{ B: { Big: '5', R: 2 } }],
    );
    throwsMof(
      () =>
        compileText('class A { uint8 Small; }; class B : A {};\ninstance of B { Small = 300; };'),
      { hresult: WBEMMOF_E_OUT_OF_RANGE, line: 2, column: 25 },
    );
  });

  it('types a value as the root declares it when the root is 300 classes up', () => {
    assert.deepEqual(instances(`${chain(300, 'uint64 Size;')}\ninstance of C299 { Size = 5; };`), [
      { C299: { Size: '5' } },
    ]);
  });

  it('types a value by its literal when no class of the chain declares the property', () => {
    assert.deepEqual(
      instances('class A { string S; };\ninstance of A { S = "s"; Wide = 5000000000; N = 2; };'),
      [{ A: { S: 's', Wide: '5000000000', N: 2 } }],
    );
  });

  it('types a value by its literal when the class is not in the compilation', () => {
    assert.deepEqual(
      instances('instance of Elsewhere as $a { Wide = 5000000000; N = 2; };', {
        existingClass: (name) => name === 'Elsewhere',
      }),
      [{ Elsewhere: { Wide: '5000000000', N: 2 } }],
    );
  });

  it('finds the class of another namespace spelling when namespaces differ only in case', () => {
    const text =
      '#pragma namespace("root/Test")\nclass X { [key] string K; uint64 P; };\n' +
      '#pragma namespace("ROOT/TEST")\ninstance of X as $a { K = "k"; P = 5; };\n' +
      'class R { X ref Q; };\ninstance of R { Q = $a; };';
    assert.deepEqual(instances(text), [{ X: { K: 'k', P: '5' } }, { R: { Q: 'X.K="k"' } }]);
  });
});
