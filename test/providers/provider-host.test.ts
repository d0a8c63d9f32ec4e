import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import type { CimClass } from '../../src/model/cim-class.js';
import { createContext } from '../../src/model/wbem-context.js';
import { ProviderHost } from '../../src/providers/provider-host.js';
import type { ProviderCall } from '../../src/providers/provider-protocol.js';
import type { ProviderRegistration } from '../../src/providers/provider-registration.js';
import {
  hresultName,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_NOT_FOUND,
  WBEM_E_PROVIDER_FAILURE,
  WBEM_E_PROVIDER_LOAD_FAILURE,
  WBEM_E_PROVIDER_NOT_CAPABLE,
  WBEM_E_PROVIDER_TIMED_OUT,
  WBEM_E_SHUTTING_DOWN,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { makeClass } from '../fixtures/providers/make-class.js';

const LIMIT_MS = 200;
const fixture = (file: string): string =>
  new URL(`../fixtures/providers/${file}`, import.meta.url).href;
const registration = (
  file: string,
  extra: Partial<ProviderRegistration> = {},
): ProviderRegistration => ({
  name: file.replace(/\.js$/, ''),
  module: fixture(file),
  namespace: 'root/test',
  classes: ['Foo'],
  ...extra,
});
const info = { namespace: 'root/test', principal: 'bob' };
const put = (cls: CimClass, flags = 0): Extract<ProviderCall, { kind: 'putClass' }> => ({
  kind: 'putClass',
  cls,
  flags,
  context: null,
  info,
});
const get = (
  className: string,
  context = createContext(),
): Extract<ProviderCall, { kind: 'getClass' }> => ({
  kind: 'getClass',
  className,
  flags: 0,
  context,
  info,
});

async function failsWith(
  hresult: number,
  promise: Promise<unknown>,
  message?: RegExp,
): Promise<void> {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof WbemError, `expected a WbemError, got ${String(e)}`);
    assert.equal(hresultName(e.hresult), hresultName(hresult));
    if (message !== undefined) assert.match(e.message, message);
    return true;
  });
}

