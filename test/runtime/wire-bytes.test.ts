/**
 * The byte level of the fixed-layout wire (`runtime/wire-bytes.ts`): the message layout (prefix,
 * string table with each string once, then the body), every value rebuilt as structured clone
 * would, what the layout refuses (`OFF_LAYOUT`), and the TypeError, with its message, for bytes
 * that are not such a message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteReader, ByteWriter, OFF_LAYOUT } from '../../src/runtime/wire-bytes.js';

/** The value tags of `wire-bytes.ts`. */
const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const INT = 4;
const DOUBLE = 5;
const STRING = 6;
const ARRAY = 7;

/** One message written by `write`, after a format byte `prefix`. */
function message(write: (out: ByteWriter) => void, prefix = 9): Uint8Array {
  const out = new ByteWriter();
  out.reset();
  write(out);
  return new Uint8Array(out.take(prefix));
}

/** Every value of a message written by `ByteWriter.value`, read back until its end. */
function readValues(bytes: Uint8Array): unknown[] {
  const input = new ByteReader(bytes, 1);
  const values: unknown[] = [];
  while (!input.done) values.push(input.value());
  return values;
}

/** Writes `values` and reads them back. */
function roundTrip(values: readonly unknown[]): unknown[] {
  return readValues(
    message((out) => {
      for (const v of values) out.value(v);
    }),
  );
}

/** Every detail structured clone keeps (`deepStrictEqual` tells `-0` from `0`). */
function assertExact(actual: unknown[], expected: readonly unknown[]): void {
  assert.deepStrictEqual(actual, structuredClone(expected));
}

/** A reader over a message of raw bytes: format byte, then `rest`. */
function reader(...rest: number[]): ByteReader {
  return new ByteReader(Uint8Array.from([9, ...rest]), 1);
}

