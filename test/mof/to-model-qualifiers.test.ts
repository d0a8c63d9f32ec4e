import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimInstance } from '../../src/model/cim-instance.js';
import {
  WBEMMOF_E_DUPLICATE_QUALIFIER,
  WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES,
  WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE,
  WBEMMOF_E_TYPE_MISMATCH,
} from '../../src/mof/mof-status.js';
import * as T from '../../src/wbem/cim-type.js';
import * as F from '../../src/wbem/flavor.js';
import { compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';
import { onlyClass, QUALIFIERS } from './helpers/qualifier-prelude.js';

describe('MOF to model: qualifiers', () => {
  const text = `
[Abstract, Description("top")]
class A {
  [Key, MaxLen(64), ValueMap{"1", "2"}, Description("d") : Amended, MaxValue(5)] string Id;
  [Key : ToInstance DisableOverride, Undeclared(7), Other, Ratio(1.5), List{1, 2}] string Two;
  [Description("m")] uint32 Go([In] string S);
};`;
  const cls = onlyClass(text);
  const declared = onlyClass(text, { qualifierValueTypes: 'declared' });

  it('types qualifier values by their declarations when qualifierValueTypes is declared', () => {
    const q = declared.properties.get('id')?.qualifiers;
    assert.deepEqual(
      [q?.get('key')?.type, q?.get('key')?.value, q?.get('maxlen')?.type, q?.get('maxlen')?.value],
      [T.CIM_BOOLEAN, true, T.CIM_UINT32, 64],
    );
    assert.deepEqual(
      [q?.get('valuemap')?.type, q?.get('valuemap')?.isArray, q?.get('valuemap')?.value],
      [T.CIM_STRING, true, ['1', '2']],
    );
    assert.deepEqual([q?.get('maxvalue')?.type, q?.get('maxvalue')?.value], [T.CIM_SINT64, '5']);
  });

  it('stores qualifier values as WMI qualifier sets hold them by default', () => {
    const q = cls.properties.get('id')?.qualifiers;
    assert.deepEqual([q?.get('key')?.type, q?.get('key')?.value], [T.CIM_BOOLEAN, true]);
    assert.deepEqual([q?.get('maxlen')?.type, q?.get('maxlen')?.value], [T.CIM_SINT32, 64]);
    assert.deepEqual([q?.get('maxvalue')?.type, q?.get('maxvalue')?.value], [T.CIM_SINT32, 5]);
    assert.deepEqual([q?.get('valuemap')?.type, q?.get('valuemap')?.isArray], [T.CIM_STRING, true]);
  });

  const storage: { desc: string; decl: string; use: string; type: number; value: unknown }[] = [
    {
      desc: 'a uint32 past 2^31',
      decl: 'uint32',
      use: '(4000000000)',
      type: T.CIM_REAL64,
      value: 4000000000,
    },
    {
      desc: 'a uint64 past 2^53',
      decl: 'uint64',
      use: '(18446744073709551615)',
      type: T.CIM_STRING,
      value: '18446744073709551615',
    },
    { desc: 'a real32', decl: 'real32', use: '(1.5)', type: T.CIM_REAL64, value: 1.5 },
    {
      desc: 'a datetime',
      decl: 'datetime',
      use: '("20240101000000.000000+000")',
      type: T.CIM_STRING,
      value: '20240101000000.000000+000',
    },
    { desc: 'a char16', decl: 'char16', use: "('c')", type: T.CIM_STRING, value: 'c' },
    { desc: 'a sint8 array', decl: 'sint8[]', use: '{-1, 2}', type: T.CIM_SINT32, value: [-1, 2] },
    {
      desc: 'a uint32 array with one large value',
      decl: 'uint32[]',
      use: '{1, 4000000000}',
      type: T.CIM_REAL64,
      value: [1, 4000000000],
    },
    {
      desc: 'a uint64 array with one value past 2^53',
      decl: 'uint64[]',
      use: '{1, 9007199254740993}',
      type: T.CIM_STRING,
      value: ['1', '9007199254740993'],
    },
    { desc: 'a NULL uint32', decl: 'uint32', use: '(NULL)', type: T.CIM_SINT32, value: null },
    { desc: 'a missing uint32 array', decl: 'uint32[]', use: '', type: T.CIM_SINT32, value: null },
  ];
  for (const c of storage) {
    it(`stores ${c.desc} qualifier value as CIMTYPE ${c.type} when qualifierValueTypes is wmi`, () => {
      const x = onlyClass(`Qualifier Q : ${c.decl}, Scope(any);\n[Q${c.use}] class X {};`);
      assert.deepEqual(
        [x.qualifiers.get('q')?.type, x.qualifiers.get('q')?.value],
        [c.type, c.value],
      );
    });
  }

  it('applies declared default flavors when the qualifier has no flavor of its own', () => {
    const q = cls.properties.get('id')?.qualifiers;
    assert.equal(
      q?.get('key')?.flavor,
      F.WBEM_FLAVOR_NOT_OVERRIDABLE | F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
    );
    assert.equal(q?.get('maxlen')?.flavor, F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS);
    assert.equal(cls.qualifiers.get('abstract')?.flavor, 0);
    assert.equal(
      cls.qualifiers.get('description')?.flavor,
      F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS | F.WBEM_FLAVOR_AMENDED,
    );
  });

  it('applies WMI flavor syntax over the declared flavor when written after a colon', () => {
    const key = cls.properties.get('two')?.qualifiers.get('key');
    assert.equal(
      key?.flavor,
      F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE |
        F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS |
        F.WBEM_FLAVOR_NOT_OVERRIDABLE,
    );
  });

  it('infers types the WMI way when a qualifier is not declared', () => {
    const q = cls.properties.get('two')?.qualifiers;
    assert.deepEqual([q?.get('undeclared')?.type, q?.get('undeclared')?.value], [T.CIM_SINT32, 7]);
    assert.deepEqual(declared.properties.get('two')?.qualifiers.get('ratio')?.type, T.CIM_REAL64);
    assert.deepEqual([q?.get('other')?.type, q?.get('other')?.value], [T.CIM_BOOLEAN, true]);
    assert.deepEqual([q?.get('ratio')?.type, q?.get('ratio')?.value], [T.CIM_REAL64, 1.5]);
    assert.deepEqual(
      [q?.get('list')?.type, q?.get('list')?.isArray, q?.get('list')?.value],
      [T.CIM_SINT32, true, [1, 2]],
    );
    assert.equal(q?.get('other')?.flavor, F.WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS);
  });

  it('keeps method parameters in declaration order with their qualifiers', () => {
    const go = cls.methods.get('go');
    assert.equal(go?.returnType, T.CIM_UINT32);
    assert.deepEqual(
      [...(go?.parameters.values() ?? [])].map((p) => [
        p.name,
        p.type,
        p.qualifiers.get('in')?.value,
      ]),
      [['S', T.CIM_STRING, true]],
    );
  });

  it('allows a qualifier anywhere when its declaration has no Scope', () => {
    const c = onlyClass(
      'Qualifier Loose : string;\n[Loose("a")] class B { [Loose("b")] string P; };',
    );
    assert.equal(c.properties.get('p')?.qualifiers.get('loose')?.value, 'b');
  });

  it('uses the flavor-only WMI statement as the default flavor when one precedes the use', () => {
    const c = onlyClass(
      'Qualifier Description : Restricted DisableOverride;\n[Description("x")] class B {};',
    );
    assert.equal(
      c.qualifiers.get('description')?.flavor,
      F.WBEM_FLAVOR_NOT_OVERRIDABLE | F.WBEM_FLAVOR_AMENDED,
    );
  });

  const errors: { desc: string; mof: string; hresult: number; line: number; column: number }[] = [
    {
      desc: 'Key sits on a class (scope property, reference)',
      mof: '[Key] class B {};',
      hresult: WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE,
      line: 1,
      column: 2,
    },
    {
      desc: 'Association sits on a plain property',
      mof: 'class B {\n [Association] string P; };',
      hresult: WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE,
      line: 2,
      column: 3,
    },
    {
      desc: 'In sits on a method',
      mof: 'class B {\n [In] uint32 M(); };',
      hresult: WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE,
      line: 2,
      column: 3,
    },
    {
      desc: 'MaxLen gets a string',
      mof: 'class B {\n [MaxLen("x")] string P; };',
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      line: 2,
      column: 10,
    },
    {
      desc: 'Key gets a string',
      mof: 'class B {\n [Key("yes")] string P; };',
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      line: 2,
      column: 7,
    },
    {
      desc: 'Description gets an array',
      mof: 'class B {\n [Description{"a"}] string P; };',
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      line: 2,
      column: 14,
    },
    {
      desc: 'a qualifier repeats',
      mof: 'class B {\n [Key, key] string P; };',
      hresult: WBEMMOF_E_DUPLICATE_QUALIFIER,
      line: 2,
      column: 8,
    },
    {
      desc: 'flavors contradict',
      mof: 'class B {\n [Key : EnableOverride DisableOverride] string P; };',
      hresult: WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES,
      line: 2,
      column: 3,
    },
  ];
  for (const c of errors) {
    it(`fails with a positioned error when ${c.desc}`, () => {
      throwsMof(() => compileText(`${QUALIFIERS}${c.mof}`), {
        hresult: c.hresult,
        file: 'main.mof',
        line: c.line + QUALIFIERS.split('\n').length - 1,
        column: c.column,
      });
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
    const instances = ops.flatMap((op) =>
      op.kind === 'instance' ? [op.instance] : [],
    ) as CimInstance[];
    assert.equal(instances.length, 3);
    assert.deepEqual(instances[0]?.properties.get('size')?.value, '5');
    assert.equal(instances[0]?.properties.get('peer')?.value, 'Thing.Id="b\\"q",N=2');
    assert.equal(instances[2]?.properties.get('extra')?.value, 7);
    const inner = instances[2]?.properties.get('inner')?.value as CimInstance;
    assert.equal(inner.className, 'Base');
  });
});
