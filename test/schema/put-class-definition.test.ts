import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cimClass,
  cimMethod,
  cimParameter,
  cimProperty,
  idParameter,
  qualifier,
} from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { getClass, putClass } from '../../src/schema/index.js';
import { WBEM_FLAVOR_AMENDED, WBEM_FLAVOR_ORIGIN_PROPAGATED } from '../../src/wbem/flavor.js';
import { caseTitle, commitPutClass, ENV, intent, outcome } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const NONE = intent();
const key = qualifier('Key', true);
const abstract = qualifier('Abstract', true);
const singleton = qualifier('Singleton', true);

function storeWith(...classes: CimClass[]): TestStore {
  const store = new TestStore();
  for (const c of classes) commitPutClass(store, c);
  return store;
}

interface Case {
  readonly desc: string;
  readonly existing: readonly CimClass[];
  readonly incoming: CimClass;
  readonly expect: string;
}

const CASES: readonly Case[] = [
  {
    desc: 'B37: a singleton has a key property',
    existing: [],
    incoming: cimClass({
      name: 'S',
      qualifiers: [singleton],
      properties: [cimProperty('Id', 'string', { qualifiers: [key] })],
    }),
    expect: 'WBEM_E_CANNOT_BE_SINGLETON',
  },
  {
    desc: 'B38: a singleton derives from a concrete keyed class',
    existing: [
      cimClass({ name: 'Foo', properties: [cimProperty('Id', 'string', { qualifiers: [key] })] }),
    ],
    incoming: cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [singleton] }),
    expect: 'WBEM_E_CANNOT_BE_SINGLETON',
  },
  {
    desc: 'A15: a singleton derives from a keyless abstract class',
    existing: [cimClass({ name: 'Setting', qualifiers: [abstract] })],
    incoming: cimClass({ name: 'One', superclass: 'Setting', qualifiers: [singleton] }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'B39: an abstract class derives from a concrete one',
    existing: [cimClass({ name: 'Foo' })],
    incoming: cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [abstract] }),
    expect: 'WBEM_E_CANNOT_BE_ABSTRACT',
  },
  {
    desc: 'B40: the class is an abstract base class',
    existing: [],
    incoming: cimClass({ name: 'Base', qualifiers: [abstract] }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'B41: a class has 1025 properties',
    existing: [],
    incoming: cimClass({
      name: 'Wide',
      properties: Array.from({ length: 1025 }, (_, i) => cimProperty(`P${i}`, 'uint8')),
    }),
    expect: 'WBEM_E_TOO_MANY_PROPERTIES',
  },
  {
    desc: 'B41: a class has 1024 properties',
    existing: [],
    incoming: cimClass({
      name: 'Wide',
      properties: Array.from({ length: 1024 }, (_, i) => cimProperty(`P${i}`, 'uint8')),
    }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'B41: 1000 inherited and 25 local properties exceed the limit',
    existing: [
      cimClass({
        name: 'Foo',
        properties: Array.from({ length: 1000 }, (_, i) => cimProperty(`P${i}`, 'uint8')),
      }),
    ],
    incoming: cimClass({
      name: 'Bar',
      superclass: 'Foo',
      properties: Array.from({ length: 25 }, (_, i) => cimProperty(`Q${i}`, 'uint8')),
    }),
    expect: 'WBEM_E_TOO_MANY_PROPERTIES',
  },
  {
    desc: 'B42: a subclass adds a second key below a keyed class',
    existing: [
      cimClass({ name: 'Foo', properties: [cimProperty('Id', 'string', { qualifiers: [key] })] }),
    ],
    incoming: cimClass({
      name: 'Bar',
      superclass: 'Foo',
      properties: [cimProperty('Id2', 'string', { qualifiers: [key] })],
    }),
    expect: 'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
  },
  {
    desc: 'B43: a subclass adds a key below a keyless abstract class',
    existing: [cimClass({ name: 'Foo', qualifiers: [abstract] })],
    incoming: cimClass({
      name: 'Bar',
      superclass: 'Foo',
      properties: [cimProperty('Id', 'string', { qualifiers: [key] })],
    }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'B44: a subclass overrides a ToSubClass|DisableOverride qualifier with another value',
    existing: [cimClass({ name: 'Foo', qualifiers: [qualifier('Q', 1, { flavor: 0x12 })] })],
    incoming: cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [qualifier('Q', 2)] }),
    expect: 'WBEM_E_OVERRIDE_NOT_ALLOWED',
  },
  {
    desc: 'a subclass repeats a DisableOverride qualifier with the same value',
    existing: [cimClass({ name: 'Foo', qualifiers: [qualifier('Q', 1, { flavor: 0x12 })] })],
    incoming: cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [qualifier('Q', 1)] }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'a subclass overrides a DisableOverride property qualifier',
    existing: [
      cimClass({
        name: 'Foo',
        properties: [
          cimProperty('X', 'uint32', { qualifiers: [qualifier('MaxValue', 5, { flavor: 0x12 })] }),
        ],
      }),
    ],
    incoming: cimClass({
      name: 'Bar',
      superclass: 'Foo',
      properties: [cimProperty('X', 'uint32', { qualifiers: [qualifier('MaxValue', 9)] })],
    }),
    expect: 'WBEM_E_OVERRIDE_NOT_ALLOWED',
  },
  {
    desc: 'B45: a subclass redefines uint32 X as a string',
    existing: [cimClass({ name: 'Foo', properties: [cimProperty('X', 'uint32')] })],
    incoming: cimClass({
      name: 'Bar',
      superclass: 'Foo',
      properties: [cimProperty('X', 'string')],
    }),
    expect: 'WBEM_E_TYPE_MISMATCH',
  },
  {
    desc: 'a subclass narrows an inherited reference to a subclass of its class (DMTF style)',
    existing: [
      cimClass({ name: 'Elem' }),
      cimClass({ name: 'View', superclass: 'Elem' }),
      cimClass({
        name: 'Assoc',
        properties: [cimProperty('Dependent', 'ref', { referenceClass: 'Elem' })],
      }),
    ],
    incoming: cimClass({
      name: 'ViewAssoc',
      superclass: 'Assoc',
      properties: [cimProperty('Dependent', 'ref', { referenceClass: 'View' })],
    }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'A25: a subclass retargets an inherited reference to an unrelated class (WMI rules)',
    existing: [
      cimClass({ name: 'Elem' }),
      cimClass({ name: 'Other' }),
      cimClass({
        name: 'Assoc',
        properties: [cimProperty('Dependent', 'ref', { referenceClass: 'Elem' })],
      }),
    ],
    incoming: cimClass({
      name: 'BadAssoc',
      superclass: 'Assoc',
      properties: [cimProperty('Dependent', 'ref', { referenceClass: 'Other' })],
    }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'B46: a subclass redeclares M(sint32) as M(string)',
    existing: [
      cimClass({
        name: 'Foo',
        methods: [cimMethod('M', 'uint32', { parameters: [idParameter('a', 'sint32', 0)] })],
      }),
    ],
    incoming: cimClass({
      name: 'Bar',
      superclass: 'Foo',
      methods: [cimMethod('M', 'uint32', { parameters: [idParameter('a', 'string', 0)] })],
    }),
    expect: 'WBEM_E_PROPAGATED_METHOD',
  },
  {
    desc: 'B47: in-parameters carry IDs 0 and 2',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      methods: [
        cimMethod('M', 'void', {
          parameters: [idParameter('a', 'sint32', 0), idParameter('b', 'sint32', 2)],
        }),
      ],
    }),
    expect: 'WBEM_E_NONCONSECUTIVE_PARAMETER_IDS',
  },
  {
    desc: 'a parameter has no ID',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      methods: [
        cimMethod('M', 'void', {
          parameters: [cimParameter('a', 'sint32', { qualifiers: [qualifier('In', true)] })],
        }),
      ],
    }),
    expect: 'WBEM_E_MISSING_PARAMETER_ID',
  },
  {
    desc: 'a parameter has a negative ID',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      methods: [cimMethod('M', 'void', { parameters: [idParameter('a', 'sint32', -1)] })],
    }),
    expect: 'WBEM_E_INVALID_PARAMETER_ID',
  },
  {
    desc: 'ReturnValue is declared as a parameter with an ID',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      methods: [cimMethod('M', 'void', { parameters: [idParameter('ReturnValue', 'sint32', 0)] })],
    }),
    expect: 'WBEM_E_PARAMETER_ID_ON_RETVAL',
  },
  {
    desc: 'two parameters share an ID',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      methods: [
        cimMethod('M', 'void', {
          parameters: [idParameter('a', 'sint32', 0), idParameter('b', 'sint32', 0)],
        }),
      ],
    }),
    expect: 'WBEM_E_INVALID_DUPLICATE_PARAMETER',
  },
  {
    desc: 'a method has parameters 0..2 in and out',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      methods: [
        cimMethod('M', 'uint32', {
          parameters: [
            idParameter('a', 'sint32', 0),
            idParameter('b', 'string', 1, 'out'),
            idParameter('c', 'string', 2, 'inout'),
          ],
        }),
      ],
    }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'B48: Key is on a real64 property',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      properties: [cimProperty('R', 'real64', { qualifiers: [key] })],
    }),
    expect: 'WBEM_E_CANNOT_BE_KEY',
  },
  {
    desc: 'B48: Key is on an array property',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      properties: [cimProperty('A', 'string[]', { qualifiers: [key] })],
    }),
    expect: 'WBEM_E_CANNOT_BE_KEY',
  },
  {
    desc: 'B49: a property has type 7',
    existing: [],
    incoming: cimClass({ name: 'Foo', properties: [cimProperty('P', 7)] }),
    expect: 'WBEM_E_INVALID_PROPERTY_TYPE',
  },
  {
    desc: 'a default value does not fit its type',
    existing: [],
    incoming: cimClass({ name: 'Foo', properties: [cimProperty('P', 'uint8', { value: 'x' })] }),
    expect: 'WBEM_E_TYPE_MISMATCH',
  },
  {
    desc: 'a uint8 default is 256',
    existing: [],
    incoming: cimClass({ name: 'Foo', properties: [cimProperty('P', 'uint8', { value: 256 })] }),
    expect: 'WBEM_E_VALUE_OUT_OF_RANGE',
  },
  {
    desc: 'a qualifier has type uint32',
    existing: [],
    incoming: cimClass({ name: 'Foo', qualifiers: [qualifier('Q', 1, { type: 19 })] }),
    expect: 'WBEM_E_INVALID_QUALIFIER_TYPE',
  },
  {
    desc: 'a qualifier has flavor 0x4',
    existing: [],
    incoming: cimClass({ name: 'Foo', qualifiers: [qualifier('Q', 1, { flavor: 0x4 })] }),
    expect: 'WBEM_E_INVALID_FLAVOR',
  },
  {
    desc: 'a property name ends with _',
    existing: [],
    incoming: cimClass({ name: 'Foo', properties: [cimProperty('P_', 'uint8')] }),
    expect: 'WBEM_E_INVALID_PARAMETER',
  },
  {
    desc: 'a property name is 256 characters long',
    existing: [],
    incoming: cimClass({ name: 'Foo', properties: [cimProperty(`P${'x'.repeat(255)}`, 'uint8')] }),
    expect: 'WBEM_E_PROPERTY_NAME_TOO_WIDE',
  },
];

