/**
 * A caller's namespaces as WMI makes them: `PutInstance` of a `__NAMESPACE` instance in the parent
 * creates the child, `DeleteInstance` of it deletes the child and everything below, with the
 * caller's rights in the parent (`WBEM_FULL_WRITE_REP`), the engine's events and its HRESULTs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { ace } from '../../src/security/security-descriptor.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_STATUS_COMPLETE,
} from '../../src/wbem/flags.js';
import {
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_REMOTE_ACCESS,
} from '../../src/wbem/security.js';
import {
  hresultName,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_INVALID_OBJECT_PATH,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_PROPERTY,
  WBEM_E_NO_KEY,
  WBEM_E_NOT_FOUND,
  WBEM_E_TYPE_MISMATCH,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import {
  RecordingSink,
  sampleClass,
  sleep,
  startEngine,
} from '../runtime/helpers/engine-fixture.js';
import { adminOwnedRoot } from '../security/helpers/admin-root.js';

const ns = (name: unknown): CimInstance => cimInstance('__NAMESPACE', { Name: name as string });

let engine: WbemEngine;
let admin: WbemServices;
let serial = 0;
const unique = (prefix: string): string => `${prefix}${++serial}`;

before(async () => {
  engine = await startEngine({
    hosts: 2,
    security: {
      rootDescriptor: adminOwnedRoot(
        ace('allow', 'reader', WBEM_ENABLE | WBEM_REMOTE_ACCESS),
        ace('allow', 'partial', WBEM_ENABLE | WBEM_REMOTE_ACCESS | WBEM_PARTIAL_WRITE_REP),
        ace('allow', 'writer', WBEM_ENABLE | WBEM_REMOTE_ACCESS | WBEM_FULL_WRITE_REP),
        ace('allow', 'local_writer', WBEM_ENABLE | WBEM_FULL_WRITE_REP),
      ),
    },
  });
  admin = await engine.connectServer('root');
});
after(() => engine.shutdown());

/** The namespace events raised while `run` runs, as [class, namespace, target]. */
async function namespaceEvents(run: () => Promise<unknown>): Promise<string[][]> {
  const seen: WbemEvent[] = [];
  const sub = engine.events$.subscribe((e) => seen.push(e));
  try {
    await run();
  } finally {
    engine.flushEvents();
    sub.unsubscribe();
  }
  return seen
    .filter((e) => e.eventClass.startsWith('__Namespace'))
    .map((e) => [e.eventClass, e.namespace, e.targetNamespace ?? '']);
}

async function children(svc: WbemServices): Promise<string[]> {
  const found = await svc.createInstanceEnum('__NAMESPACE');
  return found.map((i) => String(i.properties.get('name')?.value)).sort();
}

