/**
 * @module The edges of CIM value checking (`checkCimValue`) and of the type keyword helpers:
 * each integer type one past and at its limits, the string-coded 64-bit types, real32's range,
 * datetime forms, embedded objects (genus, nesting, cycles) and arrays.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance } from '../../src/model/cim-builders.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import {
  canBeKeyType,
  checkCimValue,
  cimTypeName,
  parseCimTypeName,
} from '../../src/model/cim-type-check.js';
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT8,
  CIM_SINT16,
  CIM_SINT32,
  CIM_SINT64,
  CIM_STRING,
  CIM_UINT8,
  CIM_UINT16,
  CIM_UINT32,
  CIM_UINT64,
} from '../../src/wbem/cim-type.js';
import { WBEM_MAX_OBJECT_NESTING } from '../../src/wbem/flags.js';
import { hresultName } from '../../src/wbem/status.js';

const outcome = (value: unknown, type: number, isArray = false): string => {
  const r = checkCimValue(value, type, isArray);
  return r === undefined ? 'ok' : hresultName(r);
};
const RANGE = 'WBEM_E_VALUE_OUT_OF_RANGE';
/** An object whose genus is neither class nor instance, as a caller's bad input. */
const ALIEN = { genus: 9 } as unknown as CimInstance;
const MISMATCH = 'WBEM_E_TYPE_MISMATCH';

describe('checkCimValue: integer limits', () => {
  const limits: [string, number, number, number][] = [
    ['sint8', CIM_SINT8, -128, 127],
    ['uint8', CIM_UINT8, 0, 255],
    ['sint16', CIM_SINT16, -32768, 32767],
    ['uint16', CIM_UINT16, 0, 65535],
    ['sint32', CIM_SINT32, -2147483648, 2147483647],
    ['uint32', CIM_UINT32, 0, 4294967295],
  ];
  for (const [name, type, min, max] of limits) {
    it(`accepts ${min} and ${max} and refuses one past either as ${name}`, () => {
      assert.equal(outcome(min, type), 'ok');
      assert.equal(outcome(max, type), 'ok');
      assert.equal(outcome(min - 1, type), RANGE);
      assert.equal(outcome(max + 1, type), RANGE);
      assert.equal(outcome(1.5, type), MISMATCH);
      assert.equal(outcome('1', type), MISMATCH);
      assert.equal(outcome([min, max], type, true), 'ok');
      assert.equal(outcome([min, max + 1], type, true), RANGE);
    });
  }

  it('accepts the 64-bit limits as decimal strings and refuses one past them', () => {
    assert.equal(outcome('-9223372036854775808', CIM_SINT64), 'ok');
    assert.equal(outcome('9223372036854775807', CIM_SINT64), 'ok');
    assert.equal(outcome('-9223372036854775809', CIM_SINT64), RANGE);
    assert.equal(outcome('0', CIM_UINT64), 'ok');
    assert.equal(outcome('18446744073709551616', CIM_UINT64), RANGE);
    assert.equal(outcome('123456789012345678901', CIM_UINT64), MISMATCH);
    assert.equal(outcome('0x10', CIM_UINT64), MISMATCH);
    assert.equal(outcome(' 1', CIM_SINT64), MISMATCH);
    assert.equal(outcome('1 ', CIM_SINT64), MISMATCH);
  });
});

describe('checkCimValue: other scalar types', () => {
  it('bounds real32 by its largest finite value, either sign', () => {
    assert.equal(outcome(3.4028234663852886e38, CIM_REAL32), 'ok');
    assert.equal(outcome(-3.4028234663852886e38, CIM_REAL32), 'ok');
    assert.equal(outcome(-1e39, CIM_REAL32), RANGE);
    assert.equal(outcome(Number.POSITIVE_INFINITY, CIM_REAL32), 'ok');
    assert.equal(outcome('1', CIM_REAL32), MISMATCH);
  });

  it('takes any number as real64 and nothing else', () => {
    assert.equal(outcome(-1e300, CIM_REAL64), 'ok');
    assert.equal(outcome('1', CIM_REAL64), MISMATCH);
  });

  it('takes strings for string and reference types only', () => {
    assert.equal(outcome('', CIM_STRING), 'ok');
    assert.equal(outcome(1, CIM_STRING), MISMATCH);
    assert.equal(outcome('Foo.Id=1', CIM_REFERENCE), 'ok');
    assert.equal(outcome(1, CIM_REFERENCE), MISMATCH);
    assert.equal(outcome(true, CIM_BOOLEAN), 'ok');
    assert.equal(outcome('true', CIM_BOOLEAN), MISMATCH);
    assert.equal(outcome(1, CIM_CHAR16), MISMATCH);
    assert.equal(outcome(['a'], CIM_CHAR16), MISMATCH);
    assert.equal(outcome('', CIM_CHAR16), MISMATCH);
  });

  it('accepts datetimes and intervals with insignificant digits and refuses other forms', () => {
    assert.equal(outcome('2024****120000.******-060', CIM_DATETIME), 'ok');
    assert.equal(outcome('20240101120000.000000+000x', CIM_DATETIME), MISMATCH);
    assert.equal(outcome('x20240101120000.000000+000', CIM_DATETIME), MISMATCH);
    assert.equal(outcome('00000001020304.000000:001', CIM_DATETIME), MISMATCH);
    assert.equal(outcome('2024010112000.000000+000', CIM_DATETIME), MISMATCH);
    assert.equal(outcome(20240101, CIM_DATETIME), MISMATCH);
  });

  it('refuses every value for a number that is not a CIM type', () => {
    assert.equal(outcome('x', 7), MISMATCH);
    assert.equal(outcome(1, 0), MISMATCH);
  });

  it('accepts null and undefined for every type, scalar or array', () => {
    for (const type of [CIM_UINT8, CIM_STRING, CIM_OBJECT, CIM_SINT64]) {
      assert.equal(outcome(null, type), 'ok');
      assert.equal(outcome(undefined, type, true), 'ok');
    }
  });

  it('refuses an array item that is undefined and a scalar where an array is declared', () => {
    assert.equal(outcome([1, undefined], CIM_UINT8, true), MISMATCH);
    assert.equal(outcome(1, CIM_UINT8, true), MISMATCH);
    assert.equal(outcome([], CIM_UINT8, true), 'ok');
    assert.equal(outcome(['1', 2], CIM_UINT8, true), MISMATCH);
  });
});

