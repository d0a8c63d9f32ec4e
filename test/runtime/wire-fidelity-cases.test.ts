/**
 * Cases of `copyForWire` (`runtime/wire-fidelity.ts`) found by mutation testing: numbers of any
 * size are plain data, copied member by member with the rest (a handed-over object stays itself,
 * a sub-object reached twice comes out twice), not sent through structured clone whole.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handOver } from '../../src/model/hand-over.js';
import { copyForWire } from '../../src/runtime/wire-fidelity.js';

describe('copyForWire: numbers beyond the 64-bit integers', () => {
  for (const n of [1e20, -1e20, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
    it(`copies plain data holding ${n} member by member, a handed-over object passed as it is`, () => {
      const given = handOver({ name: 'Given' });
      const shared = { s: 'shared' };
      const value = { n, given, a: shared, b: shared };
      const copy = copyForWire(value) as typeof value;
      assert.deepStrictEqual(copy.n, n);
      assert.equal(copy.given, given);
      // Member by member: a sub-object reached twice is copied twice, as msgpack gives it.
      assert.notEqual(copy.a, copy.b);
      assert.deepStrictEqual(copy.a, shared);
      assert.notEqual(copy.a, shared);
    });
  }
});
