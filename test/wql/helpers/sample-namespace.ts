/**
 * @module A small hand-built namespace for the WQL evaluators: disks and processes under two
 * CIM-like abstract classes, an association between them, and a `WqlReader` over it that resolves
 * inheritance and fills system properties the way the runtime's class and instance views do.
 */
import { cimClass, cimInstance, cimProperty, qualifier } from '../../../src/model/cim-builders.js';
import type { CimClass } from '../../../src/model/cim-class.js';
import type { CimInstance } from '../../../src/model/cim-instance.js';
import type { CimProperty } from '../../../src/model/cim-property.js';
import type { CimValue } from '../../../src/model/cim-value.js';
import { nameKey } from '../../../src/model/names.js';
import { formatInstancePath, parseInstancePath } from '../../../src/model/object-path.js';
import type { SystemProperties } from '../../../src/model/system-properties.js';
import type { WqlReader } from '../../../src/wql/index.js';

const key = () => qualifier('Key', true);

const DEFINITIONS: CimClass[] = [
  cimClass({
    name: 'CIM_ManagedElement',
    qualifiers: [qualifier('Abstract', true)],
    properties: [cimProperty('Caption', 'string'), cimProperty('Description', 'string')],
  }),
  cimClass({
    name: 'CIM_LogicalElement',
    superclass: 'CIM_ManagedElement',
    qualifiers: [qualifier('Abstract', true)],
    properties: [cimProperty('Name', 'string')],
  }),
  cimClass({
    name: 'Sample_Disk',
    superclass: 'CIM_LogicalElement',
    qualifiers: [qualifier('Description', 'A disk')],
    properties: [
      cimProperty('DeviceID', 'string', { qualifiers: [key()] }),
      cimProperty('Size', 'uint64'),
      cimProperty('FreeSpace', 'uint32', { value: 0 }),
      cimProperty('Removable', 'boolean', { value: false }),
      cimProperty('Tags', 'string', { isArray: true }),
    ],
  }),
  cimClass({
    name: 'Sample_RemovableDisk',
    superclass: 'Sample_Disk',
    properties: [cimProperty('Media', 'string')],
  }),
  cimClass({
    name: 'Sample_Process',
    superclass: 'CIM_LogicalElement',
    properties: [
      cimProperty('Handle', 'uint32', { qualifiers: [key()] }),
      cimProperty('Priority', 'sint32'),
      cimProperty('CommandLine', 'string'),
      cimProperty('Started', 'datetime'),
    ],
  }),
  cimClass({
    name: 'Sample_DiskProcess',
    qualifiers: [qualifier('Association', true), qualifier('Locale', 1033)],
    properties: [
      cimProperty('Disk', 'ref', { referenceClass: 'Sample_Disk', qualifiers: [key()] }),
      cimProperty('Process', 'ref', { referenceClass: 'Sample_Process', qualifiers: [key()] }),
    ],
  }),
  cimClass({
    name: 'Sample_Unrelated',
    properties: [cimProperty('Id', 'uint32', { qualifiers: [key()] })],
  }),
];

const STORED: CimInstance[] = [
  cimInstance('Sample_Disk', {
    DeviceID: 'C:',
    Name: 'System',
    Caption: 'Local Disk',
    Size: '500000000000',
    FreeSpace: 1000,
    Tags: ['boot', 'ssd'],
  }),
  cimInstance('Sample_Disk', { DeviceID: 'D:', Name: 'Data', Size: '18446744073709551615' }),
  cimInstance('Sample_RemovableDisk', {
    DeviceID: 'E:',
    Name: 'Stick_1',
    Size: '64000000000',
    Removable: true,
    Media: 'USB',
  }),
  cimInstance('Sample_Process', {
    Handle: 4,
    Name: 'svchost.exe',
    Priority: 8,
    CommandLine: 'C:\\Windows\\System32\\svchost.exe -k netsvcs',
    Started: '20260101120000.000000+000',
  }),
  cimInstance('Sample_Process', { Handle: 100, Name: 'Explorer.EXE', Priority: 13 }),
  cimInstance('Sample_Unrelated', { Id: 7 }),
  cimInstance('Sample_DiskProcess', {
    Disk: 'Sample_Disk.DeviceID="C:"',
    Process: 'Sample_Process.Handle=4',
  }),
  cimInstance('Sample_DiskProcess', {
    Disk: '\\\\HOST\\root\\cimv2:Sample_Disk.DeviceID="d:"',
    Process: 'Sample_Process=4',
  }),
  cimInstance('Sample_DiskProcess', {
    Disk: 'Sample_RemovableDisk.DeviceID="E:"',
    Process: 'Sample_Process.Handle=100',
  }),
];

