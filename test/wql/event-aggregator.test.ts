import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { EventAggregator, parseWql, type WqlSelect } from '../../src/wql/index.js';

function group(query: string) {
  const q = parseWql(query) as WqlSelect;
  assert.ok(q.group !== undefined);
  return q.group;
}

function logEvent(source: string, n: number): WbemEvent {
  return {
    eventClass: '__InstanceCreationEvent',
    namespace: 'root/sample',
    timeCreated: String(n),
    targetInstance: cimInstance('Sample_Log', { SourceName: source, RecordNumber: n }),
  };
}

describe('EventAggregator (GROUP WITHIN)', () => {
  it('produces one __AggregateEvent with the count and the first event when the window ends', () => {
    let now = 1000;
    const agg = new EventAggregator(
      group('SELECT * FROM __InstanceCreationEvent GROUP WITHIN 10'),
      () => now,
    );
    const first = logEvent('a', 1);
    agg.add(first);
    now += 4000;
    agg.add(logEvent('b', 2));
    agg.add(logEvent('a', 3));
    assert.equal(agg.nextDeadline(), 11000);
    now = 10999;
    assert.deepEqual(agg.due(), []);
    now = 11000;
    const [out, ...rest] = agg.due();
    assert.deepEqual(rest, []);
    assert.equal(out?.eventClass, '__AggregateEvent');
    assert.equal(out?.numberOfEvents, 3);
    assert.equal(out?.representative, first);
    assert.equal(agg.openWindows, 0);
    assert.equal(agg.nextDeadline(), undefined);
  });

  it('keeps one window per BY value (strings case-insensitively) when BY is given', () => {
    let now = 0;
    const agg = new EventAggregator(
      group('SELECT * FROM __InstanceCreationEvent GROUP WITHIN 1 BY TargetInstance.SourceName'),
      () => now,
    );
    agg.add(logEvent('Disk', 1));
    now = 500;
    agg.add(logEvent('net', 2));
    agg.add(logEvent('DISK', 3));
    now = 1000;
    const first = agg.due();
    assert.deepEqual(
      first.map((e) => [e.numberOfEvents, e.groupValues]),
      [[2, [{ property: 'TargetInstance.SourceName', value: 'Disk' }]]],
    );
    now = 1500;
    assert.deepEqual(
      agg.due().map((e) => e.numberOfEvents),
      [1],
    );
  });

  it('drops a window when its count fails HAVING', () => {
    let now = 0;
    const agg = new EventAggregator(
      group(
        'SELECT * FROM __InstanceCreationEvent GROUP WITHIN 5 BY TargetInstance.SourceName HAVING NumberOfEvents > 2',
      ),
      () => now,
    );
    for (let i = 0; i < 3; i++) agg.add(logEvent('busy', i));
    agg.add(logEvent('quiet', 9));
    now = 5000;
    assert.deepEqual(
      agg.due().map((e) => [e.numberOfEvents, e.groupValues[0]?.value]),
      [[3, 'busy']],
    );
  });

  it('opens a new window when an event arrives after the previous one closed', () => {
    let now = 0;
    const agg = new EventAggregator(
      group('SELECT * FROM __InstanceCreationEvent GROUP WITHIN 2'),
      () => now,
    );
    agg.add(logEvent('a', 1));
    now = 2000;
    assert.equal(agg.due().length, 1);
    agg.add(logEvent('a', 2));
    assert.equal(agg.nextDeadline(), 4000);
  });
});
