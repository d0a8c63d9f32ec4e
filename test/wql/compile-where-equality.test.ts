import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimInstance } from '../../src/model/cim-builders.js';
import { compileValueTest, compileWhere, stringEquals } from '../../src/wql/compile-where.js';
import { parseWql } from '../../src/wql/parse-wql.js';

function parsedWhere(text: string) {
  const query = parseWql(`SELECT * FROM X WHERE ${text}`);
  if (query.kind !== 'select' || query.where === undefined) throw new Error('no WHERE');
  return query.where;
}

function where(text: string) {
  return compileWhere(parsedWhere(text), undefined);
}

const named = (name: string) => cimInstance('X', { Name: name });

describe('WQL string equality against a constant', () => {
  const cases: readonly { desc: string; test: string; value: string; expect: boolean }[] = [
    { desc: 'same text', test: "Name = 'Disk'", value: 'Disk', expect: true },
    { desc: 'other case', test: "Name = 'Disk'", value: 'dISK', expect: true },
    { desc: 'longer value', test: "Name = 'Disk'", value: 'Disks', expect: false },
    { desc: 'shorter value, <>', test: "Name <> 'Disk'", value: 'Dis', expect: true },
    { desc: 'other case, <>', test: "Name <> 'Disk'", value: 'DISK', expect: false },
    { desc: 'non-ASCII constant', test: "Name = 'İx'", value: 'i̇x', expect: true },
    { desc: 'non-ASCII value', test: "Name = 'kelvin'", value: 'Kelvin', expect: true },
  ];
  for (const c of cases) {
    it(`is ${c.expect} when the value is ${c.desc} (${c.test} on '${c.value}')`, () => {
      assert.equal(where(c.test)(named(c.value)), c.expect);
    });
    it(`gives the same answer through the value test and its text comparison when the value is ${c.desc}`, () => {
      const valueTest = compileValueTest(parsedWhere(c.test));
      assert.ok(valueTest?.text !== undefined);
      assert.equal(valueTest.test(c.value), c.expect);
      assert.equal(stringEquals(c.value, valueTest.text), c.expect);
    });
  }
});