export const NAMESPACE = 'root\\sample';
export const SERVER = 'HOST';

/** The sample namespace as the WQL evaluators read it. */
export function sampleReader(
  extraClasses: readonly CimClass[] = [],
  extraInstances: readonly CimInstance[] = [],
): WqlReader {
  const defs = new Map([...DEFINITIONS, ...extraClasses].map((c) => [nameKey(c.name), c]));
  const derivation = (name: string): string[] => {
    const out: string[] = [];
    let cur = defs.get(nameKey(name))?.superclass ?? null;
    while (cur !== null) {
      out.push(cur);
      cur = defs.get(nameKey(cur))?.superclass ?? null;
    }
    return out;
  };
  const resolved = new Map<string, CimClass>();
  for (const def of defs.values()) {
    const chain = [...derivation(def.name)].reverse().map((n) => defs.get(nameKey(n)) as CimClass);
    const properties = new Map<string, CimProperty>();
    const qualifiers = new Map(def.qualifiers);
    for (const c of [...chain, def]) {
      for (const [k, p] of c.properties)
        properties.set(k, { ...p, classOrigin: properties.get(k)?.classOrigin ?? c.name });
    }
    for (const c of chain)
      for (const [k, q] of c.qualifiers)
        if (k === 'association' && !qualifiers.has(k)) qualifiers.set(k, q);
    const cls: CimClass = { ...def, properties, qualifiers };
    resolved.set(nameKey(def.name), {
      ...cls,
      systemProperties: system(1, cls, derivation(def.name), def.name),
    });
  }
  const views = [...STORED, ...extraInstances].map((stored) => {
    const cls = resolved.get(nameKey(stored.className)) as CimClass;
    const properties = new Map<string, { name: string; value: CimValue }>();
    for (const [k, p] of cls.properties)
      properties.set(k, { name: p.name, value: stored.properties.get(k)?.value ?? p.value });
    const keys = [...cls.properties.values()]
      .filter((p) => p.qualifiers.has('key'))
      .map((p) => ({
        name: p.name,
        type: p.type,
        value: properties.get(nameKey(p.name))?.value as string | number,
      }));
    const relpath = formatInstancePath(cls.name, keys);
    const view: CimInstance = {
      genus: 2,
      className: cls.name,
      properties,
      systemProperties: system(2, cls, derivation(cls.name), relpath),
    };
    return view;
  });
  const subclassNames = (name: string | null): string[] =>
    [...defs.values()]
      .filter((c) =>
        name === null ? c.superclass === null : nameKey(c.superclass ?? '') === nameKey(name),
      )
      .map((c) => c.name);
  const isUnder = (className: string, root: string): boolean =>
    nameKey(className) === nameKey(root) ||
    derivation(className).some((a) => nameKey(a) === nameKey(root));
  return {
    getClass: (name) => resolved.get(nameKey(name)),
    derivation,
    subclassNames,
    instancesOf: (className, deep) =>
      views.filter((v) =>
        deep ? isUnder(v.className, className) : nameKey(v.className) === nameKey(className),
      ),
    getInstance(path) {
      let parsed: ReturnType<typeof parseInstancePath>;
      try {
        parsed = parseInstancePath(path);
      } catch {
        return undefined;
      }
      const cls = resolved.get(nameKey(parsed.className));
      if (cls === undefined) return undefined;
      const keyProps = [...cls.properties.values()].filter((p) => p.qualifiers.has('key'));
      const bound = parsed.keys.map((b) => {
        const p =
          b.name === '' ? keyProps[0] : keyProps.find((k) => nameKey(k.name) === nameKey(b.name));
        return { name: p?.name ?? b.name, type: p?.type ?? 8, value: b.value };
      });
      const relpath = formatInstancePath(cls.name, bound).toLowerCase();
      return views.find(
        (v) =>
          isUnder(v.className, cls.name) &&
          v.systemProperties?.__RELPATH?.toLowerCase().replace(/^\w+/, '') ===
            relpath.replace(/^\w+/, ''),
      );
    },
  };
}

function system(
  genus: 1 | 2,
  cls: CimClass,
  derivation: readonly string[],
  relpath: string,
): SystemProperties {
  return {
    __GENUS: genus,
    __CLASS: cls.name,
    __SUPERCLASS: derivation[0] ?? null,
    __DYNASTY: derivation[derivation.length - 1] ?? cls.name,
    __DERIVATION: derivation,
    __PROPERTY_COUNT: cls.properties.size,
    __RELPATH: relpath,
    __PATH: `\\\\${SERVER}\\${NAMESPACE}:${relpath}`,
    __NAMESPACE: NAMESPACE,
    __SERVER: SERVER,
  };
}
