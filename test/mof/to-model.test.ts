import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { MofOperation } from '../../src/mof/mof-operation.js';
import {
  WBEMMOF_E_CIMTYPE_QUALIFIER,
  WBEMMOF_E_DUPLICATE_PROPERTY,
  WBEMMOF_E_DUPLICATE_QUALIFIER,
  WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES,
  WBEMMOF_E_NULL_ARRAY_ELEM,
  WBEMMOF_E_OUT_OF_RANGE,
  WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE,
  WBEMMOF_E_TYPE_MISMATCH,
  WBEMMOF_E_UNEXPECTED_ALIAS,
} from '../../src/mof/mof-status.js';
import * as T from '../../src/wbem/cim-type.js';
import * as F from '../../src/wbem/flavor.js';
import { WBEM_E_INVALID_DUPLICATE_PARAMETER } from '../../src/wbem/status.js';
import { compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';

const QUALIFIERS = `
Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
Qualifier MaxLen : uint32 = null, Scope(property, method, parameter);
Qualifier ValueMap : string[], Scope(property, method, parameter);
Qualifier Description : string = null, Scope(any), Flavor(EnableOverride, ToSubclass, Translatable);
Qualifier Abstract : boolean = false, Scope(class, association, indication), Flavor(EnableOverride, Restricted);
Qualifier Association : boolean = false, Scope(association), Flavor(DisableOverride, ToSubclass);
Qualifier MaxValue : sint64 = null, Scope(property, method, parameter);
Qualifier In : boolean = true, Scope(parameter), Flavor(DisableOverride, ToSubclass);
`;

const classes = (ops: readonly MofOperation[]): CimClass[] => ops.flatMap((op) => (op.kind === 'class' ? [op.cls] : []));
const onlyClass = (text: string): CimClass => classes(compileText(QUALIFIERS + text).operations)[0] as CimClass;

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
    { mof: 'datetime P = "20240102030405.000000+000"', type: T.CIM_DATETIME, value: '20240102030405.000000+000' },
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
      const cls = classes(compileText(`class Other { [Key] uint32 Id; };\nclass A { ${c.mof}; };`).operations).find((x) => x.name === 'A') as CimClass;
      const p = cls.properties.get('p');
      assert.equal(p?.type, c.type);
      assert.deepEqual(p?.value, c.value);
    });
  }

  it('records referenceClass, arraySize and embeddedObjectClass when the MOF declares them', () => {
    const cls = onlyClass('class E {}; class A { E REF R; uint8 D[16]; [CIMTYPE("object:E")] object O; };');
    assert.equal(cls.name, 'E');
    const a = classes(compileText(`${QUALIFIERS}class E {}; class A { E REF R; uint8 D[16]; [CIMTYPE("object:E")] object O; };`).operations)[1] as CimClass;
    assert.equal(a.properties.get('r')?.referenceClass, 'E');
    assert.equal(a.properties.get('d')?.arraySize, 16);
    assert.equal(a.properties.get('o')?.embeddedObjectClass, 'E');
  });

  const errors: { desc: string; mof: string; hresult: number; column: number }[] = [
    { desc: 'uint8 is given 256', mof: 'uint8 P = 256;', hresult: WBEMMOF_E_OUT_OF_RANGE, column: 13 },
    { desc: 'uint32 is given -1', mof: 'uint32 P = -1;', hresult: WBEMMOF_E_OUT_OF_RANGE, column: 14 },
    { desc: 'sint64 overflows', mof: 'sint64 P = 9223372036854775808;', hresult: WBEMMOF_E_OUT_OF_RANGE, column: 14 },
    { desc: 'a string gets a number', mof: 'string P = 5;', hresult: WBEMMOF_E_TYPE_MISMATCH, column: 14 },
    { desc: 'an integer gets a string', mof: 'uint32 P = "5";', hresult: WBEMMOF_E_TYPE_MISMATCH, column: 14 },
    { desc: 'an integer gets a real', mof: 'uint32 P = 1.5;', hresult: WBEMMOF_E_TYPE_MISMATCH, column: 14 },
    { desc: 'a boolean gets 1', mof: 'boolean P = 1;', hresult: WBEMMOF_E_TYPE_MISMATCH, column: 15 },
    { desc: 'a scalar gets an array', mof: 'string P = {"a"};', hresult: WBEMMOF_E_TYPE_MISMATCH, column: 14 },
    { desc: 'an array holds null', mof: 'string P[] = {"a", NULL};', hresult: WBEMMOF_E_NULL_ARRAY_ELEM, column: 22 },
    { desc: 'a property repeats in another case', mof: 'string P; uint8 p;', hresult: WBEMMOF_E_DUPLICATE_PROPERTY, column: 19 },
    { desc: 'a method repeats a parameter', mof: 'uint32 M(string a, string A);', hresult: WBEM_E_INVALID_DUPLICATE_PARAMETER, column: 29 },
    { desc: 'a reference gets an unknown alias', mof: 'A REF P = $Nope;', hresult: WBEMMOF_E_UNEXPECTED_ALIAS, column: 13 },
    { desc: 'CIMTYPE contradicts the type', mof: '[CIMTYPE("uint8")] string P;', hresult: WBEMMOF_E_CIMTYPE_QUALIFIER, column: 22 },
  ];
  for (const c of errors) {
    it(`fails with a positioned ${c.hresult === WBEM_E_INVALID_DUPLICATE_PARAMETER ? 'WBEM_E_INVALID_DUPLICATE_PARAMETER' : 'WBEMMOF error'} when ${c.desc}`, () => {
      throwsMof(() => compileText(`class A {\n  ${c.mof} };`), { hresult: c.hresult, file: 'main.mof', line: 2, column: c.column });
    });
  }
});

