import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NameMap } from '../../src/model/names.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import { WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE } from '../../src/mof/mof-status.js';
import { compileText } from './helpers/memory-files.js';
import { compileFailure, throwsMof } from './helpers/mof-assert.js';

const shown = (qualifiers: NameMap<Qualifier> | undefined): string =>
  [...(qualifiers?.values() ?? [])]
    .map((q) => `${q.name}=${JSON.stringify(q.value)}${q.isArray === true ? '[]' : ''}`)
    .join(',');

/** Declarations as `Q name scopes`, classes as `C name [quals] Prop[quals]...`. */
function outline(text: string): string {
  return compileText(text)
    .operations.map((op) => {
      if (op.kind === 'qualifier')
        return `Q ${op.declaration.name} ${op.declaration.scopes.join('+')} ${JSON.stringify(op.declaration.value)}`;
      if (op.kind === 'class')
        return `C ${op.cls.name} [${shown(op.cls.qualifiers)}]${[...op.cls.properties.values()]
          .map((p) => ` ${p.name}[${shown(p.qualifiers)}]`)
          .join('')}`;
      return op.kind;
    })
    .join(' | ');
}

describe('qualifier declarations and their scopes', () => {
  it('gives a boolean qualifier written without a value the value true', () => {
    assert.equal(
      outline('Qualifier A : boolean = false, Scope(class); [A] class X {};'),
      'Q A class false | C X [A=true]',
    );
  });

  it('admits associations and indications where the scope is class', () => {
    assert.equal(
      outline('Qualifier A : boolean = false, Scope(class); [Association, A] class X {};'),
      'Q A class false | C X [Association=true,A=true]',
    );
    assert.equal(
      outline('Qualifier A : boolean = false, Scope(class); [Indication, A] class X {};'),
      'Q A class false | C X [Indication=true,A=true]',
    );
    assert.equal(
      outline('Qualifier A : boolean = false, Scope(indication); [Indication, A] class X {};'),
      'Q A indication false | C X [Indication=true,A=true]',
    );
  });

  it('makes a declaration without Scope usable anywhere', () => {
    assert.equal(
      outline('Qualifier A : boolean = false; class X { [A] string P; };'),
      'Q A any false | C X [] P[A=true]',
    );
  });

  it('takes the declared default when an array or non-boolean qualifier has no value', () => {
    assert.equal(
      outline('Qualifier A : boolean[] = {true}, Scope(property); class X { [A] string P; };'),
      'Q A property [true] | C X [] P[A=[true][]]',
    );
    assert.equal(
      outline(
        'Qualifier A : string = "d", Scope(property); class X { [A] string P; [A("v")] string Q; };',
      ),
      'Q A property "d" | C X [] P[A="d"] Q[A="v"]',
    );
  });

  it('allows any declared qualifier on an instance', () => {
    assert.equal(
      outline('Qualifier A : boolean = false, Scope(class); instance of X { };'),
      'Q A class false | instance',
    );
    const instance = compileText(
      'Qualifier A : boolean = false, Scope(class);\nQualifier B : string, Scope(property);\n[A, B("b")] instance of X { };',
    ).operations.find((op) => op.kind === 'instance');
    assert.equal(
      shown(instance?.kind === 'instance' ? instance.instance.qualifiers : undefined),
      'A=true,B="b"',
    );
  });

  it('keeps the array size of a declaration, and no arraySize when it has none', () => {
    const declarations = compileText(
      'Qualifier A : uint32[4], Scope(property);\nQualifier B : string[], Scope(property);',
    ).operations.flatMap((op) => (op.kind === 'qualifier' ? [op.declaration] : []));
    assert.deepStrictEqual(declarations, [
      {
        name: 'A',
        type: 19,
        isArray: true,
        arraySize: 4,
        value: null,
        scopes: ['property'],
        flavor: 2,
      },
      { name: 'B', type: 8, isArray: true, value: null, scopes: ['property'], flavor: 2 },
    ]);
  });

  it('refuses a qualifier naming scope none when its declaration in the target has no scope', () => {
    const e = throwsMof(
      () =>
        compileText('class X { [A] string P; };', {
          existingQualifier: (name) =>
            name === 'A'
              ? { name: 'A', type: 11, isArray: false, value: false, scopes: [], flavor: 0 }
              : undefined,
        }),
      { hresult: WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE, line: 1, column: 12 },
    );
    assert.equal(e.reason, 'qualifier A is not allowed on a property (scope: none)');
  });

  const refusals: readonly (readonly [string, string])[] = [
    [
      'Qualifier A : boolean = false, Scope(class); class X { [A] string P; };',
      'WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE 1:57: qualifier A is not allowed on a property (scope: class)',
    ],
    [
      'Qualifier A : boolean = false, Scope(property); [A] class X {};',
      'WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE 1:50: qualifier A is not allowed on a class (scope: property)',
    ],
    [
      'Qualifier A : boolean = false, Scope(association); [A] class X {};',
      'WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE 1:53: qualifier A is not allowed on a class (scope: association)',
    ],
    // A boolean qualifier whose name has the length of `Association` (or `Indication`) does not
    // make the class one.
    [
      'Qualifier ElevenChars : boolean = false, Scope(class); Qualifier A : boolean = false, Scope(association); [ElevenChars, A] class X {};',
      'WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE 1:121: qualifier A is not allowed on a class (scope: association)',
    ],
    [
      'Qualifier TenLetters : boolean = false, Scope(class); Qualifier A : boolean = false, Scope(indication); [TenLetters, A] class X {};',
      'WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE 1:118: qualifier A is not allowed on a class (scope: indication)',
    ],
    [
      'Qualifier A : boolean = false, Scope(reference); class X { [A] X ref R; [A] string S; };',
      'WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE 1:74: qualifier A is not allowed on a property (scope: reference)',
    ],
    [
      'Qualifier A : boolean = false, Scope(method, parameter); class X { [A] void M([A] uint32 P); [A] string S; };',
      'WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE 1:95: qualifier A is not allowed on a property (scope: method, parameter)',
    ],
    [
      'Qualifier A : X ref, Scope(property);',
      'WBEMMOF_E_UNRECOGNIZED_TYPE 1:1: qualifier A cannot have type ref',
    ],
    [
      'Qualifier A : boolean = false, Scope(class); Qualifier A : boolean = false, Scope(class); [A, A] class X {};',
      'WBEMMOF_E_DUPLICATE_QUALIFIER 1:95: qualifier A appears twice',
    ],
    [
      'Qualifier A : string, Scope(class); [A(5)] class X {};',
      'WBEMMOF_E_TYPE_MISMATCH 1:40: expected a string, found integer value',
    ],
    [
      'Qualifier A : boolean = false, Scope(); [A] class X {};',
      'WBEMMOF_E_INVALID_QUALIFIER_SYNTAX 1:38: expected a scope keyword, found ")"',
    ],
  ];
  for (const [text, expected] of refusals) {
    it(`fails with ${expected.split(' ')[0]} when the MOF is ${JSON.stringify(text)}`, () => {
      assert.equal(compileFailure(text), expected);
    });
  }
});
