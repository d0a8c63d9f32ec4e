/**
 * @module A class declared twice in one compilation, as mofcomp loads it: two puts, the second
 * after the first, and each class that names it depends on the declaration before it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileText } from './helpers/memory-files.js';
import { classOps } from './helpers/operations.js';

/** Each class put as `Name(first property) level`, in operation order. */
const puts = (text: string): string[] =>
  classOps(compileText(text).operations).map(
    (op) => `${op.cls.name}(${[...op.cls.properties.values()][0]?.name ?? ''}) ${op.level}`,
  );

describe('compileMof: a class declared twice', () => {
  it('derives a subclass from the declaration before it when there is one, else from the first', () => {
    assert.deepEqual(
      puts(
        [
          'class Early : A { uint32 E; };',
          'class A { uint32 First; };',
          'class B : A { uint32 B1; };',
          'class A { uint32 Second; };',
          'class C : A { uint32 C1; };',
        ].join('\n'),
      ),
      ['A(First) 0', 'Early(E) 1', 'B(B1) 1', 'A(Second) 1', 'C(C1) 2'],
    );
  });

  it('puts the second declaration after the first when a reference cycle is released', () => {
    // S refers to the second A, whose only dependency is the first A, which derives from S: the
    // cycle is released at S, never at the second A.
    assert.deepEqual(
      puts(
        [
          'class A : S { uint32 First; };',
          'class A { uint32 Second; };',
          'class S { A ref R; };',
        ].join('\n'),
      ),
      ['S(R) 0', 'A(First) 1', 'A(Second) 2'],
    );
  });
});
