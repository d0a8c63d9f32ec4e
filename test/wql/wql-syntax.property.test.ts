import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WbemError } from '../../src/wbem/wbem-error.js';
import type {
  WqlAssociationQuery,
  WqlExpression,
  WqlLiteral,
  WqlOperand,
  WqlPropertyRef,
  WqlQuery,
  WqlSelect,
} from '../../src/wql/index.js';
import { formatWql, parseWql } from '../../src/wql/index.js';

const RESERVED = new Set(
  'AND OR NOT TRUE FALSE NULL LIKE IS ISA WHERE FROM GROUP WITHIN BY HAVING SELECT ASSOCIATORS REFERENCES OF IN BETWEEN EXISTS ORDER UNION LIMIT JOIN INNER LEFT RIGHT FULL CROSS AS DISTINCT TOP ALL META_CLASS'.split(
    ' ',
  ),
);
const ident = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/)
  .filter((s) => !RESERVED.has(s.toUpperCase()));
const property: fc.Arbitrary<WqlPropertyRef> = fc
  .array(ident, { minLength: 1, maxLength: 3 })
  .map((path) => ({ kind: 'property', path }));
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
);
const literal: fc.Arbitrary<WqlLiteral> = fc.oneof(
  fc.string().map((value) => ({ kind: 'string' as const, value })),
  numberText.map((text) => ({ kind: 'number' as const, value: Number(text), text })),
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
  fc.constant({ kind: 'null' as const }),
);
const operand: fc.Arbitrary<WqlOperand> = fc.oneof(property, literal);
const op = fc.constantFrom('=', '<>', '!=', '<', '>', '<=', '>=' as const);

const { expression } = fc.letrec<{ expression: WqlExpression; test: WqlExpression }>((tie) => ({
  test: fc.oneof(
    fc.record({ kind: fc.constant('compare' as const), op, left: operand, right: operand }),
    fc.record({ kind: fc.constant('like' as const), property, pattern: fc.string() }),
    fc.record({ kind: fc.constant('is-null' as const), property, negated: fc.boolean() }),
    fc.record({ kind: fc.constant('isa' as const), property, className: ident }),
  ),
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('test'),
    fc.record({ kind: fc.constant('not' as const), operand: tie('expression') }),
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      left: tie('expression'),
      right: tie('expression'),
    }),
  ),
}));

const seconds = fc.double({ min: 0.001, max: 1e6, noNaN: true });
const select: fc.Arbitrary<WqlSelect> = fc
  .record(
    {
      properties: fc.option(fc.array(property, { minLength: 1, maxLength: 4 }), { nil: null }),
      from: ident,
      within: seconds,
      where: expression,
      group: fc
        .record(
          {
            within: seconds,
            by: fc.array(property, { maxLength: 3 }),
            having: fc.record({
              kind: fc.constant('compare' as const),
              op,
              left: fc.constant({ kind: 'property' as const, path: ['NumberOfEvents'] }),
              right: fc.nat().map((n) => ({ kind: 'number' as const, value: n, text: String(n) })),
            }),
          },
          { requiredKeys: ['within', 'by'] },
        )
        .map((g) => ({ ...g })),
    },
    { requiredKeys: ['properties', 'from'] },
  )
  .map((q) => ({ kind: 'select', ...q }));

const path = fc.oneof(
  ident,
  fc.tuple(ident, ident, fc.integer()).map(([c, k, v]) => `${c}.${k}=${v}`),
  fc
    .tuple(
      ident,
      ident,
      fc.string().filter((s) => !/["\\]/.test(s)),
    )
    .map(([c, k, v]) => `${c}.${k}="${v}"`),
);
const association: fc.Arbitrary<WqlAssociationQuery> = fc
  .record({
    kind: fc.constantFrom('associators' as const, 'references' as const),
    path,
    assocClass: fc.option(ident, { nil: undefined }),
    resultClass: fc.option(fc.oneof(ident, fc.string({ minLength: 1 })), { nil: undefined }),
    resultRole: fc.option(ident, { nil: undefined }),
    role: fc.option(ident, { nil: undefined }),
    requiredQualifier: fc.option(ident, { nil: undefined }),
    requiredAssocQualifier: fc.option(ident, { nil: undefined }),
    defs: fc.constantFrom('none', 'classDefsOnly', 'schemaOnly'),
    keysOnly: fc.boolean(),
  })
  .map((r) => {
    const filter: Record<string, unknown> = {
      classDefsOnly: r.defs === 'classDefsOnly',
      schemaOnly: r.defs === 'schemaOnly',
      keysOnly: r.keysOnly,
    };
    const valued =
      r.kind === 'associators'
        ? ([
            'assocClass',
            'resultClass',
            'resultRole',
            'role',
            'requiredQualifier',
            'requiredAssocQualifier',
          ] as const)
        : (['resultClass', 'role', 'requiredQualifier'] as const);
    for (const k of valued) if (r[k] !== undefined) filter[k] = r[k];
    return {
      kind: r.kind,
      path: r.path.trim() === r.path ? r.path : 'X',
      filter,
    } as unknown as WqlAssociationQuery;
  });
const query: fc.Arbitrary<WqlQuery> = fc.oneof(select, association);

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
