import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MofError } from '../../src/mof/mof-error.js';
import { WBEM_E_NOT_FOUND } from '../../src/wbem/status.js';
import { toWbemError, WbemError } from '../../src/wbem/wbem-error.js';

/** A second copy of the module, as a bundled host and a repository module it loads each have. */
async function otherCopy(): Promise<typeof WbemError> {
  const url = new URL('../../src/wbem/wbem-error.js?copy', import.meta.url).href;
  const module = (await import(url)) as { WbemError: typeof WbemError };
  assert.notEqual(module.WbemError, WbemError);
  return module.WbemError;
}

describe('WbemError', () => {
  it('is recognised by instanceof when another copy of the module made it', async () => {
    const Copy = await otherCopy();
    const error = new Copy(WBEM_E_NOT_FOUND, { message: 'class X' });
    assert.ok(error instanceof WbemError);
    assert.ok(new WbemError(WBEM_E_NOT_FOUND) instanceof Copy);
    assert.equal(toWbemError(error), error);
  });

  it('is not recognised in a plain Error or a look-alike object', () => {
    assert.ok(!(new Error('x') instanceof WbemError));
    assert.ok(!({ hresult: WBEM_E_NOT_FOUND, name: 'WbemError' } instanceof WbemError));
    assert.ok(!((null as unknown) instanceof WbemError));
  });

  it('keeps the prototype test for a subclass when instanceof names the subclass', () => {
    assert.ok(!(new WbemError(WBEM_E_NOT_FOUND) instanceof MofError));
    const mof = new MofError(WBEM_E_NOT_FOUND, { file: 'a.mof', line: 1, column: 1 }, 'x');
    assert.ok(mof instanceof MofError);
    assert.ok(mof instanceof WbemError);
  });
});
