/**
 * @module What each turn of a `NamespaceActor` answers, driven through the actor in process: the
 * class, instance, qualifier-declaration and namespace turns, their rights refusals
 * (WBEM_E_ACCESS_DENIED) and the provider calls they make.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_CHANGE_SET } from '../../src/model/change-set.js';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import { createContext } from '../../src/model/wbem-context.js';
import {
  CONTEXT_PROVIDER_ARCHITECTURE,
  CONTEXT_REQUIRED_ARCHITECTURE,
} from '../../src/model/well-known-context.js';
import { PROVIDER_REGISTRATIONS_KEY } from '../../src/providers/provider-registry.js';
import type { FailReply, OkReply } from '../../src/runtime/protocol.js';
import { HOST_BITS } from '../../src/runtime/turns/turn.js';
import * as schemaOperations from '../../src/schema/index.js';
import { DEFAULT_USER_RIGHTS } from '../../src/security/default-descriptor.js';
import { WBEM_FLAG_SEND_STATUS } from '../../src/wbem/flags.js';
import {
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_WRITE_PROVIDER,
} from '../../src/wbem/security.js';
import {
  WBEM_E_ACCESS_DENIED,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_E_PROVIDER_FAILURE,
  WBEM_E_PROVIDER_LOAD_FAILURE,
  WBEM_E_PROVIDER_NOT_REGISTERED,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import {
  ActorHarness,
  classesOf,
  gate,
  NAMESPACE,
  registration,
  settleTurns,
} from './helpers/actor-harness.js';

const key = qualifier('Key', true);
const cls = (name: string, superclass: string | null = null) => cimClass({ name, superclass });
const keyed = (name: string, superclass: string | null = null) =>
  cimClass({
    name,
    superclass,
    properties: superclass === null ? [cimProperty('Id', 'string', { qualifiers: [key] })] : [],
  });
const dynamic = (name: string, superclass: string | null = null) =>
  cimClass({ name, superclass, qualifiers: [qualifier('Dynamic', true)] });
const dynamicKeyed = (name: string) =>
  cimClass({
    name,
    qualifiers: [qualifier('Dynamic', true)],
    properties: [cimProperty('Id', 'string', { qualifiers: [key] })],
  });

/** Rights without the static write right: WBEM_ENABLE | WBEM_METHOD_EXECUTE | WBEM_WRITE_PROVIDER. */
const USER = DEFAULT_USER_RIGHTS;
const STATIC_ONLY = WBEM_ENABLE | WBEM_FULL_WRITE_REP;
const PARTIAL = WBEM_ENABLE | WBEM_PARTIAL_WRITE_REP;

function failure(reply: OkReply | FailReply): FailReply {
  if (reply.kind !== 'fail') assert.fail(`expected a failure, got ok`);
  return reply;
}

function ok(reply: OkReply | FailReply): OkReply {
  if (reply.kind !== 'ok') assert.fail(`expected ok, got ${reply.hresult}: ${reply.message}`);
  return reply;
}

/** Asserts `reply` is WBEM_E_ACCESS_DENIED with a message matching `message`. */
function denied(reply: OkReply | FailReply, message: RegExp): void {
  const f = failure(reply);
  assert.equal(f.hresult, WBEM_E_ACCESS_DENIED, f.message);
  assert.match(f.message, message);
}

async function withClasses(h: ActorHarness, ...classes: CimClass[]): Promise<void> {
  for (const c of classes) ok(await h.one(h.putClass(c)));
}

/** The fields of the provider call at `index` (negative: from the end). */
function providerCall(h: ActorHarness, index: number): Record<string, unknown> {
  const made = h.providerRunner.calls.at(index);
  if (made === undefined) return assert.fail(`no provider call at ${index}`);
  return made.call as unknown as Record<string, unknown>;
}

const names = (reply: OkReply | FailReply) => classesOf(reply).map((c) => c.name);

