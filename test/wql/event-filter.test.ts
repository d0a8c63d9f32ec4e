import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { WbemEvent, WbemEventClass } from '../../src/model/wbem-event.js';
import {
  hresultName,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_QUERY,
  WBEM_E_NOT_EVENT_CLASS,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { compileEventQuery, eventObject } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();
const disk = reader.getInstance('Sample_Disk.DeviceID="C:"') as CimInstance;
const stick = reader.getInstance('Sample_RemovableDisk.DeviceID="E:"') as CimInstance;
const process4 = reader.getInstance('Sample_Process.Handle=4') as CimInstance;
const diskClass = reader.getClass('Sample_Disk') as CimClass;

function event(eventClass: WbemEventClass, fields: Partial<WbemEvent> = {}): WbemEvent {
  return { eventClass, namespace: 'root/sample', timeCreated: '134000000000000000', ...fields };
}

const created = (i: CimInstance) => event('__InstanceCreationEvent', { targetInstance: i });
const modified = (i: CimInstance, before: CimInstance) =>
  event('__InstanceModificationEvent', { targetInstance: i, previousInstance: before });
const deleted = (i: CimInstance) => event('__InstanceDeletionEvent', { targetInstance: i });
/** The same instance with one value changed, as a modification event carries it. */
function changed(i: CimInstance, name: string, value: string | number): CimInstance {
  const properties = new Map(i.properties);
  properties.set(name.toLowerCase(), { name, value });
  return { ...i, properties };
}

describe('ExecNotificationQuery: compiled event filters', () => {
  const cases: { desc: string; query: string; event: WbemEvent; expect: boolean }[] = [
    {
      desc: 'TargetInstance ISA names the class',
      query: "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Disk'",
      event: created(disk),
      expect: true,
    },
    {
      desc: 'TargetInstance ISA names an ancestor',
      query:
        "SELECT * FROM __InstanceCreationEvent WITHIN 2 WHERE TargetInstance ISA 'CIM_ManagedElement'",
      event: created(stick),
      expect: true,
    },
    {
      desc: 'TargetInstance ISA names a subclass',
      query:
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_RemovableDisk'",
      event: created(disk),
      expect: false,
    },
    {
      desc: 'the event class differs',
      query: "SELECT * FROM __InstanceDeletionEvent WHERE TargetInstance ISA 'Sample_Disk'",
      event: created(disk),
      expect: false,
    },
    {
      desc: '__InstanceOperationEvent receives a deletion',
      query: "SELECT * FROM __InstanceOperationEvent WHERE TargetInstance ISA 'Sample_Disk'",
      event: deleted(disk),
      expect: true,
    },
    {
      desc: '__InstanceOperationEvent filters on the event __CLASS',
      query: "SELECT * FROM __InstanceOperationEvent WHERE __CLASS = '__InstanceDeletionEvent'",
      event: created(disk),
      expect: false,
    },
    {
      desc: 'an embedded property is compared',
      query:
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Process' AND TargetInstance.Priority > 5",
      event: created(process4),
      expect: true,
    },
    {
      desc: 'an embedded property fails the comparison',
      query: "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance.Name = 'nope'",
      event: created(process4),
      expect: false,
    },
    {
      desc: 'a target property changed',
      query:
        'SELECT * FROM __InstanceModificationEvent WHERE TargetInstance.Name <> PreviousInstance.Name',
      event: modified(changed(disk, 'Name', 'Boot'), disk),
      expect: true,
    },
    {
      desc: 'a target property did not change',
      query:
        'SELECT * FROM __InstanceModificationEvent WHERE TargetInstance.Name <> PreviousInstance.Name',
      event: modified(changed(disk, 'Size', 1), disk),
      expect: false,
    },
    {
      desc: 'PreviousInstance ISA is tested',
      query: "SELECT * FROM __InstanceModificationEvent WHERE PreviousInstance ISA 'Sample_Disk'",
      event: modified(disk, disk),
      expect: true,
    },
    {
      desc: 'a property missing from the target is NULL',
      query: 'SELECT * FROM __InstanceCreationEvent WHERE TargetInstance.Media IS NULL',
      event: created(disk),
      expect: true,
    },
    {
      desc: 'TargetInstance.__CLASS is read',
      query:
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance.__CLASS = 'sample_removabledisk'",
      event: created(stick),
      expect: true,
    },
    {
      desc: 'a class event with TargetClass ISA',
      query: "SELECT * FROM __ClassCreationEvent WHERE TargetClass ISA 'CIM_LogicalElement'",
      event: event('__ClassCreationEvent', { targetClass: diskClass }),
      expect: true,
    },
    {
      desc: 'a class event with TargetClass.__CLASS',
      query: "SELECT * FROM __ClassOperationEvent WHERE TargetClass.__CLASS = 'Sample_Disk'",
      event: event('__ClassDeletionEvent', { targetClass: diskClass }),
      expect: true,
    },
    {
      desc: 'a class event is not an instance event',
      query: 'SELECT * FROM __InstanceOperationEvent',
      event: event('__ClassCreationEvent', { targetClass: diskClass }),
      expect: false,
    },
    {
      desc: 'a namespace event with TargetNamespace.Name',
      query: "SELECT * FROM __NamespaceCreationEvent WHERE TargetNamespace.Name = 'child'",
      event: event('__NamespaceCreationEvent', { targetNamespace: 'root/sample/child' }),
      expect: true,
    },
    {
      desc: '__NamespaceOperationEvent receives a deletion',
      query: 'SELECT * FROM __NamespaceOperationEvent',
      event: event('__NamespaceDeletionEvent', { targetNamespace: 'root/x' }),
      expect: true,
    },
    {
      desc: 'an instance built without system properties (derivation from the reader)',
      query: "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'CIM_LogicalElement'",
      event: created(cimInstance('Sample_Process', { Handle: 9 })),
      expect: true,
    },
    {
      desc: '__Event receives everything',
      query: 'SELECT * FROM __Event',
      event: event('__EventQueueOverflowEvent', { droppedEvents: 3 }),
      expect: true,
    },
  ];
  for (const c of cases) {
    it(`${c.expect ? 'matches' : 'does not match'} when ${c.desc}`, () => {
      const filter = compileEventQuery(c.query, { reader });
      assert.equal(filter.matches(c.event), c.expect);
    });
  }

  it('exposes the ISA conjunct and the event classes when ISA is a top-level conjunct', () => {
    const filter = compileEventQuery(
      "SELECT * FROM __InstanceOperationEvent WHERE TargetInstance.Priority > 1 AND (TargetInstance ISA 'Sample_Process')",
    );
    assert.deepEqual(filter.target, { property: 'TargetInstance', className: 'Sample_Process' });
    assert.deepEqual(filter.eventClasses, [
      '__InstanceCreationEvent',
      '__InstanceModificationEvent',
      '__InstanceDeletionEvent',
    ]);
  });

  it('tests the rest of the WHERE clause without the ISA conjunct when the index found the target', () => {
    const filter = compileEventQuery(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance.Priority > 5 AND TargetInstance ISA 'Sample_Process' AND TargetInstance.Handle = 4",
    );
    const object = eventObject(created(disk));
    assert.equal(filter.matchesWhere(object), false);
    assert.equal(filter.matchesBeyondTarget(eventObject(created(process4))), true);
    const onlyIsa = compileEventQuery(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Disk'",
    );
    assert.equal(onlyIsa.matchesBeyondTarget(eventObject(created(process4))), true);
  });

  it('has no indexable conjunct when ISA sits under OR', () => {
    const filter = compileEventQuery(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'A' OR TargetInstance ISA 'B'",
    );
    assert.equal(filter.target, undefined);
  });

  const errors: { desc: string; query: string; hresult: number }[] = [
    {
      desc: 'FROM names a class that is not an event class',
      query: 'SELECT * FROM Sample_Disk',
      hresult: WBEM_E_NOT_EVENT_CLASS,
    },
    {
      desc: 'FROM names no class',
      query: 'SELECT * FROM Nope_Event',
      hresult: WBEM_E_INVALID_CLASS,
    },
    {
      desc: 'ISA names no class',
      query: "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Nope'",
      hresult: WBEM_E_INVALID_CLASS,
    },
    {
      desc: 'an instance event is asked for TargetClass',
      query: "SELECT * FROM __InstanceCreationEvent WHERE TargetClass ISA 'Sample_Disk'",
      hresult: WBEM_E_INVALID_QUERY,
    },
    {
      desc: 'the query is an association query',
      query: 'ASSOCIATORS OF {Sample_Disk}',
      hresult: WBEM_E_INVALID_QUERY,
    },
  ];
  for (const c of errors) {
    it(`fails with ${hresultName(c.hresult)} when ${c.desc}`, () => {
      assert.throws(
        () => compileEventQuery(c.query, { reader }),
        (e: unknown) => e instanceof WbemError && hresultName(e.hresult) === hresultName(c.hresult),
      );
    });
  }
});