describe('PutInstance of __NAMESPACE', () => {
  it('creates the child namespace and answers with its path when the caller holds WBEM_FULL_WRITE_REP', async () => {
    const name = unique('Made');
    const writer = await engine.connectServer('root', { user: 'writer' });
    const events = await namespaceEvents(async () => {
      assert.equal(await writer.putInstance(ns(name)), `__NAMESPACE.Name="${name}"`);
    });
    assert.deepEqual(events, [['__NamespaceCreationEvent', 'root', `root/${name}`]]);
    const child = await engine.connectServer(`root/${name}`, { user: 'writer' });
    assert.equal(child.namespace, `root/${name}`);
    await child.putClass(sampleClass('InNewNamespace'));
    assert.ok((await children(admin)).includes(name));
  });

  it('answers through the sink after the call returned when called async', async () => {
    const name = unique('Async');
    const sink = new RecordingSink();
    assert.equal(admin.putInstanceAsync(ns(name), WBEM_FLAG_CREATE_ONLY, null, sink), 0);
    assert.equal(sink.calls.length, 0, 'the sink is not called inside the async method');
    const final = await sink.done;
    assert.equal(hresultName(final.hResult ?? -1), 'WBEM_S_NO_ERROR');
    assert.equal(final.param, `__NAMESPACE.Name="${name}"`);
    assert.equal(sink.finals.length, 1);
    await engine.connectServer(`root/${name}`);
  });

  it('creates a grandchild when put in a child namespace', async () => {
    const name = unique('Parent');
    await admin.putInstance(ns(name));
    const child = await engine.connectServer(`root/${name}`);
    await child.putInstance(ns('Leaf'));
    assert.equal((await engine.connectServer(`root/${name}/leaf`)).namespace, `root/${name}/Leaf`);
  });

  it('fails with WBEM_E_ALREADY_EXISTS when WBEM_FLAG_CREATE_ONLY names an existing child in any case', async () => {
    const name = unique('Twice');
    await admin.putInstance(ns(name));
    await assert.rejects(admin.putInstance(ns(name.toUpperCase()), WBEM_FLAG_CREATE_ONLY), {
      hresult: WBEM_E_ALREADY_EXISTS,
    });
  });

  it('succeeds without an event and keeps the stored spelling when an existing child is put again without CREATE_ONLY', async () => {
    const name = unique('Again');
    await admin.putInstance(ns(name));
    const events = await namespaceEvents(async () => {
      assert.equal(await admin.putInstance(ns(name.toLowerCase())), `__NAMESPACE.Name="${name}"`);
      assert.equal(
        await admin.putInstance(ns(name.toUpperCase()), WBEM_FLAG_UPDATE_ONLY),
        `__NAMESPACE.Name="${name}"`,
      );
    });
    assert.deepEqual(events, []);
  });

  it('fails with WBEM_E_NOT_FOUND when WBEM_FLAG_UPDATE_ONLY names a missing child', async () => {
    const name = unique('Missing');
    await assert.rejects(admin.putInstance(ns(name), WBEM_FLAG_UPDATE_ONLY), {
      hresult: WBEM_E_NOT_FOUND,
    });
    await assert.rejects(engine.connectServer(`root/${name}`), {
      hresult: WBEM_E_INVALID_NAMESPACE,
    });
  });

  const bad: readonly [string, CimInstance, number][] = [
    ['the name is not one path segment', ns('a/b'), WBEM_E_INVALID_PARAMETER],
    ['the name has a space', ns('a b'), WBEM_E_INVALID_PARAMETER],
    ['the name is empty', ns(''), WBEM_E_INVALID_PARAMETER],
    ['Name is NULL', ns(null), WBEM_E_NO_KEY],
    ['Name is not a string', ns(7), WBEM_E_TYPE_MISMATCH],
    [
      'the instance has a property __NAMESPACE does not',
      cimInstance('__NAMESPACE', { Name: 'x1', Other: 'y' }),
      WBEM_E_INVALID_PROPERTY,
    ],
  ];
  for (const [why, instance, hresult] of bad) {
    it(`fails with ${hresultName(hresult)} and creates nothing when ${why}`, async () => {
      const before = await children(admin);
      await assert.rejects(admin.putInstance(instance), { hresult });
      assert.deepEqual(await children(admin), before);
    });
  }

  for (const user of ['reader', 'partial']) {
    it(`fails with WBEM_E_ACCESS_DENIED through the sink and changes nothing when the caller (${user}) lacks WBEM_FULL_WRITE_REP`, async () => {
      const name = unique('Denied');
      const svc = await engine.connectServer('root', { user });
      const sink = new RecordingSink();
      const events = await namespaceEvents(async () => {
        assert.equal(svc.putInstanceAsync(ns(name), 0, null, sink), WBEM_S_NO_ERROR);
        assert.equal(hresultName((await sink.done).hResult ?? -1), 'WBEM_E_ACCESS_DENIED');
      });
      assert.deepEqual(events, []);
      await assert.rejects(engine.connectServer(`root/${name}`), {
        hresult: WBEM_E_INVALID_NAMESPACE,
      });
    });
  }

  it('fails with WBEM_E_ACCESS_DENIED before telling whether the child exists when the caller lacks the right', async () => {
    const reader = await engine.connectServer('root', { user: 'reader' });
    await assert.rejects(reader.putInstance(ns('cimv2'), WBEM_FLAG_CREATE_ONLY), {
      hresult: WBEM_E_ACCESS_DENIED,
    });
  });

  it('needs the right in the parent: a writer of the child alone may not create a grandchild', async () => {
    const name = unique('Guarded');
    await admin.putInstance(ns(name));
    const child = await engine.connectServer(`root/${name}`);
    await child.setSecurityDescriptor({ aces: [ace('deny', 'writer', WBEM_FULL_WRITE_REP)] });
    const writer = await engine.connectServer(`root/${name}`, { user: 'writer' });
    await assert.rejects(writer.putInstance(ns('below')), { hresult: WBEM_E_ACCESS_DENIED });
    assert.deepEqual(await children(child), []);
  });
});