describe('putClass turn', () => {
  it('writes the class and answers ok without objects or param', async () => {
    const h = new ActorHarness();
    const reply = ok(await h.one(h.putClass(cls('A'))));
    assert.deepEqual([reply.objects, reply.param], [[], null]);
    assert.deepEqual(names(await h.one(h.getClass('a'))), ['A']);
  });

  it("fails with the schema's HRESULT (create-only of an existing class)", async () => {
    const h = new ActorHarness();
    await withClasses(h, cls('A'));
    const reply = failure(await h.one(h.putClass(cls('A'), { intent: { mode: 'create-only' } })));
    assert.equal(reply.hresult, WBEM_E_ALREADY_EXISTS);
  });

  it('refuses a static class without WBEM_FULL_WRITE_REP', async () => {
    const h = new ActorHarness();
    denied(
      await h.one(h.putClass(cls('A'), { rights: USER })),
      /static class needs WBEM_FULL_WRITE_REP/,
    );
    assert.equal(await h.hasClass('A'), false);
  });

  it('refuses a dynamic class without WBEM_WRITE_PROVIDER, and accepts it with it', async () => {
    const h = new ActorHarness();
    denied(
      await h.one(h.putClass(dynamic('D'), { rights: STATIC_ONLY })),
      /dynamic \(provider-backed\) class needs WBEM_WRITE_PROVIDER/,
    );
    ok(await h.one(h.putClass(dynamic('D'), { rights: USER })));
  });

  it('a request without a caller holds no rights', async () => {
    const h = new ActorHarness();
    denied(await h.one(h.putClass(cls('A'), { rights: null })), /WBEM_FULL_WRITE_REP/);
  });

  it('refuses to rewrite a stored static class as dynamic without the static right', async () => {
    const h = new ActorHarness();
    await withClasses(h, cls('A'));
    denied(
      await h.one(h.putClass(dynamic('A'), { rights: USER })),
      /^writing a static class \(class A, as stored\) needs WBEM_FULL_WRITE_REP/,
    );
  });

  it('refuses an update whose rewrite reaches a static subclass the caller may not write', async () => {
    const h = new ActorHarness();
    await withClasses(h, dynamic('D'), cls('S', 'D'));
    const updated = cimClass({
      name: 'D',
      qualifiers: [qualifier('Dynamic', true)],
      properties: [cimProperty('P', 'string')],
    });
    const force = { update: 'force' } as const;
    denied(
      await h.one(h.putClass(updated, { rights: USER, intent: force })),
      /^writing a static class \(class S, a subclass the update of D rewrites, as stored\) needs WBEM_FULL_WRITE_REP/,
    );
    // With both write rights the same update passes.
    ok(await h.one(h.putClass(updated, { intent: force })));
  });

  it('accepts an update under partial rights when everything it touches is dynamic', async () => {
    const h = new ActorHarness();
    await withClasses(h, dynamic('D'), dynamic('E', 'D'));
    const updated = cimClass({
      name: 'D',
      qualifiers: [qualifier('Dynamic', true)],
      properties: [cimProperty('P', 'string')],
    });
    ok(await h.one(h.putClass(updated, { rights: USER, intent: { update: 'force' } })));
  });

  it('sends the class creation event when the namespace is watched', async () => {
    const h = new ActorHarness();
    const reply = ok(await h.one(h.putClass(cls('A'), { wantsEvents: true })));
    assert.equal(reply.events[0]?.eventClass, '__ClassCreationEvent');
  });
});

describe('putClass turn with a provider', () => {
  const P = registration('P', ['Served']);

  it('asks the owning provider, with the class, flags, context and caller, before the commit', async () => {
    const h = new ActorHarness({ providers: [P] });
    const context = createContext({ Note: 'n' });
    const served = cls('Served');
    ok(await h.one(h.putClass(served, { context, principal: 'bob', sendStatus: true })));
    assert.equal(h.providerRunner.calls.length, 1);
    const { provider, call } = h.providerRunner.calls[0] as (typeof h.providerRunner.calls)[0];
    assert.equal(provider, 'P');
    assert.deepEqual(call, {
      kind: 'putClass',
      cls: served,
      flags: WBEM_FLAG_SEND_STATUS,
      context,
      info: { namespace: NAMESPACE, principal: 'bob' },
    });
    assert.equal(await h.hasClass('Served'), true);
  });

  it('passes the intent flags without SEND_STATUS', async () => {
    const h = new ActorHarness({ providers: [P] });
    ok(await h.one(h.putClass(cls('Served'))));
    assert.equal(providerCall(h, 0)['flags'], 0);
  });

  it('commits nothing when the provider refuses', async () => {
    const h = new ActorHarness({ providers: [P] });
    h.providerRunner.scripts.set('P', {
      putClass: () => {
        throw new WbemError(WBEM_E_PROVIDER_FAILURE, { message: 'veto' });
      },
    });
    const f = failure(await h.one(h.putClass(cls('Served'))));
    assert.deepEqual([f.hresult, f.message], [WBEM_E_PROVIDER_FAILURE, 'veto']);
    assert.equal(await h.hasClass('Served'), false);
  });

  it('does not call the provider for an owner update', async () => {
    const h = new ActorHarness({ providers: [P] });
    ok(await h.one(h.putClass(cls('Served'), { intent: { ownerUpdate: true } })));
    assert.deepEqual(h.providerRunner.calls, []);
    assert.equal(await h.hasClass('Served'), true);
  });

  it('a class the provider serves counts as dynamic: WBEM_WRITE_PROVIDER suffices', async () => {
    const h = new ActorHarness({ providers: [P] });
    ok(await h.one(h.putClass(cls('Served'), { rights: USER })));
    denied(
      await h.one(h.putClass(cls('Served'), { rights: STATIC_ONLY })),
      /dynamic \(provider-backed\) class needs WBEM_WRITE_PROVIDER/,
    );
  });

  it('refuses a call that requires another provider architecture, without calling it', async () => {
    const h = new ActorHarness({ providers: [P] });
    const other = HOST_BITS === 64 ? 32 : 64;
    const context = createContext({
      [CONTEXT_PROVIDER_ARCHITECTURE]: other,
      [CONTEXT_REQUIRED_ARCHITECTURE]: true,
    });
    const f = failure(await h.one(h.putClass(cls('Served'), { context })));
    assert.equal(f.hresult, WBEM_E_PROVIDER_LOAD_FAILURE);
    assert.deepEqual(h.providerRunner.calls, []);
    assert.equal(await h.hasClass('Served'), false);
  });

  it("a class's own Provider qualifier picks its owner among the providers serving it", async () => {
    const h = new ActorHarness({
      providers: [registration('Q1', ['Owned']), registration('Q2', ['Owned'])],
    });
    const owned = cimClass({
      name: 'Owned',
      qualifiers: [qualifier('Dynamic', true), qualifier('Provider', 'Q2')],
    });
    ok(await h.one(h.putClass(owned)));
    ok(await h.one(h.putClass(cls('Owned'))));
    assert.deepEqual(
      h.providerRunner.calls.map((c) => c.provider),
      ['Q2', 'Q1'],
    );
  });

  it('a stored dynamic class counts as dynamic when it is written again', async () => {
    const h = new ActorHarness();
    await withClasses(h, dynamic('D'));
    // Put again without the qualifier: the stored definition still demands WBEM_WRITE_PROVIDER.
    denied(
      await h.one(h.putClass(cls('D'), { rights: STATIC_ONLY })),
      /class D, as stored\) needs WBEM_WRITE_PROVIDER/,
    );
  });
});

