import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { compileEventQuery, eventObject } from '../../src/wql/index.js';
import { PathValues } from '../../src/wql/path-values.js';
import {
  type BucketEntry,
  SubscriptionBucket,
  testBeyondTarget,
  testWhere,
} from '../../src/wql/subscription-bucket.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader();
const disk = reader.getInstance('Sample_Disk.DeviceID="C:"') as CimInstance;
const event: WbemEvent = {
  eventClass: '__InstanceCreationEvent',
  namespace: 'root/sample',
  timeCreated: '1',
  targetInstance: disk,
};

/** An entry for `where` as the index files it. */
function entry(subscriber: string, where: string): BucketEntry<string> {
  const filter = compileEventQuery(`SELECT * FROM __InstanceCreationEvent WHERE ${where}`);
  const t = filter.beyondTargetTest;
  return {
    subscriber,
    filter,
    path: t?.path.join('.'),
    pathKeys: t?.path,
    test: t?.test,
    text: t?.text,
    targetOnly: filter.targetOnly,
    places: [],
    removed: false,
  };
}

const subscribers = (list: readonly BucketEntry<string>[]) => list.map((e) => e.subscriber);

describe('SubscriptionBucket', () => {
  it('holds an entry once however often it is added', () => {
    const bucket = new SubscriptionBucket<string>();
    const a = entry('a', "TargetInstance ISA 'Sample_Disk'");
    bucket.add(a);
    bucket.add(a);
    assert.equal(bucket.size, 1);
    assert.deepEqual(subscribers(bucket.list()), ['a']);
  });

  it('lists what is left after a removal, and what is added after that', () => {
    const bucket = new SubscriptionBucket<string>();
    const [a, b, c] = ['a', 'b', 'c'].map((s) => entry(s, "TargetInstance ISA 'Sample_Disk'")) as [
      BucketEntry<string>,
      BucketEntry<string>,
      BucketEntry<string>,
    ];
    bucket.add(a);
    bucket.add(b);
    bucket.delete(a);
    assert.equal(bucket.size, 1);
    bucket.add(c);
    assert.deepEqual(subscribers(bucket.list()).sort(), ['b', 'c']);
    bucket.delete(a);
    assert.equal(bucket.size, 2);
  });

  it('leaves the list a dispatch took unchanged when entries are added or removed meanwhile', () => {
    const bucket = new SubscriptionBucket<string>();
    const [a, b] = ['a', 'b'].map((s) => entry(s, "TargetInstance ISA 'Sample_Disk'")) as [
      BucketEntry<string>,
      BucketEntry<string>,
    ];
    bucket.add(a);
    const taken = bucket.list();
    bucket.add(b);
    assert.deepEqual(subscribers(taken), ['a']);
    assert.deepEqual(subscribers(bucket.list()), ['a', 'b']);
    const again = bucket.list();
    bucket.delete(a);
    assert.deepEqual(subscribers(again), ['a', 'b']);
    assert.deepEqual(subscribers(bucket.list()), ['b']);
  });
});

describe('testWhere and testBeyondTarget', () => {
  it('deliver to each live matching entry and count the deliveries', () => {
    const entries = [
      entry('all', "TargetInstance.Name <> 'x'"),
      entry('none', "TargetInstance.Name = 'x'"),
      entry('also', 'TargetInstance.Size > 0'),
    ];
    const seen: string[] = [];
    assert.equal(
      testWhere(entries, eventObject(event), (s) => seen.push(s)),
      2,
    );
    assert.deepEqual(seen, ['all', 'also']);
  });

  it('skip a removed entry, test values beyond the target, and count the deliveries', () => {
    const removed = { ...entry('removed', "TargetInstance ISA 'Sample_Disk'"), removed: true };
    const entries = [
      entry('isa', "TargetInstance ISA 'Sample_Disk'"),
      removed,
      entry('name', "TargetInstance ISA 'Sample_Disk' AND TargetInstance.Name = 'SYSTEM'"),
      entry('other', "TargetInstance ISA 'Sample_Disk' AND TargetInstance.Name = 'Data'"),
      entry('size', "TargetInstance ISA 'Sample_Disk' AND TargetInstance.Name > 'r'"),
      entry('free', "TargetInstance ISA 'Sample_Disk' AND TargetInstance.FreeSpace = '1000'"),
      entry(
        'or',
        "TargetInstance ISA 'Sample_Disk' AND (TargetInstance.Name = 'x' OR TargetInstance.DeviceID = 'c:')",
      ),
    ];
    const seen: string[] = [];
    assert.equal(
      testBeyondTarget(entries, new PathValues(event), (s) => seen.push(s)),
      5,
    );
    assert.deepEqual(seen, ['isa', 'name', 'size', 'free', 'or']);
  });
});
