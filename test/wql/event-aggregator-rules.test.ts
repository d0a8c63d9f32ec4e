import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { CimValue } from '../../src/model/cim-value.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { EventAggregator, parseWql, type WqlSelect } from '../../src/wql/index.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();

function group(by: string) {
  const q = parseWql(`SELECT * FROM __InstanceCreationEvent GROUP WITHIN 5 BY ${by}`) as WqlSelect;
  assert.ok(q.group !== undefined);
  return q.group;
}

function created(target: CimInstance): WbemEvent {
  return {
    eventClass: '__InstanceCreationEvent',
    namespace: 'root/sample',
    timeCreated: '1',
    targetInstance: target,
  };
}

/** Aggregates the events at time 0 and returns the counts of the windows at 5 s, by BY values. */
function counts(by: string, targets: CimInstance[]): [number, CimValue[]][] {
  let now = 0;
  const agg = new EventAggregator(group(by), () => now);
  for (const t of targets) agg.add(created(t));
  now = 5000;
  return agg.due().map((e) => [e.numberOfEvents, e.groupValues.map((g) => g.value)]);
}

const item = (values: Record<string, CimValue>) => cimInstance('Sample_Item', values);

describe('EventAggregator: how GROUP BY tells groups apart', () => {
  it('keeps one window per numeric BY value', () => {
    assert.deepEqual(
      counts('TargetInstance.Priority', [
        item({ Priority: 8 }),
        item({ Priority: 13 }),
        item({ Priority: 8 }),
      ]),
      [
        [2, [8]],
        [1, [13]],
      ],
    );
  });

  it('keeps a window of events whose BY property is NULL', () => {
    assert.deepEqual(
      counts('TargetInstance.Priority', [
        item({}),
        item({ Priority: 1 }),
        item({ Priority: null }),
      ]),
      [
        [2, [null]],
        [1, [1]],
      ],
    );
  });

  it('does not merge two groups whose BY values run together when concatenated', () => {
    assert.deepEqual(
      counts('TargetInstance.Name, TargetInstance.Caption', [
        item({ Name: 'a', Caption: 's:b' }),
        item({ Name: 'as:', Caption: 'b' }),
        item({ Name: 'A', Caption: 'S:B' }),
      ]),
      [
        [2, ['a', 's:b']],
        [1, ['as:', 'b']],
      ],
    );
  });

  it('groups array values element by element, strings case-insensitively', () => {
    assert.deepEqual(
      counts('TargetInstance.Tags', [
        item({ Tags: ['a', 'B'] }),
        item({ Tags: ['A', 'b'] }),
        item({ Tags: ['a'] }),
        item({ Tags: ['a', 's:b'] }),
        item({ Tags: ['as:', 'b'] }),
        item({ Tags: [1, 2] }),
        item({ Tags: [1, 3] }),
      ]).map(([n, [tags]]) => [n, tags]),
      [
        [2, ['a', 'B']],
        [1, ['a']],
        [1, ['a', 's:b']],
        [1, ['as:', 'b']],
        [1, [1, 2]],
        [1, [1, 3]],
      ],
    );
  });

  it('groups embedded objects by their path: the same instance twice is one group', () => {
    const c = reader.getInstance('Sample_Disk.DeviceID="C:"') as CimInstance;
    const d = reader.getInstance('Sample_Disk.DeviceID="D:"') as CimInstance;
    assert.deepEqual(
      counts('TargetInstance.Owner', [
        item({ Owner: c }),
        item({ Owner: d }),
        item({ Owner: c }),
      ]).map(([n]) => n),
      [2, 1],
    );
  });

  it('counts events whose embedded BY object has no path (a provider-built instance)', () => {
    const owners = counts('TargetInstance.Owner', [
      item({ Owner: cimInstance('Sample_Disk', { DeviceID: 'X:' }) }),
      item({ Owner: cimInstance('Sample_Disk', { DeviceID: 'Y:' }) }),
    ]);
    assert.equal(
      owners.reduce((n, [count]) => n + count, 0),
      2,
    );
  });

  it('reads a BY property missing from the instance as its class default through the reader', () => {
    let now = 0;
    const agg = new EventAggregator(group('TargetInstance.FreeSpace'), () => now, reader);
    agg.add(created(cimInstance('Sample_Disk', { DeviceID: 'X:' })));
    agg.add(created(cimInstance('Sample_Disk', { DeviceID: 'Y:', FreeSpace: 0 })));
    now = 5000;
    assert.deepEqual(
      agg.due().map((e) => [e.numberOfEvents, e.groupValues[0]?.value]),
      [[2, 0]],
    );
  });

  it('reports the window as opened at the first event and closed WITHIN seconds later', () => {
    let now = 2500;
    const agg = new EventAggregator(group('TargetInstance.Name'), () => now);
    agg.add(created(item({ Name: 'a' })));
    now = 9000;
    const [out] = agg.due();
    assert.equal(out?.windowStart, 2500);
    assert.equal(out?.windowEnd, 7500);
  });
});
