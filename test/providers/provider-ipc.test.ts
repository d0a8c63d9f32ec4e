/**
 * The pieces of the provider IPC: comlink's Endpoint over an IPC channel, the 'wbem-error'
 * transfer handler, and the permission grant of a registration.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { ipcEndpoint } from '../../src/providers/ipc-endpoint.js';
import {
  moduleFolder,
  permissionArgs,
  reachedProtectedPath,
  sandboxGrant,
} from '../../src/providers/provider-permissions.js';
import { isResultOf, isSandboxLoad, SANDBOX_HELLO } from '../../src/providers/provider-protocol.js';
import { wbemErrorHandler } from '../../src/providers/wbem-error-handler.js';
import {
  WBEM_E_INVALID_CLASS,
  WBEM_E_PROVIDER_FAILURE,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

/** A fake IPC channel: `sent` is what went out; `emit('message', m)` is what came in. */
class FakeChannel extends EventEmitter {
  readonly sent: unknown[] = [];
  send(message: unknown, callback: (error: Error | null) => void): boolean {
    this.sent.push(message);
    callback(null);
    return true;
  }
}

describe('ipcEndpoint', () => {
  it('delivers each incoming message as the data of an event, and stops after removal', () => {
    const channel = new FakeChannel();
    const endpoint = ipcEndpoint(channel);
    const seen: unknown[] = [];
    const listener = (event: { data: unknown }) => seen.push(event.data);
    endpoint.addEventListener('message', listener as never);
    channel.emit('message', { id: 'a' });
    endpoint.removeEventListener('message', listener as never);
    channel.emit('message', { id: 'b' });
    assert.deepEqual(seen, [{ id: 'a' }]);
    assert.equal(channel.listenerCount('message'), 0);
  });

  it('holds outgoing messages until the peer says hello, then sends them in order', () => {
    const channel = new FakeChannel();
    const endpoint = ipcEndpoint(channel, { awaitHello: true });
    const seen: unknown[] = [];
    endpoint.addEventListener('message', ((event: { data: unknown }) =>
      seen.push(event.data)) as never);
    endpoint.postMessage({ n: 1 });
    endpoint.postMessage({ n: 2 });
    assert.deepEqual(channel.sent, []);
    channel.emit('message', SANDBOX_HELLO);
    endpoint.postMessage({ n: 3 });
    assert.deepEqual(channel.sent, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.deepEqual(seen, [], 'the hello is not passed on to comlink');
  });

  it('sends at once without awaitHello', () => {
    const channel = new FakeChannel();
    ipcEndpoint(channel).postMessage('x');
    assert.deepEqual(channel.sent, ['x']);
  });
});

describe("the 'wbem-error' transfer handler", () => {
  it('keeps the HRESULT and message of a WbemError', () => {
    const [wire] = wbemErrorHandler.serialize(
      new WbemError(WBEM_E_INVALID_CLASS, { message: 'bad' }),
    );
    const back = wbemErrorHandler.deserialize(structuredClone(wire));
    assert.ok(back instanceof WbemError);
    assert.equal(back.hresult, WBEM_E_INVALID_CLASS);
    assert.equal(back.detail, 'bad');
  });

  it('handles only WbemError values', () => {
    assert.equal(wbemErrorHandler.canHandle(new WbemError(WBEM_E_INVALID_CLASS)), true);
    assert.equal(wbemErrorHandler.canHandle(new Error('x')), false);
    assert.equal(wbemErrorHandler.canHandle({ hresult: WBEM_E_INVALID_CLASS }), false);
  });

  for (const [desc, wire] of [
    ['a success code', { hresult: WBEM_S_NO_ERROR, message: 'ok' }],
    ['a fractional code', { hresult: 0x80041001 + 0.5, message: 'x' }],
    ['no object', 'text'],
    ['null', null],
  ] as const)
    it(`rebuilds WBEM_E_PROVIDER_FAILURE from ${desc}`, () => {
      const back = wbemErrorHandler.deserialize(wire as never);
      assert.equal(back.hresult, WBEM_E_PROVIDER_FAILURE);
    });
});

describe('answers of a provider process', () => {
  const caps = {
    supportsPut: true,
    supportsDelete: false,
    supportsGet: true,
    supportsEnumerate: false,
  };
  const cls = {
    genus: 1,
    name: 'Foo',
    superclass: null,
    qualifiers: new Map(),
    properties: new Map(),
    methods: new Map(),
  };

  it('accepts a load answer with a name and every capability flag', () => {
    assert.equal(isSandboxLoad({ name: 'P', capabilities: caps }), true);
  });

  for (const [desc, value] of [
    ['a number', 42],
    ['null', null],
    ['no name', { capabilities: caps }],
    ['a missing flag', { name: 'P', capabilities: { ...caps, supportsGet: undefined } }],
    ['a flag that is not a boolean', { name: 'P', capabilities: { ...caps, supportsPut: 1 } }],
  ] as const)
    it(`refuses a load answer with ${desc}`, () => {
      assert.equal(isSandboxLoad(value), false);
    });

  const RESULTS = [
    { kind: 'putClass', value: undefined, ok: true },
    { kind: 'putClass', value: 'done', ok: false },
    { kind: 'deleteClass', value: null, ok: false },
    { kind: 'getClass', value: null, ok: true },
    { kind: 'getClass', value: cls, ok: true },
    { kind: 'getClass', value: { ...cls, properties: {} }, ok: false },
    { kind: 'enumerateClasses', value: [cls], ok: true },
    { kind: 'enumerateClasses', value: [cls, 'x'], ok: false },
    { kind: 'enumerateClasses', value: cls, ok: false },
  ] as const;
  for (const r of RESULTS)
    it(`${r.ok ? 'accepts' : 'refuses'} ${JSON.stringify(r.value) ?? 'undefined'} as a ${r.kind} answer`, () => {
      assert.equal(isResultOf(r.kind, r.value), r.ok);
    });
});

describe('sandboxGrant', () => {
  const reg = {
    name: 'P',
    module: 'file:///opt/acme/lib/provider.js',
    namespace: 'root',
    classes: ['Foo'],
  };

  it('grants reading the module folder and the engine code, and writing nothing, by default', () => {
    const grant = sandboxGrant(reg, ['/engine/src/']);
    assert.deepEqual(grant, { fsRead: ['/engine/src/', '/opt/acme/lib'], fsWrite: [] });
    assert.deepEqual(permissionArgs(grant), [
      '--experimental-permission',
      '--allow-fs-read=/engine/src/',
      '--allow-fs-read=/opt/acme/lib',
    ]);
  });

  it('adds the paths the registration names', () => {
    const grant = sandboxGrant(
      { ...reg, permissions: { fsRead: ['/srv/data'], fsWrite: ['/var/acme'] } },
      [],
    );
    assert.deepEqual(grant, { fsRead: ['/opt/acme/lib', '/srv/data'], fsWrite: ['/var/acme'] });
  });

  it('grants no folder for a data: module', () => {
    assert.equal(moduleFolder('data:text/javascript,export default 1'), undefined);
    assert.equal(moduleFolder('/opt/p.js'), '/opt');
  });

  for (const [desc, granted, store, reached] of [
    ['the store folder itself', '/data/wbem', '/data/wbem', '/data/wbem'],
    ['a folder above the store', '/data', '/data/wbem', '/data/wbem'],
    ['a file in the store folder', '/data/wbem/store.mdb', '/data/wbem', '/data/wbem'],
    ['a folder above a store named with two leading dots', '/data', '/data/..wbem', '/data/..wbem'],
    ['a sibling folder', '/data/wbem2', '/data/wbem', undefined],
    ['an unrelated folder', '/srv', '/data/wbem', undefined],
  ] as const)
    it(`${reached === undefined ? 'allows' : 'reports'} a grant of ${desc}`, () => {
      assert.equal(reachedProtectedPath({ fsRead: [granted], fsWrite: [] }, [store]), reached);
    });
});
