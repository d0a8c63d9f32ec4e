import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { WbemEvent, WbemEventClass } from '../../src/model/wbem-event.js';
import { compileEventQuery, type EventFilter, SubscriptionIndex } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();
const view = (path: string) => reader.getInstance(path) as CimInstance;
const cls = (name: string) => reader.getClass(name) as CimClass;

/** The instance with more properties, keeping its system properties (and so its derivation). */
function withValues(i: CimInstance, values: Record<string, CimInstance | string>): CimInstance {
  const properties = new Map(i.properties);
  for (const [name, value] of Object.entries(values))
    properties.set(name.toLowerCase(), { name, value });
  return { ...i, properties };
}

const disk = view('Sample_Disk.DeviceID="C:"');
const stick = view('Sample_RemovableDisk.DeviceID="E:"');
const process4 = view('Sample_Process.Handle=4');
/** `TargetInstance.Na.Me` and `TargetInstance.Name` join to the same letters. */
const nested = withValues(process4, { Na: cimInstance('Sample_Inner', { Me: 'inner' }) });

/** Instances carrying `__DERIVATION`, which filters without a reader can place. */
const VIEWS = [
  disk,
  view('Sample_Disk.DeviceID="D:"'),
  stick,
  process4,
  view('Sample_Process.Handle=100'),
  view('Sample_Unrelated.Id=7'),
  nested,
];
/** Instances as a provider might send them, without system properties: the reader places them. */
const BARE = [
  cimInstance('Sample_Disk', { DeviceID: 'X:', Name: 'System' }),
  cimInstance('Sample_RemovableDisk', { DeviceID: 'Y:', Name: 'Stick', FreeSpace: 5 }),
  cimInstance('Sample_Process', { Handle: 4, Name: 'svchost.exe' }),
];
const CLASSES = ['Sample_Disk', 'Sample_RemovableDisk', 'Sample_Process', 'Sample_Unrelated'].map(
  cls,
);
const ISA = [
  'CIM_ManagedElement',
  'CIM_LogicalElement',
  'Sample_Disk',
  'Sample_RemovableDisk',
  'Sample_Process',
  'Sample_Unrelated',
];
const INSTANCE_REST = [
  '',
  " AND $.Name = 'System'",
  " AND $.Name = 'SVCHOST.EXE'",
  " AND $.Name <> 'System'",
  " AND $.Na.Me = 'inner'",
  " AND $.Handle = '4'",
  ' AND $.Handle > 50',
  " AND $.Name > 'm'",
  ' AND $.FreeSpace = 0',
  " AND ($.Name = 'Data' OR $.Handle = 100)",
  " AND NOT ($.Name LIKE 'S%')",
];
const CLASS_REST = [
  '',
  " AND $.__SUPERCLASS = 'Sample_Disk'",
  " AND $.__CLASS <> 'Sample_Process'",
];

const queryArb = fc
  .tuple(
    fc.constantFrom(
      '__InstanceCreationEvent',
      '__InstanceModificationEvent',
      '__InstanceDeletionEvent',
      '__InstanceOperationEvent',
      '__ClassModificationEvent',
      '__ClassOperationEvent',
      '__Event',
    ),
    fc.boolean(),
    fc.constantFrom(...ISA),
    fc.nat(),
    fc.boolean(),
  )
  .map(([from, previous, isa, pick, withIsa]) => {
    if (from === '__Event') return 'SELECT * FROM __Event';
    const classEvent = from.startsWith('__Class');
    const modification = from.includes('Modification');
    const property = `${previous && modification ? 'Previous' : 'Target'}${classEvent ? 'Class' : 'Instance'}`;
    const rests = classEvent ? CLASS_REST : INSTANCE_REST;
    const rest = (rests[pick % rests.length] as string).replaceAll('$', property);
    const where = withIsa ? `${property} ISA '${isa}'${rest}` : rest.replace(/^ AND /, '');
    return `SELECT * FROM ${from}${where === '' ? '' : ` WHERE ${where}`}`;
  });