describe('MOF to model: qualifiers', () => {
  const cls = onlyClass(`
[Abstract, Description("top")]
class A {
  [Key, MaxLen(64), ValueMap{"1", "2"}, Description("d") : Amended, MaxValue(5)] string Id;
  [Key : ToInstance DisableOverride, Undeclared(7), Other, Ratio(1.5), List{1, 2}] string Two;
  [Description("m")] uint32 Go([In] string S);
};`);

  it('types qualifier values by their declarations when declared', () => {
    const q = cls.properties.get('id')?.qualifiers;
    assert.deepEqual(
      [q?.get('key')?.type, q?.get('key')?.value, q?.get('maxlen')?.type, q?.get('maxlen')?.value],
      [T.CIM_BOOLEAN, true, T.CIM_UINT32, 64],
    );
    assert.deepEqual([q?.get('valuemap')?.type, q?.get('valuemap')?.isArray, q?.get('valuemap')?.value], [T.CIM_STRING, true, ['1', '2']]);
    assert.deepEqual([q?.get('maxvalue')?.type, q?.get('maxvalue')?.value], [T.CIM_SINT64, '5']);
  });

  it('applies declared default flavors when the qualifier has no flavor of its own', () => {
    const q = cls.properties.get('id')?.qualifiers;
    assert.equal(q?.get('key')?.flavor, F.WBEM_FLAVOR_NOT_OVERRIDABLE | F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS);
    assert.equal(q?.get('maxlen')?.flavor, F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS);
    assert.equal(cls.qualifiers.get('abstract')?.flavor, 0);
    assert.equal(cls.qualifiers.get('description')?.flavor, F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS | F.WBEM_FLAVOR_AMENDED);
  });

  it('applies WMI flavor syntax over the declared flavor when written after a colon', () => {
    const key = cls.properties.get('two')?.qualifiers.get('key');
    assert.equal(key?.flavor, F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE | F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS | F.WBEM_FLAVOR_NOT_OVERRIDABLE);
  });

  it('infers types the WMI way when a qualifier is not declared', () => {
    const q = cls.properties.get('two')?.qualifiers;
    assert.deepEqual([q?.get('undeclared')?.type, q?.get('undeclared')?.value], [T.CIM_SINT32, 7]);
    assert.deepEqual([q?.get('other')?.type, q?.get('other')?.value], [T.CIM_BOOLEAN, true]);
    assert.deepEqual([q?.get('ratio')?.type, q?.get('ratio')?.value], [T.CIM_REAL64, 1.5]);
    assert.deepEqual([q?.get('list')?.type, q?.get('list')?.isArray, q?.get('list')?.value], [T.CIM_SINT32, true, [1, 2]]);
    assert.equal(q?.get('other')?.flavor, F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS);
  });

  it('keeps method parameters in declaration order with their qualifiers', () => {
    const go = cls.methods.get('go');
    assert.equal(go?.returnType, T.CIM_UINT32);
    assert.deepEqual([...(go?.parameters.values() ?? [])].map((p) => [p.name, p.type, p.qualifiers.get('in')?.value]), [['S', T.CIM_STRING, true]]);
  });

  it('uses the flavor-only WMI statement as the default flavor when one precedes the use', () => {
    const c = onlyClass('Qualifier Description : Restricted DisableOverride;\n[Description("x")] class B {};');
    assert.equal(c.qualifiers.get('description')?.flavor, F.WBEM_FLAVOR_NOT_OVERRIDABLE | F.WBEM_FLAVOR_AMENDED);
  });

  const errors: { desc: string; mof: string; hresult: number; line: number; column: number }[] = [
    { desc: 'Key sits on a class (scope property, reference)', mof: '[Key] class B {};', hresult: WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE, line: 1, column: 2 },
    { desc: 'Association sits on a plain property', mof: 'class B {\n [Association] string P; };', hresult: WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE, line: 2, column: 3 },
    { desc: 'In sits on a method', mof: 'class B {\n [In] uint32 M(); };', hresult: WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE, line: 2, column: 3 },
    { desc: 'MaxLen gets a string', mof: 'class B {\n [MaxLen("x")] string P; };', hresult: WBEMMOF_E_TYPE_MISMATCH, line: 2, column: 10 },
    { desc: 'Key gets a string', mof: 'class B {\n [Key("yes")] string P; };', hresult: WBEMMOF_E_TYPE_MISMATCH, line: 2, column: 7 },
    { desc: 'Description gets an array', mof: 'class B {\n [Description{"a"}] string P; };', hresult: WBEMMOF_E_TYPE_MISMATCH, line: 2, column: 14 },
    { desc: 'a qualifier repeats', mof: 'class B {\n [Key, key] string P; };', hresult: WBEMMOF_E_DUPLICATE_QUALIFIER, line: 2, column: 8 },
    { desc: 'flavors contradict', mof: 'class B {\n [Key : EnableOverride DisableOverride] string P; };', hresult: WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES, line: 2, column: 3 },
  ];
  for (const c of errors) {
    it(`fails with a positioned error when ${c.desc}`, () => {
      throwsMof(() => compileText(`${QUALIFIERS}${c.mof}`), { hresult: c.hresult, file: 'main.mof', line: c.line + QUALIFIERS.split('\n').length - 1, column: c.column });
    });
  }

  it('accepts Abstract on an association when its scope lists association', () => {
    const c = onlyClass('[Association, Abstract] class B {};');
    assert.equal(c.qualifiers.get('association')?.value, true);
  });
});

describe('MOF to model: instances', () => {
  it('types instance values by the class and resolves aliases to object paths', () => {
    const ops = compileText(`${QUALIFIERS}
class Base { [Key] string Id; };
class Thing : Base { uint64 Size; Base REF Peer; [Key] uint32 N; };
instance of Thing as $T1 { Id = "a"; N = 1; Size = 5; Peer = $T2; };
instance of Thing as $T2 { Id = "b\\"q"; N = 2; Size = 6; };
instance of Thing { Id = "c"; N = 3; Extra = 7; Inner = instance of Base { Id = "e"; }; };`).operations;
    const instances = ops.flatMap((op) => (op.kind === 'instance' ? [op.instance] : [])) as CimInstance[];
    assert.equal(instances.length, 3);
    assert.deepEqual(instances[0]?.properties.get('size')?.value, '5');
    assert.equal(instances[0]?.properties.get('peer')?.value, 'Thing.Id="b\\"q",N=2');
    assert.equal(instances[2]?.properties.get('extra')?.value, 7);
    const inner = instances[2]?.properties.get('inner')?.value as CimInstance;
    assert.equal(inner.className, 'Base');
  });
});
