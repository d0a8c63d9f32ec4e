import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_UPDATE_COMPATIBLE,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_SAFE_MODE,
  WbemError,
} from '../../src/index.js';
import { CimHttpError } from '../../src/server/cim-http-error.js';
import {
  isUpdateMode,
  parseUpdateMode,
  requestUpdateMode,
  UPDATE_MODE_HEADER,
  updateModeFlag,
} from '../../src/server/update-mode.js';

describe('update modes', () => {
  it('names the three modes and nothing else', () => {
    for (const mode of ['compatible', 'safe', 'force']) assert.equal(isUpdateMode(mode), true);
    for (const other of ['Safe', '', 'unsafe', undefined, 1, null]) {
      assert.equal(isUpdateMode(other), false);
    }
  });

  it('gives each mode its WBEM_FLAG_UPDATE_* bit', () => {
    assert.equal(updateModeFlag('compatible'), WBEM_FLAG_UPDATE_COMPATIBLE);
    assert.equal(updateModeFlag('safe'), WBEM_FLAG_UPDATE_SAFE_MODE);
    assert.equal(updateModeFlag('force'), WBEM_FLAG_UPDATE_FORCE_MODE);
  });

  it('reads the header lower-cased (as Node gives header names)', () => {
    assert.equal(UPDATE_MODE_HEADER, 'x-wbemrx-updatemode');
  });

  it("takes the header first, then the user's default, then the server's", () => {
    assert.equal(requestUpdateMode(' FORCE ', 'safe', 'compatible'), 'force');
    assert.equal(requestUpdateMode(undefined, 'safe', 'compatible'), 'safe');
    assert.equal(requestUpdateMode(undefined, undefined, 'force'), 'force');
    assert.equal(requestUpdateMode(['Safe'], undefined, 'force'), 'safe');
  });

  for (const [header, shown] of [
    ['', ''],
    ['brutal', 'brutal'],
    [['safe', 'force'], 'safe,force'],
    [`  ${'Y'.repeat(50)}`, 'y'.repeat(40)],
  ] as const) {
    it(`answers 400 request-not-valid for the header ${JSON.stringify(header)}`, () => {
      assert.throws(
        () => requestUpdateMode(header as string | string[], 'safe', 'force'),
        (e: unknown) => {
          assert.ok(e instanceof CimHttpError);
          assert.equal(e.httpStatus, 400);
          assert.equal(e.cimError, 'request-not-valid');
          assert.equal(e.hresult, WBEM_E_INVALID_PARAMETER);
          assert.equal(
            e.detail,
            `X-WBEMRX-UpdateMode must be compatible, safe or force (got '${shown}')`,
          );
          return true;
        },
      );
    });
  }

  it('parses a mode given by name, refusing others with what was given', () => {
    assert.equal(parseUpdateMode('safe', '--update-mode'), 'safe');
    assert.throws(
      () => parseUpdateMode('Force', '--update-mode'),
      (e: unknown) => {
        assert.ok(e instanceof WbemError);
        assert.ok(!(e instanceof CimHttpError));
        assert.equal(e.hresult, WBEM_E_INVALID_PARAMETER);
        assert.equal(e.detail, "--update-mode must be compatible, safe or force (got 'Force')");
        return true;
      },
    );
  });
});
