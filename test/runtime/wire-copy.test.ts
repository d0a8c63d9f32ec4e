/**
 * `copyForWire` (`runtime/wire-fidelity.ts`), the copy the in-thread wire delivers: equal to
 * what `structuredClone` gives, handed-over objects passed as they are, and refused, with the
 * message of `wireRoute`, what no wire carries. Also `wireRoute`'s bounds on 64-bit integers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handOver } from '../../src/model/hand-over.js';
import { copyForWire, wireRoute } from '../../src/runtime/wire-fidelity.js';

function nested(depth: number, leaf: unknown = 'leaf'): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = { v: value };
  return value;
}

describe('copyForWire', () => {
  it('copies plain data member by member: a value equal to structuredClone, sharing no object', () => {
    const value = {
      s: 'text',
      n: 1.5,
      z: -0,
      b: true,
      u: undefined,
      none: null,
      big: 2n ** 64n - 1n,
      small: -(2n ** 63n),
      list: [1, 'a', { x: [2] }],
      map: new Map<unknown, unknown>([['k', { deep: 1 }]]),
      bare: Object.assign(Object.create(null) as object, { a: 1 }),
    };
    const copy = copyForWire(value) as typeof value;
    assert.deepStrictEqual(copy, structuredClone(value));
    assert.notEqual(copy, value);
    assert.notEqual(copy.list, value.list);
    assert.notEqual(copy.list[2], value.list[2]);
    assert.notEqual(copy.map, value.map);
    assert.notEqual(copy.map.get('k'), value.map.get('k'));
    assert.ok(Object.is(copy.z, -0));
    assert.equal(
      Object.getPrototypeOf(copy.bare),
      Object.prototype,
      'as structured clone makes it',
    );
  });

  it('passes a handed-over object as it is, wherever it sits in plain data', () => {
    const given = handOver({ name: 'Given' });
    const bare = Object.assign(Object.create(null) as object, { given, n: 1 });
    const value = {
      s: 'a',
      b: false,
      u: undefined,
      n: 2,
      small: -(2n ** 63n),
      big: 2n ** 64n - 1n,
      bytes: new Uint8Array([1]),
      given,
      list: [given],
      map: new Map([['k', given]]),
      bare,
    };
    const copy = copyForWire(value) as typeof value & { bare: { given: object } };
    assert.equal(copy.given, given);
    assert.equal(copy.list[0], given);
    assert.equal(copy.map.get('k'), given);
    assert.equal(copy.bare.given, given);
    assert.equal(copyForWire(given), given);
  });

  it('keeps holes as holes, a trailing one included, and the length', () => {
    // biome-ignore lint/suspicious/noSparseArray: the holes are the case under test
    const list = [1, , 3, ,];
    const copy = copyForWire(list) as unknown[];
    assert.equal(copy.length, 4);
    assert.equal(1 in copy, false);
    assert.equal(3 in copy, false);
    assert.deepStrictEqual(copy, structuredClone(list));
  });

  it('leaves out inherited members, as structured clone does', () => {
    const child = Object.create({ inherited: 1 }) as Record<string, unknown>;
    child['own'] = 2;
    const copy = copyForWire(child) as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(copy), ['own']);
    assert.equal('inherited' in copy, false);
  });

  it('keeps an own __proto__ member as a writable, enumerable, configurable property', () => {
    const parsed = JSON.parse('{"a":1,"__proto__":{"polluted":true},"b":2}') as object;
    const copy = copyForWire(parsed) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.deepEqual(Object.keys(copy), ['a', '__proto__', 'b']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(copy, '__proto__'), {
      value: { polluted: true },
      writable: true,
      enumerable: true,
      configurable: true,
    });
    assert.equal('polluted' in copy, false);
  });

  it('copies the bytes of a Uint8Array, and shares those of a SharedArrayBuffer, as clone does', () => {
    const bytes = new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 4);
    const copy = copyForWire(bytes) as Uint8Array;
    assert.deepEqual([...copy], [1, 2, 3]);
    assert.equal(copy.byteOffset, 1);
    assert.notEqual(copy.buffer, bytes.buffer);
    bytes[0] = 9;
    assert.equal(copy[0], 1, 'the copy does not see later writes');
    const shared = new Uint8Array(new SharedArrayBuffer(4));
    assert.equal((copyForWire(shared) as Uint8Array).buffer, shared.buffer);
  });

  it('gives what structuredClone gives for what is not plain data, with no object shared', () => {
    const given = handOver({ name: 'Given' });
    for (const value of [
      new Date(0),
      { d: new Date(0), given },
      new Set([1]),
      { constructor: undefined, given },
      Object.assign(Object.create(null) as object, { constructor: 5, given }),
      new (class Point {
        x = 1;
      })(),
      new Uint16Array([1, 2]),
    ]) {
      const copy = copyForWire(value);
      assert.deepStrictEqual(copy, structuredClone(value));
      const inner = (copy as { given?: unknown }).given;
      if (inner !== undefined) assert.notEqual(inner, given, 'cloned whole');
    }
  });

  it('copies 256 levels of nesting and refuses 257 with the RangeError of wireRoute', () => {
    assert.deepStrictEqual(copyForWire(nested(256)), nested(256));
    assert.throws(
      () => copyForWire(nested(257)),
      (error: unknown) =>
        error instanceof RangeError && error.message === 'the object is nested deeper than 256',
    );
  });

  const refused: readonly [string, () => unknown, new () => Error, string][] = [
    ['a function', () => ({ f: () => 1 }), TypeError, 'a function cannot be sent'],
    ['a symbol', () => [Symbol('x')], TypeError, 'a symbol cannot be sent'],
    [
      'a BigInt above 2^64 - 1',
      () => ({ v: 2n ** 64n }),
      RangeError,
      "18446744073709551616 does not fit the wire's 64-bit integers",
    ],
    [
      'a BigInt below -2^63',
      () => new Map([['v', -(2n ** 63n) - 1n]]),
      RangeError,
      "-9223372036854775809 does not fit the wire's 64-bit integers",
    ],
    [
      'a cycle',
      () => {
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        return cyclic;
      },
      RangeError,
      'the object is nested deeper than 256',
    ],
  ];
  for (const [what, make, type, message] of refused) {
    it(`refuses ${what} with the ${type.name} "${message}"`, () => {
      assert.throws(
        () => copyForWire(make()),
        (error: unknown) => error instanceof type && (error as Error).message === message,
      );
    });
  }

  it('lets what a getter throws reach the caller, reading the getter once', () => {
    const failure = new Error('getter failed');
    let reads = 0;
    const value = {
      get flaky(): number {
        reads++;
        if (reads === 1) throw failure;
        return 1;
      },
    };
    assert.throws(() => copyForWire(value), failure);
    assert.equal(reads, 1);
  });
});

describe('wireRoute: 64-bit integers', () => {
  it('packs BigInts from -2^63 to 2^64 - 1 and refuses one past either end with its message', () => {
    assert.equal(wireRoute([-(2n ** 63n), 2n ** 64n - 1n]), 'pack');
    assert.throws(
      () => wireRoute({ v: -(2n ** 63n) - 1n }),
      (error: unknown) =>
        error instanceof RangeError &&
        error.message === "-9223372036854775809 does not fit the wire's 64-bit integers",
    );
    assert.throws(() => wireRoute(2n ** 64n), /^RangeError: 18446744073709551616 does not fit/);
  });

  it('packs +0 and sends -0 by clone', () => {
    assert.equal(wireRoute({ v: 0, u: undefined, s: '', b: false }), 'pack');
    assert.equal(wireRoute([0, -0]), 'clone');
  });
});
