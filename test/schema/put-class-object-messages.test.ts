/**
 * @module What `putClass` tells its caller when the class object itself is refused: its genus,
 * name and member collections (including ones that grow while read or throw when read), with the
 * HRESULT and a message naming the defect.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { putClass } from '../../src/schema/index.js';
import { hresultName } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';
import { ENV, intent, refusal } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const SINT32 = 3;
const STRING = 8;
const UINT32 = 19;

const id = (value: unknown) => ({ name: 'ID', type: SINT32, value });
const cls = (members: { properties?: unknown; methods?: unknown; qualifiers?: unknown }) => ({
  genus: 1,
  name: 'Foo',
  superclass: null,
  qualifiers: members.qualifiers ?? [],
  properties: members.properties ?? [],
  methods: members.methods ?? [],
});
const method = (m: Record<string, unknown>) =>
  cls({ methods: [{ name: 'Meth', returnType: UINT32, ...m }] });

interface MessageCase {
  readonly desc: string;
  readonly input: unknown;
  readonly hresult: string;
  readonly message: RegExp;
}

const throwing = (field: string) =>
  Object.defineProperty({ genus: 1, name: 'Foo' }, field, {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });

/** A Map whose every element, once its name is read, adds another: read naively, it never ends. */
function growing(element: Record<string, unknown>): Map<string, unknown> {
  const map = new Map<string, unknown>();
  const add = (n: number): void => {
    map.set(`k${n}`, {
      ...element,
      get name() {
        add(n + 1);
        return `N${n}`;
      },
    });
  };
  add(0);
  return map;
}

/** An array whose every element, once its name is read, appends another. */
function growingArray(element: Record<string, unknown>): unknown[] {
  const array: unknown[] = [];
  const add = (n: number): void => {
    array.push({
      ...element,
      get name() {
        add(n + 1);
        return `N${n}`;
      },
    });
  };
  add(0);
  return array;
}

const OBJECT_CASES: readonly MessageCase[] = [
  {
    desc: 'the property array grows while it is read',
    input: cls({ properties: growingArray({ type: STRING }) }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: properties changed while being read$/,
  },
  {
    desc: 'the properties grow while they are read',
    input: cls({ properties: growing({ type: STRING }) }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: properties changed while being read$/,
  },
  {
    desc: 'the methods grow while they are read',
    input: cls({ methods: growing({ returnType: UINT32 }) }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: methods changed while being read$/,
  },
  {
    desc: 'the qualifiers grow while they are read',
    input: cls({ qualifiers: growing({ type: STRING, value: 'v' }) }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifiers changed while being read$/,
  },
  {
    desc: 'the qualifier array grows while it is read',
    input: cls({ qualifiers: growingArray({ type: STRING, value: 'v' }) }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifiers changed while being read$/,
  },
  {
    desc: 'the parameters grow while they are read',
    input: method({ parameters: growing({ type: UINT32, qualifiers: [id(0)] }) }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: parameters of Meth changed while being read$/,
  },
  {
    desc: 'no object is given',
    input: 'Foo',
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: no class object was given$/,
  },
  {
    desc: 'the object is an instance',
    input: { genus: 2, name: 'Foo' },
    hresult: 'WBEM_E_INVALID_CLASS',
    message: /: the object is an instance, not a class$/,
  },
  {
    desc: 'the object has genus 3',
    input: { genus: 3, name: 'Foo' },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: the object is not a class \(genus is not 1\)$/,
  },
  {
    desc: 'the class has no name',
    input: { genus: 1 },
    hresult: 'WBEM_E_INCOMPLETE_CLASS',
    message: /: the class has no name \(__CLASS\)$/,
  },
  {
    desc: 'the class name is a number',
    input: { genus: 1, name: 5 },
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: the class name is not a string$/,
  },
  {
    desc: 'the class name starts with _',
    input: { ...cls({}), name: '_Foo' },
    hresult: 'WBEM_E_INVALID_OPERATION',
    message: /: class name "_Foo" starts with '_' \(reserved for system classes\)$/,
  },
  {
    desc: 'the class name ends with _',
    input: { ...cls({}), name: 'Foo_' },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: class name "Foo_" ends with '_'$/,
  },
  {
    desc: 'the class name is not an identifier',
    input: { ...cls({}), name: 'a-b' },
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: class name "a-b" is not a valid identifier$/,
  },
  {
    desc: 'the class name is 256 characters long',
    input: { ...cls({}), name: 'c'.repeat(256) },
    hresult: 'WBEM_E_QUOTA_VIOLATION',
    message: /: class name is 256 characters long \(limit 255\)$/,
  },
  {
    desc: 'the properties are a string',
    input: cls({ properties: 'P' }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: properties must be a Map or an array$/,
  },
  {
    desc: 'the methods are a number',
    input: cls({ methods: 5 }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: methods must be a Map or an array$/,
  },
  {
    desc: 'two properties share a name in different case',
    input: cls({
      properties: [
        { name: 'Prop', type: STRING },
        { name: 'PROP', type: STRING },
      ],
    }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: property "PROP" appears twice$/,
  },
  {
    desc: 'two properties of a Map share a name in different case',
    input: cls({
      properties: new Map([
        ['a', { name: 'Prop', type: STRING }],
        ['b', { name: 'PROP', type: STRING }],
      ]),
    }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: property "PROP" appears twice$/,
  },
  {
    desc: 'two methods share a name in different case',
    input: cls({
      methods: [
        { name: 'Meth', returnType: UINT32 },
        { name: 'meth', returnType: UINT32 },
      ],
    }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: method "meth" appears twice$/,
  },
  {
    desc: 'reading the class name throws',
    input: throwing('name'),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: the class object could not be read$/,
  },
  {
    desc: 'reading the properties throws',
    input: throwing('properties'),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: the class definition could not be read$/,
  },
];

const refused = (input: unknown): WbemError =>
  refusal(() => putClass(new TestStore(), input, intent(), ENV), 'putClass accepted the class');

describe('PutClass: messages of refused class objects', () => {
  for (const c of OBJECT_CASES) {
    it(`fails with ${c.hresult} and a message naming the defect when ${c.desc}`, () => {
      const err = refused(c.input);
      assert.equal(hresultName(err.hresult), c.hresult);
      assert.match(err.message, c.message);
    });
  }
});
