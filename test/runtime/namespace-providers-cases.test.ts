/**
 * The provider registrations of one namespace as its actor keeps them
 * (`src/runtime/namespace-providers.ts`): those of the engine options before the stored ones,
 * neither replaced nor removed through the namespace, and the stored list saved and read back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass } from '../../src/model/cim-builders.js';
import {
  PROVIDER_REGISTRATIONS_KEY,
  serializeProviderRegistrations,
} from '../../src/providers/provider-registry.js';
import type { FailReply, OkReply } from '../../src/runtime/protocol.js';
import {
  WBEM_E_INVALID_OPERATION,
  WBEM_E_PROVIDER_ALREADY_REGISTERED,
} from '../../src/wbem/status.js';
import { ActorHarness, registration } from './helpers/actor-harness.js';

const cls = (name: string) => cimClass({ name });
const register = (h: ActorHarness, name: string, classes: string[]) =>
  h.request('registerProvider', { registration: registration(name, classes) });
const unregister = (h: ActorHarness, name: string) => h.request('unregisterProvider', { name });

function failed(reply: OkReply | FailReply): FailReply {
  assert.equal(reply.kind, 'fail', JSON.stringify(reply));
  return reply as FailReply;
}

/** Whether a put of `name` went to a provider (the harness's provider runner logs each call). */
async function servedByProvider(h: ActorHarness, name: string): Promise<string | undefined> {
  const from = h.log.length;
  assert.equal((await h.one(h.putClass(cls(name)))).kind, 'ok');
  return h.logSince(from).find((entry) => entry.startsWith('provider '));
}

describe('NamespaceProviders', () => {
  it('refuses to register a name the engine options register, saving nothing', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['A'])] });
    const reply = failed(await h.one(register(h, 'p', ['B'])));
    assert.equal(reply.hresult, WBEM_E_PROVIDER_ALREADY_REGISTERED);
    assert.equal(reply.message, 'provider p is registered by the engine options');
    assert.equal(
      h.log.some((entry) => entry.startsWith('writeMeta')),
      false,
    );
  });

  it('refuses to unregister a provider of the engine options, which keeps serving', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['A'])] });
    const reply = failed(await h.one(unregister(h, 'p')));
    assert.equal(reply.hresult, WBEM_E_INVALID_OPERATION);
    assert.equal(
      reply.message,
      'provider p is registered by the engine options and cannot be removed',
    );
    assert.equal(await servedByProvider(h, 'A'), 'provider P putClass');
  });

  it('keeps the engine options’ registration over a stored one of the same name', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['A'])] });
    const stored = serializeProviderRegistrations(
      { registrations: [registration('P', ['B']), registration('Q', ['C'])] },
      'root/test',
    );
    await h.repository.inner.writeMeta('root/test', PROVIDER_REGISTRATIONS_KEY, stored);
    assert.equal(await servedByProvider(h, 'A'), 'provider P putClass');
    assert.equal(await servedByProvider(h, 'B'), undefined);
    assert.equal(await servedByProvider(h, 'C'), 'provider Q putClass');
  });

  it('stops the sandbox of the provider it unregisters, and only that one', async () => {
    const h = new ActorHarness();
    assert.equal((await h.one(register(h, 'Q', ['X']))).kind, 'ok');
    assert.equal((await h.one(register(h, 'R', ['Y']))).kind, 'ok');
    assert.equal((await h.one(unregister(h, 'r'))).kind, 'ok');
    assert.deepEqual(h.providerRunner.unloaded, ['R']);
    assert.equal(await servedByProvider(h, 'X'), 'provider Q putClass');
    assert.equal(await servedByProvider(h, 'Y'), undefined);
  });

  it('keeps a stored registration whose classes a delete does not name', async () => {
    const h = new ActorHarness();
    assert.equal((await h.one(register(h, 'Q', ['X']))).kind, 'ok');
    assert.equal((await h.one(register(h, 'R', ['Y', 'Z']))).kind, 'ok');
    assert.equal((await h.one(h.putClass(cls('Z')))).kind, 'ok');
    const from = h.log.length;
    assert.equal((await h.one(h.request('deleteClass', { name: 'Z' }))).kind, 'ok');
    assert.ok(h.logSince(from).includes(`writeMeta ${PROVIDER_REGISTRATIONS_KEY}`));
    assert.equal(await servedByProvider(h, 'X'), 'provider Q putClass');
    assert.equal(await servedByProvider(h, 'Y'), 'provider R putClass');
  });

  it('saves the stored list, reads it once, and removes it when the last registration goes', async () => {
    const h = new ActorHarness();
    assert.equal((await h.one(register(h, 'Q', ['X']))).kind, 'ok');
    assert.ok(h.repository.inner.readMeta('root/test', PROVIDER_REGISTRATIONS_KEY));
    // Changed behind the actor's back: it keeps the list it read.
    await h.repository.inner.writeMeta('root/test', PROVIDER_REGISTRATIONS_KEY, null);
    assert.equal(await servedByProvider(h, 'X'), 'provider Q putClass');
    const restored = serializeProviderRegistrations(
      { registrations: [registration('Q', ['X'])] },
      'root/test',
    );
    await h.repository.inner.writeMeta('root/test', PROVIDER_REGISTRATIONS_KEY, restored);
    assert.equal((await h.one(unregister(h, 'Q'))).kind, 'ok');
    assert.equal(h.repository.inner.readMeta('root/test', PROVIDER_REGISTRATIONS_KEY), undefined);
    assert.equal(await servedByProvider(h, 'Y'), undefined);
  });
});
