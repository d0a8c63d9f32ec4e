/**
 * @module How `putClass` reads the members of a class given as plain input: the HRESULT each
 * defect of a property, method, parameter or qualifier is refused with, the inherited members it
 * skips, and the shape a member is stored with.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { putClass } from '../../src/schema/index.js';
import { commitPutClass, ENV, intent, outcome } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const SINT32 = 3;
const REAL64 = 5;
const STRING = 8;
const UINT8 = 17;
const UINT32 = 19;
const ORIGIN_PROPAGATED = 0x20;

const id = (value: unknown, type = SINT32) => ({ name: 'ID', type, value });
const cls = (members: { properties?: unknown[]; methods?: unknown[]; qualifiers?: unknown[] }) => ({
  genus: 1,
  name: 'Foo',
  superclass: null,
  qualifiers: members.qualifiers ?? [],
  properties: members.properties ?? [],
  methods: members.methods ?? [],
});
const prop = (p: Record<string, unknown>) =>
  cls({ properties: [{ name: 'P', type: STRING, ...p }] });
const qual = (q: Record<string, unknown>) =>
  cls({ qualifiers: [{ name: 'Q', type: STRING, value: 'v', ...q }] });
const method = (m: Record<string, unknown>) =>
  cls({ methods: [{ name: 'M', returnType: UINT32, ...m }] });
const params = (...ps: Record<string, unknown>[]) =>
  method({ parameters: ps.map((p) => ({ type: UINT32, ...p })) });

const CASES: readonly { desc: string; input: unknown; expect: string }[] = [
  {
    desc: 'a property named by an empty string',
    input: prop({ name: '' }),
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a property named by a number',
    input: prop({ name: 42 }),
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a property name of 255 characters',
    input: prop({ name: 'a'.repeat(255) }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'a property name of 256 characters',
    input: prop({ name: 'a'.repeat(256) }),
    expect: 'WBEM_E_PROPERTY_NAME_TOO_WIDE',
  },
  {
    desc: 'a property name ending in _',
    input: prop({ name: 'a_' }),
    expect: 'WBEM_E_INVALID_PARAMETER',
  },
  {
    desc: 'a property name starting with _',
    input: prop({ name: '_a' }),
    expect: 'WBEM_E_INVALID_PARAMETER',
  },
  {
    desc: 'a qualifier flavor given as a string',
    input: qual({ flavor: '1' }),
    expect: 'WBEM_E_INVALID_FLAVOR',
  },
  {
    desc: 'a negative qualifier flavor without the reserved bits',
    input: qual({ flavor: -16 }),
    expect: 'WBEM_E_INVALID_FLAVOR',
  },
  {
    desc: 'a qualifier flavor above 0xff',
    input: qual({ flavor: 0x100 }),
    expect: 'WBEM_E_INVALID_FLAVOR',
  },
  {
    desc: 'an inherited qualifier of a type qualifiers cannot have',
    input: qual({ flavor: ORIGIN_PROPAGATED, type: UINT8 }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'a qualifier of type uint8',
    input: qual({ type: UINT8, value: 1 }),
    expect: 'WBEM_E_INVALID_QUALIFIER_TYPE',
  },
  {
    desc: 'a qualifier whose isArray is a string',
    input: qual({ isArray: 'yes' }),
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a qualifier declared twice',
    input: cls({
      qualifiers: [
        { name: 'Q', type: STRING, value: 'a' },
        { name: 'q', type: STRING, value: 'b' },
      ],
    }),
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a referenceClass that is a number',
    input: prop({ type: 102, referenceClass: 5 }),
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'an embeddedObjectClass that is a number',
    input: prop({ type: 13, embeddedObjectClass: 5 }),
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a referenceClass of null',
    input: prop({ referenceClass: null }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'a negative arraySize',
    input: prop({ isArray: true, arraySize: -1 }),
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'a fractional arraySize',
    input: prop({ isArray: true, arraySize: 1.5 }),
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'an arraySize of 0',
    input: prop({ isArray: true, arraySize: 0 }),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'a parameter with a negative ID',
    input: params({ name: 'a', qualifiers: [id(-1)] }),
    expect: 'WBEM_E_INVALID_PARAMETER_ID',
  },
  {
    desc: 'a parameter with a fractional ID',
    input: params({ name: 'a', qualifiers: [id(0.5, REAL64)] }),
    expect: 'WBEM_E_INVALID_PARAMETER_ID',
  },
  {
    desc: 'a parameter with an ID given as a string',
    input: params({ name: 'a', qualifiers: [id('0', STRING)] }),
    expect: 'WBEM_E_INVALID_PARAMETER_ID',
  },
  {
    desc: 'a parameter whose default does not fit its type',
    input: params({ name: 'a', value: 'x', qualifiers: [id(0)] }),
    expect: 'WBEM_E_TYPE_MISMATCH',
  },
  {
    desc: 'two parameters with the same ID',
    input: params({ name: 'a', qualifiers: [id(0)] }, { name: 'b', qualifiers: [id(0)] }),
    expect: 'WBEM_E_INVALID_DUPLICATE_PARAMETER',
  },
  {
    desc: 'a ReturnValue parameter without an ID',
    input: params({ name: 'ReturnValue' }),
    expect: 'WBEM_E_INVALID_DUPLICATE_PARAMETER',
  },
  {
    desc: 'a method whose returnIsArray is a string',
    input: method({ returnIsArray: 'x' }),
    expect: 'WBEM_E_INVALID_OBJECT',
  },
  {
    desc: 'an inherited method with an invalid name',
    input: method({ name: 'bad name', propagated: true }),
    expect: 'WBEM_S_NO_ERROR',
  },
];

describe('PutClass: member input', () => {
  for (const c of CASES) {
    const verb = c.expect === 'WBEM_S_NO_ERROR' ? 'succeeds' : `fails with ${c.expect}`;
    it(`${verb} when given ${c.desc}`, () => {
      assert.equal(
        outcome(() => putClass(new TestStore(), c.input, intent(), ENV)),
        c.expect,
      );
    });
  }

  it('drops the inherited members of arrays and keeps the local ones in order', () => {
    const s = new TestStore();
    commitPutClass(
      s,
      cls({
        properties: [
          { name: 'P', type: STRING, propagated: true },
          { name: 'Q', type: STRING },
          { name: 'R', type: UINT32, propagated: false },
        ],
        methods: [
          { name: 'M', returnType: UINT32, propagated: true },
          { name: 'N', returnType: UINT32 },
        ],
      }),
    );
    const local = s.getClass('Foo')?.local;
    assert.deepEqual(
      [...(local?.properties.values() ?? [])].map((p) => p.name),
      ['Q', 'R'],
    );
    assert.deepEqual(
      [...(local?.methods.values() ?? [])].map((m) => m.name),
      ['N'],
    );
  });

  it('stores a property without isArray or arraySize as a declared scalar when they are omitted', () => {
    const s = new TestStore();
    commitPutClass(s, cls({ properties: [{ name: 'P', type: STRING, propagated: false }] }));
    const p = s.getClass('Foo')?.local.properties.get('p');
    assert.equal(p?.isArray, false);
    assert.equal(p?.propagated, false);
    assert.equal('arraySize' in (p ?? {}), false);
    assert.equal('referenceClass' in (p ?? {}), false);
    assert.equal('embeddedObjectClass' in (p ?? {}), false);
  });

  it('stores only the class-name fields a typed member was given when one of them is set', () => {
    const s = new TestStore();
    const ref = { type: 102, referenceClass: 'Bar' };
    commitPutClass(
      s,
      cls({
        properties: [{ name: 'R', ...ref }],
        methods: [
          {
            name: 'M',
            returnType: UINT32,
            parameters: [{ name: 'a', ...ref, qualifiers: [id(0)] }],
          },
        ],
      }),
    );
    const local = s.getClass('Foo')?.local;
    for (const member of [
      local?.properties.get('r'),
      local?.methods.get('m')?.parameters.get('a'),
    ]) {
      assert.equal(member?.referenceClass, 'Bar');
      assert.equal('arraySize' in (member ?? {}), false);
      assert.equal('embeddedObjectClass' in (member ?? {}), false);
    }
  });

  it('stores a scalar qualifier without isArray and an array qualifier with it when both are put', () => {
    const s = new TestStore();
    commitPutClass(
      s,
      cls({
        qualifiers: [
          { name: 'S', type: STRING, value: 'v' },
          { name: 'A', type: STRING, isArray: true, value: ['x'] },
        ],
      }),
    );
    const q = s.getClass('Foo')?.local.qualifiers;
    assert.deepEqual(q?.get('s'), { name: 'S', type: STRING, value: 'v', flavor: 0 });
    assert.deepEqual(q?.get('a'), {
      name: 'A',
      type: STRING,
      isArray: true,
      value: ['x'],
      flavor: 0,
    });
  });

  it('stores a scalar method as declared and not inherited when returnIsArray is omitted', () => {
    const s = new TestStore();
    commitPutClass(s, method({}));
    const m = s.getClass('Foo')?.local.methods.get('m');
    assert.equal(m?.returnType, UINT32);
    assert.equal(m?.returnIsArray ?? false, false);
    assert.equal(m?.propagated, false);
  });

  it('stores the default of a parameter and none when it has none', () => {
    const s = new TestStore();
    commitPutClass(
      s,
      params({ name: 'a', value: 7, qualifiers: [id(0)] }, { name: 'b', qualifiers: [id(1)] }),
    );
    const ps = s.getClass('Foo')?.local.methods.get('m')?.parameters;
    assert.equal(ps?.get('a')?.value, 7);
    assert.equal('value' in (ps?.get('b') ?? {}), false);
  });
});