describe('DeleteInstance of __NAMESPACE', () => {
  it('deletes the child and everything below it, raising the deletion event in the parent', async () => {
    const name = unique('Doomed');
    await admin.putInstance(ns(name));
    const child = await engine.connectServer(`root/${name}`);
    await child.putInstance(ns('below'));
    const below = await engine.connectServer(`root/${name}/below`);
    await below.putClass(sampleClass('DoomedData'));
    const writer = await engine.connectServer('root', { user: 'writer' });
    const events = await namespaceEvents(() =>
      writer.deleteInstance(`__NAMESPACE.Name="${name.toLowerCase()}"`),
    );
    assert.deepEqual(events, [['__NamespaceDeletionEvent', 'root', `root/${name}`]]);
    for (const path of [`root/${name}`, `root/${name}/below`]) {
      await assert.rejects(engine.connectServer(path), { hresult: WBEM_E_INVALID_NAMESPACE });
    }
    await assert.rejects(below.getClass('DoomedData'), { hresult: WBEM_E_INVALID_NAMESPACE });
    // Created again, it starts empty: the data below was dropped with it.
    await admin.putInstance(ns(name));
    await (await engine.connectServer(`root/${name}`)).putInstance(ns('below'));
    const again = await engine.connectServer(`root/${name}/below`);
    await assert.rejects(again.getClass('DoomedData'), { hresult: WBEM_E_NOT_FOUND });
  });

  it('fails with WBEM_E_NOT_FOUND when no such child exists', async () => {
    await assert.rejects(admin.deleteInstance('__NAMESPACE.Name="NeverThere"'), {
      hresult: WBEM_E_NOT_FOUND,
    });
  });

  it('fails with WBEM_E_INVALID_OBJECT_PATH when the path has another key than Name', async () => {
    await assert.rejects(admin.deleteInstance('__NAMESPACE.Other="cimv2"'), {
      hresult: WBEM_E_INVALID_OBJECT_PATH,
    });
    await assert.rejects(admin.deleteInstance('__NAMESPACE.Name="cimv2",Other="x"'), {
      hresult: WBEM_E_INVALID_OBJECT_PATH,
    });
  });

  for (const user of ['reader', 'partial']) {
    it(`fails with WBEM_E_ACCESS_DENIED and deletes nothing when the caller (${user}) lacks WBEM_FULL_WRITE_REP`, async () => {
      const name = unique('Kept');
      await admin.putInstance(ns(name));
      const svc = await engine.connectServer('root', { user });
      const sink = new RecordingSink();
      const events = await namespaceEvents(async () => {
        assert.equal(
          svc.deleteInstanceAsync(`__NAMESPACE.Name="${name}"`, 0, null, sink),
          WBEM_S_NO_ERROR,
        );
        assert.equal(hresultName((await sink.done).hResult ?? -1), 'WBEM_E_ACCESS_DENIED');
      });
      assert.deepEqual(events, []);
      assert.equal((await engine.connectServer(`root/${name}`)).namespace, `root/${name}`);
    });
  }
});

