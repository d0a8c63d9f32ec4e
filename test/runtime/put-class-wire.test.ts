import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cimClass,
  cimMethod,
  cimProperty,
  idParameter,
  qualifier,
} from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { createWireCodec } from '../../src/runtime/wire-codec.js';
import { compileText } from '../mof/helpers/memory-files.js';
import { classes } from '../mof/helpers/operations.js';
import { INTENT, putRequest } from './helpers/put-request.js';

/** The codec's first byte for the fixed layout (`wire-codec.ts`). */
const FIXED_LAYOUT = 1;

function batch(...messages: unknown[]): object {
  return { kind: 'batch', messages };
}

/** Every detail structured clone keeps: key order, `-0`, the exact code units of strings. */
function exact(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (value instanceof Map) {
    return `Map{${[...value].map(([k, v]) => `${exact(k)}=>${exact(v)}`).join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(exact).join(',')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}:${exact(v)}`)
    .join(',')}}`;
}

/** What the host sees: the codec's data through a real structured clone, as `postMessage`. */
function send(value: unknown): { readonly format: number | undefined; readonly back: unknown } {
  const { data } = createWireCodec('msgpack').encode(value);
  const format = data instanceof ArrayBuffer ? new Uint8Array(data)[0] : undefined;
  return { format, back: createWireCodec('msgpack').decode(structuredClone(data)) };
}

const richClass = cimClass({
  name: 'Wire_Rich',
  superclass: 'Wire_Base',
  qualifiers: [
    qualifier('Description', 'caf\u00e9 \u2603 and a lone \ud800 surrogate'),
    qualifier('ValueMap', ['1', '2', '\u00ff']),
    qualifier('Weights', [1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, -(2 ** 31), 2 ** 31]),
    qualifier('Flags', true, { flavor: 0x3 }),
  ],
  properties: [
    cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
    cimProperty('Zero', 'real64', { value: -0 }),
    cimProperty('Big', 'uint64', { value: '18446744073709551615' }),
    cimProperty('Counts', 'sint32[]', { value: [-1, 0, 2 ** 31 - 1], arraySize: 3 }),
    cimProperty('Ref', 'ref', { referenceClass: 'Wire_Other' }),
    cimProperty('Embedded', 'string', { embeddedObjectClass: 'Wire_Other' }),
    cimProperty('LongText', 'string', { value: 'x'.repeat(40_000) }),
  ],
  methods: [
    cimMethod('Reset', 'uint32', {
      parameters: [idParameter('Force', 'boolean', 0), idParameter('Out', 'string', 1, 'out')],
      qualifiers: [qualifier('Static', true)],
    }),
    cimMethod('Ping', 'void'),
  ],
});

describe('PutClass requests on the msgpack wire (fixed layout)', () => {
  it('rebuilds every value and key order exactly when the classes come from the builders', () => {
    const value = batch(
      putRequest(richClass, 1),
      putRequest(cimClass({ name: 'Wire_Base' }), 2),
      putRequest(richClass, 3, { caller: { principal: 'bob', rights: 1, context: null } }),
    );
    const { format, back } = send(value);
    assert.equal(format, FIXED_LAYOUT);
    assert.deepStrictEqual(back, value);
    assert.equal(exact(back), exact(value));
  });

  it('carries the classes the MOF compiler makes in the fixed layout too, exactly', () => {
    const mof = `
      class Wire_Other { [Key] string Id; };
      [Description("compiled")]
      class Wire_Mof : Wire_Other {
        uint32 Plain;
        uint32 WithDefault = 7;
        [ArrayType("Indexed")] uint8 Sized[2] = {1, 2};
        Wire_Other REF Link;
        Wire_Other Embedded;
        [EmbeddedObject] string Loose;
        uint32 Act([In] uint32 X, [In, Out] string Y[], [In] Wire_Other REF Target);
      };`;
    const compiled = classes(compileText(mof).operations);
    assert.equal(compiled.length, 2);
    const value = batch(...compiled.map((cls, i) => putRequest(cls, i + 1)));
    const { format, back } = send(value);
    assert.equal(format, FIXED_LAYOUT);
    assert.equal(exact(back), exact(value));
  });

  it('rebuilds strings of one-byte characters above ASCII when no character needs two bytes', () => {
    const latin = cimClass({
      name: 'Wire_Latin',
      qualifiers: [qualifier('Description', 'caf\u00e9 \u00ff \u0080 \u0000 end')],
    });
    const value = batch(putRequest(latin));
    const { format, back } = send(value);
    assert.equal(format, FIXED_LAYOUT);
    assert.equal(exact(back), exact(value));
  });

  it('rebuilds a request without a caller and optional keys where the builders put them', () => {
    const request = { kind: 'putClass', cls: richClass, intent: INTENT, id: 9 };
    const full = { ...request, namespace: 'root', sendStatus: true, wantsEvents: false };
    const amended: CimClass = { ...cimClass({ name: 'Wire_Amended' }), amended: true };
    const value = batch(full, putRequest(amended, 10));
    const { format, back } = send(value);
    assert.equal(format, FIXED_LAYOUT);
    assert.equal(exact(back), exact(value));
  });

  const offLayout: readonly [string, () => unknown][] = [
    ['a class with a key of its own', () => ({ ...richClass, note: 'x' })],
    [
      'a class with its keys in another order',
      () => ({
        name: 'Wire_Order',
        genus: 1,
        superclass: null,
        qualifiers: new Map(),
        properties: new Map(),
        methods: new Map(),
      }),
    ],
    [
      'an embedded object as a value',
      () =>
        cimClass({
          name: 'Wire_Embedded',
          properties: [cimProperty('E', 'object', { value: cimClass({ name: 'Wire_Inner' }) })],
        }),
    ],
    [
      'a BigInt value',
      () => ({ ...cimClass({ name: 'Wire_Big' }), amended: 5n as unknown as boolean }),
    ],
    [
      'a Map subclass',
      () => ({ ...cimClass({ name: 'Wire_Sub' }), methods: new (class Named extends Map {})() }),
    ],
    ['a property list that is an array', () => ({ ...cimClass({ name: 'W' }), properties: [] })],
    [
      'a member that is not an object',
      () => ({ ...cimClass({ name: 'W' }), qualifiers: new Map([['q', null]]) }),
    ],
    [
      'a member keyed by a number',
      () => ({ ...cimClass({ name: 'W' }), qualifiers: new Map([[1, qualifier('Q', 1)]]) }),
    ],
    [
      'an object without a prototype',
      () => Object.assign(Object.create(null), cimClass({ name: 'Wire_Bare' })),
    ],
  ];
  for (const [what, make] of offLayout) {
    it(`takes the general route, unchanged, when the class holds ${what}`, () => {
      const value = batch(putRequest(make()));
      const { format, back } = send(value);
      assert.notEqual(format, FIXED_LAYOUT);
      assert.deepStrictEqual(back, structuredClone(value));
    });
  }

  it('takes the general route when a caller has a context or the batch mixes kinds', () => {
    const context = { caller: { principal: 'a', rights: 1, context: new Map([['k', 1]]) } };
    for (const value of [
      batch(putRequest(richClass, 1, context)),
      batch(putRequest(richClass, 1), { kind: 'cancel', ids: [1] }),
      batch({ kind: 'cancel', ids: [1] }, putRequest(richClass, 2)),
    ]) {
      const { format, back } = send(value);
      assert.notEqual(format, FIXED_LAYOUT);
      assert.deepStrictEqual(back, value);
    }
  });

  it('sends a hole by structured clone, as the general route always did', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test
    const holed = cimClass({ name: 'W', qualifiers: [qualifier('Q', [1, , 3] as number[])] });
    const { format, back } = send(batch(putRequest(holed)));
    assert.equal(format, undefined);
    const values = (back as { messages: { cls: CimClass }[] }).messages[0]?.cls.qualifiers.get('q');
    assert.equal(1 in ((values?.value as unknown[]) ?? [0, 0]), false);
  });

  it('keeps a batch being written intact when a getter in it encodes another batch', () => {
    const codec = createWireCodec('msgpack');
    let inner: unknown;
    const outer = { ...cimClass({ name: 'Wire_Outer' }) };
    // Redefined in place, so the key order is the builders' and the layout still applies.
    Object.defineProperty(outer, 'superclass', {
      enumerable: true,
      get() {
        inner ??= codec.encode(batch(putRequest(richClass, 2))).data;
        return null;
      },
    });
    const { data } = codec.encode(batch(putRequest(outer, 1)));
    const receiver = createWireCodec('msgpack');
    assert.equal(new Uint8Array(data as ArrayBuffer)[0], FIXED_LAYOUT);
    assert.deepStrictEqual(
      receiver.decode(structuredClone(inner)),
      batch(putRequest(richClass, 2)),
    );
    assert.deepStrictEqual(
      receiver.decode(structuredClone(data)),
      batch(putRequest(cimClass({ name: 'Wire_Outer' }), 1)),
    );
  });

  it('refuses a class holding a function with the TypeError of the general route', () => {
    const bad = { ...cimClass({ name: 'W' }), amended: (() => true) as unknown as boolean };
    assert.throws(() => createWireCodec('msgpack').encode(batch(putRequest(bad))), TypeError);
  });

  it('refuses bytes cut short or with an unknown format instead of rebuilding part of them', () => {
    const { data } = createWireCodec('msgpack').encode(batch(putRequest(richClass)));
    const bytes = new Uint8Array(data as ArrayBuffer);
    const codec = createWireCodec('msgpack');
    assert.throws(() => codec.decode(bytes.slice(0, bytes.length - 3).buffer), TypeError);
    const unknown = bytes.slice();
    unknown[0] = 0x7f;
    assert.throws(() => codec.decode(unknown.buffer), /unknown wire format/);
  });
});
