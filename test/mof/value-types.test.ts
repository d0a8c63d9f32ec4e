import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEMMOF_E_TYPE_MISMATCH } from '../../src/mof/mof-status.js';
import { CIM_BOOLEAN, CIM_REAL64, CIM_SINT32, CIM_STRING } from '../../src/wbem/cim-type.js';
import { compileText } from './helpers/memory-files.js';
import { compileFailure, throwsMof } from './helpers/mof-assert.js';

/** The class `text` compiles to (the `index`-th one). */
function onlyClass(text: string, index = 0) {
  const op = compileText(text).operations.filter((o) => o.kind === 'class')[index];
  assert.ok(op?.kind === 'class');
  return op.cls;
}

describe('MOF values typed by their declaration', () => {
  it('keeps integers at the edges of their ranges, 64-bit ones as decimal text', () => {
    const cls = onlyClass(
      "class X { uint8 A = 255; sint8 B = -128; uint64 C = 18446744073709551615; sint64 D = -9223372036854775808; real32 E = 3; char16 F = 65; char16 G = \"z\"; datetime H = 'd'; string S = 'c'; char16 L = 0; char16 M = 65535; };",
    );
    const values = Object.fromEntries([...cls.properties.values()].map((p) => [p.name, p.value]));
    assert.deepStrictEqual(values, {
      A: 255,
      B: -128,
      C: '18446744073709551615',
      D: '-9223372036854775808',
      E: 3,
      F: 'A',
      G: 'z',
      H: 'd',
      S: 'c',
      L: '\u0000',
      M: '\uffff',
    });
  });

  it('takes a single value as a one-element array and NULL as no value', () => {
    const cls = onlyClass('class X { uint32 A[] = 5; uint32 B[] = NULL; X ref R = "X.K=1"; };');
    assert.deepStrictEqual(cls.properties.get('a')?.value, [5]);
    assert.equal(cls.properties.get('b')?.value, null);
    assert.equal(cls.properties.get('r')?.value, 'X.K=1');
  });

  const refusals: readonly (readonly [string, string])[] = [
    ['class X { uint8 A = 256; };', 'WBEMMOF_E_OUT_OF_RANGE 1:21: 256 is out of range for uint8'],
    ['class X { sint8 A = -129; };', 'WBEMMOF_E_OUT_OF_RANGE 1:21: -129 is out of range for sint8'],
    [
      'class X { uint8 A = 1.5; };',
      'WBEMMOF_E_TYPE_MISMATCH 1:21: expected uint8, found real value',
    ],
    [
      'class X { boolean A = 1; };',
      'WBEMMOF_E_TYPE_MISMATCH 1:23: expected a boolean, found integer value',
    ],
    [
      'class X { string A = 1; };',
      'WBEMMOF_E_TYPE_MISMATCH 1:22: expected a string, found integer value',
    ],
    [
      'class X { char16 A = 65536; };',
      'WBEMMOF_E_TYPE_MISMATCH 1:22: expected a char16, found integer value',
    ],
    [
      'class X { char16 A = -1; };',
      'WBEMMOF_E_TYPE_MISMATCH 1:22: expected a char16, found integer value',
    ],
    [
      'class X { char16 A = true; };',
      'WBEMMOF_E_TYPE_MISMATCH 1:22: expected a char16, found boolean value',
    ],
    [
      'class X { char16 A = 65.0; };',
      'WBEMMOF_E_TYPE_MISMATCH 1:22: expected a char16, found real value',
    ],
    [
      'class X { char16 A = "ab"; };',
      'WBEMMOF_E_TYPE_MISMATCH 1:22: expected a char16, found string value',
    ],
    [
      'class X { object A = 5; };',
      'WBEMMOF_E_TYPE_MISMATCH 1:22: expected an embedded instance, found integer value',
    ],
    ['[N{null}] class X {};', 'WBEMMOF_E_NULL_ARRAY_ELEM 1:4: array elements cannot be null'],
  ];
  for (const [text, expected] of refusals) {
    it(`fails with ${expected.split(' ')[0]} when the MOF is ${JSON.stringify(text)}`, () => {
      assert.equal(compileFailure(text), expected);
    });
  }
});

