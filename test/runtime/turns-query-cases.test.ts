/**
 * @module The WQL turns of a `NamespaceActor`, driven through the actor in process: `ExecQuery`
 * over the actor's store (results at once or in slices, cancellation, errors before any result,
 * what the store's reader shows of classes and instances) and the class check of
 * `ExecNotificationQuery`.
 */
import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import { EMPTY_CHANGE_SET } from '../../src/model/change-set.js';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { IndicateReply, OkReply, OperationRequest } from '../../src/runtime/protocol.js';
import { QUERY_SLICE_OBJECTS } from '../../src/runtime/turns/exec-query-turn.js';
import type { ReadOptions } from '../../src/schema/index.js';
import {
  WBEM_E_CALL_CANCELLED,
  WBEM_E_FAILED,
  WBEM_E_INVALID_CLASS,
  WBEM_E_NOT_EVENT_CLASS,
  WBEM_E_NOT_FOUND,
} from '../../src/wbem/status.js';
import type { WqlSelect } from '../../src/wql/ast.js';
import { parseWql } from '../../src/wql/parse-wql.js';
import { ActorHarness, NAMESPACE, settleTurns } from './helpers/actor-harness.js';

const key = qualifier('Key', true);
const keyed = (name: string, superclass: string | null = null) =>
  cimClass({
    name,
    superclass,
    properties: superclass === null ? [cimProperty('Id', 'string', { qualifiers: [key] })] : [],
  });

function query(
  h: ActorHarness,
  text: string,
  options: { prototype?: boolean; read?: ReadOptions; id?: number } = {},
): OperationRequest {
  return h.request(
    'execQuery',
    { query: parseWql(text), prototype: options.prototype ?? false, options: options.read ?? {} },
    options.id === undefined ? {} : { id: options.id },
  );
}

/** A harness holding K (key Id), L : K, the singleton-free keyless class N, and instances. */
async function sample(instancesOfK = 2): Promise<ActorHarness> {
  const h = new ActorHarness();
  const setup: OperationRequest[] = [
    h.putClass(keyed('K')),
    h.putClass(keyed('L', 'K')),
    h.putClass(cimClass({ name: 'S', qualifiers: [qualifier('Singleton', true)] })),
  ];
  for (let i = 0; i < instancesOfK; i++)
    setup.push(
      h.request('putInstance', {
        instance: cimInstance('K', { Id: `k${i}` }),
        intent: { mode: 'create-or-update' },
      }),
    );
  setup.push(
    h.request('putInstance', {
      instance: cimInstance('L', { Id: 'l0' }),
      intent: { mode: 'create-or-update' },
    }),
    h.request('putInstance', { instance: cimInstance('S', {}), intent: { mode: 'create-only' } }),
  );
  await h.send(...setup);
  for (const m of setup) assert.equal(h.final(m.id).kind, 'ok', `setup call ${m.id}`);
  return h;
}

/** Everything the call `id` delivered: its slices' objects, then its ok's. */
function delivered(h: ActorHarness, id: number): CimInstance[] {
  const out: CimInstance[] = [];
  for (const r of h.replies)
    if ((r.kind === 'indicate' || r.kind === 'ok') && r.id === id)
      out.push(...(r.objects as CimInstance[]));
  return out;
}

const relpaths = (objects: readonly CimInstance[]) =>
  objects.map((o) => o.systemProperties?.__RELPATH).sort();