function eventArb(instances: readonly CimInstance[]): fc.Arbitrary<WbemEvent> {
  const instance = fc.constantFrom(...instances);
  const base = { namespace: 'root/sample', timeCreated: '1' };
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom<WbemEventClass>('__InstanceCreationEvent', '__InstanceDeletionEvent'),
        instance,
      )
      .map(([eventClass, targetInstance]) => ({ ...base, eventClass, targetInstance })),
    fc.tuple(instance, instance).map(([targetInstance, previousInstance]) => ({
      ...base,
      eventClass: '__InstanceModificationEvent' as const,
      targetInstance,
      previousInstance,
    })),
    fc.tuple(fc.constantFrom(...CLASSES), fc.constantFrom(...CLASSES)).map(([t, p]) => ({
      ...base,
      eventClass: '__ClassModificationEvent' as const,
      targetClass: t,
      previousClass: p,
    })),
    fc.constantFrom(...CLASSES).map((targetClass) => ({
      ...base,
      eventClass: '__ClassCreationEvent' as const,
      targetClass,
    })),
  );
}

/** Dispatches `e`, checking the count it returns against the deliveries. */
function dispatched(index: SubscriptionIndex<number>, e: WbemEvent): number[] {
  const out: number[] = [];
  const n = index.dispatch(e, (s) => out.push(s));
  assert.equal(n, out.length);
  return out.sort((a, b) => a - b);
}

function linear(filters: ReadonlyMap<number, EventFilter>, e: WbemEvent): number[] {
  return [...filters].flatMap(([i, f]) => (f.matches(e) ? [i] : [])).sort((a, b) => a - b);
}

describe('SubscriptionIndex: dispatch agrees with testing every filter', () => {
  for (const withReader of [false, true]) {
    it(`delivers exactly what a linear scan delivers, with removals, filters compiled ${withReader ? 'with' : 'without'} a reader`, () => {
      fc.assert(
        fc.property(
          fc.array(queryArb, { minLength: 1, maxLength: 30 }),
          fc.array(fc.nat(), { maxLength: 8 }),
          fc.array(eventArb(withReader ? [...VIEWS, ...BARE] : VIEWS), {
            minLength: 1,
            maxLength: 4,
          }),
          (queries, removals, events) => {
            const index = new SubscriptionIndex<number>(reader);
            const filters = new Map<number, EventFilter>();
            queries.forEach((q, i) => {
              const f = compileEventQuery(q, withReader ? { reader } : {});
              filters.set(i, f);
              index.add(i, f);
            });
            for (const r of removals) {
              const gone = r % queries.length;
              assert.equal(index.remove(gone), filters.delete(gone));
            }
            assert.equal(index.size, filters.size);
            for (const e of events) assert.deepEqual(dispatched(index, e), linear(filters, e));
          },
        ),
        { numRuns: 400, seed: 20261207 },
      );
    });
  }
});

