import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import {
  cimClass,
  cimProperty,
  hresultName,
  qualifier,
  WBEM_E_ALREADY_EXISTS,
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_SEND_STATUS,
  WbemEngine,
  WbemError,
  type WbemEvent,
} from '../../src/index.js';

describe('the public barrel (src/index.ts)', () => {
  it('runs the architecture example end to end through the exported names only', async () => {
    // 'tester' is an administrator: ordinary users may not write classes (decision A11).
    const engine = await WbemEngine.start({
      storage: 'memory',
      hosts: 1,
      security: { groups: { Administrators: ['tester'] } },
    });
    try {
      const events: WbemEvent[] = [];
      const sub = engine.events$.subscribe((e) => events.push(e));
      // Events reach the sink after the call that raised them has answered: wait for the last one.
      const classCreated = firstValueFrom(
        engine.events$.pipe(filter((e) => e.eventClass === '__ClassCreationEvent')),
      );
      await engine.ensureNamespace('root/cimv2/Acme');
      const svc = await engine.connectServer('root\\cimv2\\acme', { user: 'tester' });
      const cls = cimClass({
        name: 'Acme_Disk',
        qualifiers: [qualifier('Description', 'a disk')],
        properties: [cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] })],
      });
      const emitted = await lastValueFrom(
        svc.putClass$(cls, WBEM_FLAG_CREATE_ONLY | WBEM_FLAG_SEND_STATUS).pipe(toArray()),
      );
      assert.deepEqual(
        emitted.map((e) => e.kind),
        ['progress', 'status'],
      );
      const error = await svc.putClass(cls, WBEM_FLAG_CREATE_ONLY).catch((e: unknown) => e);
      assert.ok(error instanceof WbemError);
      assert.equal(hresultName(error.hresult), 'WBEM_E_ALREADY_EXISTS');
      assert.equal(error.hresult, WBEM_E_ALREADY_EXISTS);
      assert.equal((await svc.getClass('ACME_DISK')).systemProperties?.__CLASS, 'Acme_Disk');
      await classCreated;
      // A subscriber paced on a busy machine gets what was raised before it leaves.
      engine.flushEvents();
      sub.unsubscribe();
      assert.deepEqual(
        events.map((e) => e.eventClass),
        ['__NamespaceCreationEvent', '__ClassCreationEvent'],
      );
    } finally {
      await engine.shutdown();
    }
  });
});