function offLayout(value: unknown): unknown {
  try {
    message((out) => out.value(value));
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('ByteWriter and ByteReader: the layout', () => {
  it('writes the prefix, the string table (each string once, its length, one byte per character), then the body', () => {
    const bytes = message((out) => {
      out.string('ab');
      out.value('ab');
      out.value(0);
    });
    // prefix, 1 string of length 2, Latin-1, "ab", then STRING 0, STRING 0, INT 0.
    assert.deepEqual([...bytes], [9, 1, 2, 0, 0x61, 0x62, STRING, 0, STRING, 0, INT, 0]);
  });

  it('starts with an empty table and body, whether new or reset after a message', () => {
    assert.deepEqual([...new Uint8Array(new ByteWriter().take(3))], [3, 0, 0]);
    const out = new ByteWriter();
    out.reset();
    out.value('first');
    out.take(1);
    out.reset();
    out.value('second');
    assert.deepEqual(readValues(new Uint8Array(out.take(1))), ['second']);
  });

  it('writes int32s as zigzag varints, and -0 and every other number as the 8 bytes of a double', () => {
    const body = (value: number) => [...message((out) => out.value(value)).subarray(3)];
    assert.deepEqual(body(0), [INT, 0]);
    assert.deepEqual(body(-1), [INT, 1]);
    assert.deepEqual(body(1), [INT, 2]);
    assert.deepEqual(body(64), [INT, 0x80, 0x01]);
    assert.deepEqual(body(-0), [DOUBLE, 0, 0, 0, 0, 0, 0, 0, 0x80]);
    assert.deepEqual(body(2 ** 31), [DOUBLE, 0, 0, 0, 0, 0, 0, 0xe0, 0x41]);
  });

  it('writes a varint in 7-bit groups, low first, and reads every one back', () => {
    for (const [value, bytes] of [
      [0, [0]],
      [127, [0x7f]],
      [128, [0x80, 0x01]],
      [16383, [0xff, 0x7f]],
      [16384, [0x80, 0x80, 0x01]],
      [2 ** 32 - 1, [0xff, 0xff, 0xff, 0xff, 0x0f]],
    ] as const) {
      const written = message((out) => out.varint(value)).subarray(3);
      assert.deepEqual([...written], bytes, `${value}`);
      const input = reader(0, 0, ...bytes);
      assert.equal(input.varint(), value);
      assert.equal(input.done, true);
    }
  });

  it('rebuilds numbers exactly: every varint width, the int32 bounds, -0, NaN, infinities, doubles', () => {
    const numbers = [0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, -8193, 2 ** 20, 2 ** 31 - 1];
    const values = [
      ...numbers,
      -(2 ** 31),
      -0,
      Number.NaN,
      -Infinity,
      0.1,
      2 ** 53,
      -(2 ** 31) - 1,
    ];
    // Each also followed by another value, and each last in its message.
    assertExact(
      roundTrip(values.flatMap((v) => [v, true])),
      values.flatMap((v) => [v, true]),
    );
    for (const v of values) assertExact(roundTrip([v]), [v]);
  });

  it('rebuilds undefined, null, booleans and arrays of scalars, in the body or last', () => {
    const values = [undefined, null, true, false, [], [1, 'a', null, undefined, -0, 2.5], 'end'];
    assertExact(roundTrip(values), values);
    for (const v of values) assert.deepStrictEqual(roundTrip([v]), [v]);
    assert.deepStrictEqual(roundTrip([[true, false]]), [[true, false]]);
  });

  it('rebuilds strings by their code units: Latin-1, only wide characters, a lone surrogate, long and short', () => {
    const values = [
      '',
      'caf\u00e9 \u00ff \u0000',
      '\u2603',
      '\ud800',
      'a'.repeat(12),
      'b'.repeat(13),
      `\u00e9${'c'.repeat(40)}`,
    ];
    for (const v of values) assert.deepStrictEqual(roundTrip([v]), [v]);
    assert.deepStrictEqual(roundTrip(['\u2603', '\u26a1']), ['\u2603', '\u26a1']);
    assert.deepStrictEqual(roundTrip(values), values);
  });

  it('names each of 16,400 strings by its index in the table, however many bytes the index takes', () => {
    // Indexes of one, two and three bytes (from 16,384 on, the second of them 0x80).
    const values = Array.from({ length: 16_400 }, (_, i) => `s${i}`).flatMap((v) => [v, 1]);
    values.push('last');
    assert.deepStrictEqual(roundTrip(values), values);
  });

  it('grows past its first 64 KiB without losing a byte', () => {
    const big = Array.from({ length: 40_000 }, (_, i) => i);
    const back = roundTrip([big, 'after', big]);
    assert.deepStrictEqual(back, [big, 'after', big]);
  });
});

describe('ByteWriter: what the layout does not carry', () => {
  class Listed<T> extends Array<T> {}
  const refused: readonly [string, () => unknown][] = [
    ['an object', () => ({ a: 1 })],
    ['a Map', () => new Map()],
    ['an object made from Array.prototype', () => Object.create(Array.prototype)],
    ['an Array subclass', () => Listed.from([1])],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test
    ['an array with a hole', () => [1, , 3]],
    ['an array holding an object', () => [1, { a: 1 }]],
    ['an array holding an array', () => [[1]]],
    ['a BigInt', () => 1n],
    ['a symbol', () => Symbol('s')],
    ['a function', () => () => 1],
  ];
  for (const [what, make] of refused) {
    it(`throws OFF_LAYOUT for ${what}`, () => {
      assert.equal(offLayout(make()), OFF_LAYOUT);
    });
  }

  it('carries an array holding null or an explicit undefined', () => {
    assert.equal(offLayout([null, 1, undefined]), undefined);
  });
});

describe('ByteReader: bytes that are not a message', () => {
  const cases: readonly [string, () => unknown, RegExp][] = [
    ['a string table longer than the bytes', () => reader(5, 0), /^the string table runs past/],
    [
      'a string table longer than the bytes after an offset',
      () => new ByteReader(Uint8Array.from([1, 2, 3, 4, 5, 6, 0]), 5),
      /^the string table runs past the end$/,
    ],
    ['lengths without the width byte', () => reader(2, 0, 0), /^the message ends early$/],
    ['table text cut short', () => reader(1, 4, 1, 0x41, 0), /^the message ends early$/],
    ['a varint of six bytes', () => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x01), /too long$/],
    ['an empty message', () => reader(), /^the message ends early$/],
  ];
  for (const [what, read, message] of cases) {
    it(`refuses ${what} with a TypeError`, () => {
      assert.throws(
        read,
        (error: unknown) => error instanceof TypeError && message.test(error.message),
      );
    });
  }

  const values: readonly [string, number[], RegExp][] = [
    ['a string index past the table', [STRING, 1], /^a string index is not in the table$/],
    ['a string index past the table, mid-message', [STRING, 1, TRUE, TRUE], /not in the table/],
    ['an INT tag at the very end', [INT], /^the message ends early$/],
    ['a varint cut short after an INT tag', [INT, 0x80], /^the message ends early$/],
    ['a string index cut short', [STRING, 0x80], /^the message ends early$/],
    ['a double cut short', [DOUBLE, 0, 0, 0], /^the message ends early$/],
    ['an array longer than the bytes', [ARRAY, 10, TRUE], /^an array runs past the end$/],
    ['an unknown tag', [9], /^unknown value tag 9$/],
  ];
  for (const [what, body, message] of values) {
    it(`refuses ${what} with a TypeError`, () => {
      // One string, "a", in the table.
      const input = reader(1, 1, 0, 0x61, ...body);
      assert.throws(
        () => input.value(),
        (error: unknown) => error instanceof TypeError && message.test(error.message),
      );
    });
  }

  it('refuses an array longer than the bytes after an offset', () => {
    const junk = new Array<number>(20).fill(0xee);
    const input = new ByteReader(Uint8Array.from([...junk, 0, 0, ARRAY, 10, TRUE]), 20);
    assert.throws(() => input.value(), /^TypeError: an array runs past the end$/);
  });

  it('refuses to read a byte past the end, and to take a number for a string', () => {
    const input = reader(0, 0, INT, 2);
    assert.throws(() => input.string(), /^TypeError: a string was expected$/);
    assert.equal(input.done, true);
    assert.throws(() => input.byte(), /^TypeError: the message ends early$/);
  });

  it('is done only when every byte was read', () => {
    const input = reader(0, 0, NULL, UNDEFINED, FALSE);
    assert.equal(input.done, false);
    assert.equal(input.value(), null);
    assert.equal(input.value(), undefined);
    assert.equal(input.done, false);
    assert.equal(input.value(), false);
    assert.equal(input.done, true);
  });
});