describe('execQuery turn', () => {
  before(async () => {
    // The query turns are loaded on a host's first query; load them before the tests that
    // look at the order of the replies.
    const h = new ActorHarness();
    await h.one(query(h, 'SELECT * FROM meta_class'));
  });

  // A slice is also cut by its time budget, so on a slow machine a small result could be
  // streamed: the tests run on a clock that stands still, unless one sets its own.
  const clock = performance.now;
  beforeEach(() => {
    performance.now = () => 0;
  });
  afterEach(() => {
    performance.now = clock;
  });

  it('answers a small result in its ok, without slices', async () => {
    const h = await sample();
    const m = query(h, 'SELECT * FROM K');
    const reply = (await h.one(m)) as OkReply;
    assert.equal(reply.kind, 'ok');
    assert.equal(
      h.replies.some((r) => r.kind === 'indicate'),
      false,
    );
    assert.deepEqual(relpaths(reply.objects as CimInstance[]), [
      'K.Id="k0"',
      'K.Id="k1"',
      'L.Id="l0"',
    ]);
  });

  it('answers an empty result with an empty ok', async () => {
    const h = await sample(0);
    const reply = (await h.one(query(h, "SELECT * FROM K WHERE Id = 'none'"))) as OkReply;
    assert.deepEqual([reply.kind, reply.objects], ['ok', []]);
  });

  it('answers a singleton instance with its @ path', async () => {
    const h = await sample(0);
    const reply = (await h.one(query(h, 'SELECT * FROM S'))) as OkReply;
    assert.deepEqual(relpaths(reply.objects as CimInstance[]), ['S=@']);
  });

  it('reads the instances of subclasses with their own class and derivation', async () => {
    const h = await sample(1);
    const reply = (await h.one(query(h, 'SELECT * FROM L'))) as OkReply;
    const [l] = reply.objects as CimInstance[];
    assert.equal(l?.className, 'L');
    assert.deepEqual(l?.systemProperties?.__DERIVATION, ['K']);
  });

  it('streams a large result in slices of at most QUERY_SLICE_OBJECTS, then the rest in ok', async () => {
    const n = QUERY_SLICE_OBJECTS * 2 + 22;
    const h = await sample(n);
    const m = query(h, 'SELECT * FROM K');
    await h.send(m);
    const mine = h.replies.filter((r) => 'id' in r && r.id === m.id);
    const slices = mine.filter((r): r is IndicateReply => r.kind === 'indicate');
    assert.ok(slices.length >= 2, `${slices.length} slices`);
    for (const s of slices) {
      assert.ok(s.objects.length > 0);
      assert.ok(s.objects.length <= QUERY_SLICE_OBJECTS, `${s.objects.length} objects`);
    }
    assert.equal(mine.at(-1)?.kind, 'ok');
    const all = delivered(h, m.id);
    assert.equal(all.length, n + 1);
    assert.equal(new Set(relpaths(all)).size, n + 1);
  });

  it('streams a large result only after the writes before it are committed', async () => {
    const h = await sample(QUERY_SLICE_OBJECTS * 2);
    // The first slice goes out as the turn starts: a flush that fails after it would have
    // streamed a write that was never durable.
    h.repository.control.flushFailures.push(new Error('disk on fire'));
    const put = h.request('putInstance', {
      instance: cimInstance('K', { Id: 'uncommitted' }),
      intent: { mode: 'create-or-update' },
    });
    const m = query(h, 'SELECT * FROM K');
    await h.send(put, m);
    assert.equal(h.final(put.id).kind, 'fail');
    const paths = relpaths(delivered(h, m.id));
    assert.equal(paths.length, QUERY_SLICE_OBJECTS * 2 + 1);
    assert.ok(!paths.some((path) => String(path).includes('uncommitted')));
  });

  it('sends no empty slice when a slice runs out of time before its first result', async () => {
    const n = QUERY_SLICE_OBJECTS * 3;
    const h = await sample(n);
    const m = query(h, 'SELECT * FROM K');
    // A clock that moves a microsecond per reading, except that the first reading inside the
    // second slice jumps past its budget: the first slice fills (1 + 63 readings after its start
    // reading), the second gets its start reading and then finds its time spent.
    const real = performance.now;
    let readings = 0;
    performance.now = () => {
      readings += 1;
      return readings === QUERY_SLICE_OBJECTS + 2 ? 1e9 : readings / 1000;
    };
    try {
      await h.send(m);
    } finally {
      performance.now = real;
    }
    const slices = h.replies.filter((r) => r.kind === 'indicate' && r.id === m.id);
    assert.ok(slices.length >= 2);
    for (const s of slices) assert.ok((s as IndicateReply).objects.length > 0, 'an empty slice');
    assert.equal(delivered(h, m.id).length, n + 1);
  });

  it('stops a query cancelled while it streams, with WBEM_E_CALL_CANCELLED', async () => {
    const h = await sample(QUERY_SLICE_OBJECTS * 6);
    const m = query(h, 'SELECT * FROM K');
    const done = h.send(m);
    await new Promise<void>((resolve) => setImmediate(resolve));
    h.actor.cancel([m.id]);
    await done;
    assert.deepEqual(h.final(m.id), {
      kind: 'fail',
      id: m.id,
      hresult: WBEM_E_CALL_CANCELLED,
      message: 'the query was cancelled',
    });
    assert.ok(delivered(h, m.id).length < QUERY_SLICE_OBJECTS * 6);
    // The actor keeps serving; the cancel is spent.
    const again = query(h, "SELECT * FROM K WHERE Id = 'k0'", { id: m.id });
    await h.send(again);
    assert.equal(h.replies.at(-1)?.kind, 'ok');
  });

  it('runs a query that is not cancelled to the end while others are cancelled', async () => {
    const h = await sample(QUERY_SLICE_OBJECTS * 3);
    const m = query(h, 'SELECT * FROM K');
    const done = h.send(m);
    await settleTurns(1);
    h.actor.cancel([m.id + 1]);
    await done;
    assert.equal(h.final(m.id).kind, 'ok');
  });

  it('fails before any result for a class the namespace does not hold', async () => {
    const h = await sample();
    const m = query(h, 'SELECT * FROM Nope');
    const reply = await h.one(m);
    assert.equal(reply.kind, 'fail');
    assert.equal((reply as { hresult: number }).hresult, WBEM_E_INVALID_CLASS);
    assert.equal(
      h.replies.some((r) => r.kind === 'indicate'),
      false,
    );
  });

  it('answers the class prototype of a query with prototype set', async () => {
    const h = await sample();
    const reply = (await h.one(query(h, 'SELECT Id FROM K', { prototype: true }))) as OkReply;
    assert.equal(reply.objects.length, 1);
    assert.equal((reply.objects[0] as CimClass).name, 'K');
  });

  it('reads classes through schema queries, with subclasses and derivations', async () => {
    const h = await sample(0);
    const isa = (await h.one(query(h, "SELECT * FROM meta_class WHERE __THIS ISA 'K'"))) as OkReply;
    assert.deepEqual((isa.objects as CimClass[]).map((c) => c.name).sort(), ['K', 'L']);
    const sub = (await h.one(
      query(h, "SELECT * FROM meta_class WHERE __SUPERCLASS = 'K'"),
    )) as OkReply;
    assert.deepEqual(
      (sub.objects as CimClass[]).map((c) => c.name),
      ['L'],
    );
    const one = (await h.one(query(h, "SELECT * FROM meta_class WHERE __CLASS = 'l'"))) as OkReply;
    const [l] = one.objects as CimClass[];
    assert.equal(l?.name, 'L');
    assert.deepEqual(l?.systemProperties?.__DERIVATION, ['K']);
    assert.equal(l?.amended, undefined);
  });

  it('marks the classes of an amended read', async () => {
    const h = await sample(0);
    const one = (await h.one(
      query(h, "SELECT * FROM meta_class WHERE __CLASS = 'K'", {
        read: { useAmendedQualifiers: true },
      }),
    )) as OkReply;
    assert.equal((one.objects[0] as CimClass).amended, true);
  });

  it('answers the references and associators of an instance path', async () => {
    const h = await sample(1);
    const none = await h.one(query(h, 'REFERENCES OF {K.Id="k0"}'));
    assert.deepEqual([none.kind, (none as OkReply).objects], ['ok', []]);
    const assoc = cimClass({
      name: 'Link',
      qualifiers: [qualifier('Association', true)],
      properties: [
        cimProperty('Left', 'ref', { referenceClass: 'K', qualifiers: [key] }),
        cimProperty('Right', 'ref', { referenceClass: 'K', qualifiers: [key] }),
      ],
    });
    const link = cimInstance('Link', { Left: 'K.Id="k0"', Right: 'L.Id="l0"' });
    await h.send(
      h.putClass(assoc),
      h.request('putInstance', { instance: link, intent: { mode: 'create-only' } }),
    );
    const refs = (await h.one(query(h, 'REFERENCES OF {K.Id="k0"}'))) as OkReply;
    assert.deepEqual(
      (refs.objects as CimInstance[]).map((o) => o.className),
      ['Link'],
    );
    const associators = (await h.one(query(h, 'ASSOCIATORS OF {K.Id="k0"}'))) as OkReply;
    assert.deepEqual(relpaths(associators.objects as CimInstance[]), ['L.Id="l0"']);
  });

  it('fails with WBEM_E_FAILED, not WBEM_E_NOT_FOUND, when the store cannot read the instance', async () => {
    const h = await sample(1);
    h.repository.control.readFailure = new Error('unreadable page');
    const bad = await h.one(query(h, 'ASSOCIATORS OF {K.Id="k0"}'));
    assert.deepEqual(bad, {
      kind: 'fail',
      id: bad.id,
      hresult: WBEM_E_FAILED,
      message: 'internal error: unreadable page',
    });
  });

  it("names an instance by its class's default key value when it was put without one", async () => {
    const h = new ActorHarness();
    const cls = cimClass({
      name: 'D',
      properties: [cimProperty('Id', 'string', { qualifiers: [key], value: 'dflt' })],
    });
    await h.send(
      h.putClass(cls),
      h.request('putInstance', { instance: cimInstance('D', {}), intent: { mode: 'create-only' } }),
    );
    const reply = (await h.one(query(h, 'SELECT * FROM D'))) as OkReply;
    assert.deepEqual(relpaths(reply.objects as CimInstance[]), ['D.Id="dflt"']);
  });

  it('lists a stored instance that lacks its key value (a damaged store) under its class’s @ path', async () => {
    const h = await sample(0);
    h.repository.inner.openNamespace(NAMESPACE).apply({
      ...EMPTY_CHANGE_SET,
      putInstances: [{ key: 'K.Id="lost"', instance: cimInstance('K', {}) }],
    });
    const reply = (await h.one(query(h, 'SELECT * FROM K'))) as OkReply;
    assert.deepEqual(relpaths(reply.objects as CimInstance[]), ['K=@', 'L.Id="l0"']);
  });

  it('fails with WBEM_E_NOT_FOUND for the associators of an instance the namespace does not hold', async () => {
    const h = await sample(1);
    const bad = await h.one(query(h, 'ASSOCIATORS OF {K.Id="missing"}'));
    assert.deepEqual(bad, {
      kind: 'fail',
      id: bad.id,
      hresult: WBEM_E_NOT_FOUND,
      message: 'no instance {K.Id="missing"}',
    });
  });

  it('starts a query after the commit of the writes queued before it', async () => {
    const h = await sample(0);
    const put = h.putClass(keyed('M'));
    const q = query(h, 'SELECT * FROM meta_class');
    const from = h.log.length;
    await h.send(put, q);
    assert.deepEqual(h.logSince(from), ['flush', `ok ${put.id}`, `ok ${q.id}`]);
  });
});

