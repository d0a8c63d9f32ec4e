/**
 * `compareValues`, WQL's comparison of a property value with a constant or another property:
 * NULL and missing values compare false, numbers and numeric text compare as numbers (exactly
 * for integers), strings case-insensitively, booleans with TRUE/FALSE text and 0/1.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { CimValue } from '../../src/model/cim-value.js';
import type { WqlComparisonOperator } from '../../src/wql/ast.js';
import { compareValues } from '../../src/wql/compare-values.js';

type Operand = CimValue | bigint | undefined;

interface Case {
  readonly desc: string;
  readonly left: Operand;
  readonly op: WqlComparisonOperator;
  readonly right: Operand;
  readonly expect: boolean;
}

function check(cases: readonly Case[]): void {
  for (const c of cases) {
    it(`${c.desc}`, () => {
      assert.equal(compareValues(c.left, c.op, c.right), c.expect);
    });
  }
}

/** 2^53 + 1, which no number holds exactly. */
const PAST_2_53 = 9007199254740993n;

describe('compareValues: NULL, missing values, arrays and objects do not compare', () => {
  check([
    { desc: 'NULL = NULL is false', left: null, op: '=', right: null, expect: false },
    { desc: "NULL <> 'x' is false", left: null, op: '<>', right: 'x', expect: false },
    { desc: "'x' <> NULL is false", left: 'x', op: '<>', right: null, expect: false },
    {
      desc: "a missing value <> 'x' is false",
      left: undefined,
      op: '<>',
      right: 'x',
      expect: false,
    },
    {
      desc: "'x' <> a missing value is false",
      left: 'x',
      op: '<>',
      right: undefined,
      expect: false,
    },
    { desc: 'a missing value <> 5 is false', left: undefined, op: '<>', right: 5, expect: false },
    {
      desc: 'TRUE <> a missing value is false',
      left: true,
      op: '<>',
      right: undefined,
      expect: false,
    },
    { desc: "'a' = an array ['a'] is false", left: 'a', op: '=', right: ['a'], expect: false },
    { desc: '1 = an array [1] is false', left: 1, op: '=', right: [1], expect: false },
    { desc: "an array ['a'] <> 'b' is false", left: ['a'], op: '<>', right: 'b', expect: false },
    {
      desc: "an embedded object <> 'x' is false",
      left: cimInstance('X', { Name: 'x' }),
      op: '<>',
      right: 'x',
      expect: false,
    },
  ]);
});

describe('compareValues: each operator', () => {
  check([
    { desc: '2 != 1 is true', left: 2, op: '!=', right: 1, expect: true },
    { desc: '1 != 2 is true', left: 1, op: '!=', right: 2, expect: true },
    { desc: '1 != 1 is false', left: 1, op: '!=', right: 1, expect: false },
    { desc: '2 <> 1 is true', left: 2, op: '<>', right: 1, expect: true },
    { desc: '1 < 2 is true', left: 1, op: '<', right: 2, expect: true },
    { desc: '1 < 1 is false', left: 1, op: '<', right: 1, expect: false },
    { desc: '1 > 1 is false', left: 1, op: '>', right: 1, expect: false },
    { desc: '2 > 1 is true', left: 2, op: '>', right: 1, expect: true },
    { desc: '1 <= 2 is true', left: 1, op: '<=', right: 2, expect: true },
    { desc: '1 <= 1 is true', left: 1, op: '<=', right: 1, expect: true },
    { desc: '2 <= 1 is false', left: 2, op: '<=', right: 1, expect: false },
    { desc: '1 >= 1 is true', left: 1, op: '>=', right: 1, expect: true },
    { desc: '1 >= 2 is false', left: 1, op: '>=', right: 2, expect: false },
  ]);
});

describe('compareValues: strings compare case-insensitively', () => {
  check([
    { desc: "'ABC' = 'abc' is true", left: 'ABC', op: '=', right: 'abc', expect: true },
    { desc: "'apple' < 'Banana' is true", left: 'apple', op: '<', right: 'Banana', expect: true },
    { desc: "'Banana' > 'apple' is true", left: 'Banana', op: '>', right: 'apple', expect: true },
    { desc: "'apple' > 'Banana' is false", left: 'apple', op: '>', right: 'Banana', expect: false },
  ]);
});

