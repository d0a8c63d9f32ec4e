/**
 * @module What `putClass` tells its caller when a class is refused for where it sits: a definition
 * that conflicts with its superclass, a superclass that cannot be used, an existence check that
 * fails, or a subclass an update would break. Each message names the classes and members involved.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ClassSpec,
  cimClass,
  cimMethod,
  cimProperty,
  idParameter,
  qualifier,
} from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { PutClassIntent } from '../../src/schema/index.js';
import { putClass } from '../../src/schema/index.js';
import { hresultName } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';
import {
  CREATE_ONLY,
  commitPutClass,
  ENV,
  intent,
  refusal,
  SAFE,
  UPDATE_ONLY,
} from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const key = qualifier('Key', true);
const indexed = qualifier('Indexed', true);
/** ToSubclass | DisableOverride: a qualifier subclasses may not override. */
const LOCKED = 0x12;
const locked = qualifier('Q', 'a', { flavor: LOCKED });
const other = qualifier('Q', 'b');

interface MessageCase {
  readonly desc: string;
  readonly existing: readonly CimClass[];
  readonly incoming: unknown;
  readonly how?: PutClassIntent;
  readonly hresult: string;
  readonly message: RegExp;
}

type Members = Omit<ClassSpec, 'name'>;
const base = (members: Members): CimClass => cimClass({ name: 'Base', ...members });
const sub = (members: Members): CimClass =>
  cimClass({ name: 'Sub', superclass: 'Base', ...members });

