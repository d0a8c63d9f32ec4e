/**
 * @module fast-check arbitraries of WQL syntax trees: any query `formatWql` can print and
 * `parseWql` must read back. Names come from `names` (random identifiers by default), so the
 * evaluators can be fed queries over a known namespace.
 */
import fc from 'fast-check';
import type {
  WqlAssociationQuery,
  WqlExpression,
  WqlLiteral,
  WqlOperand,
  WqlPropertyRef,
  WqlQuery,
  WqlSelect,
} from '../../../src/wql/index.js';

const RESERVED = new Set(
  'AND OR NOT TRUE FALSE NULL LIKE IS ISA WHERE FROM GROUP WITHIN BY HAVING SELECT ASSOCIATORS REFERENCES OF IN BETWEEN EXISTS ORDER UNION LIMIT JOIN INNER LEFT RIGHT FULL CROSS AS DISTINCT TOP ALL META_CLASS'.split(
    ' ',
  ),
);
const randomIdent: fc.Arbitrary<string> = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/)
  .filter((s) => !RESERVED.has(s.toUpperCase()));

/** WQL names that are not keywords. */
export const wqlIdent: fc.Arbitrary<string> = randomIdent;

export interface WqlArbitraries {
  readonly expression: fc.Arbitrary<WqlExpression>;
  readonly select: fc.Arbitrary<WqlSelect>;
  readonly association: fc.Arbitrary<WqlAssociationQuery>;
  readonly query: fc.Arbitrary<WqlQuery>;
}

export function wqlArbitraries(ident: fc.Arbitrary<string> = randomIdent): WqlArbitraries {
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
                right: fc
                  .nat()
                  .map((n) => ({ kind: 'number' as const, value: n, text: String(n) })),
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
  return { expression, select, association, query };
}
