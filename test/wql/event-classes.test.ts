import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WbemEvent, WbemEventClass } from '../../src/model/wbem-event.js';
import { EVENT_DERIVATION, raisedClassesUnder } from '../../src/wql/event-classes.js';
import { compileEventQuery, eventObject } from '../../src/wql/index.js';

function event(eventClass: WbemEventClass, fields: Partial<WbemEvent> = {}): WbemEvent {
  return { eventClass, namespace: 'root/sample', timeCreated: '1', ...fields };
}

describe('the intrinsic event classes and their WMI ancestry', () => {
  const families: [string, string][] = [
    ['__InstanceCreationEvent', '__InstanceOperationEvent'],
    ['__InstanceModificationEvent', '__InstanceOperationEvent'],
    ['__InstanceDeletionEvent', '__InstanceOperationEvent'],
    ['__ClassCreationEvent', '__ClassOperationEvent'],
    ['__ClassModificationEvent', '__ClassOperationEvent'],
    ['__ClassDeletionEvent', '__ClassOperationEvent'],
    ['__NamespaceCreationEvent', '__NamespaceOperationEvent'],
    ['__NamespaceModificationEvent', '__NamespaceOperationEvent'],
    ['__NamespaceDeletionEvent', '__NamespaceOperationEvent'],
  ];
  for (const [cls, parent] of families) {
    it(`derives ${cls} from ${parent}, __Event, __IndicationRelated and __SystemClass`, () => {
      assert.deepEqual(EVENT_DERIVATION.get(cls.toLowerCase())?.derivation, [
        parent,
        '__Event',
        '__IndicationRelated',
        '__SystemClass',
      ]);
    });
  }

  it('gives the event object of each raised intrinsic event its class derivation', () => {
    const o = eventObject(event('__ClassDeletionEvent'));
    assert.deepEqual(o.systemProperties?.__DERIVATION, [
      '__ClassOperationEvent',
      '__Event',
      '__IndicationRelated',
      '__SystemClass',
    ]);
    const n = eventObject(event('__NamespaceCreationEvent', { targetNamespace: 'root/x' }));
    assert.equal(n.systemProperties?.__SUPERCLASS, '__NamespaceOperationEvent');
    assert.equal(n.systemProperties?.__DYNASTY, '__SystemClass');
  });

  it('matches __THIS ISA __Event, __IndicationRelated and __SystemClass for every intrinsic family', () => {
    for (const ancestor of ['__Event', '__IndicationRelated', '__SystemClass']) {
      for (const from of [
        '__InstanceCreationEvent',
        '__ClassCreationEvent',
        '__NamespaceCreationEvent',
      ]) {
        const filter = compileEventQuery(`SELECT * FROM ${from} WHERE __THIS ISA '${ancestor}'`);
        const e = event(from as WbemEventClass, { targetNamespace: 'root/x' });
        assert.equal(filter.matches(e), true, `${from} ${ancestor}`);
      }
    }
  });

  it('receives all three namespace events FROM __NamespaceOperationEvent', () => {
    assert.deepEqual(raisedClassesUnder('__NamespaceOperationEvent'), [
      '__NamespaceCreationEvent',
      '__NamespaceModificationEvent',
      '__NamespaceDeletionEvent',
    ]);
    assert.deepEqual(compileEventQuery('SELECT * FROM __NamespaceModificationEvent').eventClasses, [
      '__NamespaceModificationEvent',
    ]);
  });

  it('receives every raised event FROM __Event, and none FROM a class it does not know', () => {
    assert.deepEqual(raisedClassesUnder('__Event').length, 10);
    assert.deepEqual(raisedClassesUnder('__ExtrinsicEvent'), ['__EventQueueOverflowEvent']);
    assert.deepEqual(raisedClassesUnder('Sample_ProviderEvent'), []);
  });
});