describe('__NAMESPACE writes of a remote caller', () => {
  it('are refused when the caller connects remotely without WBEM_REMOTE_ACCESS', async () => {
    await assert.rejects(engine.connectServer('root', { user: 'local_writer', remote: true }), {
      hresult: WBEM_E_ACCESS_DENIED,
    });
    const local = await engine.connectServer('root', { user: 'local_writer' });
    await local.putInstance(ns(unique('Local')));
  });

  it('return WBEM_E_ACCESS_DENIED and never call the sink when WBEM_REMOTE_ACCESS is revoked from an open connection', async () => {
    const name = unique('Revoked');
    await admin.putInstance(ns(name));
    await (await engine.connectServer(`root/${name}`)).putInstance(ns('kept'));
    const remote = await engine.connectServer(`root/${name}`, { user: 'writer', remote: true });
    const local = await engine.connectServer(`root/${name}`, { user: 'writer' });
    const owner = await engine.connectServer(`root/${name}`);
    await owner.setSecurityDescriptor({ aces: [ace('deny', 'writer', WBEM_REMOTE_ACCESS)] });
    const sinks = [new RecordingSink(), new RecordingSink()];
    assert.equal(
      hresultName(remote.putInstanceAsync(ns('new'), 0, null, sinks[0] as RecordingSink)),
      'WBEM_E_ACCESS_DENIED',
    );
    assert.equal(
      hresultName(
        remote.deleteInstanceAsync('__NAMESPACE.Name="kept"', 0, null, sinks[1] as RecordingSink),
      ),
      'WBEM_E_ACCESS_DENIED',
    );
    await sleep(20);
    assert.deepEqual(
      sinks.map((s) => s.calls.length),
      [0, 0],
    );
    await local.putInstance(ns('new'));
    assert.deepEqual(await children(owner), ['kept', 'new']);
  });
});

describe('CancelAsyncCall of a __NAMESPACE write', () => {
  it('ends the call with WBEM_E_CALL_CANCELLED, once', async () => {
    const sink = new RecordingSink();
    assert.equal(admin.putInstanceAsync(ns(unique('Cancelled')), 0, null, sink), 0);
    assert.equal(admin.cancelAsyncCall(sink), WBEM_S_NO_ERROR);
    const final = await sink.done;
    assert.equal(final.hResult, WBEM_E_CALL_CANCELLED);
    assert.equal(final.flags, WBEM_STATUS_COMPLETE);
    await sleep(50);
    assert.equal(sink.finals.length, 1);
    assert.equal(admin.cancelAsyncCall(sink), WBEM_E_NOT_FOUND);
  });
});

describe('A __NAMESPACE write while the engine shuts down', () => {
  it('is refused with WBEM_E_SHUTTING_DOWN, as every call then is, and leaves the sink alone', async () => {
    const closing = await startEngine({ hosts: 1 });
    const svc = await closing.connectServer('root');
    const stopped = closing.shutdown();
    const sink = new RecordingSink();
    assert.equal(
      hresultName(svc.putInstanceAsync(ns('TooLate'), 0, null, sink)),
      'WBEM_E_SHUTTING_DOWN',
    );
    for (const call of [
      () => svc.deleteInstance('__NAMESPACE.Name="cimv2"'),
      () => svc.putClass(sampleClass('TooLate')),
    ]) {
      await assert.rejects(call(), (error: unknown) => {
        const { hresult, detail } = error as { hresult: number; detail?: string };
        assert.equal(hresultName(hresult), 'WBEM_E_SHUTTING_DOWN');
        assert.equal(detail, 'the engine is shutting down');
        return true;
      });
    }
    await stopped;
    assert.equal(sink.calls.length, 0);
  });
});
