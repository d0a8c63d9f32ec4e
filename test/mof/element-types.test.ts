import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimParameter } from '../../src/model/cim-method.js';
import { CIM_OBJECT, CIM_REFERENCE, CIM_STRING, CIM_UINT32 } from '../../src/wbem/cim-type.js';
import { compileText } from './helpers/memory-files.js';
import { compileFailure } from './helpers/mof-assert.js';

const shape = (p: CimParameter): string =>
  `${p.name}:${p.type}${p.isArray ? '[]' : ''}${p.referenceClass === undefined ? '' : ` ref=${p.referenceClass}`}${p.embeddedObjectClass === undefined ? '' : ` emb=${p.embeddedObjectClass}`} ${[
    ...p.qualifiers.values(),
  ]
    .map((q) => `${q.name}=${JSON.stringify(q.value)}`)
    .join(',')}`.trimEnd();

function classNamed(text: string, name: string) {
  for (const op of compileText(text).operations)
    if (op.kind === 'class' && op.cls.name === name) return op.cls;
  return assert.fail(`no class ${name}`);
}

describe('MOF element types and their CIMTYPE qualifier', () => {
  it('adds the CIMTYPE WMI stores for object ref and class-typed properties', () => {
    const x = classNamed(
      'class E {}; class X { object ref A; X ref B; E C; [CIMTYPE("object:E")] object D; [CIMTYPE("Object:E")] object F; object G; [CIMTYPE("ref")] object ref H; [CIMTYPE("object")] object I; [CIMTYPE("string:x")] string J; };',
      'X',
    );
    assert.deepEqual([...x.properties.values()].map(shape), [
      `A:${CIM_REFERENCE} CIMTYPE="ref"`,
      `B:${CIM_REFERENCE} ref=X`,
      `C:${CIM_OBJECT} emb=E CIMTYPE="object:E"`,
      `D:${CIM_OBJECT} emb=E CIMTYPE="object:E"`,
      `F:${CIM_OBJECT} emb=E CIMTYPE="Object:E"`,
      `G:${CIM_OBJECT}`,
      `H:${CIM_REFERENCE} CIMTYPE="ref"`,
      `I:${CIM_OBJECT} CIMTYPE="object"`,
      `J:${CIM_STRING} CIMTYPE="string:x"`,
    ]);
  });

  it('numbers parameters from 0 when no parameter of the method has an ID', () => {
    const x = classNamed(
      'class X { uint32 M(uint32 A, string B); uint32 N([ID(5)] uint32 A, string B); };',
      'X',
    );
    assert.deepEqual([...(x.methods.get('m')?.parameters.values() ?? [])].map(shape), [
      `A:${CIM_UINT32} ID=0`,
      `B:${CIM_STRING} ID=1`,
    ]);
    assert.deepEqual([...(x.methods.get('n')?.parameters.values() ?? [])].map(shape), [
      `A:${CIM_UINT32} ID=5`,
      `B:${CIM_STRING}`,
    ]);
  });

  it('takes a class as an association only when Association is true', () => {
    const declared = 'Qualifier A : boolean = false, Scope(association);';
    assert.equal(compileFailure(`${declared} [Association, A] class X {};`), 'compiled');
    assert.equal(compileFailure(`${declared} [Association(true), A] class X {};`), 'compiled');
    assert.match(
      compileFailure(`${declared} [Association(false), A] class X {};`),
      /^WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE .*: qualifier A is not allowed on a class \(scope: association\)$/,
    );
    const indication = 'Qualifier A : boolean = false, Scope(indication);';
    assert.equal(compileFailure(`${indication} [Indication, A] class X {};`), 'compiled');
    assert.match(
      compileFailure(`${indication} [Indication("yes"), A] class X {};`),
      /qualifier A is not allowed on a class \(scope: indication\)$/,
    );
  });

  const refusals: readonly (readonly [string, string])[] = [
    [
      'class X { [CIMTYPE("string")] object ref A; };',
      'WBEMMOF_E_CIMTYPE_QUALIFIER 1:31: CIMTYPE "string" contradicts the declared type object ref',
    ],
    [
      'class E {}; class X { [CIMTYPE("object:F")] E A; };',
      'WBEMMOF_E_CIMTYPE_QUALIFIER 1:45: CIMTYPE "object:F" contradicts the declared type E',
    ],
    [
      'class X { [CIMTYPE("uint32")] string A; };',
      'WBEMMOF_E_CIMTYPE_QUALIFIER 1:31: CIMTYPE "uint32" contradicts the declared type string',
    ],
    [
      'class X { [CIMTYPE("uint8")] object A; };',
      'WBEMMOF_E_CIMTYPE_QUALIFIER 1:30: CIMTYPE "uint8" contradicts the declared type object',
    ],
  ];
  for (const [text, expected] of refusals) {
    it(`fails with ${expected.split(' ')[0]} when the MOF is ${JSON.stringify(text)}`, () => {
      assert.equal(compileFailure(text), expected);
    });
  }
});
