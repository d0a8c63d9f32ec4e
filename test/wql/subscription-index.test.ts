import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { WbemEvent, WbemEventClass } from '../../src/model/wbem-event.js';
import { compileEventQuery, type EventFilter, SubscriptionIndex } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();
const instances = [
  ...reader.instancesOf('CIM_ManagedElement', true),
  ...reader.instancesOf('Sample_DiskProcess', true),
];
const classes = [
  'CIM_ManagedElement',
  'CIM_LogicalElement',
  'Sample_Disk',
  'Sample_RemovableDisk',
  'Sample_Process',
  'Sample_DiskProcess',
];

function event(eventClass: WbemEventClass, fields: Partial<WbemEvent>): WbemEvent {
  return { eventClass, namespace: 'root/sample', timeCreated: '1', ...fields };
}

/** Counts the filter evaluations the index performs. */
function counted(filter: EventFilter, counter: { calls: number }): EventFilter {
  return {
    ...filter,
    matchesObject: (o) => {
      counter.calls++;
      return filter.matchesObject(o);
    },
    matchesWhere: (o) => {
      counter.calls++;
      return filter.matchesWhere(o);
    },
    matchesBeyondTarget: (o) => {
      counter.calls++;
      return filter.matchesBeyondTarget(o);
    },
  };
}