describe('deleteClass turn', () => {
  const del = (h: ActorHarness, name: unknown, options = {}) =>
    h.request('deleteClass', { name }, options);

  it('deletes the class and its subclasses', async () => {
    const h = new ActorHarness();
    await withClasses(h, cls('A'), cls('B', 'A'));
    const reply = ok(await h.one(del(h, 'a', { wantsEvents: true })));
    assert.deepEqual(
      reply.events.map((e) => e.eventClass),
      ['__ClassDeletionEvent', '__ClassDeletionEvent'],
    );
    assert.equal(await h.hasClass('A'), false);
    assert.equal(await h.hasClass('B'), false);
  });

  it('fails with WBEM_E_NOT_FOUND for a class the namespace does not hold', async () => {
    const h = new ActorHarness();
    assert.equal(failure(await h.one(del(h, 'Nope'))).hresult, WBEM_E_NOT_FOUND);
  });

  it('fails with WBEM_E_INVALID_PARAMETER for no name, before any rights check', async () => {
    const h = new ActorHarness();
    for (const name of ['', 42, null]) {
      const f = failure(await h.one(del(h, name, { rights: null })));
      assert.equal(f.hresult, WBEM_E_INVALID_PARAMETER, String(name));
    }
  });

  it('fails with WBEM_E_INVALID_PARAMETER for no name when providers are registered', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['Served'])] });
    assert.equal(failure(await h.one(del(h, ''))).hresult, WBEM_E_INVALID_PARAMETER);
    assert.deepEqual(h.providerRunner.calls, []);
  });

  it('refuses a name the schema accepts but that names no class without WBEM_FULL_WRITE_REP', async () => {
    // A test host's schema (the `SchemaOperations` seam) may take names the engine's refuses.
    const schema = {
      ...schemaOperations,
      deleteClass: () => ({ changes: EMPTY_CHANGE_SET, events: [] }),
    } as unknown as typeof schemaOperations;
    const h = new ActorHarness({ schema });
    denied(await h.one(del(h, 42, { rights: USER })), /^writing a static class needs/);
    ok(await h.one(del(h, 42, { rights: STATIC_ONLY })));
  });

  it('refuses a static class without WBEM_FULL_WRITE_REP, naming it', async () => {
    const h = new ActorHarness();
    await withClasses(h, cls('A'));
    denied(await h.one(del(h, 'A', { rights: USER })), /static class needs WBEM_FULL_WRITE_REP/);
    assert.equal(await h.hasClass('A'), true);
  });

  it('refuses a dynamic class without WBEM_WRITE_PROVIDER', async () => {
    const h = new ActorHarness();
    await withClasses(h, dynamic('D'));
    denied(await h.one(del(h, 'D', { rights: STATIC_ONLY })), /WBEM_WRITE_PROVIDER/);
    ok(await h.one(del(h, 'D', { rights: USER })));
  });

  it('refuses a cascade that removes a static subclass the caller may not write', async () => {
    const h = new ActorHarness();
    await withClasses(h, dynamic('D'), cls('S', 'D'));
    denied(
      await h.one(del(h, 'D', { rights: USER })),
      /^writing a static class \(class S, a subclass removed with D\) needs WBEM_FULL_WRITE_REP/,
    );
    assert.equal(await h.hasClass('S'), true);
  });

  it('asks the owning provider with the stored name, flags, context and caller', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['Served'])] });
    await withClasses(h, cls('Served'));
    const context = createContext({ N: 1 });
    ok(await h.one(del(h, 'SERVED', { context, principal: 'carol' })));
    assert.deepEqual(h.providerRunner.calls.at(-1), {
      provider: 'P',
      call: {
        kind: 'deleteClass',
        className: 'Served',
        flags: 0,
        context,
        info: { namespace: NAMESPACE, principal: 'carol' },
      },
    });
    ok(await h.one(h.putClass(cls('Served'))));
    ok(await h.one(del(h, 'Served', { sendStatus: true })));
    assert.equal(providerCall(h, -1)['flags'], WBEM_FLAG_SEND_STATUS);
  });

  it('asks the provider with the given name when the class is only the provider’s', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['Served'])] });
    // Not in the repository: the schema refuses after the provider's plan was made.
    const f = failure(await h.one(del(h, 'served')));
    assert.equal(f.hresult, WBEM_E_NOT_FOUND);
  });

  it('keeps the class when the provider refuses', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['Served'])] });
    await withClasses(h, cls('Served'));
    h.providerRunner.scripts.set('P', {
      deleteClass: () => {
        throw new WbemError(WBEM_E_PROVIDER_FAILURE, { message: 'keep it' });
      },
    });
    assert.equal(failure(await h.one(del(h, 'Served'))).message, 'keep it');
    assert.equal(await h.hasClass('Served'), true);
  });

  it('refuses a call that requires another provider architecture', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['Served'])] });
    await withClasses(h, cls('Served'));
    const context = createContext({
      [CONTEXT_PROVIDER_ARCHITECTURE]: HOST_BITS === 64 ? 32 : 64,
      [CONTEXT_REQUIRED_ARCHITECTURE]: true,
    });
    const f = failure(await h.one(del(h, 'Served', { context })));
    assert.equal(f.hresult, WBEM_E_PROVIDER_LOAD_FAILURE);
    assert.equal(await h.hasClass('Served'), true);
  });

  it('drops the deleted classes from the stored registrations, durably before ok', async () => {
    const h = new ActorHarness();
    ok(await h.one(h.request('registerProvider', { registration: registration('Q', ['X', 'Y']) })));
    await withClasses(h, cls('X'), cls('Y'));
    const calls = h.providerRunner.calls.length;
    const from = h.log.length;
    ok(await h.one(del(h, 'X')));
    assert.deepEqual(h.logSince(from, /^open/), [
      'provider Q deleteClass',
      `writeMeta ${PROVIDER_REGISTRATIONS_KEY}`,
      'flush',
      `ok ${(h.replies.at(-1) as OkReply).id}`,
    ]);
    assert.equal(h.providerRunner.calls.length, calls + 1);
    // X is no longer served by Q; Y still is.
    ok(await h.one(h.putClass(cls('X'))));
    assert.equal(h.providerRunner.calls.length, calls + 1);
    ok(await h.one(h.putClass(cls('Y'))));
    assert.equal(h.providerRunner.calls.length, calls + 2);
  });

  it('answers only once the registrations of a removed subclass are saved', async () => {
    const h = new ActorHarness();
    ok(await h.one(h.request('registerProvider', { registration: registration('Q', ['Y']) })));
    ok(await h.one(h.putClass(cls('X'))));
    // Y is served by Q, so putting it asks Q; deleting X (served by none) removes Y too.
    ok(await h.one(h.putClass(cls('Y', 'X'))));
    const saved = gate();
    h.repository.control.metaGate = saved;
    const replies = h.replies.length;
    const done = h.send(del(h, 'X'));
    await settleTurns();
    assert.equal(h.replies.length, replies);
    saved.open();
    await done;
    assert.equal(h.replies.at(-1)?.kind, 'ok');
    ok(await h.one(h.putClass(cls('X'))));
    ok(await h.one(h.putClass(cls('Y', 'X'))));
    assert.equal(h.providerRunner.calls.length, 1);
  });

  it('writes no registrations when the deleted class is in none', async () => {
    const h = new ActorHarness();
    ok(await h.one(h.request('registerProvider', { registration: registration('Q', ['X']) })));
    await withClasses(h, cls('Other'));
    const from = h.log.length;
    ok(await h.one(del(h, 'Other')));
    assert.equal(
      h.logSince(from).some((e) => e.startsWith('writeMeta')),
      false,
    );
  });
});

