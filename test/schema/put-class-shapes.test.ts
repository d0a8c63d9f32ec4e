import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { putClass, putInstance } from '../../src/schema/index.js';
import { commitPutClass, ENV, intent, outcome } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const NONE = intent();
const base = {
  genus: 1,
  name: 'Foo',
  superclass: null,
  qualifiers: new Map(),
  properties: new Map(),
  methods: new Map(),
};

const cyclic: { genus: number; name: string; properties: unknown } = {
  genus: 1,
  name: 'Loop',
  properties: [],
};
cyclic.properties = [{ name: 'Self', type: 13, isArray: false, value: cyclic, qualifiers: [] }];

const embeddedLoop: { genus: number; className: string; properties?: unknown } = {
  genus: 2,
  className: 'X',
};
embeddedLoop.properties = new Map([['p', { name: 'p', value: embeddedLoop }]]);

const throwing = {
  genus: 1,
  name: 'Boom',
  get properties(): never {
    throw new TypeError('getter exploded');
  },
};

const proxy = new Proxy(
  {},
  {
    get() {
      throw new RangeError('proxy');
    },
  },
);

const SHAPES: { desc: string; input: unknown; expect: string }[] = [
  { desc: 'undefined', input: undefined, expect: 'WBEM_E_INVALID_PARAMETER' },
  { desc: 'a string', input: 'Foo', expect: 'WBEM_E_INVALID_PARAMETER' },
  { desc: 'a function', input: () => 1, expect: 'WBEM_E_INVALID_PARAMETER' },
  { desc: 'an array', input: [], expect: 'WBEM_E_INVALID_OBJECT' },
  { desc: 'an object without genus', input: { name: 'Foo' }, expect: 'WBEM_E_INVALID_OBJECT' },
  { desc: 'genus 3', input: { ...base, genus: 3 }, expect: 'WBEM_E_INVALID_OBJECT' },
  { desc: 'a numeric name', input: { ...base, name: 42 }, expect: 'WBEM_E_INVALID_PARAMETER' },
  { desc: 'a null name', input: { ...base, name: null }, expect: 'WBEM_E_INCOMPLETE_CLASS' },
  {
    desc: 'a numeric superclass',
    input: { ...base, superclass: 7 },
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'properties as a plain object',
    input: { ...base, properties: { a: { name: 'a', type: 8 } } },
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'properties as an array',
    input: { ...base, properties: [{ name: 'a', type: 8 }] },
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'null collections',
    input: { ...base, properties: null, methods: null, qualifiers: null },
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'a property that is a number',
    input: { ...base, properties: [5] },
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a property without a name',
    input: { ...base, properties: [{ type: 8 }] },
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a property with a string type',
    input: { ...base, properties: [{ name: 'a', type: 'string' }] },
    expect: 'WBEM_E_INVALID_PROPERTY_TYPE',
  },
  {
    desc: 'a property with isArray "yes"',
    input: { ...base, properties: [{ name: 'a', type: 8, isArray: 'yes' }] },
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a property typed with the array flag',
    input: { ...base, properties: [{ name: 'a', type: 0x2008, value: ['x'] }] },
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'the same property twice in different case',
    input: {
      ...base,
      properties: [
        { name: 'a', type: 8 },
        { name: 'A', type: 8 },
      ],
    },
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a qualifier with a string flavor',
    input: { ...base, qualifiers: [{ name: 'Q', type: 8, value: 'v', flavor: '2' }] },
    expect: 'WBEM_E_INVALID_FLAVOR',
  },
  {
    desc: 'a qualifier holding an object',
    input: { ...base, qualifiers: [{ name: 'Q', type: 8, value: {} }] },
    expect: 'WBEM_E_INVALID_QUALIFIER_TYPE',
  },
  { desc: 'a cyclic embedded object default', input: cyclic, expect: 'WBEM_E_TYPE_MISMATCH' },
  {
    desc: 'an embedded instance that contains itself',
    input: { ...base, properties: [{ name: 'o', type: 13, value: embeddedLoop }] },
    expect: 'WBEM_E_TYPE_MISMATCH',
  },
  { desc: 'a getter that throws', input: throwing, expect: 'WBEM_E_INVALID_OBJECT' },
  { desc: 'a proxy that throws on every read', input: proxy, expect: 'WBEM_E_INVALID_OBJECT' },
  {
    desc: 'a method with a string returnType',
    input: { ...base, methods: [{ name: 'M', returnType: 'x' }] },
    expect: 'WBEM_E_INVALID_PROPERTY_TYPE',
  },
  {
    desc: 'a method whose parameters are a number',
    input: { ...base, methods: [{ name: 'M', parameters: 3 }] },
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a property named __proto__',
    input: { ...base, properties: [{ name: '__proto__', type: 8 }] },
    expect: 'WBEM_E_INVALID_PARAMETER',
  },
  {
    desc: 'a property named constructor',
    input: { ...base, properties: [{ name: 'constructor', type: 8 }] },
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: '100,000 properties',
    input: {
      ...base,
      properties: Array.from({ length: 100_000 }, (_, i) => ({ name: `p${i}`, type: 8 })),
    },
    expect: 'WBEM_E_TOO_MANY_PROPERTIES',
  },
];

describe('PutClass: inputs of any shape', () => {
  for (const c of SHAPES) {
    it(`${c.expect === 'WBEM_S_NO_ERROR' ? 'accepts' : `fails with ${c.expect} for`} ${c.desc}`, () => {
      assert.equal(
        outcome(() => putClass(new TestStore(), c.input, NONE, ENV)),
        c.expect,
      );
    });
  }

  it('copies the input, so mutating it after the put changes nothing stored', () => {
    const s = new TestStore();
    const values = ['a'];
    const input = cimClass({
      name: 'Foo',
      properties: [
        cimProperty('A', 'string[]', { value: values, qualifiers: [qualifier('Q', 'x')] }),
      ],
    });
    commitPutClass(s, input);
    values.push('b');
    (input.properties as Map<string, unknown>).clear();
    assert.deepEqual(s.getClass('Foo')?.local.properties.get('a')?.value, ['a']);
  });
});

describe('PutInstance: intents', () => {
  // PutClass trusts its intent (only parsePutClassFlags builds one, in phase 1); PutInstance
  // still refuses one it cannot read.
  it('fails with WBEM_E_INVALID_PARAMETER when the intent did not come from the flag parser', () => {
    assert.equal(
      outcome(() =>
        putInstance(new TestStore(), {}, { mode: 'x' } as unknown as { mode: 'create-only' }, ENV),
      ),
      'WBEM_E_INVALID_PARAMETER',
    );
  });
});
