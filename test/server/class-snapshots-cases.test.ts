/**
 * `ClassSnapshots` (`src/server/class-snapshots.ts`): which engine events drop a kept class list,
 * when the event subscription ends (IDLE time after the last query, on a mocked clock), what
 * `close` ends, and that a failed read is not kept.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { Subject } from 'rxjs';
import type { CimClass, WbemEvent, WbemServices } from '../../src/index.js';
import { ClassSnapshots } from '../../src/server/class-snapshots.js';

/** A connection that counts its class reads; `failNext` makes the next read wait to be rejected. */
function connection(namespace: string): {
  svc: WbemServices;
  reads: () => number;
  failNext: () => { reject: () => void };
} {
  let reads = 0;
  let pending: { promise: Promise<CimClass[]>; reject: () => void } | undefined;
  const svc = {
    namespace,
    createClassEnum: (): Promise<CimClass[]> => {
      reads++;
      if (pending !== undefined) {
        const p = pending.promise;
        pending = undefined;
        return p;
      }
      return Promise.resolve([]);
    },
  } as unknown as WbemServices;
  return {
    svc,
    reads: () => reads,
    failNext: () => {
      let reject: () => void = () => undefined;
      const promise = new Promise<CimClass[]>((_, rej) => {
        reject = () => rej(new Error('read failed'));
      });
      pending = { promise, reject: () => reject() };
      return pending;
    },
  };
}

function event(eventClass: string, namespace: string): WbemEvent {
  return { eventClass, namespace } as unknown as WbemEvent;
}

const IDLE = 1_000;

describe('ClassSnapshots: events that drop a kept class list', () => {
  let events$: Subject<WbemEvent>;
  let snapshots: ClassSnapshots;
  beforeEach(() => {
    events$ = new Subject<WbemEvent>();
    snapshots = new ClassSnapshots(events$);
  });
  afterEach(() => {
    snapshots.close();
  });

  it('reads again after each of several class events, and once per event only', async () => {
    const c = connection('root/cimv2');
    await snapshots.classes(c.svc);
    events$.next(event('__ClassModificationEvent', 'root/cimv2'));
    await snapshots.classes(c.svc);
    await snapshots.classes(c.svc);
    assert.equal(c.reads(), 2);
    events$.next(event('__ClassDeletionEvent', 'root/cimv2'));
    await snapshots.classes(c.svc);
    await snapshots.classes(c.svc);
    assert.equal(c.reads(), 3);
  });

  it('reads again after a namespace event in the namespace', async () => {
    const c = connection('root/cimv2');
    await snapshots.classes(c.svc);
    events$.next(event('__NamespaceDeletionEvent', 'root/cimv2'));
    await snapshots.classes(c.svc);
    assert.equal(c.reads(), 2);
  });

  it('keeps the list through instance events, which change no class', async () => {
    const c = connection('root/cimv2');
    await snapshots.classes(c.svc);
    events$.next(event('__InstanceCreationEvent', 'root/cimv2'));
    events$.next(event('__InstanceModificationEvent', 'root/cimv2'));
    await snapshots.classes(c.svc);
    assert.equal(c.reads(), 1);
  });

  it('matches namespaces without regard to case as the engine names them (lower case folding)', async () => {
    // The engine folds names with toLowerCase (nameKey): KELVIN SIGN and "k" name one namespace.
    const c = connection('root/k');
    await snapshots.classes(c.svc);
    events$.next(event('__ClassCreationEvent', 'ROOT\\\u212A'));
    await snapshots.classes(c.svc);
    assert.equal(c.reads(), 2);
  });

  it('does not keep a failed read: the next query reads again', async () => {
    const c = connection('root/cimv2');
    const failing = c.failNext();
    const first = snapshots.classes(c.svc);
    failing.reject();
    await assert.rejects(first, /read failed/);
    await snapshots.classes(c.svc);
    await snapshots.classes(c.svc);
    assert.equal(c.reads(), 2);
  });

  it('keeps a newer list when an older read fails after it', async () => {
    const c = connection('root/cimv2');
    const failing = c.failNext();
    const old = snapshots.classes(c.svc);
    events$.next(event('__ClassCreationEvent', 'root/cimv2'));
    await snapshots.classes(c.svc);
    failing.reject();
    await assert.rejects(old, /read failed/);
    await snapshots.classes(c.svc);
    assert.equal(c.reads(), 2);
  });
});

describe('ClassSnapshots: the event subscription on a mocked clock', () => {
  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  });
  afterEach(() => {
    mock.timers.reset();
  });

  it('says whether it listens: not before a query, yes after one, not after close', async () => {
    const events$ = new Subject<WbemEvent>();
    const snapshots = new ClassSnapshots(events$, IDLE);
    assert.equal(snapshots.listening, false);
    await snapshots.classes(connection('root/cimv2').svc);
    assert.equal(snapshots.listening, true);
    snapshots.close();
    assert.equal(snapshots.listening, false);
    assert.equal(events$.observed, false);
  });

  it('stops listening exactly the idle time after the last query', async () => {
    const events$ = new Subject<WbemEvent>();
    const snapshots = new ClassSnapshots(events$, IDLE);
    try {
      await snapshots.classes(connection('root/cimv2').svc);
      mock.timers.tick(IDLE - 1);
      assert.equal(snapshots.listening, true);
      mock.timers.tick(1);
      assert.equal(snapshots.listening, false);
      assert.equal(events$.observed, false);
    } finally {
      snapshots.close();
    }
  });

  it('counts the idle time from the last query, not the first', async () => {
    const events$ = new Subject<WbemEvent>();
    const snapshots = new ClassSnapshots(events$, IDLE);
    const c = connection('root/cimv2');
    try {
      await snapshots.classes(c.svc);
      mock.timers.tick(600);
      await snapshots.classes(c.svc);
      mock.timers.tick(400);
      assert.equal(snapshots.listening, true, 'stopped 400 ms after a query');
      mock.timers.tick(599);
      assert.equal(snapshots.listening, true);
      mock.timers.tick(1);
      assert.equal(snapshots.listening, false, 'still listening the idle time after the query');
    } finally {
      snapshots.close();
    }
  });

  it('trusts no list read before lost events, even under a later subscription', async () => {
    const events$ = new Subject<WbemEvent>();
    const snapshots = new ClassSnapshots(events$, IDLE);
    const c = connection('root/cimv2');
    try {
      await snapshots.classes(c.svc);
      events$.next(event('__EventQueueOverflowEvent', ''));
      mock.timers.tick(IDLE);
      assert.equal(snapshots.listening, false);
      await snapshots.classes(c.svc);
      assert.equal(c.reads(), 2);
      assert.equal(snapshots.listening, true);
    } finally {
      snapshots.close();
    }
  });

  it('after close, reads every time and listens to nothing', async () => {
    const events$ = new Subject<WbemEvent>();
    const snapshots = new ClassSnapshots(events$, IDLE);
    const c = connection('root/cimv2');
    await snapshots.classes(c.svc);
    snapshots.close();
    await snapshots.classes(c.svc);
    await snapshots.classes(c.svc);
    assert.equal(c.reads(), 3);
    assert.equal(snapshots.listening, false);
    assert.equal(events$.observed, false);
  });
});