describe('MOF values of undeclared qualifiers (typed as WMI stores them)', () => {
  it('types integers as sint32 within its range and real64 beyond, text as string', () => {
    const cls = onlyClass(
      '[A(1), B(2147483648), C(-2147483649), D(-2147483648), E(1.5), F("s"), G(\'c\'), H(false), I(null), J{1, 2}, K{"x", "y"}, L{}, M(2147483647)] class X {};',
    );
    const typed = [...cls.qualifiers.values()].map(
      (q) => `${q.name}:${q.type}${q.isArray === true ? '[]' : ''}=${JSON.stringify(q.value)}`,
    );
    assert.deepEqual(typed, [
      `A:${CIM_SINT32}=1`,
      `B:${CIM_REAL64}=2147483648`,
      `C:${CIM_REAL64}=-2147483649`,
      `D:${CIM_SINT32}=-2147483648`,
      `E:${CIM_REAL64}=1.5`,
      `F:${CIM_STRING}="s"`,
      `G:${CIM_STRING}="c"`,
      `H:${CIM_BOOLEAN}=false`,
      `I:${CIM_STRING}=null`,
      `J:${CIM_SINT32}[]=[1,2]`,
      `K:${CIM_STRING}[]=["x","y"]`,
      `L:${CIM_STRING}[]=[]`,
      `M:${CIM_SINT32}=2147483647`,
    ]);
  });

  it('types the object path as a string when an undeclared qualifier takes an $Alias', () => {
    const cls = onlyClass(
      'class A { [key] string K; };\ninstance of A as $a { K = "k"; };\n[Q($a), R{$a}] class X {};',
      1,
    );
    assert.deepStrictEqual(
      [...cls.qualifiers.values()].map((q) => ({ ...q })),
      [
        { name: 'Q', type: CIM_STRING, value: 'A.K="k"', flavor: 2 },
        { name: 'R', type: CIM_STRING, isArray: true, value: ['A.K="k"'], flavor: 2 },
      ],
    );
  });
});

describe('MOF values of instance properties no class declares (typed by the literal)', () => {
  it('keeps integers within sint32 as numbers and larger ones as decimal text when no class declares them', () => {
    const op = compileText(
      'instance of Elsewhere { Top = 2147483647; Bottom = -2147483648; Over = 2147483648; Under = -2147483649; };',
      { existingClass: () => true },
    ).operations[0];
    assert.ok(op?.kind === 'instance');
    assert.deepStrictEqual(
      Object.fromEntries([...op.instance.properties.values()].map((p) => [p.name, p.value])),
      { Top: 2147483647, Bottom: -2147483648, Over: '2147483648', Under: '-2147483649' },
    );
  });

  it('takes the object path when an undeclared property takes an $Alias', () => {
    const ops = compileText(
      'class A { [key] string K; };\ninstance of A as $a { K = "k"; };\ninstance of A { K = "j"; Other = $a; Both = {$a, $a}; };',
    ).operations;
    const last = ops.at(-1);
    assert.ok(last?.kind === 'instance');
    assert.deepStrictEqual(last.instance.properties.get('other')?.value, 'A.K="k"');
    assert.deepStrictEqual(last.instance.properties.get('both')?.value, ['A.K="k"', 'A.K="k"']);
  });
});

describe('MOF values of a qualifier whose target declaration has an unknown type', () => {
  const unknownType = {
    existingQualifier: () => ({
      name: 'Q',
      type: 9999,
      isArray: false,
      value: null,
      scopes: ['any' as const],
      flavor: 0,
    }),
  };
  it('fails with WBEMMOF_E_TYPE_MISMATCH at the value when the declared type is no CIM type', () => {
    throwsMof(() => compileText('class X { [Q(1)] string P; };', unknownType), {
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      line: 1,
      column: 14,
      reason: /^expected a value of a known type, found integer value$/,
    });
    throwsMof(() => compileText('class X { [Q{1, 2}] string P; };', unknownType), {
      hresult: WBEMMOF_E_TYPE_MISMATCH,
      line: 1,
      column: 13,
      reason: /^expected a single value, found array value$/,
    });
  });
});
