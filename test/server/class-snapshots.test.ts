import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Subject } from 'rxjs';
import type { CimClass, WbemEvent, WbemServices } from '../../src/index.js';
import { ClassSnapshots } from '../../src/server/class-snapshots.js';

/** A connection that counts its class reads. */
function connection(namespace: string): { svc: WbemServices; reads: () => number } {
  let reads = 0;
  const svc = {
    namespace,
    createClassEnum: async (): Promise<CimClass[]> => {
      reads++;
      return [];
    },
  } as unknown as WbemServices;
  return { svc, reads: () => reads };
}

function classEvent(namespace: string): WbemEvent {
  return { eventClass: '__ClassCreationEvent', namespace } as unknown as WbemEvent;
}

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('ClassSnapshots (class lists kept between WQL queries)', () => {
  it('listens to no engine events until a query asks for classes', async () => {
    const events$ = new Subject<WbemEvent>();
    const snapshots = new ClassSnapshots(events$);
    try {
      assert.equal(events$.observed, false);
      await snapshots.classes(connection('root/cimv2').svc);
      assert.equal(events$.observed, true);
    } finally {
      snapshots.close();
    }
    assert.equal(events$.observed, false);
  });

  it('reads the classes once until a class event of its namespace arrives', async () => {
    const events$ = new Subject<WbemEvent>();
    const snapshots = new ClassSnapshots(events$);
    const c = connection('root/cimv2');
    try {
      await snapshots.classes(c.svc);
      await snapshots.classes(c.svc);
      assert.equal(c.reads(), 1);
      events$.next(classEvent('root/other'));
      await snapshots.classes(c.svc);
      assert.equal(c.reads(), 1);
      events$.next(classEvent('ROOT\\cimv2'));
      await snapshots.classes(c.svc);
      assert.equal(c.reads(), 2);
    } finally {
      snapshots.close();
    }
  });

  it('stops listening when queries stop, and then trusts no list kept before', async () => {
    const events$ = new Subject<WbemEvent>();
    const snapshots = new ClassSnapshots(events$, 30);
    const c = connection('root/cimv2');
    try {
      await snapshots.classes(c.svc);
      const deadline = Date.now() + 5_000;
      while (events$.observed && Date.now() < deadline) await tick(10);
      assert.equal(events$.observed, false, 'still listening after the idle time');
      // A class changed while nobody listened: the list read before must not be served.
      await snapshots.classes(c.svc);
      assert.equal(c.reads(), 2);
      assert.equal(events$.observed, true);
    } finally {
      snapshots.close();
    }
  });

  it('reads the classes again after the engine reports lost events', async () => {
    const events$ = new Subject<WbemEvent>();
    const snapshots = new ClassSnapshots(events$);
    const c = connection('root/cimv2');
    try {
      await snapshots.classes(c.svc);
      events$.next({
        eventClass: '__EventQueueOverflowEvent',
        namespace: '',
      } as unknown as WbemEvent);
      await snapshots.classes(c.svc);
      assert.equal(c.reads(), 2);
    } finally {
      snapshots.close();
    }
  });

  it('reads every time when it has no event stream', async () => {
    const snapshots = new ClassSnapshots(null);
    const c = connection('root/cimv2');
    await snapshots.classes(c.svc);
    await snapshots.classes(c.svc);
    assert.equal(c.reads(), 2);
    snapshots.close();
  });
});