describe('compareValues: booleans accept TRUE/FALSE text and 0/1', () => {
  check([
    { desc: "TRUE = 'TRUE' is true", left: true, op: '=', right: 'TRUE', expect: true },
    { desc: "'true' = TRUE is true", left: 'true', op: '=', right: true, expect: true },
    { desc: "FALSE = 'False' is true", left: false, op: '=', right: 'False', expect: true },
    { desc: "FALSE = 'FALSE' is true", left: false, op: '=', right: 'FALSE', expect: true },
    { desc: "TRUE = 'FALSE' is false", left: true, op: '=', right: 'FALSE', expect: false },
    {
      desc: "TRUE = ' TRUE ' (blanks around) is true",
      left: true,
      op: '=',
      right: ' TRUE ',
      expect: true,
    },
    { desc: "FALSE = 'yes' is false", left: false, op: '=', right: 'yes', expect: false },
    { desc: "TRUE = 'yes' is false", left: true, op: '=', right: 'yes', expect: false },
    {
      desc: "FALSE <> 'yes' is false (does not compare)",
      left: false,
      op: '<>',
      right: 'yes',
      expect: false,
    },
    { desc: 'TRUE = 1 is true', left: true, op: '=', right: 1, expect: true },
    { desc: 'FALSE = 0 is true', left: false, op: '=', right: 0, expect: true },
    { desc: 'TRUE = 0 is false', left: true, op: '=', right: 0, expect: false },
    { desc: 'FALSE = 1 is false', left: false, op: '=', right: 1, expect: false },
    { desc: 'TRUE = 2 is false', left: true, op: '=', right: 2, expect: false },
    {
      desc: 'TRUE <> 2 is false (does not compare)',
      left: true,
      op: '<>',
      right: 2,
      expect: false,
    },
    {
      desc: '2 <> TRUE is false (does not compare)',
      left: 2,
      op: '<>',
      right: true,
      expect: false,
    },
    { desc: 'TRUE > FALSE is true', left: true, op: '>', right: false, expect: true },
    {
      desc: 'TRUE <> an integer past 2^53 is false (does not compare)',
      left: true,
      op: '<>',
      right: PAST_2_53,
      expect: false,
    },
    {
      desc: 'an integer past 2^53 <> FALSE is false (does not compare)',
      left: PAST_2_53,
      op: '<>',
      right: false,
      expect: false,
    },
  ]);
});

describe('compareValues: numeric text compares as its number', () => {
  check([
    { desc: "'5' = 5", left: '5', op: '=', right: 5, expect: true },
    { desc: "'+5' = 5", left: '+5', op: '=', right: 5, expect: true },
    { desc: "'-5' < 0", left: '-5', op: '<', right: 0, expect: true },
    { desc: "' 5' = 5 (blanks around the text)", left: ' 5', op: '=', right: 5, expect: true },
    { desc: "5 = ' 5 ' (blanks around the text)", left: 5, op: '=', right: ' 5 ', expect: true },
    { desc: "'12.5' > 12", left: '12.5', op: '>', right: 12, expect: true },
    { desc: "'2.5' = 2 is false", left: '2.5', op: '=', right: 2, expect: false },
    { desc: "2 < '2.5'", left: 2, op: '<', right: '2.5', expect: true },
    { desc: "'1.25' = 1.25", left: '1.25', op: '=', right: 1.25, expect: true },
    { desc: "'.25' = 0.25", left: '.25', op: '=', right: 0.25, expect: true },
    { desc: "'12.' = 12", left: '12.', op: '=', right: 12, expect: true },
    { desc: "'1e3' = 1000", left: '1e3', op: '=', right: 1000, expect: true },
    { desc: "'1E+3' = 1000", left: '1E+3', op: '=', right: 1000, expect: true },
    { desc: "'2.5E-1' = 0.25", left: '2.5E-1', op: '=', right: 0.25, expect: true },
    { desc: "'1e10' = 10000000000", left: '1e10', op: '=', right: 1e10, expect: true },
  ]);
});

