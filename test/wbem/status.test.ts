import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hresultName,
  succeeded,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE,
  WBEM_E_FAILED,
  WBEM_E_NO_KEY,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { toWbemError, WbemError } from '../../src/wbem/wbem-error.js';

describe('hresultName', () => {
  it('names WMI codes with the exact wbemcli.h spelling', () => {
    assert.equal(hresultName(0x80041019), 'WBEM_E_ALREADY_EXISTS');
    assert.equal(
      hresultName(WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE),
      'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
    );
    assert.equal(hresultName(WBEM_E_NO_KEY), 'WBEM_E_NO_KEY');
    assert.equal(hresultName(WBEM_S_NO_ERROR), 'WBEM_S_NO_ERROR');
  });

  it('accepts the signed form of an HRESULT', () => {
    assert.equal(hresultName(-2147217383), 'WBEM_E_ALREADY_EXISTS');
  });

  it('prints unknown codes in hex', () => {
    assert.equal(hresultName(0x80049999), '0x80049999');
  });

  it('tells success from failure', () => {
    assert.equal(succeeded(WBEM_S_NO_ERROR), true);
    assert.equal(succeeded(WBEM_E_FAILED), false);
  });
});

describe('WbemError', () => {
  it('carries the unsigned HRESULT and names it in the message', () => {
    const error = new WbemError(-2147217383, { message: 'class Foo exists' });
    assert.equal(error.hresult, WBEM_E_ALREADY_EXISTS);
    assert.equal(error.message, 'WBEM_E_ALREADY_EXISTS: class Foo exists');
    assert.equal(error.detail, 'class Foo exists');
    assert.equal(error.name, 'WbemError');
  });

  it('turns foreign exceptions into WBEM_E_FAILED with the cause kept', () => {
    const cause = new TypeError('boom');
    const error = toWbemError(cause);
    assert.equal(error.hresult, WBEM_E_FAILED);
    assert.equal(error.cause, cause);
  });
});
