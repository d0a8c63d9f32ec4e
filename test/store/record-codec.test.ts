import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { keyComponents, prefixRange, storeKey } from '../../src/store/durable/keys.js';
import { createRecordCodec, seal, unseal } from '../../src/store/durable/record-codec.js';
import { WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { intricateClassRecord, richClassRecord } from './store-fixtures.js';

/** Values as the model holds them: scalars, arrays, plain objects and Maps, nested. */
const modelValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    // -0 is the one value not kept: MessagePack writes it as the integer 0 (see below).
    fc.double().filter((x) => !Object.is(x, -0)),
    fc.string({ unit: 'grapheme' }),
    fc.array(tie('value'), { maxLength: 4 }),
    // Plain objects in the model have fixed field names; names (`__proto__` too) live in Maps.
    fc.dictionary(
      fc.string().filter((k) => k !== '__proto__'),
      tie('value'),
      {
        maxKeys: 4,
        noNullPrototype: true,
      },
    ),
    fc
      .array(fc.tuple(fc.string(), tie('value')), { maxLength: 4 })
      .map((entries) => new Map(entries)),
  ),
})).value;

describe('record codec', () => {
  it('round-trips model records exactly, Maps and embedded objects included', () => {
    const codec = createRecordCodec();
    for (const record of [intricateClassRecord('Ünï_😀'), richClassRecord('Rich', 'Base')]) {
      const back = createRecordCodec().decode(codec.encode(record));
      assert.deepEqual(back, record);
    }
  });

  it('round-trips any nesting of Maps, arrays, objects and scalars through a fresh codec', () => {
    const codec = createRecordCodec();
    fc.assert(
      fc.property(modelValue, (value) => {
        assert.deepEqual(createRecordCodec().decode(codec.encode(value)), value);
      }),
      { numRuns: 300 },
    );
  });

  it('stores negative zero as zero when a real value is -0', () => {
    const codec = createRecordCodec();
    assert.equal(Object.is(codec.decode(codec.encode(-0)), 0), true);
    assert.ok(Number.isNaN(codec.decode(codec.encode(Number.NaN))));
  });

  it('fails to decode when any byte of a sealed record changes', () => {
    const codec = createRecordCodec();
    const key = storeKey('root', 'c', 'rich');
    const sealed = codec.encode(richClassRecord('Rich', 'Base'), key);
    fc.assert(
      fc.property(
        fc.nat({ max: sealed.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, flip) => {
          const damaged = Buffer.from(sealed);
          damaged[at] = (damaged[at] ?? 0) ^ flip;
          assert.throws(() => codec.decode(damaged, key), /checksum mismatch|not a sealed record/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fails to decode a record read under another key, or cut short', () => {
    const codec = createRecordCodec();
    const sealed = codec.encode({ path: 'root/a' }, storeKey('', 'ns', 'root/a'));
    assert.deepEqual(codec.decode(sealed, storeKey('', 'ns', 'root/a')), { path: 'root/a' });
    assert.throws(() => codec.decode(sealed, storeKey('', 'ns', 'root/b')), /checksum mismatch/);
    assert.throws(() => codec.decode(sealed.subarray(0, 4)), /not a sealed record/);
    assert.throws(() => unseal(Buffer.from('plain')), /not a sealed record/);
    assert.deepEqual(
      unseal(seal(Buffer.from('text'), Buffer.from('k')), Buffer.from('k')),
      Buffer.from('text'),
    );
  });

  it('fails with WBEM_E_INVALID_PARAMETER when a value cannot be stored', () => {
    assert.throws(
      () => createRecordCodec().encode({ odd: Symbol('x') }),
      (error: unknown) => error instanceof WbemError && error.hresult === WBEM_E_INVALID_PARAMETER,
    );
  });
});

describe('store keys', () => {
  it('encodes distinct component lists to distinct keys', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 4 }),
        fc.array(fc.string(), { maxLength: 4 }),
        (a, b) => {
          const same = a.length === b.length && a.every((x, i) => x === b[i]);
          assert.equal(storeKey(...a).equals(storeKey(...b)), same);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads short components back and hashes long ones to a bounded size', () => {
    assert.deepEqual(keyComponents(storeKey('root/cimv2', 'c', 'win32_process')), [
      'root/cimv2',
      'c',
      'win32_process',
    ]);
    const long = storeKey('ns', 'i', 'x'.repeat(5000));
    assert.ok(long.length < 200);
    assert.notDeepEqual(long, storeKey('ns', 'i', `${'x'.repeat(4999)}y`));
  });

  it('puts every key of a prefix inside its range and keys of sibling prefixes outside', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.array(fc.string({ maxLength: 600 }), { maxLength: 3 }),
        (ns, other, rest) => {
          const { start, end } = prefixRange(storeKey(ns));
          const inside = storeKey(ns, ...rest);
          assert.ok(Buffer.compare(start, inside) <= 0 && Buffer.compare(inside, end) < 0);
          if (other !== ns) {
            const outside = storeKey(other, ...rest);
            assert.ok(Buffer.compare(outside, start) < 0 || Buffer.compare(outside, end) >= 0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
