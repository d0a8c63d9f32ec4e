/**
 * The undo journal of an `atomic` load, in-process: a load whose commit never happened (its
 * journal entry is still there, as after a SIGKILL) is rolled back by
 * `rollBackInterruptedLoads`, which puts back changed classes, instances and qualifier
 * declarations, deletes what the load created (namespaces included), and can be replayed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  cimClass,
  cimInstance,
  cimProperty,
  loadMof,
  type MofLoadEngine,
  qualifier,
  WBEM_E_CRITICAL_ERROR,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WbemEngine,
} from '../../src/index.js';
import { rollBackInterruptedLoads } from '../../src/mof/loader/interrupted-loads.js';
import type { LoadJournal, LoadJournalEntry } from '../../src/mof/loader/load-journal.js';

/** A journal in memory whose commit (`remove`) can be made to "crash". */
class MemoryJournal implements LoadJournal {
  readonly entries = new Map<string, Uint8Array>();
  crashOnCommit = false;
  #next = 0;
  async record(data: Uint8Array): Promise<string> {
    const id = `entry-${++this.#next}`;
    this.entries.set(id, data);
    return id;
  }
  async remove(id: string): Promise<void> {
    if (this.crashOnCommit) throw new Error('killed before the commit point');
    this.entries.delete(id);
  }
  async pending(): Promise<LoadJournalEntry[]> {
    return [...this.entries].map(([id, data]) => ({ id, data }));
  }
}

const MOF = `
class J_Base { [Key] string Id; string B; };
class J_New : J_Base { uint32 N; };
instance of J_Base { Id = "b"; B = "new"; };
instance of __Namespace { Name = "child"; };
`;

let engine: WbemEngine;

before(async () => {
  engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
});

after(() => engine.shutdown());

function journaled(journal: LoadJournal): MofLoadEngine {
  return {
    connectServer: (ns) => engine.connectServer(ns),
    createNamespace: (parent, name) => engine.createNamespace(parent, name),
    deleteNamespace: (ns) => engine.deleteNamespace(ns),
    loadJournal: journal,
  };
}

async function seed(namespace: string): Promise<void> {
  await engine.createNamespace('root', namespace);
  const svc = await engine.connectServer(`root/${namespace}`);
  await svc.putClass(
    cimClass({
      name: 'J_Base',
      properties: [
        cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
        cimProperty('A', 'uint32'),
      ],
    }),
  );
  await svc.putInstance(cimInstance('J_Base', { Id: 'a', A: 1 }));
}

async function assertAsBefore(namespace: string): Promise<void> {
  const svc = await engine.connectServer(`root/${namespace}`);
  const base = await svc.getClass('J_Base');
  assert.ok(base.properties.has('a'), 'J_Base.A is back');
  assert.ok(!base.properties.has('b'), 'J_Base.B is gone');
  await assert.rejects(svc.getClass('J_New'));
  const instances = await svc.createInstanceEnum('J_Base');
  assert.deepEqual(
    instances.map((i) => [i.properties.get('id')?.value, i.properties.get('a')?.value]),
    [['a', 1]],
  );
  await assert.rejects(engine.connectServer(`root/${namespace}/child`), {
    hresult: WBEM_E_INVALID_NAMESPACE,
  });
}

describe('atomic load journal', () => {
  it('rolls back a load that did not commit when the journal is replayed, and replays harmlessly twice', async () => {
    await seed('journal1');
    const journal = new MemoryJournal();
    journal.crashOnCommit = true;
    await assert.rejects(
      loadMof(journaled(journal), [{ path: 'x.mof', text: MOF }], {
        namespace: 'root/journal1',
        atomic: true,
        updateMode: WBEM_FLAG_UPDATE_FORCE_MODE,
      }),
    );
    const svc = await engine.connectServer('root/journal1');
    assert.ok((await svc.getClass('J_New')).name, 'the load itself went through');
    assert.equal(journal.entries.size, 1, 'the entry outlives the interrupted commit');
    const [entry] = await journal.pending();
    journal.crashOnCommit = false;
    assert.equal(await rollBackInterruptedLoads(journaled(journal)), 1);
    await assertAsBefore('journal1');
    assert.equal(journal.entries.size, 0);
    // A crash in the middle of the rollback replays it from the start: harmless.
    if (entry !== undefined) journal.entries.set(entry.id, entry.data);
    assert.equal(await rollBackInterruptedLoads(journaled(journal)), 1);
    await assertAsBefore('journal1');
  });

  it('removes its entry when the load commits', async () => {
    await seed('journal2');
    const journal = new MemoryJournal();
    await loadMof(journaled(journal), [{ path: 'x.mof', text: MOF }], {
      namespace: 'root/journal2',
      atomic: true,
      updateMode: WBEM_FLAG_UPDATE_FORCE_MODE,
    });
    assert.equal(journal.entries.size, 0);
    assert.equal(await rollBackInterruptedLoads(journaled(journal)), 0);
    const svc = await engine.connectServer('root/journal2');
    assert.ok((await svc.getClass('J_New')).name);
  });

  it('rolls back and rejects with WBEM_E_CALL_CANCELLED when the signal aborts the load', async () => {
    await seed('journal3');
    const journal = new MemoryJournal();
    const controller = new AbortController();
    let progressed = 0;
    await assert.rejects(
      loadMof(journaled(journal), [{ path: 'x.mof', text: MOF }], {
        namespace: 'root/journal3',
        atomic: true,
        updateMode: WBEM_FLAG_UPDATE_FORCE_MODE,
        window: 1,
        signal: controller.signal,
        // Interrupted once the first put (the force update of J_Base) is done.
        onProgress: (done) => {
          progressed = done;
          if (done === 1) controller.abort();
        },
      }),
      { hresult: 0x80041032 },
    );
    assert.equal(progressed, 1);
    await assertAsBefore('journal3');
    assert.equal(journal.entries.size, 0);
  });

  it('fails with WBEM_E_CRITICAL_ERROR when an entry is damaged', async () => {
    const journal = new MemoryJournal();
    journal.entries.set('bad', new Uint8Array([1, 2, 3]));
    await assert.rejects(rollBackInterruptedLoads(journaled(journal)), {
      hresult: WBEM_E_CRITICAL_ERROR,
    });
  });
});