describe('getClass turn', () => {
  const P = registration('P', ['Remote']);

  it('answers the stored class', async () => {
    const h = new ActorHarness();
    await withClasses(h, cls('A'));
    assert.deepEqual(names(await h.one(h.getClass('A'))), ['A']);
  });

  it('answers WBEM_E_NOT_FOUND without providers', async () => {
    const h = new ActorHarness();
    assert.equal(failure(await h.one(h.getClass('Remote'))).hresult, WBEM_E_NOT_FOUND);
  });

  it('asks the owning provider for a class the repository does not hold', async () => {
    const h = new ActorHarness({ providers: [P] });
    const remote = cls('Remote');
    h.providerRunner.scripts.set('P', { getClass: () => remote });
    const context = createContext({ N: 2 });
    const reply = ok(await h.one(h.getClass('Remote', { context, principal: 'dan' })));
    assert.deepEqual(reply.objects, [remote]);
    assert.deepEqual(h.providerRunner.calls, [
      {
        provider: 'P',
        call: {
          kind: 'getClass',
          className: 'Remote',
          flags: 0,
          context,
          info: { namespace: NAMESPACE, principal: 'dan' },
        },
      },
    ]);
  });

  it('answers the repository’s WBEM_E_NOT_FOUND when the provider has no such class', async () => {
    const h = new ActorHarness({ providers: [P] });
    const f = failure(await h.one(h.getClass('Remote')));
    assert.equal(f.hresult, WBEM_E_NOT_FOUND);
    assert.match(f.message, /Remote/);
    assert.equal(h.providerRunner.calls.length, 1);
  });

  it('does not ask a provider that does not support GetObject', async () => {
    const h = new ActorHarness({ providers: [P] });
    h.providerRunner.scripts.set('P', {
      capabilities: { supportsGet: false },
      getClass: () => cls('Remote'),
    });
    assert.equal(failure(await h.one(h.getClass('Remote'))).hresult, WBEM_E_NOT_FOUND);
    assert.deepEqual(h.providerRunner.calls, []);
  });

  it('does not ask a provider for a class it does not serve', async () => {
    const h = new ActorHarness({ providers: [P] });
    assert.equal(failure(await h.one(h.getClass('Other'))).hresult, WBEM_E_NOT_FOUND);
    assert.deepEqual(h.providerRunner.calls, []);
  });

  it('passes on an error other than WBEM_E_NOT_FOUND without asking a provider', async () => {
    const h = new ActorHarness({ providers: [P] });
    h.providerRunner.scripts.set('P', { getClass: () => cls('Remote') });
    const schema = {
      ...schemaOperations,
      getClass: () => {
        throw new WbemError(WBEM_E_ACCESS_DENIED, { message: 'not yours' });
      },
    } as typeof schemaOperations;
    const guarded = new ActorHarness({ providers: [P], schema });
    guarded.providerRunner.scripts.set('P', { getClass: () => cls('Remote') });
    const f = failure(await guarded.one(guarded.getClass('Remote')));
    assert.deepEqual([f.hresult, f.message], [WBEM_E_ACCESS_DENIED, 'not yours']);
    assert.deepEqual(guarded.providerRunner.calls, []);
    // A name that is not a string is refused as such.
    assert.equal(failure(await h.one(h.getClass(7))).hresult, WBEM_E_INVALID_PARAMETER);
    assert.deepEqual(h.providerRunner.calls, []);
  });

  it('asks no provider for a name that is not a string, even when the schema says not found', async () => {
    const schema = {
      ...schemaOperations,
      getClass: () => {
        throw new WbemError(WBEM_E_NOT_FOUND, { message: 'no such class' });
      },
    } as typeof schemaOperations;
    const h = new ActorHarness({ providers: [P], schema });
    const f = failure(await h.one(h.getClass(['Remote'])));
    assert.deepEqual([f.hresult, f.message], [WBEM_E_NOT_FOUND, 'no such class']);
    assert.deepEqual(h.providerRunner.calls, []);
  });

  it("fails with the provider's own HRESULT", async () => {
    const h = new ActorHarness({ providers: [P] });
    h.providerRunner.scripts.set('P', {
      getClass: () => {
        throw new WbemError(WBEM_E_PROVIDER_FAILURE, { message: 'down' });
      },
    });
    assert.equal(failure(await h.one(h.getClass('Remote'))).message, 'down');
  });
});