const CASES: readonly MessageCase[] = [
  // Definition against the superclass.
  {
    desc: 'a key property is an array',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      properties: [cimProperty('Ids', 'string[]', { qualifiers: [key] })],
    }),
    hresult: 'WBEM_E_CANNOT_BE_KEY',
    message: /: Foo\.Ids: Key is not allowed on an array$/,
  },
  {
    desc: 'a key property is a real32',
    existing: [],
    incoming: cimClass({
      name: 'Foo',
      properties: [cimProperty('R', 'real32', { qualifiers: [key] })],
    }),
    hresult: 'WBEM_E_CANNOT_BE_KEY',
    message: /: Foo\.R: Key is not allowed on this type$/,
  },
  {
    desc: 'a property is redefined with another type',
    existing: [base({ properties: [cimProperty('P', 'string')] })],
    incoming: sub({ properties: [cimProperty('P', 'uint32')] }),
    hresult: 'WBEM_E_TYPE_MISMATCH',
    message: /: Sub\.P redefines an inherited property with another type$/,
  },
  {
    desc: 'a property overrides a DisableOverride qualifier',
    existing: [base({ properties: [cimProperty('P', 'string', { qualifiers: [locked] })] })],
    incoming: sub({ properties: [cimProperty('P', 'string', { qualifiers: [other] })] }),
    hresult: 'WBEM_E_OVERRIDE_NOT_ALLOWED',
    message: /: Sub\.P overrides qualifier Q, which its superclass marks DisableOverride$/,
  },
  {
    desc: 'a method overrides a DisableOverride qualifier',
    existing: [base({ methods: [cimMethod('M', 'uint32', { qualifiers: [locked] })] })],
    incoming: sub({ methods: [cimMethod('M', 'uint32', { qualifiers: [other] })] }),
    hresult: 'WBEM_E_OVERRIDE_NOT_ALLOWED',
    message: /: Sub\.M overrides qualifier Q, which its superclass marks DisableOverride$/,
  },
  {
    desc: 'the class overrides a DisableOverride qualifier',
    existing: [base({ qualifiers: [locked] })],
    incoming: sub({ qualifiers: [other] }),
    hresult: 'WBEM_E_OVERRIDE_NOT_ALLOWED',
    message: /: Sub overrides qualifier Q, which its superclass marks DisableOverride$/,
  },
  {
    desc: 'an inherited key property is redeclared with Key false',
    existing: [base({ properties: [cimProperty('Id', 'string', { qualifiers: [key] })] })],
    incoming: sub({
      properties: [cimProperty('Id', 'string', { qualifiers: [qualifier('Key', false)] })],
    }),
    hresult: 'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
    message: /: Sub\.Id drops Key from an inherited key property$/,
  },
  {
    desc: 'a method is redeclared with another return type',
    existing: [base({ methods: [cimMethod('M', 'uint32')] })],
    incoming: sub({ methods: [cimMethod('M', 'string')] }),
    hresult: 'WBEM_E_PROPAGATED_METHOD',
    message: /: Sub\.M redeclares an inherited method with another signature$/,
  },
  {
    desc: 'a subclass adds a key below a keyed superclass',
    existing: [base({ properties: [cimProperty('Id', 'string', { qualifiers: [key] })] })],
    incoming: sub({ properties: [cimProperty('X', 'string', { qualifiers: [key] })] }),
    hresult: 'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
    message: /: Sub\.X adds a key below a keyed superclass$/,
  },
  {
    desc: 'an abstract class derives from a concrete one',
    existing: [base({})],
    incoming: sub({ qualifiers: [qualifier('Abstract', true)] }),
    hresult: 'WBEM_E_CANNOT_BE_ABSTRACT',
    message: /: Sub is abstract but its superclass Base is not$/,
  },
  {
    desc: 'a singleton has a key property',
    existing: [],
    incoming: cimClass({
      name: 'One',
      qualifiers: [qualifier('Singleton', true)],
      properties: [cimProperty('Id', 'string', { qualifiers: [key] })],
    }),
    hresult: 'WBEM_E_CANNOT_BE_SINGLETON',
    message: /: One is a singleton with key properties$/,
  },
  {
    desc: 'a singleton derives from a keyed class',
    existing: [base({ properties: [cimProperty('Id', 'string', { qualifiers: [key] })] })],
    incoming: sub({ qualifiers: [qualifier('Singleton', true)] }),
    hresult: 'WBEM_E_CANNOT_BE_SINGLETON',
    message: /: Sub is a singleton with key properties$/,
  },
  {
    desc: 'a class has more properties than the limit',
    existing: [],
    incoming: cimClass({
      name: 'Big',
      properties: Array.from({ length: 1025 }, (_, i) => cimProperty(`P${i}`, 'uint8')),
    }),
    hresult: 'WBEM_E_TOO_MANY_PROPERTIES',
    message: /: Big has 1025 properties \(limit 1024\)$/,
  },
  // The superclass and the existence checks.
  {
    desc: 'the superclass name is a number',
    existing: [],
    incoming: { ...cimClass({ name: 'Foo' }), superclass: 5 },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: the superclass name is not a string$/,
  },
  {
    desc: 'a stored class is put as its own subclass',
    existing: [cimClass({ name: 'Foo' })],
    incoming: cimClass({ name: 'Foo', superclass: 'foo' }),
    hresult: 'WBEM_E_CIRCULAR_REFERENCE',
    message: /: Foo cannot derive from itself$/,
  },
  {
    desc: 'the superclass does not exist',
    existing: [],
    incoming: cimClass({ name: 'Foo', superclass: 'Nowhere' }),
    hresult: 'WBEM_E_NOT_FOUND',
    message: /: superclass "Nowhere" does not exist$/,
  },
  {
    desc: 'the superclass does not exist and its name is past 300 characters',
    existing: [],
    incoming: cimClass({ name: 'Foo', superclass: 'S'.repeat(400) }),
    hresult: 'WBEM_E_NOT_FOUND',
    message: /: superclass "S{300}" does not exist$/,
  },
  {
    desc: 'the superclass is a system class user classes cannot derive from',
    existing: [],
    incoming: cimClass({ name: 'Foo', superclass: '__namespace' }),
    hresult: 'WBEM_E_INVALID_SUPERCLASS',
    message: /: system class __NAMESPACE cannot be derived from$/,
  },
  {
    desc: 'a class is moved below its own subclass',
    existing: [base({}), sub({}), cimClass({ name: 'Leaf', superclass: 'Sub' })],
    incoming: base({ superclass: 'Leaf' }),
    hresult: 'WBEM_E_CIRCULAR_REFERENCE',
    message: /: Leaf derives from Base$/,
  },
  {
    desc: 'a class read with amended qualifiers is put without the flag',
    existing: [],
    incoming: { ...cimClass({ name: 'Foo' }), amended: true },
    hresult: 'WBEM_E_AMENDED_OBJECT',
    message:
      /: Foo was read with amended qualifiers; write it with WBEM_FLAG_USE_AMENDED_QUALIFIERS$/,
  },
  {
    desc: 'the class exists and WBEM_FLAG_CREATE_ONLY is set',
    existing: [cimClass({ name: 'Foo' })],
    incoming: cimClass({ name: 'FOO' }),
    how: CREATE_ONLY,
    hresult: 'WBEM_E_ALREADY_EXISTS',
    message: /: class Foo already exists$/,
  },
  {
    desc: 'the class does not exist and WBEM_FLAG_UPDATE_ONLY is set',
    existing: [],
    incoming: cimClass({ name: 'Foo' }),
    how: UPDATE_ONLY,
    hresult: 'WBEM_E_NOT_FOUND',
    message: /: class Foo does not exist$/,
  },
  // Updates a subclass would not survive (safe mode).
  {
    desc: 'an update removes a property a subclass overrides',
    existing: [
      base({ properties: [cimProperty('P', 'string')] }),
      sub({ properties: [cimProperty('P', 'string')] }),
    ],
    incoming: base({}),
    how: SAFE,
    hresult: 'WBEM_E_CLASS_HAS_CHILDREN',
    message: /: subclass Sub conflicts with the update: Sub\.P overrides a removed property$/,
  },
  {
    desc: 'an update removes a method a subclass overrides',
    existing: [
      base({ methods: [cimMethod('M', 'uint32')] }),
      sub({ methods: [cimMethod('M', 'uint32')] }),
    ],
    incoming: base({}),
    how: SAFE,
    hresult: 'WBEM_E_CLASS_HAS_CHILDREN',
    message: /: subclass Sub conflicts with the update: Sub\.M overrides a removed method$/,
  },
  {
    desc: 'an update changes the key set of a class with subclasses',
    existing: [base({ properties: [cimProperty('Id', 'string', { qualifiers: [key] })] }), sub({})],
    incoming: base({
      properties: [
        cimProperty('Id', 'string', { qualifiers: [key] }),
        cimProperty('Id2', 'string', { qualifiers: [key] }),
      ],
    }),
    how: SAFE,
    hresult: 'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
    message: /: subclass Sub conflicts with the update: the key set of Base changed$/,
  },
  {
    desc: 'an update changes the Indexed set of a class with subclasses',
    existing: [base({ properties: [cimProperty('P', 'string')] }), sub({})],
    incoming: base({ properties: [cimProperty('P', 'string', { qualifiers: [indexed] })] }),
    how: SAFE,
    hresult: 'WBEM_E_CANNOT_CHANGE_INDEX_INHERITANCE',
    message: /: subclass Sub conflicts with the update: the Indexed set of Base changed$/,
  },
  {
    desc: 'an update adds a signature a subclass redeclares differently',
    existing: [base({}), sub({ methods: [cimMethod('M', 'string')] })],
    incoming: base({
      methods: [cimMethod('M', 'uint32', { parameters: [idParameter('a', 'uint32', 0)] })],
    }),
    how: SAFE,
    hresult: 'WBEM_E_UPDATE_PROPAGATED_METHOD',
    message:
      /: subclass Sub conflicts with the update: Sub\.M redeclares an inherited method with another signature$/,
  },
];

function refused(c: MessageCase): WbemError {
  const store = new TestStore();
  for (const cls of c.existing) commitPutClass(store, cls);
  return refusal(
    () => putClass(store, c.incoming, c.how ?? intent(), ENV),
    'putClass accepted the class',
  );
}

describe('PutClass: messages of refused classes', () => {
  for (const c of CASES) {
    it(`fails with ${c.hresult} and a message naming the classes when ${c.desc}`, () => {
      const err = refused(c);
      assert.equal(hresultName(err.hresult), c.hresult);
      assert.match(err.message, c.message);
    });
  }
});
