import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, qualifier } from '../../src/model/cim-builders.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import { pathNames, tryParsePath } from '../../src/wql/references-path.js';
import { sampleReader } from './helpers/sample-namespace.js';

const reader = sampleReader(
  [cimClass({ name: 'Sample_Config', qualifiers: [qualifier('Singleton', true)] })],
  [cimInstance('Sample_Config')],
);

/** The one instance of `className` (not of its subclasses) whose `__RELPATH` is `relpath`. */
function instance(className: string, relpath: string): CimInstance {
  const found = [...reader.instancesOf(className, false)].find(
    (i) => i.systemProperties?.__RELPATH === relpath,
  );
  assert.ok(found, relpath);
  return found;
}

const C = instance('Sample_Disk', 'Sample_Disk.DeviceID="C:"');
const E = instance('Sample_RemovableDisk', 'Sample_RemovableDisk.DeviceID="E:"');
const P4 = instance('Sample_Process', 'Sample_Process.Handle=4');
const CONFIG = instance('Sample_Config', 'Sample_Config=@');
const LINK = instance(
  'Sample_DiskProcess',
  'Sample_DiskProcess.Disk="Sample_Disk.DeviceID=\\"C:\\"",Process="Sample_Process.Handle=4"',
);

describe('pathNames: whether a reference value names an instance', () => {
  const cases: { desc: string; ref: string; target: CimInstance; expect: boolean }[] = [
    { desc: 'the path does not parse', ref: 'not a path', target: C, expect: false },
    {
      desc: 'the path names the class and key',
      ref: 'Sample_Disk.DeviceID="c:"',
      target: C,
      expect: true,
    },
    {
      desc: 'the path names an unrelated class with the same key value',
      ref: 'Sample_Process.DeviceID="C:"',
      target: C,
      expect: false,
    },
    {
      desc: 'the path names an ancestor of the target class',
      ref: 'Sample_Disk.DeviceID="E:"',
      target: E,
      expect: true,
    },
    {
      desc: 'the path names a descendant of the target class',
      ref: 'Sample_RemovableDisk.DeviceID="C:"',
      target: C,
      expect: true,
    },
    { desc: 'the path gives the only key bare', ref: 'Sample_Process=4', target: P4, expect: true },
    {
      desc: 'the path binds a property that is not a key, with its value',
      ref: 'Sample_Process.Priority=8',
      target: P4,
      expect: false,
    },
    {
      desc: 'the path gives two keys in another order',
      ref: 'Sample_DiskProcess.Process="Sample_Process.Handle=4",Disk="Sample_Disk.DeviceID=\\"C:\\""',
      target: LINK,
      expect: true,
    },
    {
      desc: 'the path gives one of two keys',
      ref: 'Sample_DiskProcess.Disk="Sample_Disk.DeviceID=\\"C:\\""',
      target: LINK,
      expect: false,
    },
    {
      desc: 'a singleton path names the singleton',
      ref: 'Sample_Config=@',
      target: CONFIG,
      expect: true,
    },
    {
      desc: 'a singleton path names a keyed instance',
      ref: 'Sample_Disk=@',
      target: C,
      expect: false,
    },
    {
      desc: 'a keyed path names the singleton',
      ref: 'Sample_Config.Id=1',
      target: CONFIG,
      expect: false,
    },
  ];
  for (const c of cases) {
    it(`is ${c.expect} when ${c.desc}`, () => {
      assert.equal(pathNames(c.ref, c.target, reader), c.expect);
    });
  }

  it('is false for a keyed path when the reader does not know the target class', () => {
    const orphan = { ...C, className: 'Sample_Gone' };
    const blind = { getClass: () => undefined, derivation: () => [] };
    assert.equal(pathNames('Sample_Gone.DeviceID="C:"', orphan, blind), false);
  });
});

describe('tryParsePath', () => {
  it('returns undefined for a text that is not an instance path', () => {
    assert.equal(tryParsePath('Sample_Disk.DeviceID='), undefined);
  });

  it('returns the class and keys of an instance path', () => {
    assert.deepEqual(tryParsePath('Sample_Process.Handle=4'), {
      className: 'Sample_Process',
      singleton: false,
      keys: [{ name: 'Handle', value: 4 }],
    });
  });
});
