import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty } from '../../src/model/cim-builders.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { WbemEvent, WbemEventClass } from '../../src/model/wbem-event.js';
import {
  hresultName,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_QUERY,
  WBEM_E_NOT_EVENT_CLASS,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import {
  compileEventQuery,
  eventObject,
  parseWql,
  type WqlReader,
  type WqlSelect,
} from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const sample = sampleReader();
const providerEvent = cimClass({
  name: 'Sample_ProviderEvent',
  superclass: '__ExtrinsicEvent',
  properties: [cimProperty('Source', 'string')],
});
/** The sample namespace with an extrinsic event class, as a namespace's reader sees it. */
const reader: Pick<WqlReader, 'getClass' | 'derivation'> = {
  getClass: (name) =>
    name.toLowerCase() === 'sample_providerevent' ? providerEvent : sample.getClass(name),
  derivation: (name) =>
    name.toLowerCase() === 'sample_providerevent'
      ? ['__ExtrinsicEvent', '__Event', '__IndicationRelated', '__SystemClass']
      : sample.derivation(name),
};
const disk = sample.getInstance('Sample_Disk.DeviceID="C:"') as CimInstance;
const process4 = sample.getInstance('Sample_Process.Handle=4') as CimInstance;

function event(eventClass: WbemEventClass, fields: Partial<WbemEvent> = {}): WbemEvent {
  return { eventClass, namespace: 'root/sample', timeCreated: '1', ...fields };
}
const created = (i: CimInstance) =>
  eventObject(event('__InstanceCreationEvent', { targetInstance: i }));
const process = (handle: number, priority: number) =>
  cimInstance('Sample_Process', { Handle: handle, Priority: priority });

/** Asserts `fn` throws a WbemError with `hresult` and a message matching `detail`. */
function throwsWbem(fn: () => unknown, hresult: number, detail: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WbemError, String(e));
    assert.equal(hresultName(e.hresult), hresultName(hresult));
    assert.match(e.detail ?? '', detail);
    return true;
  });
}