const hosts: ProviderHost[] = [];
const newHost = (options = {}): ProviderHost => {
  const host = new ProviderHost({ timeoutMs: LIMIT_MS, loadTimeoutMs: 5000, ...options });
  hosts.push(host);
  return host;
};
after(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

describe('ProviderHost: a provider that succeeds', () => {
  const host = newHost();
  const memory = registration('memory-provider.js');

  it('keeps what putClass was given and returns it from getClass and enumerateClasses', async () => {
    const cls = makeClass('Foo', { Description: 'kept' });
    assert.equal(await host.invoke(memory, put(cls)), undefined);
    assert.deepEqual(await host.invoke(memory, get('foo')), cls);
    const all = await host.invoke(memory, {
      kind: 'enumerateClasses',
      superclass: null,
      deep: true,
      context: null,
      info,
    });
    assert.deepEqual(
      all.map((c) => c.name),
      ['Foo'],
    );
  });

  it('passes the context, namespace, principal and flags to the provider', async () => {
    const echo = await host.invoke(memory, {
      ...get('Echo', createContext({ Marker: 'm1' })),
      flags: 0x20000,
    });
    const q = (name: string) => echo?.qualifiers.get(name.toLowerCase())?.value;
    assert.deepEqual(
      [q('Marker'), q('Namespace'), q('Principal'), q('Flags'), q('ContextIsNull')],
      ['m1', 'root/test', 'bob', 0x20000, false],
    );
    const bare = await host.invoke(memory, { ...get('Echo'), context: null });
    assert.equal(bare?.qualifiers.get('contextisnull')?.value, true);
  });

  it('returns null from getClass for a class the provider does not have', async () => {
    assert.equal(await host.invoke(memory, get('Missing')), null);
  });

  it('fails with the HRESULT of the WbemError the provider throws', async () => {
    await failsWith(
      WBEM_E_INVALID_CLASS,
      host.invoke(memory, put(makeClass('Refused'))),
      /refused by the fixture/,
    );
    await failsWith(
      WBEM_E_NOT_FOUND,
      host.invoke(memory, {
        kind: 'deleteClass',
        className: 'Nope',
        flags: 0,
        context: null,
        info,
      }),
    );
  });

  it('reports the capabilities the module declares', async () => {
    assert.deepEqual(await host.capabilities(memory), {
      supportsPut: true,
      supportsDelete: true,
      supportsGet: true,
      supportsEnumerate: true,
    });
  });
});

describe('ProviderHost: a provider that is not capable', () => {
  const host = newHost();
  const readOnly = registration('read-only-provider.js');
  for (const call of [
    put(makeClass('Foo')),
    { kind: 'deleteClass', className: 'Foo', flags: 0, context: null, info } as const,
    { kind: 'enumerateClasses', superclass: null, deep: false, context: null, info } as const,
  ])
    it(`fails with WBEM_E_PROVIDER_NOT_CAPABLE when asked to ${call.kind} without declaring it`, async () => {
      await failsWith(WBEM_E_PROVIDER_NOT_CAPABLE, host.invoke(readOnly, call));
    });

  it('still serves the capability it declares', async () => {
    const cls = await host.invoke(readOnly, get('Foo'));
    assert.equal(cls?.qualifiers.get('served')?.value, true);
  });
});

describe('ProviderHost: a provider that throws', () => {
  const host = newHost();
  const throwing = registration('throwing-provider.js');
  const CASES = [
    {
      className: 'WbemErr',
      desc: 'a WbemError',
      expect: WBEM_E_INVALID_OPERATION,
      message: /not today/,
    },
    {
      className: 'Number',
      desc: 'an HRESULT number',
      expect: WBEM_E_ACCESS_DENIED,
      message: /ThrowingProvider/,
    },
    { className: 'Plain', desc: 'a plain Error', expect: WBEM_E_PROVIDER_FAILURE, message: /boom/ },
    { className: 'Text', desc: 'a string', expect: WBEM_E_PROVIDER_FAILURE, message: /a string/ },
    {
      className: 'Success',
      desc: 'a success code',
      expect: WBEM_E_PROVIDER_FAILURE,
      message: /threw/,
    },
    {
      className: 'Rejected',
      desc: 'a rejected promise',
      expect: WBEM_E_PROVIDER_FAILURE,
      message: /rejected/,
    },
  ];
  for (const c of CASES)
    it(`fails with ${hresultName(c.expect)} when putClass throws ${c.desc}`, async () => {
      await failsWith(c.expect, host.invoke(throwing, put(makeClass(c.className))), c.message);
    });

  it('fails with WBEM_E_PROVIDER_FAILURE when getClass returns data that cannot cross to the engine', async () => {
    await failsWith(
      WBEM_E_PROVIDER_FAILURE,
      host.invoke(throwing, get('Uncloneable')),
      /cannot cross to the engine/,
    );
  });

  it('fails with WBEM_E_PROVIDER_FAILURE when enumerateClasses returns something that is not a class', async () => {
    await failsWith(
      WBEM_E_PROVIDER_FAILURE,
      host.invoke(throwing, {
        kind: 'enumerateClasses',
        superclass: null,
        deep: true,
        context: null,
        info,
      }),
      /array of classes/,
    );
  });

  it('succeeds for a class the provider accepts, after the failures', async () => {
    assert.equal(await host.invoke(throwing, put(makeClass('Fine'))), undefined);
  });

  it('fails with WBEM_E_PROVIDER_FAILURE when the provider crashes its worker', async () => {
    await failsWith(
      WBEM_E_PROVIDER_FAILURE,
      host.invoke(registration('crashing-provider.js'), put(makeClass('Foo'))),
      /crashed/,
    );
  });
});

describe('ProviderHost: a provider that hangs', () => {
  const host = newHost();
  const hanging = registration('hanging-provider.js');
  // The same sandbox (same namespace, name and module) with a limit a loaded machine cannot
  // reach, for the calls that must be answered rather than time out.
  const unhurried = registration('hanging-provider.js', { timeoutMs: 5000 });

  it(`fails with WBEM_E_PROVIDER_TIMED_OUT when putClass never resolves (limit ${LIMIT_MS} ms)`, async () => {
    await host.capabilities(hanging);
    const started = performance.now();
    await failsWith(
      WBEM_E_PROVIDER_TIMED_OUT,
      host.invoke(hanging, put(makeClass('Async'))),
      /within 200 ms/,
    );
    const took = performance.now() - started;
    assert.ok(took >= LIMIT_MS - 5 && took < LIMIT_MS + 1000, `took ${took} ms`);
  });

  it('fails with WBEM_E_PROVIDER_TIMED_OUT when putClass loops synchronously, without blocking this thread', async () => {
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 10);
    try {
      await failsWith(WBEM_E_PROVIDER_TIMED_OUT, host.invoke(hanging, put(makeClass('Sync'))));
    } finally {
      clearInterval(ticker);
    }
    assert.ok(ticks >= 5, `the calling thread ticked only ${ticks} times during the hang`);
  });

  it('serves the next call from a fresh sandbox after a time-out', async () => {
    const before = await host.invoke(unhurried, get('A'));
    const next = await host.invoke(unhurried, get('B'));
    assert.equal(before?.qualifiers.get('calls')?.value, 1);
    assert.equal(next?.qualifiers.get('calls')?.value, 2);
    await failsWith(WBEM_E_PROVIDER_TIMED_OUT, host.invoke(hanging, put(makeClass('Sync'))));
    const fresh = await host.invoke(unhurried, get('C'));
    assert.equal(
      fresh?.qualifiers.get('calls')?.value,
      1,
      'module state starts over in a new sandbox',
    );
  });

  it('fails calls in flight on the same sandbox with WBEM_E_PROVIDER_FAILURE when it is stopped', async () => {
    await host.capabilities(hanging);
    const stuck = host.invoke(hanging, put(makeClass('Sync')));
    const bystander = host.invoke(unhurried, get('Bystander'));
    await failsWith(WBEM_E_PROVIDER_TIMED_OUT, stuck);
    await failsWith(WBEM_E_PROVIDER_FAILURE, bystander, /timed out/);
  });

  it('uses the time limit of the registration over the host default', async () => {
    const patient = newHost({ timeoutMs: 5000 });
    const strict = registration('hanging-provider.js', { timeoutMs: 30 });
    // Loaded by waiting for its capabilities, not by a call: a call under the 30 ms limit
    // could itself time out on a loaded machine.
    await patient.capabilities(strict);
    await failsWith(
      WBEM_E_PROVIDER_TIMED_OUT,
      patient.invoke(strict, put(makeClass('Slow'))),
      /within 30 ms/,
    );
    assert.equal(
      await patient.invoke(registration('hanging-provider.js'), put(makeClass('Slow'))),
      undefined,
    );
  });

  it('contains a synchronous hang when the host itself runs on a worker thread', async () => {
    const worker = new Worker(new URL('../fixtures/providers/host-worker.js', import.meta.url), {
      workerData: { registration: hanging, className: 'Sync' },
    });
    const [result] = (await once(worker, 'message')) as [{ hresult: number; ticks: number }];
    await worker.terminate();
    assert.equal(hresultName(result.hresult), 'WBEM_E_PROVIDER_TIMED_OUT');
    assert.ok(result.ticks >= 5, `the host thread ticked only ${result.ticks} times`);
  });
});

