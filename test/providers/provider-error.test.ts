import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerFailure } from '../../src/providers/provider-error.js';
import { checkProviderExport, importSpecifier } from '../../src/providers/provider-sandbox.js';
import {
  WBEM_E_ACCESS_DENIED,
  WBEM_E_INVALID_CLASS,
  WBEM_E_PROVIDER_FAILURE,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

describe('providerFailure', () => {
  const CASES: readonly { desc: string; thrown: unknown; expect: number }[] = [
    {
      desc: 'a WbemError',
      thrown: new WbemError(WBEM_E_INVALID_CLASS),
      expect: WBEM_E_INVALID_CLASS,
    },
    {
      desc: 'an object with a failure hresult',
      thrown: { hresult: WBEM_E_ACCESS_DENIED, message: 'm' },
      expect: WBEM_E_ACCESS_DENIED,
    },
    {
      desc: 'a failure HRESULT number',
      thrown: WBEM_E_ACCESS_DENIED,
      expect: WBEM_E_ACCESS_DENIED,
    },
    { desc: 'a signed failure HRESULT number', thrown: -2147217405, expect: WBEM_E_ACCESS_DENIED },
    { desc: 'a success code', thrown: 0, expect: WBEM_E_PROVIDER_FAILURE },
    {
      desc: 'an object with a success hresult',
      thrown: { hresult: 1 },
      expect: WBEM_E_PROVIDER_FAILURE,
    },
    { desc: 'a plain Error', thrown: new Error('boom'), expect: WBEM_E_PROVIDER_FAILURE },
    { desc: 'a string', thrown: 'text', expect: WBEM_E_PROVIDER_FAILURE },
    { desc: 'undefined', thrown: undefined, expect: WBEM_E_PROVIDER_FAILURE },
  ];
  for (const c of CASES)
    it(`gives 0x${c.expect.toString(16)} when the provider throws ${c.desc}`, () => {
      const failure = providerFailure(c.thrown, 'P');
      assert.equal(failure.hresult, c.expect);
      assert.match(failure.message, /provider P/);
    });
});

describe('checkProviderExport', () => {
  const caps = {
    supportsPut: true,
    supportsDelete: false,
    supportsGet: false,
    supportsEnumerate: false,
  };
  const CASES: readonly { desc: string; module: unknown; problem: RegExp | null }[] = [
    {
      desc: 'a complete provider',
      module: { default: { name: 'P', capabilities: caps, putClass() {} } },
      problem: null,
    },
    { desc: 'no default export', module: { name: 'P' }, problem: /no default export/ },
    {
      desc: 'no name',
      module: { default: { capabilities: caps, putClass() {} } },
      problem: /no name/,
    },
    { desc: 'no capabilities', module: { default: { name: 'P' } }, problem: /no capabilities/ },
    {
      desc: 'a non-boolean capability',
      module: { default: { name: 'P', capabilities: { supportsGet: 1 } } },
      problem: /boolean/,
    },
    {
      desc: 'a capability without its method',
      module: { default: { name: 'P', capabilities: caps } },
      problem: /putClass is not a function/,
    },
  ];
  for (const c of CASES)
    it(`${c.problem === null ? 'accepts' : 'refuses'} a module with ${c.desc}`, () => {
      const result = checkProviderExport(c.module);
      if (c.problem === null) assert.equal(typeof result, 'object');
      else assert.match(String(result), c.problem);
    });
});

describe('importSpecifier', () => {
  it('turns absolute paths into file URLs and keeps URLs', () => {
    assert.equal(importSpecifier('/a/b c.js'), 'file:///a/b%20c.js');
    assert.equal(importSpecifier('file:///a/b.js'), 'file:///a/b.js');
  });
});
