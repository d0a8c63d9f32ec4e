import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { Outbox } from '../../src/runtime/outbox.js';
import { createWireCodec } from '../../src/runtime/wire-codec.js';
import { wireRoute } from '../../src/runtime/wire-fidelity.js';

const plainClass = cimClass({
  name: 'Fidelity_Test',
  qualifiers: [qualifier('Description', 'plain data')],
  properties: [
    cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
    cimProperty('Big', 'uint64', { value: '18446744073709551615' }),
    cimProperty('Counts', 'sint32[]', { value: [-1, 0, 2 ** 31 - 1] }),
    cimProperty('Ratio', 'real64', { value: 1.5 }),
  ],
});

/** What a receiver sees: the codec's data through a real structured clone (as `postMessage`). */
function roundTrip(value: unknown): { readonly packed: boolean; readonly back: unknown } {
  const codec = createWireCodec('msgpack');
  const { data } = codec.encode(value);
  return { packed: data instanceof ArrayBuffer, back: codec.decode(structuredClone(data)) };
}

describe('wireRoute (msgpack wire fidelity)', () => {
  const cloned: readonly [string, () => unknown][] = [
    ['-0', () => ({ v: -0 })],
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested.
    ['an array hole', () => ({ v: [1, , 3] })],
    ['a Date', () => ({ v: new Date(0) })],
    ['an Error', () => ({ v: new Error('x') })],
    ['a typed array', () => ({ v: new Uint8Array([1, 2]) })],
    ['a Set', () => ({ v: new Set([1]) })],
    [
      'a class instance',
      () => ({
        v: new (class Point {
          x = 1;
        })(),
      }),
    ],
    ['a Map subclass', () => ({ v: new (class Named extends Map {})() })],
  ];
  for (const [what, make] of cloned) {
    it(`sends the batch by structured clone, unchanged, when it holds ${what}`, () => {
      const value = make();
      assert.equal(wireRoute(value), 'clone');
      const { packed, back } = roundTrip(value);
      assert.equal(packed, false);
      assert.deepEqual(back, structuredClone(value));
    });
  }

  it('packs a class of plain data (Maps, 64-bit BigInts, reals) and decodes it unchanged', () => {
    const extremes = { big: 2n ** 64n - 1n, small: -(2n ** 63n), none: undefined, nan: Number.NaN };
    const value = { kind: 'batch', messages: [{ kind: 'putClass', cls: plainClass, extremes }] };
    assert.equal(wireRoute(value), 'pack');
    const { packed, back } = roundTrip(value);
    assert.equal(packed, true);
    assert.deepEqual(back, value);
  });

  it('looks inside Maps, objects without a prototype and arrays for what msgpack would change', () => {
    const bare = (members: object): object => Object.assign(Object.create(null) as object, members);
    for (const [value, route] of [
      [{ v: new Map([['k', 1]]) }, 'pack'],
      [{ v: new Map([['k', -0]]) }, 'clone'],
      // A Map keeps no -0 key: it stores +0.
      [{ v: new Map([[-0, 'v']]) }, 'pack'],
      [{ v: bare({ a: 1 }) }, 'pack'],
      [{ v: bare({ a: -0 }) }, 'clone'],
      // An explicit undefined is not a hole: msgpack keeps it.
      [{ v: [1, undefined, 3] }, 'pack'],
      [{ v: [1, -0] }, 'clone'],
    ] as const) {
      assert.equal(wireRoute(value), route, `${String(route)} expected`);
      const { back } = roundTrip(value);
      assert.deepEqual(back, structuredClone(value));
    }
  });

  it('takes an object whose own constructor member hides what it is by clone', () => {
    const spoofed = { constructor: undefined, a: 1 };
    const bareSpoofed = Object.assign(Object.create(null) as object, { constructor: 5, a: 1 });
    for (const value of [{ v: spoofed }, { v: bareSpoofed }]) {
      assert.equal(wireRoute(value), 'clone');
      assert.deepEqual(roundTrip(value).back, structuredClone(value));
    }
  });

  it('leaves out inherited members, as structured clone does', () => {
    const child = Object.create({ inherited: -0 }) as Record<string, unknown>;
    child['own'] = 1;
    assert.equal(wireRoute({ v: child }), 'pack');
    assert.deepEqual(roundTrip({ v: child }).back, { v: { own: 1 } });
  });

  it('packs 256 levels of nesting and refuses 257', () => {
    const nested = (depth: number): unknown => {
      let value: unknown = 'leaf';
      for (let i = 0; i < depth; i++) value = { v: value };
      return value;
    };
    assert.equal(wireRoute(nested(256)), 'pack');
    assert.throws(() => wireRoute(nested(257)), RangeError);
  });

  it('leaves a value of more than 2^20 objects to structured clone, and packs 2^20', () => {
    const shared = {};
    assert.equal(wireRoute(new Array<object>(2 ** 20 - 1).fill(shared)), 'pack');
    assert.equal(wireRoute(new Array<object>(2 ** 20).fill(shared)), 'clone');
  });

  const refused: readonly [string, () => unknown, RegExp][] = [
    ['a function', () => ({ f: () => 1 }), /function/],
    ['a symbol', () => ({ s: Symbol('x') }), /symbol/],
    ['a BigInt beyond 64 bits', () => ({ v: 2n ** 64n }), /64-bit/],
    [
      'a cycle',
      () => {
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        return cyclic;
      },
      /deeper/,
    ],
  ];
  for (const [what, make, message] of refused) {
    it(`refuses a value holding ${what} before anything is sent`, () => {
      assert.throws(() => wireRoute(make()), message);
      const posted: unknown[] = [];
      const rejected: unknown[] = [];
      const outbox = new Outbox<unknown>(
        { postMessage: (data) => posted.push(data) },
        createWireCodec('msgpack'),
        { reject: (m) => rejected.push(m) },
      );
      const bad = make();
      outbox.send(bad);
      outbox.send({ fine: true });
      outbox.flush();
      assert.deepEqual(rejected, [bad]);
      assert.equal(posted.length, 1, 'the good message still leaves');
    });
  }
});

describe('Outbox', () => {
  it('posts a full batch inside the turn that filled it and the rest on flush', () => {
    const posted: unknown[] = [];
    const codec = createWireCodec('clone');
    const outbox = new Outbox<number>({ postMessage: (data) => posted.push(data) }, codec, {
      maxBatch: 4,
    });
    for (let i = 0; i < 6; i++) outbox.send(i);
    assert.deepEqual(posted, [{ kind: 'batch', messages: [0, 1, 2, 3] }]);
    outbox.flush();
    assert.deepEqual(posted[1], { kind: 'batch', messages: [4, 5] });
  });

  it('never rejects inside send when a full batch fails to encode (flush does, message by message)', () => {
    const posted: unknown[] = [];
    const rejected: unknown[] = [];
    const outbox = new Outbox<unknown>(
      { postMessage: (data) => posted.push(data) },
      createWireCodec('msgpack'),
      { maxBatch: 2, reject: (m) => rejected.push(m) },
    );
    const bad = { f: () => 1 };
    outbox.send(bad);
    outbox.send(1);
    outbox.send(2);
    assert.deepEqual(rejected, [], 'nothing is rejected synchronously');
    assert.equal(posted.length, 0);
    outbox.flush();
    assert.deepEqual(rejected, [bad]);
    assert.equal(posted.length, 2);
  });
});
