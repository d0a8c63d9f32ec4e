import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cimClass,
  cimInstance,
  cimMethod,
  cimProperty,
  idParameter,
  qualifier,
} from '../../src/model/cim-builders.js';
import { isCimIdentifier, isClassNameSyntax } from '../../src/model/cim-name-grammar.js';
import {
  checkCimValue,
  cimTypeName,
  isCimType,
  parseCimTypeName,
} from '../../src/model/cim-type-check.js';
import { modelEquals } from '../../src/model/cim-value-equals.js';
import { formatInstancePath, parseInstancePath } from '../../src/model/object-path.js';
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_SINT8,
  CIM_SINT32,
  CIM_SINT64,
  CIM_STRING,
  CIM_UINT8,
  CIM_UINT16,
  CIM_UINT32,
  CIM_UINT64,
} from '../../src/wbem/cim-type.js';
import { hresultName } from '../../src/wbem/status.js';

describe('builders', () => {
  it('infers qualifier types from the value', () => {
    assert.equal(qualifier('Q', true).type, CIM_BOOLEAN);
    assert.equal(qualifier('Q', 3).type, CIM_SINT32);
    assert.equal(qualifier('Q', 2 ** 40).type, CIM_REAL64);
    assert.equal(qualifier('Q', 1.5).type, CIM_REAL64);
    assert.equal(qualifier('Q', 's').type, CIM_STRING);
    const arr = qualifier('Q', ['a', 'b'], { flavor: 0x12 });
    assert.equal(arr.isArray, true);
    assert.equal(arr.flavor, 0x12);
  });
  it('builds classes keyed case-insensitively with MOF type keywords', () => {
    const cls = cimClass({
      name: 'Foo',
      properties: [cimProperty('Data', 'uint8[]'), cimProperty('Id', CIM_STRING)],
      methods: [cimMethod('Go', 'void', { parameters: [idParameter('x', 'sint32', 0)] })],
    });
    assert.equal(cls.genus, 1);
    assert.equal(cls.superclass, null);
    assert.equal(cls.properties.get('data')?.isArray, true);
    assert.equal(cls.properties.get('data')?.type, CIM_UINT8);
    assert.equal(cls.methods.get('go')?.returnType, 0);
    assert.equal(cls.methods.get('go')?.parameters.get('x')?.qualifiers.get('id')?.value, 0);
    assert.equal(cimInstance('Foo', { Id: 'a' }).properties.get('id')?.value, 'a');
  });
});

describe('CIM types and values', () => {
  it('knows every CIMTYPE and nothing else', () => {
    for (const t of [2, 3, 4, 5, 8, 11, 13, 16, 17, 18, 19, 20, 21, 101, 102, 103])
      assert.ok(isCimType(t), String(t));
    for (const t of [0, 1, 7, 0x2008, 0xfff, -1, 1.5, '8']) assert.ok(!isCimType(t), String(t));
    assert.equal(cimTypeName(CIM_UINT32, true), 'uint32[]');
    assert.deepEqual(parseCimTypeName('reference'), { type: 102, isArray: false });
  });
  const cases: { type: number; isArray?: boolean; value: unknown; expect: string }[] = [
    { type: CIM_SINT8, value: -128, expect: 'ok' },
    { type: CIM_SINT8, value: 128, expect: 'WBEM_E_VALUE_OUT_OF_RANGE' },
    { type: CIM_UINT16, value: 65535, expect: 'ok' },
    { type: CIM_UINT32, value: 4294967296, expect: 'WBEM_E_VALUE_OUT_OF_RANGE' },
    { type: CIM_UINT32, value: 1.5, expect: 'WBEM_E_TYPE_MISMATCH' },
    { type: CIM_SINT64, value: '-9223372036854775808', expect: 'ok' },
    { type: CIM_SINT64, value: '9223372036854775808', expect: 'WBEM_E_VALUE_OUT_OF_RANGE' },
    { type: CIM_UINT64, value: '18446744073709551615', expect: 'ok' },
    { type: CIM_UINT64, value: '-1', expect: 'WBEM_E_VALUE_OUT_OF_RANGE' },
    { type: CIM_UINT64, value: 5, expect: 'WBEM_E_TYPE_MISMATCH' },
    { type: CIM_REAL32, value: 1e39, expect: 'WBEM_E_VALUE_OUT_OF_RANGE' },
    { type: CIM_REAL64, value: 1e300, expect: 'ok' },
    { type: CIM_DATETIME, value: '20240101120000.000000+000', expect: 'ok' },
    { type: CIM_DATETIME, value: '00000001020304.000000:000', expect: 'ok' },
    { type: CIM_DATETIME, value: '2024-01-01', expect: 'WBEM_E_TYPE_MISMATCH' },
    { type: CIM_CHAR16, value: 'ab', expect: 'WBEM_E_TYPE_MISMATCH' },
    { type: CIM_CHAR16, value: 'a', expect: 'ok' },
    { type: CIM_BOOLEAN, value: 0, expect: 'WBEM_E_TYPE_MISMATCH' },
    { type: CIM_STRING, isArray: true, value: ['a', null], expect: 'WBEM_E_TYPE_MISMATCH' },
    { type: CIM_STRING, isArray: true, value: 'a', expect: 'WBEM_E_TYPE_MISMATCH' },
    { type: CIM_OBJECT, value: cimInstance('X'), expect: 'ok' },
    { type: CIM_OBJECT, value: { genus: 5 }, expect: 'WBEM_E_TYPE_MISMATCH' },
    { type: CIM_STRING, value: null, expect: 'ok' },
  ];
  for (const c of cases) {
    it(`${c.expect === 'ok' ? 'accepts' : `refuses with ${c.expect}`} ${JSON.stringify(c.value)} as type ${c.type}${c.isArray ? '[]' : ''}`, () => {
      const r = checkCimValue(c.value, c.type, c.isArray ?? false);
      assert.equal(r === undefined ? 'ok' : hresultName(r), c.expect);
    });
  }
});

