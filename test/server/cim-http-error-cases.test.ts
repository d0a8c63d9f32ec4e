import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEM_E_INVALID_PARAMETER, WBEM_E_NOT_SUPPORTED, WbemError } from '../../src/index.js';
import { CimHttpError } from '../../src/server/cim-http-error.js';

describe('CimHttpError', () => {
  it('is a WbemError carrying its HTTP status, CIMError header and message', () => {
    const e = new CimHttpError(WBEM_E_INVALID_PARAMETER, 400, 'header-mismatch', 'why');
    assert.ok(e instanceof WbemError);
    assert.equal(e.hresult, WBEM_E_INVALID_PARAMETER);
    assert.equal(e.httpStatus, 400);
    assert.equal(e.cimError, 'header-mismatch');
    assert.equal(e.message, 'WBEM_E_INVALID_PARAMETER: why');
    assert.equal(e.detail, 'why');
    assert.deepEqual(e.refusalHeaders(), { CIMError: 'header-mismatch' });
  });

  it('takes no message: the HRESULT name alone', () => {
    const e = new CimHttpError(WBEM_E_NOT_SUPPORTED, 500, undefined, undefined);
    assert.equal(e.message, 'WBEM_E_NOT_SUPPORTED');
    assert.equal(e.detail, undefined);
  });

  it('sends no CIMError header for a plain HTTP failure', () => {
    assert.deepEqual(
      new CimHttpError(WBEM_E_INVALID_PARAMETER, 413, undefined, 'x').refusalHeaders(),
      {},
    );
  });

  it('sends Allow: POST with a 405 (RFC 9110 §15.5.6), and only then', () => {
    assert.deepEqual(new CimHttpError(WBEM_E_NOT_SUPPORTED, 405, undefined, 'x').refusalHeaders(), {
      Allow: 'POST',
    });
    assert.deepEqual(
      new CimHttpError(WBEM_E_NOT_SUPPORTED, 501, 'unsupported-operation', 'x').refusalHeaders(),
      { CIMError: 'unsupported-operation' },
    );
  });
});