describe('checkCimValue: embedded objects', () => {
  function nested(depth: number): CimInstance {
    let inner: CimInstance = cimInstance('Leaf');
    for (let i = 0; i < depth; i++) inner = cimInstance('Box', { Inner: inner });
    return inner;
  }

  it('accepts classes and instances and refuses other objects', () => {
    assert.equal(outcome(cimClass({ name: 'C' }), CIM_OBJECT), 'ok');
    assert.equal(outcome({ genus: 2 }, CIM_OBJECT), 'ok');
    assert.equal(outcome({ genus: 3 }, CIM_OBJECT), MISMATCH);
    assert.equal(outcome(null, CIM_OBJECT), 'ok');
    assert.equal(outcome([cimInstance('X')], CIM_OBJECT), MISMATCH);
    assert.equal(outcome('X', CIM_OBJECT), MISMATCH);
    assert.equal(outcome({ genus: 2, properties: {} }, CIM_OBJECT), MISMATCH);
  });

  it('checks objects inside property values, scalar or array', () => {
    assert.equal(outcome(cimInstance('Outer', { A: ALIEN }), CIM_OBJECT), MISMATCH);
    assert.equal(
      outcome(cimInstance('Outer', { A: [cimInstance('X'), ALIEN] }), CIM_OBJECT),
      MISMATCH,
    );
    assert.equal(
      outcome(cimInstance('Outer', { A: [cimInstance('X'), 'text'] }), CIM_OBJECT),
      'ok',
    );
    const badProperty = { genus: 2, properties: new Map([['p', null]]) };
    assert.equal(outcome(badProperty, CIM_OBJECT), MISMATCH);
    assert.equal(outcome({ genus: 2, properties: new Map([['p', 5]]) }, CIM_OBJECT), MISMATCH);
    assert.equal(
      outcome(
        cimInstance('Outer', { A: [cimInstance('X'), null] as unknown as CimInstance[] }),
        CIM_OBJECT,
      ),
      'ok',
    );
  });

  it('accepts the same object twice side by side but refuses a cycle', () => {
    const shared = cimInstance('Shared');
    assert.equal(outcome(cimInstance('Outer', { A: shared, B: shared }), CIM_OBJECT), 'ok');
    const props = new Map<string, { name: string; value: unknown }>();
    const cyclic = { genus: 2, className: 'C', properties: props };
    props.set('self', { name: 'Self', value: cyclic });
    assert.equal(outcome(cyclic, CIM_OBJECT), MISMATCH);
  });

  it('accepts nesting up to the limit and refuses one level deeper', () => {
    assert.equal(outcome(nested(WBEM_MAX_OBJECT_NESTING - 1), CIM_OBJECT), 'ok');
    assert.equal(outcome(nested(WBEM_MAX_OBJECT_NESTING), CIM_OBJECT), MISMATCH);
  });
});

describe('CIM type keywords', () => {
  it('names types with [] for arrays and nothing for invalid types', () => {
    assert.equal(cimTypeName(CIM_UINT32), 'uint32');
    assert.equal(cimTypeName(CIM_STRING, true), 'string[]');
    assert.equal(cimTypeName(7), undefined);
    assert.equal(cimTypeName(7, true), undefined);
  });

  it('parses keywords in any case, with [] and reference as ref', () => {
    assert.deepEqual(parseCimTypeName('UInt32'), { type: CIM_UINT32, isArray: false });
    assert.deepEqual(parseCimTypeName('string[]'), { type: CIM_STRING, isArray: true });
    assert.deepEqual(parseCimTypeName(' sint8 '), { type: CIM_SINT8, isArray: false });
    assert.deepEqual(parseCimTypeName('reference'), { type: CIM_REFERENCE, isArray: false });
    assert.deepEqual(parseCimTypeName('ref[]'), { type: CIM_REFERENCE, isArray: true });
    assert.equal(parseCimTypeName('uint33'), undefined);
    assert.equal(parseCimTypeName('[]'), undefined);
  });

  it('allows Key on scalars other than reals and objects', () => {
    assert.equal(canBeKeyType(CIM_UINT32, false), true);
    assert.equal(canBeKeyType(CIM_REFERENCE, false), true);
    assert.equal(canBeKeyType(CIM_UINT32, true), false);
    for (const type of [CIM_REAL32, CIM_REAL64, CIM_OBJECT])
      assert.equal(canBeKeyType(type, false), false);
  });
});
