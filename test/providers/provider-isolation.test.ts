/**
 * What a provider's process cannot reach (issue 11, item 6): each hostile act fails the call with
 * a defined HRESULT, touches nothing outside the grant, and the host keeps serving.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createContext } from '../../src/model/wbem-context.js';
import { ProviderHost } from '../../src/providers/provider-host.js';
import type { ProviderCall } from '../../src/providers/provider-protocol.js';
import type { ProviderRegistration } from '../../src/providers/provider-registration.js';
import { validateProviderRegistration } from '../../src/providers/provider-registration.js';
import {
  hresultName,
  WBEM_E_INVALID_PROVIDER_REGISTRATION,
  WBEM_E_PROVIDER_FAILURE,
  WBEM_E_PROVIDER_LOAD_FAILURE,
  WBEM_E_PROVIDER_TIMED_OUT,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { makeClass } from '../fixtures/providers/make-class.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-isolation-'));
const secretDir = join(root, 'secret');
const grantedDir = join(root, 'granted');
const outDir = join(root, 'out');
for (const dir of [secretDir, grantedDir, outDir]) mkdirSync(dir);
writeFileSync(join(secretDir, 'store.mdb'), 'repository bytes');
writeFileSync(join(grantedDir, 'config.txt'), 'granted text');

const HOSTILE = new URL('./fixtures/hostile-provider.js', import.meta.url).href;
const FORGED_LOAD = new URL('./fixtures/forged-load-provider.js', import.meta.url).href;
const hostile = (extra: Partial<ProviderRegistration> = {}): ProviderRegistration => ({
  name: 'Hostile',
  module: HOSTILE,
  namespace: 'root/test',
  classes: ['Foo'],
  timeoutMs: 1000,
  ...extra,
});
const info = { namespace: 'root/test', principal: 'bob' };
const put = (name: string, values = {}): Extract<ProviderCall, { kind: 'putClass' }> => ({
  kind: 'putClass',
  cls: makeClass(name),
  flags: 0,
  context: createContext(values),
  info,
});
const get = (name: string, values = {}): Extract<ProviderCall, { kind: 'getClass' }> => ({
  kind: 'getClass',
  className: name,
  flags: 0,
  context: createContext(values),
  info,
});

async function hrOf(work: Promise<unknown>): Promise<{ hr: string; message: string }> {
  try {
    await work;
    return { hr: 'WBEM_S_NO_ERROR', message: '' };
  } catch (error) {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    return { hr: hresultName(error.hresult), message: error.message };
  }
}

const hosts: ProviderHost[] = [];
const newHost = (options = {}): ProviderHost => {
  const host = new ProviderHost({ timeoutMs: 1000, loadTimeoutMs: 10_000, ...options });
  hosts.push(host);
  return host;
};
after(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  rmSync(root, { recursive: true, force: true });
});

describe('ProviderHost: a provider process cannot reach beyond its grant', () => {
  const host = newHost();
  const reg = hostile();
  const secret = join(secretDir, 'store.mdb');
  const CASES = [
    {
      act: 'ReadFile',
      desc: 'it reads a file outside its grant',
      ctx: { Path: secret },
      msg: /restricted/,
    },
    {
      act: 'WriteFile',
      desc: 'it writes a file outside its grant',
      ctx: { Path: join(outDir, 'w.txt') },
      msg: /restricted/,
      absent: join(outDir, 'w.txt'),
    },
    {
      act: 'SpawnSync',
      desc: 'it runs a process synchronously',
      ctx: { Path: join(outDir, 's.txt') },
      msg: /restricted/,
      absent: join(outDir, 's.txt'),
    },
    {
      act: 'Spawn',
      desc: 'it spawns a process',
      ctx: { Path: join(outDir, 'a.txt') },
      msg: /restricted/,
      absent: join(outDir, 'a.txt'),
    },
    { act: 'Worker', desc: 'it starts a worker thread', ctx: {}, msg: /restricted/ },
    { act: 'Binding', desc: 'it asks for an internal binding', ctx: {}, msg: /process\.binding/ },
    {
      act: 'KillParent',
      desc: 'it sends SIGKILL to the engine',
      ctx: {},
      msg: /not allowed to a class provider/,
    },
    {
      act: 'TermParent',
      desc: 'it sends SIGTERM to the engine',
      ctx: {},
      msg: /not allowed to a class provider/,
    },
    {
      act: 'RawKillParent',
      desc: 'it calls process._kill on the engine',
      ctx: {},
      msg: /not allowed to a class provider/,
    },
    {
      act: 'KillGroup',
      desc: 'it signals its process group',
      ctx: {},
      msg: /not allowed to a class provider/,
    },
    {
      act: 'ReniceParent',
      desc: 'it lowers the priority of the engine',
      ctx: {},
      msg: /not allowed to a class provider/,
    },
    { act: 'Throw', desc: 'it throws', ctx: {}, msg: /hostile provider threw/ },
    { act: 'Exit', desc: 'it calls process.exit', ctx: {}, msg: /exited with code 3/ },
    { act: 'KillSelf', desc: 'it kills its own process', ctx: {}, msg: /killed by SIGKILL/ },
    { act: 'Abort', desc: 'it aborts its process', ctx: {}, msg: /killed by SIGABRT/ },
  ];
  for (const c of CASES)
    it(`fails with WBEM_E_PROVIDER_FAILURE when ${c.desc}, and the next call is served`, async () => {
      const priority = getPriority(process.pid);
      const outcome = await hrOf(host.invoke(reg, put(c.act, c.ctx)));
      assert.equal(outcome.hr, 'WBEM_E_PROVIDER_FAILURE');
      assert.match(outcome.message, c.msg);
      if (c.absent !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        assert.equal(existsSync(c.absent), false, `${c.absent} was created`);
      }
      assert.equal(getPriority(process.pid), priority);
      const env = await host.invoke(reg, get('Env'));
      assert.equal(env?.qualifiers.get('count')?.value, 0, 'the provider sees no environment');
    });

  it('fails with WBEM_E_PROVIDER_TIMED_OUT when it hangs, and the next call is served', async () => {
    const outcome = await hrOf(host.invoke(reg, put('Hang')));
    assert.equal(outcome.hr, hresultName(WBEM_E_PROVIDER_TIMED_OUT));
    assert.ok((await host.invoke(reg, get('Env'))) !== null);
  });

  for (const [act, desc] of [
    ['ForgeAnswers', 'a comlink proxy'],
    ['ForgeErrors', 'an error with a success code'],
    ['ForgeResults', 'a string for a class'],
  ] as const)
    it(`fails with WBEM_E_PROVIDER_FAILURE when the provider answers calls itself with ${desc}`, async () => {
      const reg = hostile({ name: act });
      assert.equal(await host.invoke(reg, put(act)), undefined);
      const outcome = await hrOf(host.invoke(reg, get('Env')));
      assert.equal(outcome.hr, hresultName(WBEM_E_PROVIDER_FAILURE));
    });

  it('fails with WBEM_E_PROVIDER_FAILURE when the module answers calls itself from its import on', async () => {
    const outcome = await hrOf(
      host.invoke(hostile({ name: 'ForgedLoad', module: FORGED_LOAD }), get('Env')),
    );
    assert.equal(outcome.hr, hresultName(WBEM_E_PROVIDER_FAILURE));
    assert.match(outcome.message, /not its result/);
  });

  it('can still open a TCP connection (Node 20 has no network permission; documented)', async () => {
    const server = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      assert.equal(await host.invoke(reg, put('Socket', { Port: port })), undefined);
    } finally {
      server.close();
    }
  });
});

describe('ProviderHost: what a registration grants', () => {
  const host = newHost({ protectedPaths: [secretDir] });

  it('reads a file in a folder the registration grants', async () => {
    const reg = hostile({ name: 'Reader', permissions: { fsRead: [grantedDir] } });
    const cls = await host.invoke(reg, get('Read', { Path: join(grantedDir, 'config.txt') }));
    assert.equal(cls?.qualifiers.get('content')?.value, 'granted text');
  });

  it('fails with WBEM_E_PROVIDER_FAILURE when the same read is not granted', async () => {
    const outcome = await hrOf(
      host.invoke(
        hostile({ name: 'NoGrant' }),
        get('Read', { Path: join(grantedDir, 'config.txt') }),
      ),
    );
    assert.equal(outcome.hr, hresultName(WBEM_E_PROVIDER_FAILURE));
  });

  it('writes only inside a folder the registration grants for writing', async () => {
    const reg = hostile({ name: 'Writer', permissions: { fsWrite: [outDir] } });
    await host.invoke(reg, put('WriteFile', { Path: join(outDir, 'granted.txt') }));
    assert.equal(existsSync(join(outDir, 'granted.txt')), true);
    const outcome = await hrOf(host.invoke(reg, put('WriteFile', { Path: join(grantedDir, 'x') })));
    assert.equal(outcome.hr, hresultName(WBEM_E_PROVIDER_FAILURE));
    assert.equal(existsSync(join(grantedDir, 'x')), false);
  });

  for (const [desc, permissions] of [
    ['the store folder', { fsRead: [secretDir] }],
    ['a folder holding the store', { fsRead: [root] }],
    ['a file inside the store folder', { fsWrite: [join(secretDir, 'store.mdb')] }],
  ] as const)
    it(`fails with WBEM_E_PROVIDER_LOAD_FAILURE when the grant reaches ${desc}`, async () => {
      const outcome = await hrOf(
        host.invoke(hostile({ name: `Greedy${desc.length}`, permissions }), get('Env')),
      );
      assert.equal(outcome.hr, hresultName(WBEM_E_PROVIDER_LOAD_FAILURE));
      assert.match(outcome.message, /reaches the engine's store/);
    });
});

describe('validateProviderRegistration: permissions', () => {
  const base = { name: 'P', module: HOSTILE, namespace: 'root', classes: ['Foo'] };
  const BAD = [
    { desc: 'a relative path', permissions: { fsRead: ['relative/dir'] } },
    { desc: 'a wildcard', permissions: { fsRead: ['/tmp/*'] } },
    { desc: 'a comma', permissions: { fsWrite: ['/tmp/a,/etc'] } },
    { desc: 'a non-string path', permissions: { fsRead: [42] } },
    { desc: 'a network grant', permissions: { network: true } },
    { desc: 'a child-process grant', permissions: { childProcess: true } },
    { desc: 'not an object', permissions: ['/tmp'] },
  ];
  for (const c of BAD)
    it(`fails with WBEM_E_INVALID_PROVIDER_REGISTRATION when permissions hold ${c.desc}`, () => {
      assert.throws(
        () => validateProviderRegistration({ ...base, permissions: c.permissions }),
        (e: unknown) =>
          e instanceof WbemError && e.hresult === WBEM_E_INVALID_PROVIDER_REGISTRATION,
      );
    });

  it('keeps absolute read and write grants', () => {
    const reg = validateProviderRegistration({
      ...base,
      permissions: { fsRead: ['/srv/acme'], fsWrite: ['/var/lib/acme'] },
    });
    assert.deepEqual(reg.permissions, { fsRead: ['/srv/acme'], fsWrite: ['/var/lib/acme'] });
  });
});