describe('createClassEnum and enumerateClassNames turns', () => {
  const enumClasses = (h: ActorHarness, superclass: unknown, deep: boolean) =>
    h.request('createClassEnum', { superclass, deep, options: {} });
  const enumNames = (h: ActorHarness, superclass: unknown, deep: boolean) =>
    h.request('enumerateClassNames', { superclass, deep });
  const paramNames = (reply: OkReply | FailReply) => JSON.parse(ok(reply).param ?? 'null');

  async function family(h: ActorHarness): Promise<void> {
    await withClasses(h, cls('Top'), cls('Mid', 'Top'), cls('Low', 'Mid'));
  }

  it('answers the repository’s classes, shallow or deep', async () => {
    const h = new ActorHarness();
    await family(h);
    assert.deepEqual(names(await h.one(enumClasses(h, 'Top', false))), ['Mid']);
    assert.deepEqual(names(await h.one(enumClasses(h, 'Top', true))), ['Mid', 'Low']);
    assert.deepEqual(paramNames(await h.one(enumNames(h, 'Top', false))), ['Mid']);
    assert.deepEqual(paramNames(await h.one(enumNames(h, 'Top', true))), ['Mid', 'Low']);
    assert.deepEqual(ok(await h.one(enumNames(h, 'Top', true))).objects, []);
  });

  it('adds the classes of enumerating providers in registration order, the first answer winning', async () => {
    const h = new ActorHarness({
      providers: [
        registration('P1', ['A1']),
        registration('P2', ['A2']),
        registration('P3', ['A3']),
      ],
    });
    await family(h);
    h.providerRunner.scripts.set('P1', {
      enumerateClasses: () => [cls('Extra', 'Top'), cls('MID', 'Top')],
    });
    h.providerRunner.scripts.set('P2', {
      capabilities: { supportsEnumerate: false },
      enumerateClasses: () => [cls('Hidden', 'Top')],
    });
    h.providerRunner.scripts.set('P3', {
      enumerateClasses: () => [cls('extra', 'Top'), cls('More', 'Top')],
    });
    assert.deepEqual(names(await h.one(enumClasses(h, 'Top', true))), [
      'Mid',
      'Low',
      'Extra',
      'More',
    ]);
    assert.deepEqual(paramNames(await h.one(enumNames(h, 'Top', true))), [
      'Mid',
      'Low',
      'Extra',
      'More',
    ]);
    assert.deepEqual(
      h.providerRunner.calls.map((c) => c.provider),
      ['P1', 'P3', 'P1', 'P3'],
    );
  });

  it('passes the superclass (null when not a string), deep, context and caller', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['A'])] });
    await family(h);
    const context = createContext({ N: 3 });
    ok(await h.one(enumClasses(h, 'Top', false)));
    ok(
      await h.one(
        h.request(
          'enumerateClassNames',
          { superclass: null, deep: true },
          { context, principal: 'eve' },
        ),
      ),
    );
    assert.deepEqual(
      h.providerRunner.calls.map((c) => c.call),
      [
        {
          kind: 'enumerateClasses',
          superclass: 'Top',
          deep: false,
          context: null,
          info: { namespace: NAMESPACE, principal: 'alice' },
        },
        {
          kind: 'enumerateClasses',
          superclass: null,
          deep: true,
          context,
          info: { namespace: NAMESPACE, principal: 'eve' },
        },
      ],
    );
  });

  it('answers without providers in the same batch as the writes before it, after their commit', async () => {
    const h = new ActorHarness();
    await family(h);
    const put = h.putClass(cls('New'));
    const e = enumClasses(h, 'Top', true);
    const n = enumNames(h, 'Top', true);
    const from = h.log.length;
    await h.send(put, e, n);
    // One flush: neither enumeration waits for anything, so neither splits the batch.
    assert.deepEqual(h.logSince(from), ['flush', `ok ${put.id}`, `ok ${e.id}`, `ok ${n.id}`]);
  });

  it('answers the names of the provider path in param, without objects', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['A'])] });
    h.providerRunner.scripts.set('P', { enumerateClasses: () => [cls('Extra')] });
    const reply = ok(await h.one(enumNames(h, null, false)));
    assert.deepEqual(reply.objects, []);
    assert.ok(JSON.parse(reply.param ?? '[]').includes('Extra'));
  });

  it('passes a superclass that is not a string to the providers as null', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['A'])] });
    ok(await h.one(enumClasses(h, undefined, true)));
    assert.equal(providerCall(h, 0)['superclass'], null);
  });

  it("fails with a provider's HRESULT", async () => {
    const h = new ActorHarness({ providers: [registration('P', ['A'])] });
    h.providerRunner.scripts.set('P', {
      enumerateClasses: () => {
        throw new WbemError(WBEM_E_PROVIDER_FAILURE, { message: 'no list' });
      },
    });
    assert.equal(failure(await h.one(enumClasses(h, null, true))).message, 'no list');
    assert.equal(failure(await h.one(enumNames(h, null, true))).message, 'no list');
  });

  it('answers the schema error of an unknown superclass', async () => {
    const h = new ActorHarness();
    assert.equal(failure(await h.one(enumClasses(h, 'Nope', true))).hresult, WBEM_E_INVALID_CLASS);
    assert.equal(failure(await h.one(enumNames(h, 'Nope', true))).hresult, WBEM_E_INVALID_CLASS);
  });
});

