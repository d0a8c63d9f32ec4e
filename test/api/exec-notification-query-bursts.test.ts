/**
 * `execNotificationQuery$` with events caused by real puts and deletes, on every wire encoding:
 * the class a subscriber reads is the class `getClass` returned (its members travel packed and
 * are decoded on first read), and a cascade's burst reaches the subscriber in raise order, all
 * of it before the call that raised it resolves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Subscription } from 'rxjs';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { Notification, WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { WireEncoding } from '../../src/runtime/protocol.js';
import { sleep, startEngine } from '../runtime/helpers/engine-fixture.js';

const CHAIN = 300;

function chainClass(i: number): CimClass {
  return cimClass({
    name: `Burst_C${i}`,
    superclass: i === 0 ? null : `Burst_C${i - 1}`,
    qualifiers: [qualifier('Description', `level ${i}`)],
    properties: [
      ...(i === 0 ? [cimProperty('Id', 'uint32', { qualifiers: [qualifier('Key', true)] })] : []),
      cimProperty(`P${i}`, 'string', { value: `v${i}` }),
    ],
  });
}

/** Each query's notifications, until unsubscribed. */
function watch(svc: WbemServices, query: string) {
  const seen: Notification[] = [];
  const subscription: Subscription = svc.execNotificationQuery$(query).subscribe((n) => {
    seen.push(n);
  });
  return { seen, subscription };
}

const targetName = (n: Notification | undefined) =>
  n === undefined || n.eventClass === '__AggregateEvent' ? undefined : n.targetClass?.name;

for (const encoding of ['msgpack', 'clone', 'json', 'copy'] as WireEncoding[]) {
  describe(`execNotificationQuery$ class events (${encoding} wire)`, () => {
    let engine: WbemEngine;
    let svc: WbemServices;

    before(async () => {
      // The copy encoding is the calling-thread host's: tested where it runs.
      const placement = encoding === 'copy' ? 'calling-thread' : 'worker-threads';
      engine = await startEngine({ encoding, hosts: 1, placement });
      await engine.createNamespace('root', 'bursts');
      svc = await engine.connectServer('root/bursts');
    });
    after(() => engine.shutdown());

    it('delivers classes equal to what getClass returns when the subscriber reads them', async () => {
      // An ISA must name a class of the namespace when the query is made.
      await svc.putClass(chainClass(0));
      const created = watch(
        svc,
        "SELECT * FROM __ClassCreationEvent WHERE TargetClass ISA 'Burst_C0'",
      );
      const modified = watch(
        svc,
        "SELECT * FROM __ClassModificationEvent WHERE TargetClass ISA 'Burst_C0' AND TargetClass.__CLASS = 'Burst_C1'",
      );
      await sleep(20);
      await svc.putClass(chainClass(1));
      const first = await svc.getClass('Burst_C1');
      await svc.putClass(
        cimClass({
          name: 'Burst_C1',
          superclass: 'Burst_C0',
          qualifiers: [qualifier('Description', 'changed')],
          properties: [cimProperty('P1', 'string', { value: 'v1' })],
        }),
      );
      const second = await svc.getClass('Burst_C1');
      created.subscription.unsubscribe();
      modified.subscription.unsubscribe();
      assert.deepEqual(created.seen.map(targetName), ['Burst_C1']);
      const [creation] = created.seen;
      assert.ok(creation !== undefined && creation.eventClass === '__ClassCreationEvent');
      assert.deepEqual(creation.targetClass, first);
      const [modification] = modified.seen;
      assert.ok(modification !== undefined && modification.eventClass !== '__AggregateEvent');
      assert.deepEqual(modification.targetClass, second);
      assert.deepEqual(modification.previousClass, first);
      await svc.deleteClass('Burst_C0');
    });

    it('delivers a cascade of deletions in raise order before deleteClass resolves', async () => {
      for (let i = 0; i < CHAIN; i++) await svc.putClass(chainClass(i));
      await sleep(20);
      const deep = watch(
        svc,
        `SELECT * FROM __ClassDeletionEvent WHERE TargetClass ISA 'Burst_C${CHAIN / 2}'`,
      );
      const all = watch(svc, "SELECT * FROM __ClassDeletionEvent WHERE TargetClass ISA 'Burst_C0'");
      await svc.getClass('Burst_C0');
      let seenWhenResolved = -1;
      await svc.deleteClass('Burst_C0').then(() => {
        seenWhenResolved = all.seen.length;
      });
      deep.subscription.unsubscribe();
      all.subscription.unsubscribe();
      assert.equal(seenWhenResolved, CHAIN);
      assert.deepEqual(
        all.seen.map(targetName),
        Array.from({ length: CHAIN }, (_, i) => `Burst_C${i}`),
      );
      assert.deepEqual(
        deep.seen.map(targetName),
        Array.from({ length: CHAIN / 2 }, (_, i) => `Burst_C${CHAIN / 2 + i}`),
      );
      const last = all.seen.at(-1);
      assert.ok(last !== undefined && last.eventClass === '__ClassDeletionEvent');
      assert.equal(last.targetClass?.properties.get(`p${CHAIN - 1}`)?.value, `v${CHAIN - 1}`);
      assert.equal(last.targetClass?.systemProperties?.__DERIVATION.length, CHAIN - 1);
    });
  });
}
