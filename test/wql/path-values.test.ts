/**
 * `PathValues`: the property paths a dispatch reads on one event. A path into `TargetInstance`,
 * `PreviousInstance`, `TargetClass` or `PreviousClass` is read from the event's own field, without
 * building the WMI event object; each path is read once, however many filters test it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty } from '../../src/model/cim-builders.js';
import { nameKey } from '../../src/model/names.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { PathValues } from '../../src/wql/path-values.js';

/** The event behind a proxy that lists the fields read from it. */
function watched(event: WbemEvent): { event: WbemEvent; reads: (string | symbol)[] } {
  const reads: (string | symbol)[] = [];
  const proxy = new Proxy(event, {
    get(target, key, receiver) {
      reads.push(key);
      return Reflect.get(target, key, receiver);
    },
  });
  return { event: proxy, reads };
}

/** `PathValues.get` as a dispatch calls it: the path's keys, joined, and the keys. */
function read(values: PathValues, path: string) {
  const keys = path.split('.').map(nameKey);
  return values.get(keys.join('.'), keys);
}

const instanceEvent: WbemEvent = {
  eventClass: '__InstanceModificationEvent',
  namespace: 'root/cimv2',
  timeCreated: '133500000000000000',
  targetInstance: cimInstance('Disk', { Name: 'C', Size: 2 }),
  previousInstance: cimInstance('Disk', { Name: 'C', Size: 1 }),
};

const version = (value: number) =>
  cimClass({ name: 'Disk', properties: [cimProperty('Version', 'uint32', { value })] });

const classEvent: WbemEvent = {
  eventClass: '__ClassModificationEvent',
  namespace: 'root/cimv2',
  timeCreated: '133500000000000000',
  targetClass: version(2),
  previousClass: version(1),
};

describe('PathValues: paths into the embedded objects', () => {
  const cases: readonly { path: string; event: WbemEvent; field: string; value: unknown }[] = [
    { path: 'TargetInstance.Size', event: instanceEvent, field: 'targetInstance', value: 2 },
    { path: 'PreviousInstance.Size', event: instanceEvent, field: 'previousInstance', value: 1 },
    { path: 'TargetClass.Version', event: classEvent, field: 'targetClass', value: 2 },
    { path: 'PreviousClass.Version', event: classEvent, field: 'previousClass', value: 1 },
  ];
  for (const c of cases) {
    it(`reads ${c.path} from the event's ${c.field} alone, without building the event object`, () => {
      const { event, reads } = watched(c.event);
      assert.equal(read(new PathValues(event), c.path), c.value);
      assert.deepEqual(reads, [c.field]);
    });
  }

  it('reads a path into an embedded object the event lacks as missing', () => {
    const { previousInstance: _, ...created } = instanceEvent;
    assert.equal(read(new PathValues(created), 'PreviousInstance.Size'), undefined);
  });
});

describe('PathValues: other paths read the event object', () => {
  it('reads TIME_CREATED and __CLASS of the event', () => {
    const values = new PathValues(instanceEvent);
    assert.equal(read(values, 'TIME_CREATED'), '133500000000000000');
    assert.equal(read(values, '__CLASS'), '__InstanceModificationEvent');
    assert.equal(values.object().className, '__InstanceModificationEvent');
  });
});

describe('PathValues: each path read once', () => {
  it('reads a path once when paths alternate', () => {
    const { event, reads } = watched(instanceEvent);
    const values = new PathValues(event);
    for (let i = 0; i < 3; i++) {
      assert.equal(read(values, 'TargetInstance.Size'), 2);
      assert.equal(read(values, 'PreviousInstance.Size'), 1);
    }
    assert.deepEqual(reads, ['targetInstance', 'previousInstance']);
  });
});