describe('instance turns', () => {
  const putInstance = (h: ActorHarness, instance: unknown, options = {}) =>
    h.request('putInstance', { instance, intent: { mode: 'create-or-update' } }, options);
  const deleteInstance = (h: ActorHarness, path: unknown, options = {}) =>
    h.request('deleteInstance', { path }, options);

  it('puts an instance and answers its path; reads and enumerates it', async () => {
    const h = new ActorHarness();
    await withClasses(h, keyed('K'), keyed('L', 'K'));
    const put = ok(await h.one(putInstance(h, cimInstance('K', { Id: 'a' }), { rights: PARTIAL })));
    assert.equal(put.param, 'K.Id="a"');
    ok(await h.one(putInstance(h, cimInstance('L', { Id: 'b' }))));
    const got = ok(await h.one(h.request('getInstance', { path: 'K.Id="a"' })));
    assert.equal((got.objects[0] as CimInstance).className, 'K');
    const shallow = ok(
      await h.one(h.request('createInstanceEnum', { className: 'K', deep: false })),
    );
    assert.equal(shallow.objects.length, 1);
    const deep = ok(await h.one(h.request('createInstanceEnum', { className: 'K', deep: true })));
    assert.equal(deep.objects.length, 2);
  });

  it("fails with the schema's WBEM_E_INVALID_CLASS for an instance of a class the namespace lacks", async () => {
    const h = new ActorHarness();
    const f = failure(
      await h.one(putInstance(h, cimInstance('Nope', { Id: 'a' }), { rights: PARTIAL })),
    );
    assert.equal(f.hresult, WBEM_E_INVALID_CLASS);
  });

  it('refuses an instance of a static class without a write right', async () => {
    const h = new ActorHarness();
    await withClasses(h, keyed('K'));
    denied(
      await h.one(putInstance(h, cimInstance('K', { Id: 'a' }), { rights: USER })),
      /WBEM_PARTIAL_WRITE_REP|WBEM_FULL_WRITE_REP/,
    );
  });

  it('refuses an instance of a dynamic class without WBEM_WRITE_PROVIDER', async () => {
    const h = new ActorHarness();
    await withClasses(h, dynamicKeyed('D'));
    const d = cimInstance('D', { Id: 'x' });
    denied(
      await h.one(putInstance(h, d, { rights: STATIC_ONLY | WBEM_PARTIAL_WRITE_REP })),
      /WBEM_WRITE_PROVIDER/,
    );
    ok(await h.one(putInstance(h, d, { rights: USER })));
  });

  it('refuses an instance of a class derived from a system class without WBEM_FULL_WRITE_REP', async () => {
    const h = new ActorHarness();
    await withClasses(h, cls('Consumer', '__EventConsumer'), cls('Sub', 'Consumer'));
    const instance = cimInstance('Sub', {});
    denied(
      await h.one(putInstance(h, instance, { rights: PARTIAL | WBEM_WRITE_PROVIDER })),
      /WBEM_FULL_WRITE_REP/,
    );
  });

  it('refuses an instance whose class name is not a string unless a write right is held', async () => {
    const h = new ActorHarness();
    denied(
      await h.one(
        putInstance(h, { genus: 2, className: 5, properties: new Map() }, { rights: USER }),
      ),
      /WBEM_(PARTIAL|FULL)_WRITE_REP/,
    );
    const f = failure(
      await h.one(
        putInstance(h, { genus: 2, className: 5, properties: new Map() }, { rights: PARTIAL }),
      ),
    );
    assert.notEqual(f.hresult, WBEM_E_ACCESS_DENIED);
    denied(await h.one(putInstance(h, null, { rights: USER })), /WRITE_REP/);
  });

  it('checks the instance the schema writes: a static instance put through its dynamic ancestor name', async () => {
    const h = new ActorHarness();
    await withClasses(h, dynamic('D'), cls('S', 'D'));
    // The argument names S, a static class: only the static right matters, and USER lacks it.
    denied(await h.one(putInstance(h, cimInstance('S', {}), { rights: USER })), /WRITE_REP/);
  });

  it('deletes an instance; refuses a caller without any write right before reading the path', async () => {
    const h = new ActorHarness();
    await withClasses(h, keyed('K'));
    ok(await h.one(putInstance(h, cimInstance('K', { Id: 'a' }))));
    denied(await h.one(deleteInstance(h, 'Nope.Id="x"', { rights: WBEM_ENABLE })), /WRITE/);
    ok(await h.one(deleteInstance(h, 'K.Id="a"', { rights: PARTIAL, wantsEvents: true })));
    assert.equal(
      failure(await h.one(h.request('getInstance', { path: 'K.Id="a"' }))).hresult,
      WBEM_E_NOT_FOUND,
    );
  });

  it('refuses the delete of an instance of a system-derived class without WBEM_FULL_WRITE_REP', async () => {
    const h = new ActorHarness();
    await withClasses(
      h,
      cimClass({
        name: 'Consumer',
        superclass: '__EventConsumer',
        properties: [cimProperty('Id', 'string', { qualifiers: [key] })],
      }),
      cls('Sub', 'Consumer'),
    );
    ok(await h.one(putInstance(h, cimInstance('Sub', { Id: 'a' }))));
    ok(await h.one(putInstance(h, cimInstance('Consumer', { Id: 'b' }))));
    for (const path of ['Sub.Id="a"', 'Consumer.Id="b"'])
      denied(
        await h.one(deleteInstance(h, path, { rights: PARTIAL | WBEM_WRITE_PROVIDER })),
        /^writing an instance of a system-derived class/,
      );
    ok(await h.one(deleteInstance(h, 'Sub.Id="a"', { rights: STATIC_ONLY })));
  });

  it('refuses the delete of a dynamic instance to a caller with only the static rights', async () => {
    const h = new ActorHarness();
    await withClasses(h, dynamicKeyed('D'));
    ok(await h.one(putInstance(h, cimInstance('D', { Id: 'x' }))));
    denied(await h.one(deleteInstance(h, 'D.Id="x"', { rights: PARTIAL })), /the instance deleted/);
    ok(await h.one(deleteInstance(h, 'D.Id="x"', { rights: USER })));
  });

  it('answers the schema errors of the reads', async () => {
    const h = new ActorHarness();
    assert.equal(
      failure(await h.one(h.request('getInstance', { path: 'Nope.Id="x"' }))).hresult,
      WBEM_E_INVALID_CLASS,
    );
    assert.equal(
      failure(await h.one(h.request('createInstanceEnum', { className: 'Nope', deep: true })))
        .hresult,
      WBEM_E_INVALID_CLASS,
    );
  });
});

