import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { formatWql, parseWql } from '../../src/wql/index.js';
import { wqlArbitraries } from './helpers/wql-arbitraries.js';

const { query } = wqlArbitraries();

/** Parsing may fail only with a WbemError. */
function parsesOrWbemError(text: string): void {
  try {
    parseWql(text);
  } catch (thrown) {
    if (!(thrown instanceof WbemError)) throw thrown;
  }
}

const TOKENS = [
  'SELECT',
  '*',
  'FROM',
  'WHERE',
  '(',
  ')',
  'AND',
  'OR',
  'NOT',
  '=',
  '<>',
  "'x'",
  '"y',
  '1',
  '-2.5e3',
  'A',
  '.',
  ',',
  '{A.B=1}',
  '{',
  'ASSOCIATORS',
  'REFERENCES',
  'OF',
  'GROUP',
  'WITHIN',
  'BY',
  'HAVING',
  'LIKE',
  'IS',
  'NULL',
  'ISA',
  'meta_class',
  'ClassDefsOnly',
  'Role',
  'COUNT',
  'ORDER',
  '0x',
  '\u0000',
  '\\',
];

describe('parseWql (property)', () => {
  it('parses the printed text back to the same tree when the tree is any valid query', () => {
    fc.assert(
      fc.property(query, (q) => {
        const text = formatWql(q);
        const parsed = parseWql(text);
        // fast-check records have no prototype; the parser builds plain objects.
        assert.deepEqual(parsed, structuredClone(q));
        assert.equal(formatWql(parsed), text);
      }),
      { numRuns: 400 },
    );
  });

  it('throws nothing but WbemError when the text is any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), parsesOrWbemError), {
      numRuns: 1000,
    });
  });

  it('throws nothing but WbemError when the text is decoded from random bytes', () => {
    const decoders = [
      new TextDecoder('utf-8'),
      new TextDecoder('latin1'),
      new TextDecoder('utf-16le'),
    ];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(2), (bytes, d) => {
        parsesOrWbemError((decoders[d] as InstanceType<typeof TextDecoder>).decode(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but WbemError when the text is a soup of WQL tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), (tokens) =>
        parsesOrWbemError(tokens.join(' ')),
      ),
      { numRuns: 2000 },
    );
  });

  it('throws nothing but WbemError when a valid query is cut or has a character changed', () => {
    fc.assert(
      fc.property(query, fc.nat(), fc.string({ unit: 'binary', maxLength: 2 }), (q, at, insert) => {
        const text = formatWql(q);
        const i = at % (text.length + 1);
        parsesOrWbemError(text.slice(0, i));
        parsesOrWbemError(text.slice(0, i) + insert + text.slice(i + 1));
      }),
      { numRuns: 500 },
    );
  });
});
