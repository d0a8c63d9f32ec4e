/**
 * Reading WHERE operands from CIM objects: own properties, class defaults, system properties
 * (win32:wmi-system-properties), embedded objects, and `ISA` over a class's ancestry.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { CimObject } from '../../src/model/cim-value.js';
import type { DerivationChain } from '../../src/model/derivation-chain.js';
import type { SystemProperties } from '../../src/model/system-properties.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../../src/wbem/flags.js';
import {
  derivationOf,
  isCimObject,
  type ObjectReader,
  objectIsA,
  propertyOf,
  SYSTEM_PROPERTY_KEYS,
  valueAtPath,
} from '../../src/wql/object-values.js';
import { chainViews } from './helpers/chain-views.js';

/** Root ← Base ← Disk, with `Size` defaulting to 100 and `Label` declared on Disk. */
const disk = cimClass({
  name: 'Disk',
  superclass: 'Base',
  properties: [
    cimProperty('Size', 'uint32', { value: 100 }),
    cimProperty('Label', 'string', { value: 'none' }),
  ],
});
const root = cimClass({ name: 'Root' });

const getClass = (name: string) => (name.toLowerCase() === 'disk' ? disk : undefined);
const derivation = (name: string) => (name.toLowerCase() === 'disk' ? ['Base', 'Root'] : []);
const reader: ObjectReader = { getClass, derivation };

const systemProperties: SystemProperties = {
  __GENUS: WBEM_GENUS_INSTANCE,
  __CLASS: 'Disk',
  __SUPERCLASS: 'Base',
  __DYNASTY: 'Root',
  __DERIVATION: ['Base', 'Root'],
  __PROPERTY_COUNT: 2,
  __RELPATH: 'Disk.Label="C"',
  __PATH: '\\\\HOST\\root\\cimv2:Disk.Label="C"',
  __NAMESPACE: 'root\\cimv2',
  __SERVER: 'HOST',
};

/** A Disk instance as the repository returns it, with its system properties. */
const stored: CimInstance = { ...cimInstance('Disk', { Label: 'C' }), systemProperties };

describe('isCimObject', () => {
  it('is true for an instance and a class', () => {
    assert.equal(isCimObject(cimInstance('Disk')), true);
    assert.equal(isCimObject(disk), true);
  });
  it('is false for NULL, an array and a string', () => {
    assert.equal(isCimObject(null), false);
    assert.equal(isCimObject([]), false);
    assert.equal(isCimObject('Disk'), false);
  });
});

describe('valueAtPath', () => {
  it('reads a property of an embedded object', () => {
    const event = cimInstance('E', { TargetInstance: cimInstance('Disk', { Label: 'C' }) });
    assert.equal(valueAtPath(event, ['targetinstance', 'label'], undefined), 'C');
  });
  it('is undefined past an embedded object that is NULL', () => {
    const event = cimInstance('E', { TargetInstance: null });
    assert.equal(valueAtPath(event, ['targetinstance', 'label'], undefined), undefined);
  });
});

describe('derivationOf', () => {
  it("is the object's own __DERIVATION when it has one", () => {
    assert.deepEqual(derivationOf(stored, undefined), ['Base', 'Root']);
  });
  it("is the reader's derivation of the class otherwise", () => {
    assert.deepEqual(derivationOf(cimInstance('Disk'), reader), ['Base', 'Root']);
  });
  it('is empty without a reader', () => {
    assert.deepEqual(derivationOf(cimInstance('Disk'), undefined), []);
  });
  it('is empty with a reader that cannot tell derivations', () => {
    assert.deepEqual(derivationOf(cimInstance('Disk'), { getClass }), []);
  });
});

describe('propertyOf: own properties and class defaults', () => {
  it("reads an instance's own value", () => {
    assert.equal(propertyOf(cimInstance('Disk', { Size: 5 }), 'SIZE', reader), 5);
  });
  it('reads the class default of a property an instance leaves unset', () => {
    assert.equal(propertyOf(cimInstance('Disk'), 'Size', reader), 100);
  });
  it('is undefined for an unset property when the reader cannot give classes', () => {
    assert.equal(propertyOf(cimInstance('Disk'), 'Size', { derivation }), undefined);
    assert.equal(propertyOf(cimInstance('Disk'), 'Size', undefined), undefined);
  });
  it("reads a class's property value", () => {
    assert.equal(propertyOf(disk, 'size', undefined), 100);
  });
});