describe('ExecNotificationQuery: what a notification query may name', () => {
  it('rejects TargetInstance in a class event query, naming the class and the property', () => {
    throwsWbem(
      () => compileEventQuery("SELECT * FROM __ClassCreationEvent WHERE TargetInstance ISA 'X'"),
      WBEM_E_INVALID_QUERY,
      /__ClassCreationEvent has no property TargetInstance/,
    );
    throwsWbem(
      () => compileEventQuery("SELECT * FROM __ClassDeletionEvent WHERE TargetInstance.Name = 'x'"),
      WBEM_E_INVALID_QUERY,
      /has no property TargetInstance\.Name$/,
    );
  });

  it('rejects TargetInstance and TargetClass in a namespace event query', () => {
    for (const property of ['TargetInstance', 'TargetClass']) {
      throwsWbem(
        () =>
          compileEventQuery(`SELECT * FROM __NamespaceOperationEvent WHERE ${property}.Name = 'x'`),
        WBEM_E_INVALID_QUERY,
        new RegExp(`no property ${property}\\.Name`),
      );
    }
  });

  it('accepts PreviousClass, PreviousNamespace, TIME_CREATED and SECURITY_DESCRIPTOR where the event has them', () => {
    for (const q of [
      "SELECT * FROM __ClassModificationEvent WHERE PreviousClass ISA 'Sample_Disk'",
      "SELECT * FROM __NamespaceModificationEvent WHERE PreviousNamespace.Name = 'x'",
      'SELECT * FROM __InstanceCreationEvent WHERE TIME_CREATED > 0 AND SECURITY_DESCRIPTOR IS NULL',
      'SELECT * FROM __ClassDeletionEvent WHERE TIME_CREATED > 0',
      'SELECT * FROM __NamespaceDeletionEvent WHERE SECURITY_DESCRIPTOR IS NULL',
    ]) {
      assert.doesNotThrow(() => compileEventQuery(q, { reader }), q);
    }
  });

  it('rejects an association query with a message saying what a notification query is', () => {
    throwsWbem(
      () => compileEventQuery('REFERENCES OF {Sample_Disk.DeviceID="C:"}'),
      WBEM_E_INVALID_QUERY,
      /SELECT \.\.\. FROM an event class/,
    );
  });

  it('accepts an extrinsic event class the reader derives from __ExtrinsicEvent (no raised class)', () => {
    const filter = compileEventQuery("SELECT * FROM Sample_ProviderEvent WHERE Source = 'x'", {
      reader,
    });
    assert.deepEqual(filter.eventClasses, []);
    assert.equal(filter.matches(event('__InstanceCreationEvent', { targetInstance: disk })), false);
  });

  it('names the class when FROM names a class that is not an event class', () => {
    throwsWbem(
      () => compileEventQuery('SELECT * FROM Sample_Disk', { reader }),
      WBEM_E_NOT_EVENT_CLASS,
      /^Sample_Disk is not an event class$/,
    );
  });

  it('fails with WBEM_E_INVALID_CLASS, naming the class, for an unknown FROM with or without a reader', () => {
    throwsWbem(
      () => compileEventQuery('SELECT * FROM Nope_Event', { reader }),
      WBEM_E_INVALID_CLASS,
      /^no event class Nope_Event$/,
    );
    throwsWbem(
      () => compileEventQuery('SELECT * FROM Sample_ProviderEvent'),
      WBEM_E_INVALID_CLASS,
      /^no event class Sample_ProviderEvent$/,
    );
  });

  const nested = [
    "TargetInstance.Name = 'x' AND TargetInstance ISA 'Nope'",
    "TargetInstance.Name = 'x' OR TargetInstance ISA 'Nope'",
    "TargetInstance ISA 'Nope' OR TargetInstance.Name = 'x'",
    "NOT (TargetInstance ISA 'Nope')",
  ];
  for (const where of nested) {
    it(`checks the ISA class under AND, OR and NOT: ${where}`, () => {
      throwsWbem(
        () => compileEventQuery(`SELECT * FROM __InstanceCreationEvent WHERE ${where}`, { reader }),
        WBEM_E_INVALID_CLASS,
        /^ISA names no class: Nope$/,
      );
      const fine = where.replace('Nope', 'Sample_Disk');
      assert.doesNotThrow(() =>
        compileEventQuery(`SELECT * FROM __InstanceCreationEvent WHERE ${fine}`, { reader }),
      );
    });
  }

  it('rejects a LIKE pattern with a range out of order when the query is compiled', () => {
    for (const where of [
      "TargetInstance.Name LIKE '[z-a]'",
      "TargetInstance ISA 'Sample_Disk' AND TargetInstance.Name LIKE '[z-a]'",
    ]) {
      assert.throws(
        () => compileEventQuery(`SELECT * FROM __InstanceCreationEvent WHERE ${where}`),
        (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_INVALID_QUERY,
        where,
      );
    }
  });
});

describe('compileEventQuery: the compiled filter', () => {
  it('compiles a query already parsed', () => {
    const parsed = parseWql(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Disk'",
    ) as WqlSelect;
    const filter = compileEventQuery(parsed);
    assert.equal(filter.query, parsed);
    assert.equal(filter.matches(event('__InstanceCreationEvent', { targetInstance: disk })), true);
  });

  it('shares one list of event classes between the filters on one system event class', () => {
    const a = compileEventQuery('SELECT * FROM __InstanceOperationEvent');
    const b = compileEventQuery("SELECT * FROM __instanceoperationevent WHERE __CLASS = 'x'");
    assert.equal(a.eventClasses, b.eventClasses);
    assert.deepEqual(a.eventClasses, [
      '__InstanceCreationEvent',
      '__InstanceModificationEvent',
      '__InstanceDeletionEvent',
    ]);
  });

  it('matchesObject tests the event class and the WHERE clause on a built event object', () => {
    const filter = compileEventQuery(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Disk'",
    );
    assert.equal(filter.matchesObject(created(disk)), true);
    assert.equal(filter.matchesObject(created(process4)), false);
    const deletion = eventObject(event('__InstanceDeletionEvent', { targetInstance: disk }));
    assert.equal(filter.matchesObject(deletion), false);
    assert.equal(filter.matchesWhere(deletion), true);
  });

  it('is targetOnly only when the WHERE clause is an ISA conjunct alone', () => {
    assert.equal(compileEventQuery('SELECT * FROM __InstanceCreationEvent').targetOnly, false);
    assert.equal(
      compileEventQuery("SELECT * FROM __InstanceCreationEvent WHERE TargetInstance.Name = 'x'")
        .targetOnly,
      false,
    );
    assert.equal(
      compileEventQuery("SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'X'")
        .targetOnly,
      true,
    );
  });

  it('has a beyondTargetTest for one comparison beside the ISA conjunct, without a reader only', () => {
    const q =
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Process' AND TargetInstance.Name = 'System'";
    const plain = compileEventQuery(q);
    assert.deepEqual(plain.beyondTargetTest?.path, ['targetinstance', 'name']);
    assert.equal(plain.beyondTargetTest?.test('SYSTEM'), true);
    // A reader fills in class defaults the index's value reads would miss.
    assert.equal(compileEventQuery(q, { reader }).beyondTargetTest, undefined);
  });

  const shapes: {
    desc: string;
    where: string;
    valueTest: boolean;
    pass: CimInstance[];
    fail: CimInstance[];
  }[] = [
    {
      desc: 'the ISA conjunct comes first',
      where: "TargetInstance ISA 'Sample_Process' AND TargetInstance.Name = 'System'",
      valueTest: true,
      pass: [disk],
      fail: [process4],
    },
    {
      desc: 'the ISA conjunct comes last',
      where: "TargetInstance.Name = 'System' AND TargetInstance ISA 'Sample_Process'",
      valueTest: true,
      pass: [disk],
      fail: [process4],
    },
    {
      desc: 'two conjuncts follow the ISA conjunct',
      where:
        "TargetInstance ISA 'Sample_Process' AND TargetInstance.Handle = 4 AND TargetInstance.Priority > 5",
      valueTest: false,
      pass: [process(4, 8)],
      fail: [process(100, 13), process(4, 3), disk],
    },
    {
      desc: 'the ISA conjunct is nested on the right',
      where:
        "TargetInstance.Handle = 4 AND (TargetInstance.Priority > 5 AND TargetInstance ISA 'Sample_Process')",
      valueTest: false,
      pass: [process(4, 8)],
      fail: [process(4, 3), process(100, 13), disk],
    },
    {
      desc: 'the ISA conjunct is nested on the left',
      where:
        "(TargetInstance.Priority > 5 AND TargetInstance ISA 'Sample_Process') AND TargetInstance.Handle = 4",
      valueTest: false,
      pass: [process(4, 8)],
      fail: [process(4, 3), process(100, 13), disk],
    },
  ];
  for (const s of shapes) {
    it(`tests all of the WHERE clause but the ISA conjunct beyond the target when ${s.desc}`, () => {
      const filter = compileEventQuery(`SELECT * FROM __InstanceCreationEvent WHERE ${s.where}`);
      assert.deepEqual(filter.target, { property: 'TargetInstance', className: 'Sample_Process' });
      assert.equal(filter.targetOnly, false);
      assert.equal(filter.beyondTargetTest !== undefined, s.valueTest);
      for (const i of s.pass) assert.equal(filter.matchesBeyondTarget(created(i)), true);
      for (const i of s.fail) assert.equal(filter.matchesBeyondTarget(created(i)), false);
      // The whole clause still holds the ISA conjunct.
      assert.equal(filter.matchesWhere(created(disk)), false);
    });
  }

  it('indexes only an ISA on the event property itself, not on a path into it', () => {
    const deeper = compileEventQuery(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance.Owner ISA 'Sample_Disk'",
    );
    assert.equal(deeper.target, undefined);
    assert.equal(deeper.targetOnly, false);
    const owned = cimInstance('Sample_Process', { Handle: 1, Owner: disk });
    assert.equal(deeper.matches(event('__InstanceCreationEvent', { targetInstance: owned })), true);
    assert.equal(deeper.matches(event('__InstanceCreationEvent', { targetInstance: disk })), false);
  });

  it('does not index an ISA on TargetNamespace (no class hierarchy of namespaces to index)', () => {
    const filter = compileEventQuery(
      "SELECT * FROM __NamespaceCreationEvent WHERE TargetNamespace ISA '__NAMESPACE'",
    );
    assert.equal(filter.target, undefined);
    assert.equal(filter.targetOnly, false);
    assert.equal(
      filter.matches(event('__NamespaceCreationEvent', { targetNamespace: 'root/x' })),
      true,
    );
  });
});
