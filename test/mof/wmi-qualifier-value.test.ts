/**
 * @module `wmiQualifierValue`, the package's conversion of a typed qualifier value to the form
 * WMI's qualifier sets hold (spec §4.3: VT_I4, VT_R8, VT_BSTR, VT_BOOL), which the MOF compiler
 * and the CIM-XML server both apply.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wmiQualifierValue } from '../../src/index.js';
import type { CimValue } from '../../src/model/cim-value.js';
import * as T from '../../src/wbem/cim-type.js';

describe('wmiQualifierValue', () => {
  it('keeps a boolean value and its type when the type is boolean', () => {
    assert.deepStrictEqual(wmiQualifierValue(T.CIM_BOOLEAN, false, false), {
      type: T.CIM_BOOLEAN,
      value: false,
    });
    assert.deepStrictEqual(wmiQualifierValue(T.CIM_BOOLEAN, true, [true, false]), {
      type: T.CIM_BOOLEAN,
      value: [true, false],
    });
  });

  it('stores reals as real64 and text types as string when the type is real32, datetime or char16', () => {
    assert.deepStrictEqual(wmiQualifierValue(T.CIM_REAL32, false, 1.5), {
      type: T.CIM_REAL64,
      value: 1.5,
    });
    assert.deepStrictEqual(wmiQualifierValue(T.CIM_DATETIME, false, '20240101000000.000000+000'), {
      type: T.CIM_STRING,
      value: '20240101000000.000000+000',
    });
    assert.deepStrictEqual(wmiQualifierValue(T.CIM_CHAR16, true, ['a', '7']), {
      type: T.CIM_STRING,
      value: ['a', '7'],
    });
    assert.deepStrictEqual(wmiQualifierValue(T.CIM_CHAR16, false, '7'), {
      type: T.CIM_STRING,
      value: '7',
    });
  });

  it('stores sint32, real64 past its range, string past 2^53 and NULL as NULL when the type is an integer', () => {
    const cases: [number, boolean, CimValue, number, CimValue][] = [
      [T.CIM_UINT8, false, 7, T.CIM_SINT32, 7],
      [T.CIM_UINT32, false, null, T.CIM_SINT32, null],
      [T.CIM_UINT32, true, null, T.CIM_SINT32, null],
      [T.CIM_UINT32, true, [], T.CIM_SINT32, []],
      [T.CIM_UINT64, false, '4294967296', T.CIM_REAL64, 4294967296],
      [T.CIM_SINT64, true, ['-1', '-4294967296'], T.CIM_REAL64, [-1, -4294967296]],
      [T.CIM_UINT64, false, '9007199254740993', T.CIM_STRING, '9007199254740993'],
      [T.CIM_UINT64, true, ['1', '9007199254740993'], T.CIM_STRING, ['1', '9007199254740993']],
    ];
    for (const [type, isArray, value, storedType, stored] of cases) {
      assert.deepStrictEqual(
        wmiQualifierValue(type, isArray, value),
        { type: storedType, value: stored },
        `${type}${isArray ? '[]' : ''} ${JSON.stringify(value)}`,
      );
    }
  });
});
