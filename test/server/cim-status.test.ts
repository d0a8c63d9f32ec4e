import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as api from '../../src/index.js';
import { CIM_STATUS, cimErrorOf, HRESULT_TO_CIM } from '../../src/server/cim-status.js';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'server' || name === 'cli' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && name !== 'status.ts' ? [path] : [];
  });
}

describe('HRESULT → CIM status table', () => {
  it('lists every WMI HRESULT the engine source raises', () => {
    const exported = new Set(Object.keys(api).filter((k) => k.startsWith('WBEM_E_')));
    const used = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bWBEM_E_[A-Z0-9_]*[A-Z0-9]\b/g)) {
        if (exported.has(m[0])) used.add(m[0]);
      }
    }
    assert.ok(used.size > 40);
    const values = api as unknown as Record<string, number>;
    const missing = [...used].filter((name) => !HRESULT_TO_CIM.has(values[name] as number));
    assert.deepEqual(missing, []);
  });

  for (const [name, code] of [
    ['WBEM_E_NOT_FOUND', 6],
    ['WBEM_E_INVALID_SUPERCLASS', 10],
    ['WBEM_E_CLASS_HAS_CHILDREN', 8],
    ['WBEM_E_CLASS_HAS_INSTANCES', 9],
    ['WBEM_E_ACCESS_DENIED', 2],
    ['WBEM_E_ALREADY_EXISTS', 11],
    ['WBEM_E_INVALID_NAMESPACE', 3],
    ['WBEM_E_INVALID_CLASS', 5],
    ['WBEM_E_TYPE_MISMATCH', 13],
    ['WBEM_E_NOT_SUPPORTED', 7],
    ['WBEM_E_SHUTTING_DOWN', 28],
    ['WBEM_E_SERVER_TOO_BUSY', 27],
    ['WBEM_E_OVERRIDE_NOT_ALLOWED', 4],
    ['WBEM_E_FAILED', 1],
  ] as const) {
    it(`maps ${name} to CIM code ${code}`, () => {
      const hr = (api as unknown as Record<string, number>)[name] as number;
      assert.equal(cimErrorOf(new api.WbemError(hr, { message: 'why' })).code, code);
    });
  }

  it('maps an HRESULT missing from the table to CIM_ERR_FAILED', () => {
    assert.equal(
      cimErrorOf(new api.WbemError(api.WBEM_E_REFRESHER_BUSY)).code,
      CIM_STATUS.CIM_ERR_FAILED,
    );
  });

  it('writes the WMI name, value and message in the description', () => {
    const reply = cimErrorOf(
      new api.WbemError(api.WBEM_E_NOT_FOUND, { message: 'class Foo does not exist' }),
    );
    assert.equal(reply.description, 'WBEM_E_NOT_FOUND (0x80041002): class Foo does not exist');
  });

  it('maps only to codes DSP0200 defines', () => {
    const codes = new Set(Object.keys(CIM_STATUS));
    for (const name of HRESULT_TO_CIM.values()) assert.ok(codes.has(name), name);
  });
});