describe('propertyOf: system properties', () => {
  it('__GENUS is 1 for a class and 2 for an instance', () => {
    assert.equal(propertyOf(disk, '__GENUS', undefined), WBEM_GENUS_CLASS);
    assert.equal(propertyOf(cimInstance('Disk'), '__Genus', undefined), WBEM_GENUS_INSTANCE);
  });

  it('reads each system property an object carries', () => {
    assert.equal(propertyOf(stored, '__CLASS', undefined), 'Disk');
    assert.equal(propertyOf(stored, '__SUPERCLASS', undefined), 'Base');
    assert.deepEqual(propertyOf(stored, '__DERIVATION', undefined), ['Base', 'Root']);
    assert.equal(propertyOf(stored, '__DYNASTY', undefined), 'Root');
    assert.equal(propertyOf(stored, '__PROPERTY_COUNT', undefined), 2);
    assert.equal(propertyOf(stored, '__RELPATH', undefined), 'Disk.Label="C"');
    assert.equal(propertyOf(stored, '__PATH', undefined), '\\\\HOST\\root\\cimv2:Disk.Label="C"');
    assert.equal(propertyOf(stored, '__NAMESPACE', undefined), 'root\\cimv2');
    assert.equal(propertyOf(stored, '__SERVER', undefined), 'HOST');
  });

  it('prefers the carried system properties to what the object itself shows', () => {
    const carried: SystemProperties = {
      ...systemProperties,
      __SUPERCLASS: 'Carried',
      __DYNASTY: 'CarriedRoot',
      __PROPERTY_COUNT: 7,
    };
    const instance: CimInstance = {
      ...cimInstance('Disk', { Label: 'C' }),
      systemProperties: carried,
    };
    assert.equal(propertyOf(instance, '__SUPERCLASS', reader), 'Carried');
    assert.equal(propertyOf(instance, '__DYNASTY', reader), 'CarriedRoot');
    assert.equal(propertyOf(instance, '__PROPERTY_COUNT', reader), 7);
  });

  it("gives an instance without system properties its class's ancestry from the reader", () => {
    const instance = cimInstance('Disk');
    assert.equal(propertyOf(instance, '__SUPERCLASS', reader), 'Base');
    assert.deepEqual(propertyOf(instance, '__DERIVATION', reader), ['Base', 'Root']);
    assert.equal(propertyOf(instance, '__DYNASTY', reader), 'Root');
  });

  it('gives a class of no known ancestry a NULL __SUPERCLASS and itself as __DYNASTY', () => {
    assert.equal(propertyOf(cimInstance('Root'), '__SUPERCLASS', undefined), null);
    assert.equal(propertyOf(cimInstance('Root'), '__DYNASTY', undefined), 'Root');
    assert.deepEqual(propertyOf(cimInstance('Root'), '__DERIVATION', undefined), []);
    assert.equal(propertyOf(root, '__SUPERCLASS', undefined), null);
  });

  it('gives a class without system properties its superclass, property count and name as __RELPATH', () => {
    assert.equal(propertyOf(disk, '__SUPERCLASS', undefined), 'Base');
    assert.equal(propertyOf(disk, '__PROPERTY_COUNT', undefined), 2);
    assert.equal(propertyOf(disk, '__RELPATH', undefined), 'Disk');
  });

  it('reads __PATH, __NAMESPACE and __SERVER of an object without system properties as NULL', () => {
    for (const obj of [disk, cimInstance('Disk')] as CimObject[]) {
      assert.equal(propertyOf(obj, '__PATH', reader), null);
      assert.equal(propertyOf(obj, '__NAMESPACE', reader), null);
      assert.equal(propertyOf(obj, '__SERVER', reader), null);
    }
  });

  it('returns __DERIVATION as a copy the caller may change', () => {
    const derivation = propertyOf(stored, '__DERIVATION', undefined);
    assert.notEqual(derivation, systemProperties.__DERIVATION);
  });

  it('reads __THIS as the object itself', () => {
    assert.equal(propertyOf(stored, '__THIS', undefined), stored);
  });

  it('is undefined for a system property WMI does not define', () => {
    assert.equal(propertyOf(stored, '__OWNER', undefined), undefined);
  });
});