describe('ProviderHost.unload', () => {
  it('stops the sandbox so the next call loads the module afresh', async () => {
    const host = newHost();
    const hanging = registration('hanging-provider.js');
    await host.invoke(hanging, get('A'));
    assert.equal((await host.invoke(hanging, get('B')))?.qualifiers.get('calls')?.value, 2);
    await host.unload(hanging);
    assert.equal((await host.invoke(hanging, get('C')))?.qualifiers.get('calls')?.value, 1);
  });
});

describe('ProviderHost: a provider that cannot be loaded', () => {
  const host = newHost();
  const CASES = [
    { file: 'no-default-provider.js', message: /no default export/ },
    { file: 'import-throws-provider.js', message: /cannot initialise/ },
    { file: 'missing-method-provider.js', message: /putClass is not a function/ },
    { file: 'does-not-exist.js', message: /cannot import/ },
  ];
  for (const c of CASES)
    it(`fails with WBEM_E_PROVIDER_LOAD_FAILURE when the module is ${c.file}`, async () => {
      await failsWith(
        WBEM_E_PROVIDER_LOAD_FAILURE,
        host.invoke(registration(c.file), put(makeClass('Foo'))),
        c.message,
      );
    });

  it('fails with WBEM_E_PROVIDER_LOAD_FAILURE when loading never finishes', async () => {
    const impatient = newHost({ loadTimeoutMs: 300 });
    await failsWith(
      WBEM_E_PROVIDER_LOAD_FAILURE,
      impatient.invoke(registration('load-hang-provider.js'), put(makeClass('Foo'))),
      /did not load within 300 ms/,
    );
  });

  it('fails with WBEM_E_PROVIDER_LOAD_FAILURE when the sandbox cannot be started', async () => {
    const broken = newHost({
      spawn: () => {
        throw new Error('no threads left');
      },
    });
    await failsWith(
      WBEM_E_PROVIDER_LOAD_FAILURE,
      broken.invoke(registration('memory-provider.js'), get('Foo')),
      /no threads left/,
    );
  });
});

describe('ProviderHost.close', () => {
  it('fails calls in flight and later calls with WBEM_E_SHUTTING_DOWN', async () => {
    const host = new ProviderHost({ timeoutMs: 5000 });
    const hanging = registration('hanging-provider.js');
    await host.invoke(hanging, get('Warm'));
    const inFlight = failsWith(WBEM_E_SHUTTING_DOWN, host.invoke(hanging, put(makeClass('Async'))));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await host.close();
    await inFlight;
    await failsWith(WBEM_E_SHUTTING_DOWN, host.invoke(hanging, get('Later')));
  });
});