describe('PutClass: definition checks', () => {
  for (const c of CASES) {
    it(caseTitle(c.desc.replace(/^((?:[AB]\d+: )?)/, '$1when '), c.expect), () => {
      const store = storeWith(...c.existing);
      const before = store.snapshot();
      assert.equal(
        outcome(() => putClass(store, c.incoming, NONE, ENV)),
        c.expect,
      );
      assert.deepEqual(store.snapshot(), before);
    });
  }
});

describe('PutClass: qualifier flavors', () => {
  it('propagates ToSubClass qualifiers with the origin bit and keeps restricted ones home', () => {
    const store = storeWith(
      cimClass({
        name: 'Foo',
        qualifiers: [qualifier('Down', 'x', { flavor: 0x2 }), qualifier('Home', 'y')],
      }),
      cimClass({ name: 'Bar', superclass: 'Foo' }),
    );
    const bar = getClass(store, 'Bar', {}, ENV);
    assert.equal(bar.qualifiers.get('down')?.flavor, 0x2 | WBEM_FLAVOR_ORIGIN_PROPAGATED);
    assert.equal(bar.qualifiers.has('home'), false);
  });

  it('a local overridable qualifier replaces the inherited one', () => {
    const store = storeWith(
      cimClass({ name: 'Foo', qualifiers: [qualifier('Q', 1, { flavor: 0x2 })] }),
      cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [qualifier('Q', 2)] }),
    );
    assert.equal(getClass(store, 'Bar', {}, ENV).qualifiers.get('q')?.value, 2);
  });

  it('keys are inherited whatever the Key flavor', () => {
    const store = storeWith(
      cimClass({ name: 'Foo', properties: [cimProperty('Id', 'string', { qualifiers: [key] })] }),
      cimClass({ name: 'Bar', superclass: 'Foo' }),
    );
    assert.equal(
      getClass(store, 'Bar', {}, ENV).properties.get('id')?.qualifiers.get('key')?.value,
      true,
    );
  });

  it('B50: stores an Amended Description when USE_AMENDED_QUALIFIERS is not set', () => {
    const store = storeWith(
      cimClass({
        name: 'Foo',
        qualifiers: [qualifier('Description', 'd', { flavor: WBEM_FLAVOR_AMENDED })],
      }),
    );
    assert.equal(getClass(store, 'Foo', {}, ENV).qualifiers.get('description')?.value, 'd');
  });

  it('B51: drops an Amended Description when USE_AMENDED_QUALIFIERS is set', () => {
    const store = new TestStore();
    const cls = cimClass({
      name: 'Foo',
      qualifiers: [qualifier('Description', 'd', { flavor: WBEM_FLAVOR_AMENDED })],
      properties: [
        cimProperty('P', 'string', {
          qualifiers: [qualifier('DisplayName', 'p', { flavor: WBEM_FLAVOR_AMENDED })],
        }),
      ],
    });
    commitPutClass(store, cls, intent({ useAmendedQualifiers: true }));
    const foo = getClass(store, 'Foo', {}, ENV);
    assert.equal(foo.qualifiers.has('description'), false);
    assert.equal(foo.properties.get('p')?.qualifiers.size, 0);
  });

  it('B52: fails with WBEM_E_AMENDED_OBJECT when an amended read is written back without the flag, succeeds with it', () => {
    const store = storeWith(cimClass({ name: 'Foo' }));
    const read = getClass(store, 'Foo', { useAmendedQualifiers: true }, ENV);
    assert.equal(read.amended, true);
    assert.equal(
      outcome(() => putClass(store, read, NONE, ENV)),
      'WBEM_E_AMENDED_OBJECT',
    );
    assert.equal(
      outcome(() => putClass(store, read, intent({ useAmendedQualifiers: true }), ENV)),
      'WBEM_S_NO_ERROR',
    );
  });
});

describe('PutClass: method inheritance', () => {
  it('propagates methods and merges an override with the inherited qualifiers', () => {
    const store = storeWith(
      cimClass({
        name: 'Foo',
        methods: [
          cimMethod('M', 'uint32', {
            parameters: [idParameter('a', 'sint32', 0)],
            qualifiers: [qualifier('Description', 'd', { flavor: 0x2 })],
          }),
          cimMethod('N', 'void'),
        ],
      }),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        methods: [
          cimMethod('m', 'uint32', {
            parameters: [idParameter('a', 'sint32', 0)],
            qualifiers: [qualifier('Implemented', true)],
          }),
        ],
      }),
    );
    const bar = getClass(store, 'Bar', {}, ENV);
    const m = bar.methods.get('m');
    assert.equal(m?.name, 'M');
    assert.equal(m?.classOrigin, 'Foo');
    assert.equal(m?.propagated, false);
    assert.deepEqual([...(m?.qualifiers.keys() ?? [])].sort(), ['description', 'implemented']);
    assert.equal(bar.methods.get('n')?.propagated, true);
    assert.equal(bar.methods.get('n')?.classOrigin, 'Foo');
  });
});
