/**
 * `decodeMof` checks UTF-8 natively and positions an error with its own byte loop: the two must
 * agree on every input, or a malformed file would decode lossily (U+FFFD) instead of failing.
 * Node's `isUtf8` is the independent judge of well-formedness.
 */
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeMof } from '../../src/mof/decode-mof.js';
import { MofError } from '../../src/mof/mof-error.js';

/** Mostly ASCII MOF-like text with high bytes, lead bytes and continuation bytes mixed in. */
const mofBytes = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
      { weight: 1, arbitrary: fc.constant(0x0a) },
      { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xbf }) },
      { weight: 2, arbitrary: fc.integer({ min: 0xc0, max: 0xff }) },
    ),
    { minLength: 2, maxLength: 64 },
  )
  // A leading ASCII character, so no input is taken for UTF-16 without a mark.
  .map((codes) => Uint8Array.from([0x2f, ...codes]));

describe('decodeMof (UTF-8)', () => {
  it('decodes exactly the well-formed inputs and refuses the others with a position', () => {
    fc.assert(
      fc.property(mofBytes, (bytes) => {
        if (isUtf8(bytes)) {
          assert.equal(decodeMof(bytes, 'p.mof'), new TextDecoder('utf-8').decode(bytes));
        } else {
          assert.throws(
            () => decodeMof(bytes, 'p.mof'),
            (e: unknown) => e instanceof MofError && e.line >= 1 && e.column >= 1,
          );
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes well-formed multi-byte text unchanged when it holds every sequence length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (text) => {
        const bytes = new TextEncoder().encode(`/${text}`);
        assert.equal(decodeMof(bytes, 'p.mof'), `/${text}`);
      }),
      { numRuns: 500 },
    );
  });
});