describe('SubscriptionIndex', () => {
  it('delivers an event to every subscription when it names the target class or one of its ancestors', () => {
    const index = new SubscriptionIndex<string>(reader);
    for (const cls of classes) {
      index.add(
        cls,
        compileEventQuery(
          `SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA '${cls}'`,
        ),
      );
    }
    index.add('all', compileEventQuery('SELECT * FROM __InstanceOperationEvent'));
    index.add(
      'deletions',
      compileEventQuery(
        "SELECT * FROM __InstanceDeletionEvent WHERE TargetInstance ISA 'Sample_Disk'",
      ),
    );
    const stick = reader.getInstance('Sample_RemovableDisk.DeviceID="E:"') as CimInstance;
    assert.deepEqual(
      index.match(event('__InstanceCreationEvent', { targetInstance: stick })).sort(),
      ['CIM_LogicalElement', 'CIM_ManagedElement', 'Sample_Disk', 'Sample_RemovableDisk', 'all'],
    );
  });

  it('tests only the candidate subscriptions when most subscriptions watch other classes', () => {
    const index = new SubscriptionIndex<number>(reader);
    const counter = { calls: 0 };
    // Beyond the ISA conjunct, a clause that is no single comparison: the filter itself tests it.
    const beyond = 'AND (TargetInstance.Handle = 4 OR TargetInstance.Handle = 5)';
    for (let i = 0; i < 1000; i++) {
      const cls = `Other_${i}`;
      index.add(
        i,
        counted(
          compileEventQuery(
            `SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA '${cls}' ${beyond}`,
          ),
          counter,
        ),
      );
    }
    index.add(
      -1,
      counted(
        compileEventQuery(
          `SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Process' ${beyond}`,
        ),
        counter,
      ),
    );
    const p = reader.getInstance('Sample_Process.Handle=4') as CimInstance;
    assert.deepEqual(index.match(event('__InstanceCreationEvent', { targetInstance: p })), [-1]);
    assert.equal(counter.calls, 1);
  });

  it('delivers without testing the filter when its WHERE clause is the ISA conjunct alone', () => {
    const index = new SubscriptionIndex<string>(reader);
    const counter = { calls: 0 };
    const isaOnly = compileEventQuery(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'CIM_ManagedElement'",
    );
    const withRest = compileEventQuery(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'CIM_ManagedElement' AND (TargetInstance.Handle = 5 OR TargetInstance.Handle = 6)",
    );
    assert.equal(isaOnly.targetOnly, true);
    assert.equal(withRest.targetOnly, false);
    index.add('isa', counted(isaOnly, counter));
    index.add('rest', counted(withRest, counter));
    const p = reader.getInstance('Sample_Process.Handle=4') as CimInstance;
    assert.deepEqual(index.match(event('__InstanceCreationEvent', { targetInstance: p })), ['isa']);
    assert.equal(counter.calls, 1);
  });

  it('forgets a subscription when it is removed, and replaces its filter when added again', () => {
    const index = new SubscriptionIndex<string>(reader);
    const p = reader.getInstance('Sample_Process.Handle=4') as CimInstance;
    const e = event('__InstanceDeletionEvent', { targetInstance: p });
    index.add(
      's',
      compileEventQuery(
        "SELECT * FROM __InstanceDeletionEvent WHERE TargetInstance ISA 'Sample_Process'",
      ),
    );
    assert.deepEqual(index.match(e), ['s']);
    index.add(
      's',
      compileEventQuery(
        "SELECT * FROM __InstanceDeletionEvent WHERE TargetInstance ISA 'Sample_Disk'",
      ),
    );
    assert.deepEqual(index.match(e), []);
    assert.equal(index.size, 1);
    assert.equal(index.remove('s'), true);
    assert.equal(index.remove('s'), false);
    assert.equal(index.size, 0);
  });

  it('delivers a class event when TargetClass ISA names an ancestor', () => {
    const index = new SubscriptionIndex<string>(reader);
    index.add(
      'le',
      compileEventQuery(
        "SELECT * FROM __ClassOperationEvent WHERE TargetClass ISA 'CIM_LogicalElement'",
      ),
    );
    index.add(
      'proc',
      compileEventQuery(
        "SELECT * FROM __ClassOperationEvent WHERE TargetClass ISA 'Sample_Process'",
      ),
    );
    const cls = reader.getClass('Sample_RemovableDisk') as CimClass;
    assert.deepEqual(
      index.match(event('__ClassModificationEvent', { targetClass: cls, previousClass: cls })),
      ['le'],
    );
  });

  const eventClassArb = fc.constantFrom<WbemEventClass>(
    '__InstanceCreationEvent',
    '__InstanceModificationEvent',
    '__InstanceDeletionEvent',
    '__ClassCreationEvent',
    '__ClassDeletionEvent',
  );
  const queryArb = fc
    .tuple(
      fc.constantFrom(
        '__InstanceCreationEvent',
        '__InstanceOperationEvent',
        '__InstanceModificationEvent',
        '__ClassOperationEvent',
        '__Event',
      ),
      fc.constantFrom('', ...classes.map((c) => `ISA '${c}'`)),
      fc.constantFrom('', " AND $.Name LIKE '%e%'", " OR __CLASS = '__InstanceDeletionEvent'"),
    )
    .map(([from, isa, more]) => {
      const property = from.startsWith('__Class') ? 'TargetClass' : 'TargetInstance';
      const extra = more.replace('$', property);
      const where = isa === '' ? extra.replace(/^ (AND|OR) /, '') : `${property} ${isa}${extra}`;
      return `SELECT * FROM ${from}${where === '' ? '' : ` WHERE ${where}`}`;
    });

  it('delivers exactly what a linear scan delivers when subscriptions and event are random', () => {
    fc.assert(
      fc.property(
        fc.array(queryArb, { maxLength: 40 }),
        eventClassArb,
        fc.nat(),
        (queries, eventClass, pick) => {
          const index = new SubscriptionIndex<number>(reader);
          const filters = queries.map((q) => compileEventQuery(q, { reader }));
          filters.forEach((f, i) => {
            index.add(i, f);
          });
          const e = eventClass.startsWith('__Class')
            ? event(eventClass, {
                targetClass: reader.getClass(classes[pick % classes.length] as string) as CimClass,
              })
            : event(eventClass, {
                targetInstance: instances[pick % instances.length] as CimInstance,
              });
          const linear = filters.flatMap((f, i) => (f.matches(e) ? [i] : []));
          assert.deepEqual(
            index.match(e).sort((a, b) => a - b),
            linear,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
