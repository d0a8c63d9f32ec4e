/**
 * @module `NamespaceActor` in process, as its host sees it: the replies of its mailbox loop and
 * their order against the store's flushes (group commit, failed commits and their rollback,
 * cancellation, progress, `dropNamespace`, lazy activation, turns that wait for a provider).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { createContext } from '../../src/model/wbem-context.js';
import type { OkReply } from '../../src/runtime/protocol.js';
import * as schemaOperations from '../../src/schema/index.js';
import { CIM_BOOLEAN } from '../../src/wbem/cim-type.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_FAILED,
  WBEM_E_NOT_FOUND,
  WBEM_E_OUT_OF_DISK_SPACE,
  WBEM_E_PROVIDER_FAILURE,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { ActorHarness, gate, registration, settleTurns } from './helpers/actor-harness.js';

const cls = (name: string, superclass: string | null = null) => cimClass({ name, superclass });
const dynamicCls = (name: string) =>
  cimClass({ name, qualifiers: [qualifier('Dynamic', true), qualifier('Provider', 'P')] });

const diskFull = () => new WbemError(WBEM_E_OUT_OF_DISK_SPACE, { message: 'the disk is full' });

describe('NamespaceActor: lazy activation and state', () => {
  it('is idle and opens no store until its first message, then is active', async () => {
    const h = new ActorHarness();
    assert.equal(h.actor.state, 'idle');
    assert.equal(h.actor.path, 'root/test');
    assert.deepEqual(h.log, []);
    await h.send(h.getClass('Nope'));
    assert.equal(h.actor.state, 'active');
    assert.deepEqual(h.log, ['open root/test', 'fail 1']);
  });

  it('opens its store once for many messages', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('A')));
    await h.send(h.putClass(cls('B')), h.getClass('A'));
    assert.equal(h.log.filter((e) => e.startsWith('open')).length, 1);
  });

  it('is stopped after deactivate, and the next message opens the store again', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('A')));
    await h.actor.deactivate();
    assert.equal(h.actor.state, 'stopped');
    assert.equal(h.log.at(-1), 'close');
    assert.equal(await h.hasClass('A'), true);
    assert.equal(h.actor.state, 'active');
    assert.equal(h.log.filter((e) => e.startsWith('open')).length, 2);
  });

  it('deactivating an actor that never opened its store closes nothing', async () => {
    const h = new ActorHarness();
    await h.actor.deactivate();
    assert.equal(h.actor.state, 'stopped');
    assert.deepEqual(h.log, []);
  });

  it('counts the messages waiting for a turn', async () => {
    const h = new ActorHarness();
    const flush = gate();
    h.repository.control.flushGate = flush;
    const done = h.actor.enqueue([h.putClass(cls('A'))]);
    await settleTurns();
    assert.equal(h.actor.queued, 0);
    assert.equal(h.actor.enqueue([h.getClass('A'), h.getClass('B')]), undefined);
    assert.equal(h.actor.queued, 2);
    flush.open();
    await done;
    assert.equal(h.actor.queued, 0);
  });
});

describe('NamespaceActor: the environment of its turns', () => {
  it("names its namespace in the objects' system properties, with backslashes", async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('A')));
    const [a] = ((await h.one(h.getClass('A'))) as OkReply).objects as CimClass[];
    assert.equal(a?.systemProperties?.__NAMESPACE, 'root\\test');
    assert.equal(a?.systemProperties?.__PATH, '\\\\HOST\\root\\test:A');
  });

  it('stamps events with the FILETIME of their turn, which never goes back', async () => {
    // 100-ns ticks since 1601, to the millisecond: two turns in one millisecond share a stamp.
    const fileTime = (ms: number) => (BigInt(ms) + 11_644_473_600_000n) * 10_000n;
    const h = new ActorHarness();
    const from = fileTime(Date.now());
    await h.send(h.putClass(cls('A'), { wantsEvents: true }));
    await h.send(h.putClass(cls('B'), { wantsEvents: true }));
    const to = fileTime(Date.now());
    const times = [1, 2].map((id) => (h.final(id) as OkReply).events[0]?.timeCreated ?? '');
    for (const t of times) {
      assert.match(t, /^\d{18}$/);
      assert.ok(BigInt(t) >= from && BigInt(t) <= to, `${t} not in ${from}..${to}`);
    }
    assert.ok(BigInt(times[1] as string) >= BigInt(times[0] as string), times.join(' '));
  });
});

describe('NamespaceActor: group commit', () => {
  it('acknowledges the writes of a batch after one flush, in request order', async () => {
    const h = new ActorHarness();
    const replies = await h.run(h.putClass(cls('A')), h.putClass(cls('B')), h.putClass(cls('C')));
    assert.deepEqual(
      replies.map((r) => r.kind),
      ['ok', 'ok', 'ok'],
    );
    assert.deepEqual(h.log, ['open root/test', 'flush', 'ok 1', 'ok 2', 'ok 3']);
  });

  it('answers a read after a write of its batch once that write is committed, in order', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('A')), h.getClass('A'), h.putClass(cls('B')));
    assert.deepEqual(h.log, ['open root/test', 'flush', 'ok 1', 'ok 2', 'ok 3']);
    // The read sees the write before it, answered only once that write is durable.
    assert.equal((h.final(2) as OkReply).objects.length, 1);
  });

  it('answers a read after a write at once when the store says its flush never fails', async () => {
    const h = new ActorHarness();
    h.repository.control.flushNeverFails = true;
    await h.send(h.putClass(cls('A')), h.getClass('A'), h.putClass(cls('B')));
    assert.deepEqual(h.log, ['open root/test', 'ok 2', 'flush', 'ok 1', 'ok 3']);
    assert.equal((h.final(2) as OkReply).objects.length, 1);
  });

  it('answers a read before any write of its batch at once', async () => {
    const h = new ActorHarness();
    await h.send(h.getClass('A'), h.putClass(cls('A')));
    assert.deepEqual(h.log, ['open root/test', 'fail 1', 'flush', 'ok 2']);
  });

  it('does not flush a batch without writes', async () => {
    const h = new ActorHarness();
    await h.send(
      h.getClass('A'),
      h.request('createClassEnum', { superclass: null, deep: true, options: {} }),
    );
    assert.equal(h.log.includes('flush'), false);
  });

  it('holds every acknowledgement until the flush resolves', async () => {
    const h = new ActorHarness();
    const flush = gate();
    h.repository.control.flushGate = flush;
    const done = h.send(h.putClass(cls('A')), h.putClass(cls('B')));
    await settleTurns();
    assert.deepEqual(h.replies, []);
    flush.open();
    await done;
    assert.deepEqual(h.log.slice(-2), ['ok 1', 'ok 2']);
  });

  it('runs one message to completion before the next: a batch queued while one commits waits', async () => {
    const h = new ActorHarness();
    const flush = gate();
    h.repository.control.flushGate = flush;
    const first = h.actor.enqueue([h.putClass(cls('A'))]);
    await settleTurns();
    // Queued during the commit of the first batch: it must see A, so it runs after that flush.
    assert.equal(h.actor.enqueue([h.putClass(cls('B', 'A')), h.getClass('B')]), undefined);
    await settleTurns();
    assert.deepEqual(h.logSince(0), ['open root/test', 'flush']);
    flush.open();
    await first;
    assert.deepEqual(h.log, ['open root/test', 'flush', 'ok 1', 'flush', 'ok 2', 'ok 3']);
    assert.equal(h.final(2).kind, 'ok');
  });

  it('a later enqueue after the mailbox drained starts a new drain', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('A')));
    const again = h.actor.enqueue([h.putClass(cls('B'))]);
    assert.notEqual(again, undefined);
    await again;
    assert.equal(h.final(2).kind, 'ok');
  });

  it('sends a write its events only when it wants them, after the flush, with the call context', async () => {
    const h = new ActorHarness();
    const context = createContext({ Tag: 'x' });
    await h.send(
      h.putClass(cls('A'), { wantsEvents: true, context }),
      h.putClass(cls('B'), { wantsEvents: false }),
      h.putClass(cls('C'), { wantsEvents: true }),
    );
    const a = h.final(1) as OkReply;
    assert.equal(a.events.length, 1);
    assert.equal(a.events[0]?.eventClass, '__ClassCreationEvent');
    assert.deepEqual(a.events[0]?.context, context);
    assert.deepEqual((h.final(2) as OkReply).events, []);
    const c = h.final(3) as OkReply;
    assert.equal(c.events.length, 1);
    assert.equal('context' in (c.events[0] as object), false);
  });

  it('a read reply carries no events and its param', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('A')));
    await h.send(h.putClass(cls('B', 'A')));
    const r = (await h.one(
      h.request('enumerateClassNames', { superclass: 'A', deep: true }, { wantsEvents: true }),
    )) as OkReply;
    assert.deepEqual(r.events, []);
    assert.equal(r.param, '["B"]');
  });
});

describe('NamespaceActor: a failed commit', () => {
  it("fails exactly the batch's writes with the store's HRESULT, and rolls them back", async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('Kept')));
    h.repository.control.flushFailures.push(diskFull());
    const replies = await h.run(h.putClass(cls('A')), h.getClass('Kept'), h.putClass(cls('B')));
    assert.deepEqual(
      replies.map((r) => r.kind),
      ['fail', 'ok', 'fail'],
    );
    for (const r of [replies[0], replies[2]])
      assert.deepEqual(r, {
        kind: 'fail',
        id: r?.id,
        hresult: WBEM_E_OUT_OF_DISK_SPACE,
        message: 'the disk is full',
      });
    // The read between them saw A: it is answered again, from the rolled-back store.
    assert.deepEqual(h.logSince(3), ['flush', 'fail 2', 'fail 4', 'rollback', 'ok 3']);
    // The actor keeps serving, on the durable state.
    assert.equal(await h.hasClass('A'), false);
    assert.equal(await h.hasClass('B'), false);
    assert.equal(await h.hasClass('Kept'), true);
    const retry = await h.one(h.putClass(cls('A')));
    assert.equal(retry.kind, 'ok');
    assert.equal(await h.hasClass('A'), true);
  });

  it('fails with WBEM_E_FAILED "commit failed: <why>" when the flush throws a plain Error', async () => {
    const h = new ActorHarness();
    h.repository.control.flushFailures.push(new Error('disk on fire'));
    const reply = await h.one(h.putClass(cls('A')));
    assert.deepEqual(reply, {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_FAILED,
      message: 'commit failed: disk on fire',
    });
  });

  it('fails with WBEM_E_FAILED naming a thrown non-Error value', async () => {
    const h = new ActorHarness();
    h.repository.control.flushFailures.push('no space');
    const reply = await h.one(h.putClass(cls('A')));
    assert.deepEqual(reply, {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_FAILED,
      message: 'commit failed: no space',
    });
  });

  it('answers with the error message when a store WbemError has no detail', async () => {
    const h = new ActorHarness();
    const bare = new WbemError(WBEM_E_OUT_OF_DISK_SPACE);
    h.repository.control.flushFailures.push(bare);
    const reply = await h.one(h.putClass(cls('A')));
    assert.deepEqual(reply, {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_OUT_OF_DISK_SPACE,
      message: bare.message,
    });
  });

  it('sends no events of a failed batch', async () => {
    const h = new ActorHarness();
    h.repository.control.flushFailures.push(diskFull());
    await h.send(h.putClass(cls('A'), { wantsEvents: true }));
    assert.equal(
      h.replies.some((r) => r.kind === 'ok'),
      false,
    );
  });

  it('reopens the store from the repository when even the rollback fails', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('Kept')));
    h.repository.control.flushFailures.push(diskFull());
    h.repository.control.rollbackFailure = new Error('journal unreadable');
    const [failed] = await h.run(h.putClass(cls('A')));
    assert.equal(failed?.kind, 'fail');
    assert.deepEqual(h.logSince(3), ['flush', 'fail 2', 'rollback', 'close']);
    assert.equal(h.actor.state, 'stopped');
    h.repository.control.rollbackFailure = undefined;
    assert.equal(await h.hasClass('Kept'), true);
    assert.equal(h.log.filter((e) => e.startsWith('open')).length, 2);
  });

  it('keeps serving when a store that cannot roll back cannot close either', async () => {
    const h = new ActorHarness();
    h.repository.control.flushFailures.push(diskFull(), diskFull());
    h.repository.control.rollbackFailure = new Error('journal unreadable');
    // The second failure is the close's own flush.
    const [failed] = await h.run(h.putClass(cls('A')));
    assert.equal(failed?.kind, 'fail');
    h.repository.control.rollbackFailure = undefined;
    const next = await h.one(h.putClass(cls('B')));
    assert.equal(next.kind, 'ok');
  });
});

describe('NamespaceActor: cancellation', () => {
  it('answers a call cancelled before it ran with WBEM_E_CALL_CANCELLED, and runs the rest', async () => {
    const h = new ActorHarness();
    const flush = gate();
    h.repository.control.flushGate = flush;
    const done = h.actor.enqueue([h.putClass(cls('A'))]);
    await settleTurns();
    h.queueWhileBusy(h.putClass(cls('B')), h.putClass(cls('C')));
    h.actor.cancel([2]);
    flush.open();
    await done;
    assert.deepEqual(h.final(2), {
      kind: 'fail',
      id: 2,
      hresult: WBEM_E_CALL_CANCELLED,
      message: 'cancelled before it ran',
    });
    assert.equal(h.final(3).kind, 'ok');
    assert.equal(await h.hasClass('B'), false);
    assert.equal(await h.hasClass('C'), true);
  });

  it('ignores a cancel of a call that already ran or was never queued', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('A')));
    h.actor.cancel([1, 99]);
    const flush = gate();
    h.repository.control.flushGate = flush;
    const done = h.actor.enqueue([h.putClass(cls('B'))]);
    await settleTurns();
    // Call 1 is not queued any more: a later call reusing its id is not cancelled.
    h.queueWhileBusy(h.putClass(cls('C'), { id: 1 }), h.putClass(cls('D'), { id: 99 }));
    flush.open();
    await done;
    assert.equal(await h.hasClass('C'), true);
    assert.equal(await h.hasClass('D'), true);
  });

  it('a cancel of an id not queued does not cancel a later call of that id', async () => {
    const h = new ActorHarness();
    const flush = gate();
    h.repository.control.flushGate = flush;
    const done = h.actor.enqueue([h.putClass(cls('A'))]);
    await settleTurns();
    h.queueWhileBusy(h.putClass(cls('B')));
    h.actor.cancel([7]);
    h.queueWhileBusy(h.putClass(cls('C'), { id: 7 }));
    flush.open();
    await done;
    assert.equal(h.final(7).kind, 'ok');
  });

  it('a cancelled call gets no progress report', async () => {
    const h = new ActorHarness();
    const flush = gate();
    h.repository.control.flushGate = flush;
    const done = h.actor.enqueue([h.putClass(cls('A'))]);
    await settleTurns();
    h.queueWhileBusy(h.putClass(cls('B'), { sendStatus: true }));
    h.actor.cancel([2]);
    flush.open();
    await done;
    assert.equal(
      h.replies.some((r) => r.kind === 'progress'),
      false,
    );
  });
});

describe('NamespaceActor: progress', () => {
  it('reports SEND_STATUS progress when it dequeues the call, before its outcome', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('A'), { sendStatus: true }), h.getClass('A'));
    assert.deepEqual(h.replies[0], {
      kind: 'progress',
      id: 1,
      progress: 0,
      message: 'accepted by the actor',
    });
    assert.deepEqual(h.logSince(0), ['progress 1', 'open root/test', 'flush', 'ok 1', 'ok 2']);
  });

  it('reports progress once for a read run again after its batch failed', async () => {
    const h = new ActorHarness();
    h.repository.control.flushFailures.push(diskFull());
    await h.send(h.putClass(cls('A')), h.getClass('A', { sendStatus: true }));
    assert.deepEqual(h.logSince(0), [
      'open root/test',
      'progress 2',
      'flush',
      'fail 1',
      'rollback',
      'fail 2',
    ]);
  });

  it('reports progress for a call that then fails', async () => {
    const h = new ActorHarness();
    await h.send(h.getClass('Nope', { sendStatus: true }));
    assert.deepEqual(
      h.replies.map((r) => r.kind),
      ['progress', 'fail'],
    );
  });
});

describe('NamespaceActor: a turn that throws', () => {
  it("fails the call with its WbemError's HRESULT and message, and commits the others", async () => {
    const h = new ActorHarness();
    const replies = await h.run(h.putClass(cls('A')), h.putClass(cls('B', 'Missing')));
    assert.equal(replies[0]?.kind, 'ok');
    assert.equal(replies[1]?.kind, 'fail');
    const fail = replies[1] as { hresult: number; message: string };
    assert.equal(fail.hresult, WBEM_E_NOT_FOUND);
    assert.match(fail.message, /Missing/);
  });

  it('fails a write whose apply to the store fails, and acknowledges the others', async () => {
    const h = new ActorHarness();
    h.repository.control.applyFailures.push(new Error('no memory'));
    const replies = await h.run(h.putClass(cls('A')), h.putClass(cls('B')));
    assert.deepEqual(replies[0], {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_FAILED,
      message: 'internal error: no memory',
    });
    assert.equal(replies[1]?.kind, 'ok');
    assert.equal(await h.hasClass('A'), false);
  });

  it('fails with WBEM_E_FAILED "internal error" when a turn throws something else', async () => {
    const schema = {
      ...schemaOperations,
      getClass: () => {
        throw new TypeError('boom');
      },
    } as typeof schemaOperations;
    const h = new ActorHarness({ schema });
    const reply = await h.one(h.getClass('A'));
    assert.deepEqual(reply, {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_FAILED,
      message: 'internal error: boom',
    });
  });

  it('answers with the message of a WbemError thrown without detail', async () => {
    const bare = new WbemError(WBEM_E_NOT_FOUND);
    const schema = {
      ...schemaOperations,
      getNamespaces: () => {
        throw bare;
      },
    } as typeof schemaOperations;
    const h = new ActorHarness({ schema });
    const reply = await h.one(h.request('getNamespaces', { name: null }));
    assert.deepEqual(reply, {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_NOT_FOUND,
      message: bare.message,
    });
  });

  it('fails a call whose store cannot even be opened, and tries again on the next', async () => {
    const h = new ActorHarness();
    const open = h.repository.openNamespace.bind(h.repository);
    let refuse = true;
    h.repository.openNamespace = (path: string) => {
      if (refuse) throw new WbemError(WBEM_E_FAILED, { message: 'store locked' });
      return open(path);
    };
    const first = await h.one(h.getClass('A'));
    assert.deepEqual(first, {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_FAILED,
      message: 'store locked',
    });
    assert.equal(h.actor.state, 'idle');
    refuse = false;
    assert.equal((await h.one(h.putClass(cls('A')))).kind, 'ok');
  });
});

describe('NamespaceActor: a turn that waits', () => {
  const provider = registration('P', ['Dyn']);

  it('commits and acknowledges the writes before it before the provider runs, then its own write', async () => {
    const h = new ActorHarness({ providers: [provider] });
    await h.send(h.putClass(cls('A')), h.putClass(dynamicCls('Dyn')), h.putClass(cls('B')));
    // In a namespace with providers each class turn after a write commits the writes first.
    assert.deepEqual(h.logSince(0), [
      'open root/test',
      'flush',
      'ok 1',
      'provider P putClass',
      'flush',
      'ok 2',
      'flush',
      'ok 3',
    ]);
  });

  it('runs a waiting write on what is committed when the writes before it fail to commit', async () => {
    const h = new ActorHarness({ providers: [provider] });
    h.repository.control.flushFailures.push(diskFull());
    const sub = cimClass({
      name: 'Dyn',
      superclass: 'A',
      qualifiers: [qualifier('Dynamic', true), qualifier('Provider', 'P')],
    });
    const replies = await h.run(h.putClass(cls('A')), h.putClass(sub));
    // A was rolled back before Dyn's turn: Dyn is refused for its superclass, and the provider
    // is never asked to keep a class the repository then refuses.
    assert.deepEqual(
      replies.map((r) => [r.kind, (r as { hresult?: number }).hresult]),
      [
        ['fail', WBEM_E_OUT_OF_DISK_SPACE],
        ['fail', WBEM_E_NOT_FOUND],
      ],
    );
    assert.equal(h.log.includes('provider P putClass'), false);
    assert.equal(await h.hasClass('A'), false);
    assert.equal(await h.hasClass('Dyn'), false);
  });

  it('commits the writes before a metadata write first: their failure is theirs alone', async () => {
    const h = new ActorHarness();
    h.repository.control.flushFailures.push(diskFull());
    const replies = await h.run(
      h.putClass(cls('A')),
      h.request('writeMeta', { key: 'k', value: 'v' }),
    );
    assert.deepEqual(
      replies.map((r) => r.kind),
      ['fail', 'ok'],
    );
    assert.deepEqual(h.logSince(0), [
      'open root/test',
      'flush',
      'fail 1',
      'rollback',
      'writeMeta k',
      'ok 2',
    ]);
  });

  it('keeps one commit for a batch whose reads wait for nothing', async () => {
    const h = new ActorHarness();
    await h.send(
      h.putClass(cls('A')),
      h.request('createInstanceEnum', { className: 'A', deep: true }),
      h.request('createQualifierDeclarationEnum', {}),
      h.putClass(cls('B')),
    );
    assert.deepEqual(h.logSince(0), ['open root/test', 'flush', 'ok 1', 'ok 2', 'ok 3', 'ok 4']);
  });

  it('commits first, then fails the class turn, when the stored registrations cannot be read', async () => {
    const h = new ActorHarness({ providers: [provider] });
    await h.repository.inner.writeMeta('root/test', 'providers', 'not a registration list');
    // A qualifier declaration's turn asks no provider: only the class turn reads the registrations.
    const declaration = { name: 'Q', type: CIM_BOOLEAN, value: true };
    const replies = await h.run(
      h.request('putQualifierDeclaration', { declaration }),
      h.getClass('Nowhere'),
    );
    assert.deepEqual(
      replies.map((r) => r.kind),
      ['ok', 'fail'],
    );
    assert.deepEqual(h.logSince(0).slice(0, 3), ['open root/test', 'flush', 'ok 1']);
  });

  // Each turn that may wait, after a write in its batch: the write is committed before it starts.
  for (const [label, request, starts] of [
    [
      'a provider-backed GetClass',
      (h: ActorHarness) => h.getClass('Remote'),
      'provider P getClass',
    ],
    [
      'a class enumeration with providers',
      (h: ActorHarness) =>
        h.request('createClassEnum', { superclass: null, deep: true, options: {} }),
      'provider P enumerateClasses',
    ],
    [
      'a class name enumeration with providers',
      (h: ActorHarness) => h.request('enumerateClassNames', { superclass: null, deep: true }),
      'provider P enumerateClasses',
    ],
    [
      'a provider-backed DeleteClass',
      (h: ActorHarness) => h.request('deleteClass', { name: 'Dyn' }),
      'provider P deleteClass',
    ],
    [
      'a provider registration',
      (h: ActorHarness) =>
        h.request('registerProvider', { registration: registration('Q', ['X']) }),
      'writeMeta',
    ],
    [
      'a provider unregistration',
      (h: ActorHarness) => h.request('unregisterProvider', { name: 'Q' }),
      'writeMeta',
    ],
  ] as const) {
    it(`starts ${label} after the commit of the write before it`, async () => {
      const h = new ActorHarness({ providers: [registration('P', ['Dyn', 'Remote'])] });
      h.providerRunner.scripts.set('P', {
        getClass: () => cls('Remote'),
        enumerateClasses: () => [cls('Remote')],
      });
      await h.send(h.putClass(dynamicCls('Dyn')));
      if (label === 'a provider unregistration')
        await h.send(h.request('registerProvider', { registration: registration('Q', ['X']) }));
      const from = h.log.length;
      const write = h.putClass(cls('A'));
      const message = request(h);
      await h.send(write, message);
      const log = h.logSince(from);
      assert.deepEqual(log.slice(0, 2), ['flush', `ok ${write.id}`], log.join(', '));
      assert.ok(
        log.slice(2).some((entry) => entry.startsWith(starts)),
        log.join(', '),
      );
      assert.equal(log.at(-1), `ok ${message.id}`);
    });
  }

  it('still answers a waiting read after the commit before it failed', async () => {
    const h = new ActorHarness({ providers: [registration('P', ['Remote'])] });
    const remote = cls('Remote');
    h.providerRunner.scripts.set('P', { getClass: () => remote });
    h.repository.control.flushFailures.push(diskFull());
    const replies = await h.run(h.putClass(cls('A')), h.getClass('Remote'));
    assert.equal(replies[0]?.kind, 'fail');
    assert.deepEqual((replies[1] as OkReply).objects, [remote]);
  });

  it('fails a waiting write whose apply to the store fails, and keeps serving', async () => {
    const h = new ActorHarness({ providers: [provider] });
    h.repository.control.applyFailures.push(diskFull());
    // The first apply is Dyn's, after its provider answered.
    const replies = await h.run(h.putClass(dynamicCls('Dyn')), h.putClass(cls('B')));
    assert.deepEqual(replies[0], {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_OUT_OF_DISK_SPACE,
      message: 'the disk is full',
    });
    assert.equal(replies[1]?.kind, 'ok');
    assert.equal(await h.hasClass('Dyn'), false);
  });

  it("fails the waiting call with the provider's HRESULT and commits nothing of it", async () => {
    const h = new ActorHarness({ providers: [provider] });
    h.providerRunner.scripts.set('P', {
      putClass: () => {
        throw new WbemError(WBEM_E_PROVIDER_FAILURE, { message: 'provider said no' });
      },
    });
    const replies = await h.run(h.putClass(dynamicCls('Dyn')), h.putClass(cls('B')));
    assert.deepEqual(replies[0], {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_PROVIDER_FAILURE,
      message: 'provider said no',
    });
    assert.equal(replies[1]?.kind, 'ok');
    assert.equal(await h.hasClass('Dyn'), false);
  });

  it('a call cancelled while its provider runs still gets its own outcome', async () => {
    const h = new ActorHarness({ providers: [provider] });
    const call = gate();
    h.providerRunner.scripts.set('P', { putClass: () => call.promise });
    const done = h.send(h.putClass(dynamicCls('Dyn')));
    await settleTurns();
    h.actor.cancel([1]);
    call.open();
    await done;
    assert.equal(h.final(1).kind, 'ok');
    // The cancel was spent on the running call: a later call with its id runs.
    await h.send(h.getClass('Dyn', { id: 1 }));
    assert.deepEqual(
      h.replies.map((r) => r.kind),
      ['ok', 'ok'],
    );
  });

  it('a cancel while the provider runs is not spent on a later call of the same id', async () => {
    const h = new ActorHarness({ providers: [provider] });
    const call = gate();
    h.providerRunner.scripts.set('P', { putClass: () => call.promise });
    const done = h.actor.enqueue([h.putClass(dynamicCls('Dyn'))]);
    await settleTurns();
    h.actor.cancel([1]);
    h.queueWhileBusy(h.getClass('Dyn', { id: 1 }));
    call.open();
    await done;
    const finals = h.replies.filter((r) => r.kind === 'ok' || r.kind === 'fail');
    assert.deepEqual(
      finals.map((r) => r.kind),
      ['ok', 'ok'],
    );
  });
});

describe('NamespaceActor: dropNamespace', () => {
  it('commits the writes before it, drops the data, and the next message starts empty', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('Old')));
    const a = h.putClass(cls('A'));
    await h.send(a, h.request('dropNamespace', {}), h.putClass(cls('B')));
    assert.deepEqual(h.logSince(3), [
      'flush',
      'ok 2',
      'close',
      'drop root/test',
      'ok 3',
      'open root/test',
      'flush',
      'ok 4',
    ]);
    assert.deepEqual(h.final(3), { kind: 'ok', id: 3, objects: [], param: null, events: [] });
    assert.equal(h.actor.state, 'active');
    assert.equal(await h.hasClass('Old'), false);
    assert.equal(await h.hasClass('A'), false);
    assert.equal(await h.hasClass('B'), true);
  });

  it('leaves the actor stopped when it is the last message', async () => {
    const h = new ActorHarness();
    await h.send(h.putClass(cls('A')), h.request('dropNamespace', {}));
    assert.equal(h.actor.state, 'stopped');
  });

  it('forgets the stored provider registrations', async () => {
    const h = new ActorHarness();
    const reg = h.request('registerProvider', { registration: registration('Q', ['Dyn']) });
    await h.send(reg, h.request('dropNamespace', {}));
    // The registration is gone: the class is static again, so no provider is called.
    assert.equal((await h.one(h.putClass(cls('Dyn')))).kind, 'ok');
    assert.deepEqual(h.providerRunner.calls, []);
  });

  it("fails with the repository's HRESULT when the drop fails", async () => {
    const h = new ActorHarness();
    h.repository.control.dropFailure = new WbemError(WBEM_E_ALREADY_EXISTS, { message: 'busy' });
    const reply = await h.one(h.request('dropNamespace', {}));
    assert.deepEqual(reply, {
      kind: 'fail',
      id: 1,
      hresult: WBEM_E_ALREADY_EXISTS,
      message: 'busy',
    });
  });

  it('fails with the error message when the drop fails with a bare WbemError', async () => {
    const h = new ActorHarness();
    const bare = new WbemError(WBEM_E_FAILED);
    h.repository.control.dropFailure = bare;
    const reply = await h.one(h.request('dropNamespace', {}));
    assert.deepEqual(reply, { kind: 'fail', id: 1, hresult: WBEM_E_FAILED, message: bare.message });
  });
});
