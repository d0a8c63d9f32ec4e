import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { CimValue } from '../../src/model/cim-value.js';
import { compileValueTest, compileWhere, stringEquals } from '../../src/wql/compile-where.js';
import { parseWql } from '../../src/wql/parse-wql.js';

function parsedWhere(text: string) {
  const query = parseWql(`SELECT * FROM X WHERE ${text}`);
  if (query.kind !== 'select' || query.where === undefined) throw new Error('no WHERE');
  return query.where;
}

function holds(text: string, values: Readonly<Record<string, CimValue>>): boolean {
  return compileWhere(parsedWhere(text), undefined)(cimInstance('X', values));
}

describe('compileWhere: comparisons and LIKE', () => {
  const cases: {
    desc: string;
    where: string;
    values: Readonly<Record<string, CimValue>>;
    expect: boolean;
  }[] = [
    {
      desc: 'LIKE matches a number by its decimal text',
      where: "N LIKE '1%'",
      values: { N: 100 },
      expect: true,
    },
    {
      desc: 'LIKE misses a number by its decimal text',
      where: "N LIKE '2%'",
      values: { N: 100 },
      expect: false,
    },
    {
      desc: 'LIKE is false for a NULL value, even with a pattern the text "null" matches',
      where: "N LIKE 'n%'",
      values: { N: null },
      expect: false,
    },
    {
      desc: 'a number equals a string constant holding it',
      where: "N = '4'",
      values: { N: 4 },
      expect: true,
    },
    {
      desc: 'a number differs from a string constant holding it',
      where: "N <> '4'",
      values: { N: 4 },
      expect: false,
    },
    {
      desc: 'a number differs (!=) from another number in text',
      where: "N != '5'",
      values: { N: 4 },
      expect: true,
    },
    {
      desc: 'two equal string constants (in any case)',
      where: "'x' = 'X'",
      values: {},
      expect: true,
    },
    { desc: 'two different string constants', where: "'x' = 'y'", values: {}, expect: false },
    {
      desc: 'an integer constant past 2^53 is exact (2^53 + 1 is not 2^53)',
      where: 'N = 9007199254740993',
      values: { N: '9007199254740992' },
      expect: false,
    },
    {
      desc: 'an integer constant past 2^53 equals its own decimal text',
      where: 'N = 9007199254740993',
      values: { N: '9007199254740993' },
      expect: true,
    },
    {
      desc: 'a negative integer constant past -2^53 is exact',
      where: 'N = -9007199254740993',
      values: { N: '-9007199254740992' },
      expect: false,
    },
    {
      desc: 'a real constant compares as a real',
      where: 'N < 8.5',
      values: { N: 8 },
      expect: true,
    },
    {
      desc: 'a constant with an exponent past 2^53 compares as a real',
      where: 'N < 1e20',
      values: { N: '18446744073709551615' },
      expect: true,
    },
    { desc: 'a safe integer constant', where: 'N >= 8', values: { N: 8 }, expect: true },
  ];
  for (const c of cases) {
    it(`is ${c.expect} when ${c.desc} (${c.where})`, () => {
      assert.equal(holds(c.where, c.values), c.expect);
    });
  }
});

describe('compileValueTest: a property compared with a constant', () => {
  it('compares a string constant through its text, lower-cased once', () => {
    const t = compileValueTest(parsedWhere("Name = 'Disk'"));
    assert.deepEqual(t?.path, ['name']);
    assert.deepEqual(t?.text, { text: 'Disk', lowered: 'disk', ascii: true, equal: true });
  });

  it('marks a constant outside printable ASCII as not ASCII', () => {
    const t = compileValueTest(parsedWhere("Name <> 'Dísk'"));
    assert.deepEqual(t?.text, { text: 'Dísk', lowered: 'dísk', ascii: false, equal: false });
  });

  it('takes != as <>', () => {
    const t = compileValueTest(parsedWhere("Name != 'Disk'"));
    assert.equal(t?.text?.equal, false);
    assert.equal(t?.test('disk'), false);
    assert.equal(t?.test('Dusk'), true);
  });

  it('compares a non-string value with the string constant as compareValues does', () => {
    const t = compileValueTest(parsedWhere("Handle = '4'"));
    assert.equal(t?.test(4), true);
    assert.equal(t?.test(5), false);
  });

  it('compares a non-string value with <> and a string constant as compareValues does', () => {
    const t = compileValueTest(parsedWhere("Handle <> '4'"));
    assert.equal(t?.test(5), true);
    assert.equal(t?.test(4), false);
  });

  it('orders with < against a string constant (no text comparison)', () => {
    const t = compileValueTest(parsedWhere("Name < 'M'"));
    assert.equal(t?.text, undefined);
    assert.equal(t?.test('Alpha'), true);
    assert.equal(t?.test('Zulu'), false);
  });

  it('keeps the order when the constant stands on the left', () => {
    const t = compileValueTest(parsedWhere('4 < Handle'));
    assert.deepEqual(t?.path, ['handle']);
    assert.equal(t?.test(100), true);
    assert.equal(t?.test(4), false);
  });

  it('reads the property on the right of a string comparison', () => {
    const t = compileValueTest(parsedWhere("'Disk' = Name"));
    assert.deepEqual(t?.path, ['name']);
    assert.equal(t?.test('DISK'), true);
  });

  const none = [
    'Name = Caption',
    "'x' = 'x'",
    "Name LIKE 'D%'",
    'Name IS NULL',
    "Name = 'a' AND Size = 1",
  ];
  for (const text of none) {
    it(`is undefined for ${text}`, () => {
      assert.equal(compileValueTest(parsedWhere(text)), undefined);
    });
  }
});

describe('stringEquals', () => {
  const disk = { text: 'Disk', lowered: 'disk', ascii: true, equal: true };
  it('is false for another text of the same length', () => {
    assert.equal(stringEquals('Dusk', disk), false);
  });
  it('is true for the same text in another case', () => {
    assert.equal(stringEquals('DISK', disk), true);
  });
  it('is true for <> and another text of the same length', () => {
    assert.equal(stringEquals('Dusk', { ...disk, equal: false }), true);
  });
});
