import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import {
  WBEMMOF_E_CIMTYPE_QUALIFIER,
  WBEMMOF_E_DUPLICATE_PROPERTY,
  WBEMMOF_E_NULL_ARRAY_ELEM,
  WBEMMOF_E_OUT_OF_RANGE,
  WBEMMOF_E_TYPE_MISMATCH,
  WBEMMOF_E_UNEXPECTED_ALIAS,
} from '../../src/mof/mof-status.js';
import * as T from '../../src/wbem/cim-type.js';
import { WBEM_E_INVALID_DUPLICATE_PARAMETER } from '../../src/wbem/status.js';
import { compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';
import { classes } from './helpers/operations.js';
import { onlyClass, QUALIFIERS } from './helpers/qualifier-prelude.js';

describe('MOF to model: CIM types', () => {
  const cases: { mof: string; type: number; value: unknown }[] = [
    { mof: 'sint8 P = -128', type: T.CIM_SINT8, value: -128 },
    { mof: 'uint8 P = 255', type: T.CIM_UINT8, value: 255 },
    { mof: 'sint16 P = -2', type: T.CIM_SINT16, value: -2 },
    { mof: 'uint16 P = 0xFFFF', type: T.CIM_UINT16, value: 65535 },
    { mof: 'sint32 P = -2147483648', type: T.CIM_SINT32, value: -2147483648 },
    { mof: 'uint32 P = 4294967295', type: T.CIM_UINT32, value: 4294967295 },
    { mof: 'sint64 P = -9223372036854775808', type: T.CIM_SINT64, value: '-9223372036854775808' },
    { mof: 'uint64 P = 18446744073709551615', type: T.CIM_UINT64, value: '18446744073709551615' },
    { mof: 'real32 P = 1.5', type: T.CIM_REAL32, value: 1.5 },
    { mof: 'real64 P = 2', type: T.CIM_REAL64, value: 2 },
    { mof: 'boolean P = TRUE', type: T.CIM_BOOLEAN, value: true },
    { mof: 'string P = "s"', type: T.CIM_STRING, value: 's' },
    {
      mof: 'datetime P = "20240102030405.000000+000"',
      type: T.CIM_DATETIME,
      value: '20240102030405.000000+000',
    },
    { mof: "char16 P = 'z'", type: T.CIM_CHAR16, value: 'z' },
    { mof: 'char16 P = 65', type: T.CIM_CHAR16, value: 'A' },
    { mof: 'Other REF P = "Other.Id=1"', type: T.CIM_REFERENCE, value: 'Other.Id=1' },
    { mof: 'object P', type: T.CIM_OBJECT, value: null },
    { mof: 'string P = NULL', type: T.CIM_STRING, value: null },
    { mof: 'uint16 P[] = {1, 2, 3}', type: T.CIM_UINT16, value: [1, 2, 3] },
    { mof: 'uint64 P[2] = {1, 2}', type: T.CIM_UINT64, value: ['1', '2'] },
  ];
  for (const c of cases) {
    it(`maps ${c.mof.split(' = ')[0]} to CIMTYPE ${c.type} when declared in a class`, () => {
      const cls = classes(
        compileText(`class Other { [Key] uint32 Id; };\nclass A { ${c.mof}; };`).operations,
      ).find((x) => x.name === 'A') as CimClass;
      const p = cls.properties.get('p');
      assert.equal(p?.type, c.type);
      assert.deepEqual(p?.value, c.value);
    });
  }

  it('records referenceClass, arraySize and embeddedObjectClass when the MOF declares them', () => {
    const cls = onlyClass(
      'class E {}; class A { E REF R; uint8 D[16]; [CIMTYPE("object:E")] object O; };',
    );
    assert.equal(cls.name, 'E');
    const a = classes(
      compileText(
        `${QUALIFIERS}class E {}; class A { E REF R; uint8 D[16]; [CIMTYPE("object:E")] object O; };`,
      ).operations,
    )[1] as CimClass;
    assert.equal(a.properties.get('r')?.referenceClass, 'E');
    assert.equal(a.properties.get('d')?.arraySize, 16);
    assert.equal(a.properties.get('o')?.embeddedObjectClass, 'E');
  });

  const errors: { desc: string; mof: string; hresult: number; column: number }[] = [
    {
      desc: 'uint8 is given 256',
      mof: 'uint8 P = 256;',
      hresult: WBEMMOF_E_OUT_OF_RANGE,
      column: 13,
    },
    {
      desc: 'uint32 is given -1',
      mof: 'uint32 P = -1;',
      hresult: WBEMMOF_E_OUT_OF_RANGE,
      column: 14,
    },
    {
      desc: 'sint64 overflows',
      mof: 'sint64 P = 9223372036854775808;',
      hresult: WBEMMOF_E_OUT_OF_RANGE,
      column: 14,
    },
    {
      desc: 'a string gets a number',
      mof: 'string P = 5;',
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      column: 14,
    },
    {
      desc: 'an integer gets a string',
      mof: 'uint32 P = "5";',
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      column: 14,
    },
    {
      desc: 'an integer gets a real',
      mof: 'uint32 P = 1.5;',
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      column: 14,
    },
    {
      desc: 'a boolean gets 1',
      mof: 'boolean P = 1;',
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      column: 15,
    },
    {
      desc: 'a scalar gets an array',
      mof: 'string P = {"a"};',
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      column: 14,
    },
    {
      desc: 'an array holds null',
      mof: 'string P[] = {"a", NULL};',
      hresult: WBEMMOF_E_NULL_ARRAY_ELEM,
      column: 22,
    },
    {
      desc: 'a property repeats in another case',
      mof: 'string P; uint8 p;',
      hresult: WBEMMOF_E_DUPLICATE_PROPERTY,
      column: 19,
    },
    {
      desc: 'a method repeats a parameter',
      mof: 'uint32 M(string a, string A);',
      hresult: WBEM_E_INVALID_DUPLICATE_PARAMETER,
      column: 29,
    },
    {
      desc: 'a reference gets an unknown alias',
      mof: 'A REF P = $Nope;',
      hresult: WBEMMOF_E_UNEXPECTED_ALIAS,
      column: 13,
    },
    {
      desc: 'CIMTYPE contradicts the type',
      mof: '[CIMTYPE("uint8")] string P;',
      hresult: WBEMMOF_E_CIMTYPE_QUALIFIER,
      column: 22,
    },
    {
      desc: 'CIMTYPE names an embedded object for a type that is no object',
      mof: '[CIMTYPE("object:A")] string P;',
      hresult: WBEMMOF_E_CIMTYPE_QUALIFIER,
      column: 25,
    },
    {
      desc: 'CIMTYPE names a class for an untyped reference',
      mof: '[CIMTYPE("ref:A")] object ref R;',
      hresult: WBEMMOF_E_CIMTYPE_QUALIFIER,
      column: 22,
    },
  ];
  for (const c of errors) {
    it(`fails with a positioned ${c.hresult === WBEM_E_INVALID_DUPLICATE_PARAMETER ? 'WBEM_E_INVALID_DUPLICATE_PARAMETER' : 'WBEMMOF error'} when ${c.desc}`, () => {
      throwsMof(() => compileText(`class A {\n  ${c.mof} };`), {
        hresult: c.hresult,
        file: 'main.mof',
        line: 2,
        column: c.column,
      });
    });
  }
});

describe('MOF to model: methods, untyped references and instances', () => {
  it('gives a void method CIMTYPE 0 (CIM_EMPTY) as its return type', () => {
    const cls = onlyClass('class A { void M(); uint32 N(); };');
    assert.equal(cls.methods.get('m')?.returnType, T.CIM_EMPTY);
    assert.equal(cls.methods.get('n')?.returnType, T.CIM_UINT32);
  });

  it('numbers the parameters of a method with ID qualifiers when none has one', () => {
    const cls = onlyClass('class A { uint32 M([in] uint32 X, [out] string Y); };');
    const ids = [...(cls.methods.get('m')?.parameters.values() ?? [])].map((p) => {
      const id = p.qualifiers.get('id');
      return [p.name, id?.name, id?.value];
    });
    assert.deepEqual(ids, [
      ['X', 'ID', 0],
      ['Y', 'ID', 1],
    ]);
  });

  it('takes an untyped reference, with or without CIMTYPE("ref"), as a reference to any class', () => {
    for (const mof of ['object ref R;', '[CIMTYPE("ref")] object ref R;']) {
      const cls = onlyClass(`class A { ${mof} };`);
      const r = cls.properties.get('r');
      assert.equal(r?.type, T.CIM_REFERENCE, mof);
      assert.equal(r?.referenceClass, undefined, mof);
    }
  });

  it('refuses an instance that sets a property twice, in any case', () => {
    throwsMof(
      () => compileText('class A { [key] string K; };\ninstance of A { K = "a"; k = "b"; };'),
      {
        hresult: WBEMMOF_E_DUPLICATE_PROPERTY,
        file: 'main.mof',
        line: 2,
        column: 26,
        reason: /^k is set twice$/,
      },
    );
  });

  it('gives an instance without qualifiers no qualifier map, as cimInstance does', () => {
    const ops = compileText('class A { [key] string K; };\ninstance of A { K = "a"; };').operations;
    const op = ops.find((o) => o.kind === 'instance');
    assert.ok(op !== undefined && op.kind === 'instance');
    assert.equal('qualifiers' in op.instance, false);
  });
});
