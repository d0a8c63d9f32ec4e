import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as api from '../../src/index.js';
import {
  CIM_STATUS,
  CimStatusError,
  cimErrorOf,
  HRESULT_TO_CIM,
} from '../../src/server/cim-status.js';

const hr = (name: string): number => (api as unknown as Record<string, number>)[name] as number;

describe('CIM status of a failure', () => {
  it("writes a server-defined failure's own CIM status and message", () => {
    const e = new CimStatusError(
      'CIM_ERR_INVALID_ENUMERATION_CONTEXT',
      api.WBEM_E_NOT_FOUND,
      'no context 7',
    );
    assert.equal(e.hresult, api.WBEM_E_NOT_FOUND);
    assert.equal(e.cimStatus, 'CIM_ERR_INVALID_ENUMERATION_CONTEXT');
    assert.deepEqual(cimErrorOf(e), {
      code: 21,
      description: 'CIM_ERR_INVALID_ENUMERATION_CONTEXT: no context 7',
    });
  });

  it('writes the HRESULT name and value alone when the failure has no message', () => {
    assert.deepEqual(cimErrorOf(new api.WbemError(api.WBEM_E_ACCESS_DENIED)), {
      code: 2,
      description: 'WBEM_E_ACCESS_DENIED (0x80041003)',
    });
  });

  it('writes the HRESULT value in eight hex digits', () => {
    assert.match(
      cimErrorOf(new api.WbemError(0x1234, { message: 'm' })).description,
      /\(0x00001234\): m$/,
    );
  });

  it('numbers the DSP0200 codes as DSP0200 does', () => {
    assert.deepEqual(
      Object.values(CIM_STATUS),
      [
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 25, 26, 27,
        28,
      ],
    );
    assert.equal(CIM_STATUS.CIM_ERR_NAMESPACE_NOT_EMPTY, 20);
    assert.equal(CIM_STATUS.CIM_ERR_SERVER_IS_SHUTTING_DOWN, 28);
  });

  // One HRESULT of each family the table's comment names, besides those of cim-status.test.ts.
  for (const [name, cim] of [
    ['WBEM_E_CRITICAL_ERROR', 'CIM_ERR_FAILED'],
    ['WBEM_E_TRANSPORT_FAILURE', 'CIM_ERR_FAILED'],
    ['WBEM_E_CALL_CANCELLED', 'CIM_ERR_FAILED'],
    ['WBEM_E_INVALID_PARAMETER', 'CIM_ERR_INVALID_PARAMETER'],
    ['WBEM_E_INVALID_OBJECT_PATH', 'CIM_ERR_INVALID_PARAMETER'],
    ['WBEM_E_INVALID_QUALIFIER_TYPE', 'CIM_ERR_INVALID_PARAMETER'],
    ['WBEM_E_INVALID_SYNTAX', 'CIM_ERR_INVALID_PARAMETER'],
    ['WBEM_E_ILLEGAL_NULL', 'CIM_ERR_INVALID_PARAMETER'],
    ['WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE', 'CIM_ERR_INVALID_PARAMETER'],
    ['WBEM_E_TOO_MUCH_DATA', 'CIM_ERR_SERVER_LIMITS_EXCEEDED'],
    ['WBEM_E_INCOMPLETE_CLASS', 'CIM_ERR_INVALID_CLASS'],
    ['WBEM_E_PROVIDER_NOT_REGISTERED', 'CIM_ERR_NOT_FOUND'],
    ['WBEM_E_PROVIDER_NOT_CAPABLE', 'CIM_ERR_NOT_SUPPORTED'],
    ['WBEM_E_INVALID_OPERATION', 'CIM_ERR_NOT_SUPPORTED'],
    ['WBEM_E_UNSUPPORTED_CLASS_UPDATE', 'CIM_ERR_NOT_SUPPORTED'],
    ['WBEM_E_PROVIDER_ALREADY_REGISTERED', 'CIM_ERR_ALREADY_EXISTS'],
    ['WBEM_E_UPDATE_TYPE_MISMATCH', 'CIM_ERR_TYPE_MISMATCH'],
    ['WBEM_E_INVALID_QUERY', 'CIM_ERR_INVALID_QUERY'],
    ['WBEM_E_UNPARSABLE_QUERY', 'CIM_ERR_INVALID_QUERY'],
    ['WBEM_E_NOT_EVENT_CLASS', 'CIM_ERR_INVALID_QUERY'],
    ['WBEM_E_INVALID_QUERY_TYPE', 'CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED'],
    ['WBEM_E_QUOTA_VIOLATION', 'CIM_ERR_SERVER_LIMITS_EXCEEDED'],
    ['WBEM_E_OUT_OF_DISK_SPACE', 'CIM_ERR_SERVER_LIMITS_EXCEEDED'],
  ] as const) {
    it(`maps ${name} to ${cim}`, () => {
      assert.equal(HRESULT_TO_CIM.get(hr(name)), cim);
      assert.equal(cimErrorOf(new api.WbemError(hr(name))).code, CIM_STATUS[cim]);
    });
  }
});