describe('name grammar', () => {
  it('accepts identifiers and refuses the rest', () => {
    for (const n of ['Foo', 'Acme_Disk', 'a1', 'Größe']) assert.ok(isCimIdentifier(n), n);
    for (const n of ['', '1a', '_a', 'a-b', 'a b', 'a.b']) assert.ok(!isCimIdentifier(n), n);
    assert.ok(isClassNameSyntax('__NAMESPACE'));
    assert.ok(!isClassNameSyntax('___X'));
  });
});

describe('object paths', () => {
  it('formats canonical paths with sorted keys and escaping', () => {
    assert.equal(
      formatInstancePath('Foo', [
        { name: 'N', value: 3, type: CIM_UINT32 },
        { name: 'Id', value: 'a"b\\c', type: CIM_STRING },
      ]),
      'Foo.Id="a\\"b\\\\c",N=3',
    );
    assert.equal(formatInstancePath('Cfg', []), 'Cfg=@');
    assert.equal(
      formatInstancePath('B', [{ name: 'On', value: true, type: CIM_BOOLEAN }]),
      'B.On=TRUE',
    );
  });
  it('parses what it formats, with a namespace prefix and bare values', () => {
    const p = parseInstancePath('\\\\HOST\\root\\cimv2:Foo.Id="a\\"b,c:d",N=3');
    assert.equal(p.namespace, 'root\\cimv2');
    assert.equal(p.className, 'Foo');
    assert.deepEqual(p.keys, [
      { name: 'Id', value: 'a"b,c:d' },
      { name: 'N', value: 3 },
    ]);
    assert.deepEqual(parseInstancePath('Foo="x"').keys, [{ name: '', value: 'x' }]);
    assert.equal(parseInstancePath('Cfg=@').singleton, true);
    assert.deepEqual(parseInstancePath('F.Big=18446744073709551615').keys, [
      { name: 'Big', value: '18446744073709551615' },
    ]);
  });
  for (const bad of [
    '',
    '.Id=1',
    'Foo',
    'Foo.',
    'Foo.Id',
    'Foo.Id="x',
    'Foo.Id=1,',
    'Foo.Id=abc',
    'Foo=@x',
  ]) {
    it(`fails with WBEM_E_INVALID_OBJECT_PATH for ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => parseInstancePath(bad),
        (e: { hresult?: number }) => e.hresult === 0x8004103a,
      );
    });
  }
});

describe('modelEquals', () => {
  it('compares maps by key regardless of order, and treats absent as undefined', () => {
    assert.ok(
      modelEquals(
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
        new Map([
          ['b', 2],
          ['a', 1],
        ]),
      ),
    );
    assert.ok(modelEquals({ a: 1 }, { a: 1, b: undefined }));
    assert.ok(!modelEquals({ a: 1 }, { a: 1, b: 0 }));
    assert.ok(!modelEquals([1], { 0: 1 }));
  });
});
