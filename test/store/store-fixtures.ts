/**
 * @module Builders of stored records for the store tests and the store benchmark.
 */
import type { ChangeSet, ClassRecord, InstanceRecord } from '../../src/model/change-set.js';
import { EMPTY_CHANGE_SET } from '../../src/model/change-set.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { CimMethod } from '../../src/model/cim-method.js';
import type { CimProperty } from '../../src/model/cim-property.js';
import type { CimValue } from '../../src/model/cim-value.js';
import { nameMap } from '../../src/model/names.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import type { QualifierDeclaration } from '../../src/model/qualifier-declaration.js';
import type { ClassStoreReader } from '../../src/store/class-store.js';
import {
  CIM_BOOLEAN,
  CIM_OBJECT,
  CIM_SINT32,
  CIM_STRING,
  CIM_UINT32,
} from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../../src/wbem/flags.js';

export function qualifier(name: string, value: CimValue, type = CIM_STRING): Qualifier {
  return { name, type, value, flavor: 0 };
}

export function property(
  name: string,
  type: number,
  value: CimValue = null,
  extra = {},
): CimProperty {
  return { name, type, isArray: Array.isArray(value), value, qualifiers: new Map(), ...extra };
}

export function cimClass(
  name: string,
  superclass: string | null = null,
  props: CimProperty[] = [],
): CimClass {
  return {
    genus: WBEM_GENUS_CLASS,
    name,
    superclass,
    qualifiers: nameMap([qualifier('Description', `the ${name} class`)]),
    properties: nameMap(props),
    methods: new Map(),
  };
}

/** A class record whose local and resolved views are the same class. */
export function classRecord(
  name: string,
  superclass: string | null = null,
  props: CimProperty[] = [],
): ClassRecord {
  const local = cimClass(name, superclass, props);
  return { local, resolved: local };
}

/**
 * A class record of about 1.6 KB encoded: eight properties with qualifiers, a method, nested
 * qualifier arrays (the size of a typical CIM schema class).
 */
export function richClassRecord(name: string, superclass: string | null = null): ClassRecord {
  const props: CimProperty[] = [];
  for (let i = 0; i < 8; i++) {
    props.push({
      name: `Property${i}`,
      type: i % 3 === 0 ? CIM_STRING : CIM_UINT32,
      isArray: false,
      value: i % 3 === 0 ? `default ${i}` : i,
      qualifiers: nameMap([
        qualifier('Description', `Property ${i} of ${name}, described at some length.`),
        qualifier('ValueMap', ['0', '1', '2']),
        ...(i === 0 ? [qualifier('Key', true, CIM_BOOLEAN)] : []),
      ]),
    });
  }
  const local: CimClass = {
    genus: WBEM_GENUS_CLASS,
    name,
    superclass,
    qualifiers: nameMap([
      qualifier('Description', `The ${name} class, with a long description of its purpose.`),
      qualifier('Version', '2.41.0'),
      qualifier('UMLPackagePath', 'CIM::Core::Bench'),
    ]),
    properties: nameMap(props),
    methods: nameMap<CimMethod>([
      {
        name: 'RequestStateChange',
        returnType: CIM_UINT32,
        qualifiers: nameMap([qualifier('ValueMap', ['0', '1', '4096'])]),
        parameters: nameMap([
          {
            name: 'RequestedState',
            type: CIM_UINT32,
            isArray: false,
            qualifiers: nameMap([qualifier('In', true, CIM_BOOLEAN)]),
          },
        ]),
      },
    ]),
  };
  return { local, resolved: local };
}

export function instance(className: string, values: Record<string, CimValue>): CimInstance {
  return {
    genus: WBEM_GENUS_INSTANCE,
    className,
    properties: nameMap(Object.entries(values).map(([name, value]) => ({ name, value }))),
  };
}

export function instanceRecord(
  className: string,
  id: string | number,
  extra: Record<string, CimValue> = {},
): InstanceRecord {
  return {
    key: `${className}.Id=${JSON.stringify(String(id))}`,
    instance: instance(className, { Id: String(id), ...extra }),
  };
}

export function declaration(name: string, type = CIM_BOOLEAN): QualifierDeclaration {
  return { name, type, isArray: false, value: null, scopes: ['class', 'property'], flavor: 0 };
}

/** A change set with only the given parts. */
export function changes(parts: Partial<ChangeSet>): ChangeSet {
  return { ...EMPTY_CHANGE_SET, ...parts };
}

/** A class with an embedded object default, nested qualifiers and arrays: the round-trip probe. */
export function intricateClassRecord(name: string): ClassRecord {
  const embedded = instance('Ĕmbedded_Ŏbject', {
    Nested: [1, 2, 3],
    Deep: instance('Inner', { X: 'ÿ' }),
  });
  const local: CimClass = {
    ...cimClass(name, null, [
      property('Payload', CIM_OBJECT, embedded, { embeddedObjectClass: 'Ĕmbedded_Ŏbject' }),
      property('Numbers', CIM_SINT32, [-1, 0, 2147483647]),
      property('Big', CIM_STRING, '18446744073709551615'),
      {
        ...property('Tagged', CIM_STRING, 'x'),
        qualifiers: nameMap([
          qualifier('Values', ['a', 'b', '日本']),
          qualifier('Override', 'Tagged'),
        ]),
      },
    ]),
    qualifiers: nameMap([
      qualifier('Description', 'émoji 😀 and NUL-free unicode'),
      qualifier('Abstract', true, CIM_BOOLEAN),
    ]),
  };
  const resolved: CimClass = {
    ...local,
    properties: new Map([...local.properties].map(([k, p]) => [k, { ...p, classOrigin: name }])),
  };
  return { local, resolved };
}

/** Everything a reader shows, in a comparable form (sorted by key). */
export function snapshot(store: ClassStoreReader): unknown {
  const names = [...store.classNames()].sort();
  return {
    count: store.classCount(),
    base: [...store.subclassNames(null)].sort(),
    classes: names.map((name) => ({
      record: store.getClass(name),
      children: [...store.subclassNames(name)].sort(),
      instances: [...store.instances(name)].sort((a, b) =>
        String(a.properties.get('id')?.value).localeCompare(String(b.properties.get('id')?.value)),
      ),
      instanceCount: store.instanceCount(name),
    })),
    declarations: [...store.qualifierDeclarations()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
