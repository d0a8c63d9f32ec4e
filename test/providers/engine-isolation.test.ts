/**
 * Class providers cannot hurt the engine (issue 11, item 6): with a durable store, a provider
 * that reads the store file, signals the engine, exits or hangs fails only its own call, with a
 * defined HRESULT, and the engine keeps serving reads and writes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass } from '../../src/model/cim-builders.js';
import { STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { WBEM_FLAG_CREATE_ONLY } from '../../src/wbem/flags.js';
import { hresultName } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const HOSTILE = new URL('./fixtures/hostile-provider.js', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'wbemrx-provider-engine-'));
const storeFile = join(dir, STORE_FILE);
let engine: WbemEngine;
let svc: WbemServices;

const hrOf = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
    return 'WBEM_S_NO_ERROR';
  } catch (error) {
    return error instanceof WbemError ? hresultName(error.hresult) : String(error);
  }
};

before(async () => {
  engine = await WbemEngine.start({ storage: { path: dir }, hosts: 1, providerTimeoutMs: 1500 });
  await engine.createNamespace('root', 'iso');
  svc = await engine.connectServer('root/iso');
  await svc.registerProvider({
    name: 'Hostile',
    module: HOSTILE,
    classes: [
      'ReadFile',
      'KillParent',
      'TermParent',
      'KillGroup',
      'Exit',
      'Abort',
      'Hang',
      'Throw',
    ],
  });
});
after(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

let written = 0;
/** A static write and a read of it: the namespace and its host still serve. */
async function stillServes(): Promise<void> {
  written += 1;
  const name = `Static_${written}`;
  await svc.putClass(cimClass({ name }), WBEM_FLAG_CREATE_ONLY);
  assert.equal((await svc.getClass(name)).name, name);
}

describe('PutClass through a hostile class provider (durable store)', () => {
  const CASES = [
    {
      act: 'ReadFile',
      desc: 'it reads the store file',
      ctx: { Path: storeFile },
      hr: 'WBEM_E_PROVIDER_FAILURE',
    },
    {
      act: 'KillParent',
      desc: 'it sends SIGKILL to the engine',
      ctx: {},
      hr: 'WBEM_E_PROVIDER_FAILURE',
    },
    {
      act: 'TermParent',
      desc: 'it sends SIGTERM to the engine',
      ctx: {},
      hr: 'WBEM_E_PROVIDER_FAILURE',
    },
    {
      act: 'KillGroup',
      desc: 'it signals its process group',
      ctx: {},
      hr: 'WBEM_E_PROVIDER_FAILURE',
    },
    { act: 'Exit', desc: 'it calls process.exit', ctx: {}, hr: 'WBEM_E_PROVIDER_FAILURE' },
    { act: 'Abort', desc: 'it aborts its process', ctx: {}, hr: 'WBEM_E_PROVIDER_FAILURE' },
    { act: 'Throw', desc: 'it throws', ctx: {}, hr: 'WBEM_E_PROVIDER_FAILURE' },
    { act: 'Hang', desc: 'it hangs', ctx: {}, hr: 'WBEM_E_PROVIDER_TIMED_OUT' },
  ];
  it('cannot read the store file: the permission model refuses it', async () => {
    await assert.rejects(
      svc.putClass(cimClass({ name: 'ReadFile' }), 0, { Path: storeFile }),
      (e: unknown) => e instanceof WbemError && /restricted/.test(e.message),
    );
  });

  for (const c of CASES)
    it(`fails with ${c.hr} and commits nothing when ${c.desc}; the engine keeps serving`, async () => {
      assert.equal(await hrOf(svc.putClass(cimClass({ name: c.act }), 0, c.ctx)), c.hr);
      assert.equal(await hrOf(svc.getClass(c.act)), 'WBEM_E_NOT_FOUND');
      await stillServes();
    });

  it('fails with WBEM_E_PROVIDER_LOAD_FAILURE when a registration grants the store folder', async () => {
    await svc.registerProvider({
      name: 'Greedy',
      module: HOSTILE,
      classes: ['Greedy_Read'],
      permissions: { fsRead: [dir] },
    });
    assert.equal(
      await hrOf(svc.putClass(cimClass({ name: 'Greedy_Read' }), 0, { Path: storeFile })),
      'WBEM_E_PROVIDER_LOAD_FAILURE',
    );
    await stillServes();
  });

  it('serves every concurrent call while one provider call crashes its process', async () => {
    const crash = hrOf(svc.putClass(cimClass({ name: 'Exit' })));
    const reads = Promise.all([1, 2, 3].map(() => svc.getClass('Static_1')));
    assert.equal(await crash, 'WBEM_E_PROVIDER_FAILURE');
    assert.equal((await reads).length, 3);
    await stillServes();
  });
});