describe('SubscriptionIndex: dispatch', () => {
  const create = (targetInstance: CimInstance): WbemEvent => ({
    eventClass: '__InstanceCreationEvent',
    namespace: 'root/sample',
    timeCreated: '1',
    targetInstance,
  });

  it('delivers on PreviousInstance ISA and on PreviousClass ISA', () => {
    const index = new SubscriptionIndex<string>(reader);
    index.add(
      'instance',
      compileEventQuery(
        "SELECT * FROM __InstanceModificationEvent WHERE PreviousInstance ISA 'Sample_Disk'",
      ),
    );
    index.add(
      'class',
      compileEventQuery(
        "SELECT * FROM __ClassModificationEvent WHERE PreviousClass ISA 'CIM_LogicalElement'",
      ),
    );
    const base = { namespace: 'root/sample', timeCreated: '1' };
    assert.deepEqual(
      index.match({
        ...base,
        eventClass: '__InstanceModificationEvent',
        targetInstance: process4,
        previousInstance: stick,
      }),
      ['instance'],
    );
    assert.deepEqual(
      index.match({
        ...base,
        eventClass: '__ClassModificationEvent',
        targetClass: cls('Sample_Unrelated'),
        previousClass: cls('Sample_Process'),
      }),
      ['class'],
    );
  });

  it('places a target without __DERIVATION in the hierarchy through its reader', () => {
    const index = new SubscriptionIndex<string>(reader);
    index.add(
      'le',
      compileEventQuery(
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'CIM_LogicalElement'",
        { reader },
      ),
    );
    assert.deepEqual(index.match(create(cimInstance('Sample_Process', { Handle: 9 }))), ['le']);
  });

  it('reads a class default through the reader when the filter was compiled with it', () => {
    const index = new SubscriptionIndex<string>(reader);
    index.add(
      'empty',
      compileEventQuery(
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Disk' AND TargetInstance.FreeSpace = 0",
        { reader },
      ),
    );
    assert.deepEqual(index.match(create(cimInstance('Sample_Disk', { DeviceID: 'X:' }))), [
      'empty',
    ]);
  });

  it('keeps apart two property paths whose names run together (Name and Na.Me)', () => {
    const index = new SubscriptionIndex<string>(reader);
    const q = (rest: string) =>
      compileEventQuery(
        `SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Process' AND ${rest}`,
      );
    index.add('name', q("TargetInstance.Name = 'svchost.exe'"));
    index.add('na.me', q("TargetInstance.Na.Me = 'inner'"));
    assert.deepEqual(index.match(create(nested)).sort(), ['na.me', 'name']);
  });

  it('compares a number with text and text with an ordering operator as the filter does', () => {
    const index = new SubscriptionIndex<string>(reader);
    const q = (rest: string) =>
      compileEventQuery(
        `SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Process' AND ${rest}`,
      );
    index.add('handle', q("TargetInstance.Handle = '4'"));
    index.add('after-m', q("TargetInstance.Name > 'm'"));
    index.add('before-m', q("TargetInstance.Name < 'm'"));
    assert.deepEqual(index.match(create(process4)).sort(), ['after-m', 'handle']);
  });

  for (const where of ['', "WHERE TargetInstance ISA 'Sample_Disk'"]) {
    it(`skips a subscription removed by an earlier delivery of the same event (${where || 'no WHERE'})`, () => {
      const index = new SubscriptionIndex<string>(reader);
      const filter = compileEventQuery(`SELECT * FROM __InstanceCreationEvent ${where}`);
      index.add('a', filter);
      index.add('b', filter);
      const seen: string[] = [];
      const n = index.dispatch(create(disk), (s) => {
        seen.push(s);
        index.remove(s === 'a' ? 'b' : 'a');
      });
      assert.equal(seen.length, 1);
      assert.equal(n, 1);
      assert.equal(index.size, 1);
    });
  }

  it('returns how many subscriptions it delivered to, indexed or not', () => {
    const index = new SubscriptionIndex<string>(reader);
    index.add('all', compileEventQuery('SELECT * FROM __InstanceCreationEvent'));
    index.add('all2', compileEventQuery('SELECT * FROM __InstanceOperationEvent'));
    index.add(
      'disk',
      compileEventQuery(
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Disk'",
      ),
    );
    index.add(
      'c',
      compileEventQuery(
        "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Sample_Disk' AND TargetInstance.DeviceID = 'c:'",
      ),
    );
    assert.equal(
      index.dispatch(create(disk), () => {}),
      4,
    );
  });

  it('sees a class deleted and created again under another superclass in its new place', () => {
    const index = new SubscriptionIndex<string>();
    for (const isa of ['A', 'B']) {
      index.add(
        isa,
        compileEventQuery(
          `SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA '${isa}'`,
        ),
      );
    }
    const widget = (derivation: string[]): WbemEvent =>
      create({
        genus: 2,
        className: 'Widget',
        properties: new Map(),
        systemProperties: {
          __GENUS: 2,
          __CLASS: 'Widget',
          __SUPERCLASS: derivation[0] ?? null,
          __DYNASTY: derivation[derivation.length - 1] ?? 'Widget',
          __DERIVATION: derivation,
          __PROPERTY_COUNT: 0,
          __RELPATH: null,
          __PATH: null,
          __NAMESPACE: null,
          __SERVER: null,
        },
      });
    assert.deepEqual(index.match(widget(['A'])), ['A']);
    assert.deepEqual(index.match(widget(['A'])), ['A']);
    assert.deepEqual(index.match(widget(['B'])), ['B']);
    assert.deepEqual(index.match(widget(['B', 'A'])).sort(), ['A', 'B']);
    assert.deepEqual(index.match(widget(['B'])), ['B']);
    assert.deepEqual(index.match(widget([])), []);
  });

  it('leaves nothing filed under an ISA class once its last subscription is removed', () => {
    const index = new SubscriptionIndex<number>(reader);
    for (let i = 0; i < 50; i++) {
      index.add(
        i,
        compileEventQuery(
          `SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Other_${i}'`,
        ),
      );
    }
    index.add(-1, compileEventQuery('SELECT * FROM __InstanceCreationEvent'));
    const byEventClass = Reflect.get(index, 'byEventClass') as Map<
      string,
      { byTarget: Map<string, Map<string, unknown>> }
    >;
    const classes = () =>
      byEventClass.get('__instancecreationevent')?.byTarget.get('targetinstance');
    assert.equal(classes()?.size, 50);
    for (let i = 0; i < 50; i++) index.remove(i);
    assert.equal(classes()?.size, 0);
    assert.equal(index.size, 1);
  });
});