describe('checkEventQuery turn', () => {
  const check = (h: ActorHarness, text: string) =>
    h.request('checkEventQuery', { query: parseWql(text) as WqlSelect });

  it('accepts an event query over the namespace’s classes', async () => {
    const h = await sample(0);
    const reply = await h.one(
      check(h, "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'K'"),
    );
    assert.deepEqual(reply, { kind: 'ok', id: reply.id, objects: [], param: null, events: [] });
  });

  it('accepts an extrinsic event class of the namespace', async () => {
    const h = await sample(0);
    await h.send(h.putClass(cimClass({ name: 'MyEvent', superclass: '__ExtrinsicEvent' })));
    const reply = await h.one(check(h, 'SELECT * FROM MyEvent'));
    assert.equal(reply.kind, 'ok');
    const missing = await h.one(check(h, 'SELECT * FROM NoSuchEvent'));
    assert.equal((missing as { hresult: number }).hresult, WBEM_E_INVALID_CLASS);
  });

  it('refuses a class the namespace does not hold, or one that is not an event class', async () => {
    const h = await sample(0);
    const missing = await h.one(
      check(h, "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Nope'"),
    );
    assert.equal((missing as { hresult: number }).hresult, WBEM_E_INVALID_CLASS);
    const notEvent = await h.one(check(h, 'SELECT * FROM K'));
    assert.equal((notEvent as { hresult: number }).hresult, WBEM_E_NOT_EVENT_CLASS);
  });
});