describe('qualifier declaration turns', () => {
  const BOOLEAN = 11;
  const Q = { name: 'Q', type: BOOLEAN, value: true };

  it('puts, reads, enumerates and deletes a declaration', async () => {
    const h = new ActorHarness();
    ok(await h.one(h.request('putQualifierDeclaration', { declaration: Q })));
    const got = ok(await h.one(h.request('getQualifierDeclaration', { name: 'q' })));
    assert.equal((got.objects[0] as unknown as { name: string }).name, 'Q');
    const all = ok(await h.one(h.request('createQualifierDeclarationEnum', {})));
    assert.ok(all.objects.some((d) => (d as unknown as { name: string }).name === 'Q'));
    ok(await h.one(h.request('deleteQualifierDeclaration', { name: 'Q' })));
    assert.equal(
      failure(await h.one(h.request('getQualifierDeclaration', { name: 'Q' }))).hresult,
      WBEM_E_NOT_FOUND,
    );
  });

  it('refuses a put or delete without WBEM_FULL_WRITE_REP, before reading the argument', async () => {
    const h = new ActorHarness();
    denied(
      await h.one(
        h.request('putQualifierDeclaration', { declaration: undefined }, { rights: USER }),
      ),
      /static class needs WBEM_FULL_WRITE_REP/,
    );
    ok(await h.one(h.request('putQualifierDeclaration', { declaration: Q })));
    denied(
      await h.one(h.request('deleteQualifierDeclaration', { name: 'Q' }, { rights: USER })),
      /static class needs WBEM_FULL_WRITE_REP/,
    );
    ok(await h.one(h.request('getQualifierDeclaration', { name: 'Q' })));
  });
});