describe('SYSTEM_PROPERTY_KEYS', () => {
  it("holds WMI's ten system properties and __THIS, lower-case", () => {
    assert.deepEqual([...SYSTEM_PROPERTY_KEYS].sort(), [
      '__class',
      '__derivation',
      '__dynasty',
      '__genus',
      '__namespace',
      '__path',
      '__property_count',
      '__relpath',
      '__server',
      '__superclass',
      '__this',
    ]);
  });
});

describe('objectIsA: names that lower-casing lengthens', () => {
  it('a class whose name has İ is its own class, in any case', () => {
    assert.equal(objectIsA(cimInstance('İnfo'), 'İnfo', undefined), true);
    assert.equal(objectIsA(cimInstance('İnfo'), 'İNFO', undefined), true);
  });
  it('an instance ISA an ancestor whose name has İ', () => {
    const ancestry = { derivation: () => ['İBase'] };
    assert.equal(objectIsA(cimInstance('Disk'), 'İBase', ancestry), true);
    assert.equal(objectIsA(cimInstance('Disk'), 'İOther', ancestry), false);
  });
});

/** The links of a chain, each counting the reads of its `name`. */
class CountingChain {
  reads = 0;

  link(name: string, next: DerivationChain | null): DerivationChain {
    const chain = this;
    return {
      get name() {
        chain.reads++;
        return name;
      },
      next,
      dynasty: next === null ? name : next.dynasty,
      length: next === null ? 1 : next.length + 1,
    };
  }
}

/** Class views of Root ← A1 ← … ← A{depth-1}, each holding its ancestors as a shared chain. */
function derivationIsLazy(view: CimClass): boolean {
  const system = view.systemProperties as object;
  return Object.getOwnPropertyDescriptor(system, '__DERIVATION')?.get !== undefined;
}

describe('objectIsA over chained derivations', () => {
  it('reads a derivation of 32 classes as an array, and walks one of 33 as a chain', () => {
    const views = chainViews(40);
    const of32 = views[32] as CimClass;
    const of33 = views[33] as CimClass;
    assert.equal(objectIsA(of32, 'A5', undefined), true);
    assert.equal(derivationIsLazy(of32), false);
    assert.equal(objectIsA(of33, 'A5', undefined), true);
    assert.equal(derivationIsLazy(of33), true);
  });

  it('follows a long __DERIVATION a reader replaced, not the chain it was built from', () => {
    const view = chainViews(50)[49] as CimClass;
    (view.systemProperties as unknown as { __DERIVATION: string[] }).__DERIVATION = ['Other'];
    assert.equal(objectIsA(view, 'Other', undefined), true);
    assert.equal(objectIsA(view, 'Root', undefined), false);
  });

  it('looks at each link of a shared chain once for the same class asked again', () => {
    const links = new CountingChain();
    const views = chainViews(100, (name, next) => links.link(name, next));
    const deepest = views[99] as CimClass;
    assert.equal(objectIsA(deepest, 'Root', undefined), true);
    assert.equal(links.reads, 99);
    links.reads = 0;
    assert.equal(objectIsA(deepest, 'Root', undefined), true);
    assert.equal(links.reads, 0);
  });

  it('knows, without reading it again, that the link where the class was found holds it', () => {
    const links = new CountingChain();
    const views = chainViews(100, (name, next) => links.link(name, next));
    assert.equal(objectIsA(views[99] as CimClass, 'A50', undefined), true);
    links.reads = 0;
    // The chain of A51 starts at the link of A50.
    assert.equal(objectIsA(views[51] as CimClass, 'A50', undefined), true);
    assert.equal(links.reads, 0);
  });
});