describe('compareValues: text that is not a decimal number does not compare with a number', () => {
  check([
    { desc: "'0x10' = 16 is false", left: '0x10', op: '=', right: 16, expect: false },
    { desc: "16 = '0x10' is false", left: 16, op: '=', right: '0x10', expect: false },
    { desc: "'0x10' <> 16 is false", left: '0x10', op: '<>', right: 16, expect: false },
    { desc: "'' = 0 is false", left: '', op: '=', right: 0, expect: false },
    { desc: "'Infinity' > 5 is false", left: 'Infinity', op: '>', right: 5, expect: false },
  ]);
});

describe('compareValues: integers compare exactly past 2^53', () => {
  check([
    {
      desc: "'9007199254740993' > 9007199254740992 (a bigint constant)",
      left: '9007199254740993',
      op: '>',
      right: PAST_2_53 - 1n,
      expect: true,
    },
    {
      desc: "'9007199254740993' = 9007199254740992 is false",
      left: '9007199254740993',
      op: '=',
      right: PAST_2_53 - 1n,
      expect: false,
    },
    {
      desc: "'-9007199254740993' < -9007199254740992",
      left: '-9007199254740993',
      op: '<',
      right: -(PAST_2_53 - 1n),
      expect: true,
    },
    {
      desc: "'+9007199254740993' = 9007199254740993",
      left: '+9007199254740993',
      op: '=',
      right: PAST_2_53,
      expect: true,
    },
    {
      desc: "' 9007199254740993 ' = 9007199254740993 (blanks around the text)",
      left: ' 9007199254740993 ',
      op: '=',
      right: PAST_2_53,
      expect: true,
    },
    {
      desc: "9007199254740993 (a bigint constant) = '9007199254740993'",
      left: PAST_2_53,
      op: '=',
      right: '9007199254740993',
      expect: true,
    },
    {
      desc: "'1.5' < 9007199254740993 (a bigint constant)",
      left: '1.5',
      op: '<',
      right: PAST_2_53,
      expect: true,
    },
    {
      desc: "the number 2^53 < '9007199254740993'",
      left: 2 ** 53,
      op: '<',
      right: '9007199254740993',
      expect: true,
    },
    {
      desc: "the number 2^53 = '9007199254740993' is false",
      left: 2 ** 53,
      op: '=',
      right: '9007199254740993',
      expect: false,
    },
    {
      desc: "the number 1E21 < '1000000000000000000001'",
      left: 1e21,
      op: '<',
      right: '1000000000000000000001',
      expect: true,
    },
  ]);
});

describe('compareValues: real numbers', () => {
  check([
    { desc: '2.5 < 3', left: 2.5, op: '<', right: 3, expect: true },
    { desc: '3.5 < 3 is false', left: 3.5, op: '<', right: 3, expect: false },
    { desc: '2.5 = 2.5', left: 2.5, op: '=', right: 2.5, expect: true },
    { desc: '2.5 <= 2.5', left: 2.5, op: '<=', right: 2.5, expect: true },
    { desc: '3.5 > 3', left: 3.5, op: '>', right: 3, expect: true },
    { desc: '2.5 > 3 is false', left: 2.5, op: '>', right: 3, expect: false },
    {
      desc: 'an infinite real64 > 5',
      left: Number.POSITIVE_INFINITY,
      op: '>',
      right: 5,
      expect: true,
    },
    {
      desc: '5 < an infinite real64',
      left: 5,
      op: '<',
      right: Number.POSITIVE_INFINITY,
      expect: true,
    },
    { desc: 'NaN = NaN is false', left: Number.NaN, op: '=', right: Number.NaN, expect: false },
    { desc: 'NaN = 1 is false', left: Number.NaN, op: '=', right: 1, expect: false },
    { desc: '1 = NaN is false', left: 1, op: '=', right: Number.NaN, expect: false },
    { desc: 'NaN <> 1 is false', left: Number.NaN, op: '<>', right: 1, expect: false },
  ]);
});