describe('namespace turns', () => {
  const create = (h: ActorHarness, name: string, options = {}, mode?: 'update-only') =>
    h.request('createNamespace', mode === undefined ? { name } : { name, mode }, options);

  it('creates, lists and deletes a child namespace instance', async () => {
    const h = new ActorHarness();
    const made = ok(await h.one(create(h, 'child')));
    assert.equal(made.param, 'child');
    ok(await h.one(create(h, 'other')));
    const all = ok(await h.one(h.request('getNamespaces', { name: null })));
    assert.equal(all.objects.length, 2);
    const one = ok(await h.one(h.request('getNamespaces', { name: 'child' })));
    assert.equal(one.objects.length, 1);
    ok(await h.one(h.request('deleteNamespace', { name: 'child' })));
    assert.equal(ok(await h.one(h.request('getNamespaces', { name: null }))).objects.length, 1);
  });

  it('passes the PutInstance mode on', async () => {
    const h = new ActorHarness();
    assert.equal(
      failure(await h.one(create(h, 'child', {}, 'update-only'))).hresult,
      WBEM_E_NOT_FOUND,
    );
  });

  it('refuses a create or delete without WBEM_FULL_WRITE_REP, even of an existing child', async () => {
    const h = new ActorHarness();
    ok(await h.one(create(h, 'child')));
    denied(
      await h.one(create(h, 'child', { rights: PARTIAL | WBEM_WRITE_PROVIDER })),
      /__NAMESPACE/,
    );
    denied(
      await h.one(h.request('deleteNamespace', { name: 'child' }, { rights: PARTIAL })),
      /__NAMESPACE/,
    );
    assert.equal(ok(await h.one(h.request('getNamespaces', { name: null }))).objects.length, 1);
  });

  it('reads and writes namespace metadata', async () => {
    const h = new ActorHarness();
    assert.deepEqual(ok(await h.one(h.request('readMeta', { key: 'k' }))).objects, []);
    assert.equal(ok(await h.one(h.request('readMeta', { key: 'k' }))).param, null);
    const written = ok(await h.one(h.request('writeMeta', { key: 'k', value: 'v' })));
    assert.deepEqual([written.objects, written.param], [[], null]);
    assert.equal(ok(await h.one(h.request('readMeta', { key: 'k' }))).param, 'v');
    ok(await h.one(h.request('writeMeta', { key: 'k', value: null })));
    assert.equal(ok(await h.one(h.request('readMeta', { key: 'k' }))).param, null);
  });

  it('registers and unregisters a provider (WBEM_FULL_WRITE_REP)', async () => {
    const h = new ActorHarness();
    const reg = registration('R', ['Served']);
    denied(
      await h.one(h.request('registerProvider', { registration: reg }, { rights: USER | PARTIAL })),
      /WBEM_FULL_WRITE_REP/,
    );
    ok(await h.one(h.putClass(cls('Served'))));
    assert.deepEqual(h.providerRunner.calls, []);
    const registered = ok(await h.one(h.request('registerProvider', { registration: reg })));
    assert.deepEqual([registered.objects, registered.param], [[], null]);
    ok(await h.one(h.putClass(cls('Served'))));
    assert.equal(h.providerRunner.calls.length, 1);
    denied(
      await h.one(h.request('unregisterProvider', { name: 'R' }, { rights: USER | PARTIAL })),
      /WBEM_FULL_WRITE_REP/,
    );
    ok(await h.one(h.request('unregisterProvider', { name: 'R' })));
    assert.deepEqual(h.providerRunner.unloaded, ['R']);
    ok(await h.one(h.putClass(cls('Served'))));
    assert.equal(h.providerRunner.calls.length, 1);
    assert.equal(
      failure(await h.one(h.request('unregisterProvider', { name: 'R' }))).hresult,
      WBEM_E_PROVIDER_NOT_REGISTERED,
    );
  });
});
