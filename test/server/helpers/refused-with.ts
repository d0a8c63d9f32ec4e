/**
 * @module Test helper: what a decoder's refusal says. The server answers a `WBEM_E_INVALID_PARAMETER`
 * as `CIM_ERR_INVALID_PARAMETER` with the error's detail as its description.
 */
import assert from 'node:assert/strict';
import { WBEM_E_INVALID_PARAMETER, WbemError } from '../../../src/index.js';

/** The detail of the WBEM_E_INVALID_PARAMETER `run` throws; fails when `run` returns. */
export function refusedWith(run: () => unknown): string {
  try {
    run();
  } catch (thrown) {
    assert.ok(thrown instanceof WbemError, String(thrown));
    assert.equal(thrown.hresult, WBEM_E_INVALID_PARAMETER, thrown.message);
    return thrown.detail ?? '';
  }
  assert.fail('accepted');
}
