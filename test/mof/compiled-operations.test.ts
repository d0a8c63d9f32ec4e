/**
 * @module What a compilation hands to `applyMof`: the operations of each segment with their
 * levels, aliases and positions, the counts, and the `instance of __Namespace` barrier.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileText } from './helpers/memory-files.js';
import { compileFailure } from './helpers/mof-assert.js';
import { classOps, names } from './helpers/operations.js';

describe('compileMof: the operations of each segment', () => {
  it('numbers the levels on from the segment before when a barrier splits the load', () => {
    const ops = compileText(
      'class A {};\nclass B : A {};\n#pragma deleteclass("X", NOFAIL)\nclass C : B {};\nclass D : C {};',
    ).operations;
    assert.deepEqual(names(ops), ['A', 'B', 'deleteClass:X', 'C', 'D']);
    assert.deepEqual(
      classOps(ops).map((op) => op.level),
      [0, 1, 2, 3],
    );
  });

  it('records the alias and the MOF position of each instance when some have an alias', () => {
    const ops = compileText(
      'class A { [key] uint32 K; };\n  instance of A as $first { K = 1; };\ninstance of A { K = 2; };',
    ).operations.filter((op) => op.kind === 'instance');
    assert.deepEqual(
      ops.map((op) => ({ alias: op.alias, has: 'alias' in op, source: op.source })),
      [
        { alias: 'first', has: true, source: { file: 'main.mof', line: 2, column: 3 } },
        { alias: undefined, has: false, source: { file: 'main.mof', line: 3, column: 1 } },
      ],
    );
  });

  it('adds no operation and counts nothing when a qualifier statement only sets a flavor', () => {
    const compiled = compileText(
      'Qualifier Q : string, Scope(any);\nQualifier Description : Amended;\n[Q("x")] class A {};',
    );
    assert.deepEqual(names(compiled.operations), ['q:Q', 'A']);
    assert.equal(compiled.qualifierCount, 1);
  });
});

describe('compileMof: instance of __Namespace', () => {
  it('ends the segment with a namespace operation when the class and Name are in any case', () => {
    const ops = compileText(
      'class A {};\ninstance of __NAMESPACE { Other = "no"; NAME = "Child_1"; };\nclass B {};',
    ).operations;
    assert.deepEqual(names(ops), ['A', 'namespace:Child_1', 'B']);
    assert.deepEqual(
      names(compileText('instance of __Namespace { Name = "Zweig_é"; };').operations),
      ['namespace:Zweig_é'],
    );
  });

  const refusals: readonly (readonly [string, string])[] = [
    ['{ }', 'no Name'],
    ['{ Name = 5; }', 'a number'],
    ['{ Name = NULL; }', 'NULL'],
    ['{ Name = "a b"; }', 'a space'],
    ['{ Name = "-ab"; }', 'a leading dash'],
    ['{ Name = "ab-"; }', 'a trailing dash'],
    ['{ Name = ""; }', 'an empty name'],
  ];
  for (const [body, what] of refusals) {
    it(`fails with WBEMMOF_E_INVALID_INSTANCE_DECLARATION at the instance when Name is ${what}`, () => {
      assert.equal(
        compileFailure(`class A {};\n  instance of __Namespace ${body};`),
        'WBEMMOF_E_INVALID_INSTANCE_DECLARATION 2:3: instance of __Namespace needs Name = "<namespace name>" (letters, digits, underscores)',
      );
    });
  }
});
