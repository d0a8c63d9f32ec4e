import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { WBEM_FLAG_CREATE_ONLY, WBEM_FLAG_UPDATE_ONLY } from '../../src/wbem/flags.js';
import {
  WBEM_E_FAILED,
  WBEM_E_NOT_FOUND,
  WBEM_E_OUT_OF_DISK_SPACE,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { RecordingSink, sampleClass } from './helpers/engine-fixture.js';
import {
  COMMIT,
  FAIL_BUG,
  FAIL_DISK_FULL,
  FAIL_DISK_FULL_ONCE,
} from './helpers/failing-commit-repository.js';

const REPOSITORY_URL = new URL('./helpers/failing-commit-repository.js', import.meta.url).href;

const hresultOf = async (promise: Promise<unknown>): Promise<number> => {
  try {
    await promise;
    return WBEM_S_NO_ERROR;
  } catch (error) {
    assert.ok(error instanceof WbemError, String(error));
    return error.hresult;
  }
};

/** Starts `count` creates in one turn (one batch, one commit) and waits for their final status. */
async function batchOfCreates(svc: WbemServices, prefix: string, count: number) {
  const sinks = Array.from({ length: count }, () => new RecordingSink());
  for (const [i, sink] of sinks.entries()) {
    assert.equal(
      svc.putClassAsync(sampleClass(`${prefix}_${i}`), WBEM_FLAG_CREATE_ONLY, null, sink),
      WBEM_S_NO_ERROR,
    );
  }
  return Promise.all(sinks.map((s) => s.done));
}

describe('NamespaceActor failed commit', () => {
  let engine: WbemEngine;
  let svc: WbemServices;
  const mode = new Int32Array(new SharedArrayBuffer(4));

  before(async () => {
    engine = await WbemEngine.start({
      hosts: 1,
      repository: { kind: 'module', url: REPOSITORY_URL, options: { mode: mode.buffer } },
    });
    svc = await engine.connectServer('root');
    Atomics.store(mode, 0, COMMIT);
    await svc.putClass(sampleClass('Kept'));
  });

  after(() => engine.shutdown());

  it('fails exactly the calls of the batch with the HRESULT the store gives when the commit fails', async () => {
    const seen: WbemEvent[] = [];
    const sub = engine.events$.subscribe((e) => seen.push(e));
    Atomics.store(mode, 0, FAIL_DISK_FULL);
    const finals = await batchOfCreates(svc, 'Full', 5);
    Atomics.store(mode, 0, COMMIT);
    // A subscriber paced on a busy machine gets what was raised before it leaves.
    engine.flushEvents();
    sub.unsubscribe();
    for (const f of finals) {
      assert.equal(f.hResult, WBEM_E_OUT_OF_DISK_SPACE);
      const description =
        f.object?.genus === 2 ? f.object.properties.get('description')?.value : undefined;
      assert.match(String(description), /disk is full/);
    }
    assert.equal(seen.length, 0, 'a failed batch raises no event');
  });

  it('keeps serving reads, rolled back to what was committed, after a failed commit', async () => {
    assert.equal((await svc.getClass('Kept')).name, 'Kept');
    assert.equal(await hresultOf(svc.getClass('Full_0')), WBEM_E_NOT_FOUND);
    const names = (await svc.createClassEnum(null)).map((c) => c.name);
    assert.ok(names.includes('Kept'));
    assert.deepEqual(
      names.filter((n) => n.startsWith('Full_')),
      [],
    );
  });

  it('accepts later writes, on the same host, once the commit succeeds again', async () => {
    const finals = await batchOfCreates(svc, 'Full', 3);
    assert.deepEqual(
      finals.map((f) => f.hResult),
      [WBEM_S_NO_ERROR, WBEM_S_NO_ERROR, WBEM_S_NO_ERROR],
    );
    assert.equal((await svc.getClass('Full_2')).name, 'Full_2');
    assert.equal(engine.hosts[0]?.restarts, 0, 'the host worker never died');
  });

  it('answers a read after a write of its batch only once that write is committed, and from what was committed', async () => {
    // One batch: a create, then reads of it (they see the create, which is not yet durable).
    Atomics.store(mode, 0, FAIL_DISK_FULL);
    const settled: string[] = [];
    const note = (label: string, call: Promise<unknown>) =>
      hresultOf(call).then((hresult) => {
        settled.push(label);
        return hresult;
      });
    const put = note('put', svc.putClass(sampleClass('Dirty'), WBEM_FLAG_CREATE_ONLY));
    const get = note('get', svc.getClass('Dirty'));
    const names = svc.createClassEnum(null).then((classes) => classes.map((c) => c.name));
    assert.equal(await put, WBEM_E_OUT_OF_DISK_SPACE);
    Atomics.store(mode, 0, COMMIT);
    // The create was never durable, so no reader may have seen it.
    assert.equal(await get, WBEM_E_NOT_FOUND);
    assert.ok(!(await names).includes('Dirty'));
    // And when the commit succeeds, the read's answer follows the write's acknowledgement.
    settled.length = 0;
    const put2 = note('put', svc.putClass(sampleClass('Clean'), WBEM_FLAG_CREATE_ONLY));
    const get2 = note('get', svc.getClass('Clean'));
    assert.deepEqual([await put2, await get2], [WBEM_S_NO_ERROR, WBEM_S_NO_ERROR]);
    assert.deepEqual(settled, ['put', 'get']);
  });

  it('starts a query after a write of its batch only once that write is committed', async () => {
    // More classes than one slice of results: the query streams them as it runs.
    await batchOfCreates(svc, 'Many', 100);
    // The host's first query loads WQL, which waits a turn: this is its second.
    await svc.execQuery("SELECT * FROM meta_class WHERE __CLASS = 'Kept'");
    Atomics.store(mode, 0, FAIL_DISK_FULL);
    // `Many_0`, among the first results, gains two properties in a write that will fail.
    const put = hresultOf(svc.putClass(sampleClass('Many_0', 5), WBEM_FLAG_UPDATE_ONLY));
    const found = svc.execQuery('SELECT * FROM meta_class');
    assert.equal(await put, WBEM_E_OUT_OF_DISK_SPACE);
    Atomics.store(mode, 0, COMMIT);
    const classes = await found;
    assert.ok(classes.some((c) => c.genus === 1 && c.name === 'Many_99'));
    const first = classes.find((c) => c.genus === 1 && c.name === 'Many_0');
    assert.deepEqual(first?.genus === 1 && [...first.properties.keys()], ['p0', 'p1', 'p2']);
  });

  it('commits the writes before a provider-backed write of its batch before the provider runs', async () => {
    // Only the first commit fails: the one of `Base`. `Derived` (under it, kept by a provider)
    // must then not be stored on top of a `Base` that was rolled back.
    await svc.registerProvider({
      name: 'Keeper',
      module: new URL('../fixtures/providers/memory-provider.js', import.meta.url).href,
      classes: ['Derived'],
    });
    Atomics.store(mode, 0, FAIL_DISK_FULL_ONCE);
    const base = hresultOf(svc.putClass(sampleClass('Base'), WBEM_FLAG_CREATE_ONLY));
    const derived = hresultOf(
      svc.putClass(sampleClass('Derived', 1, { superclass: 'Base' }), WBEM_FLAG_CREATE_ONLY),
    );
    assert.equal(await base, WBEM_E_OUT_OF_DISK_SPACE);
    assert.equal(await derived, WBEM_E_NOT_FOUND, 'the superclass is gone');
    assert.equal(await hresultOf(svc.getClass('Base')), WBEM_E_NOT_FOUND);
    assert.equal(await hresultOf(svc.getClass('Derived')), WBEM_E_NOT_FOUND);
  });

  it('fails the batch with WBEM_E_FAILED naming the cause when the commit throws a non-WBEM error', async () => {
    Atomics.store(mode, 0, FAIL_BUG);
    const finals = await batchOfCreates(svc, 'Bug', 2);
    Atomics.store(mode, 0, COMMIT);
    for (const f of finals) {
      assert.equal(f.hResult, WBEM_E_FAILED);
      const description =
        f.object?.genus === 2 ? f.object.properties.get('description')?.value : undefined;
      assert.match(String(description), /commit failed: disk on fire/);
    }
    assert.equal(await hresultOf(svc.getClass('Bug_0')), WBEM_E_NOT_FOUND);
    await svc.putClass(sampleClass('Bug_0'), WBEM_FLAG_CREATE_ONLY);
    assert.equal(engine.hosts[0]?.restarts, 0);
  });
});
