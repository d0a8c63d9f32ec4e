/**
 * @module Structural equality of model data (`modelEquals`) and CIM name helpers, on the cases
 * that tell a right answer from a near miss: NaN, maps against records and arrays, sizes, absent
 * and undefined fields on either side.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelEquals, modelEqualsOrdered } from '../../src/model/cim-value-equals.js';
import { nameKey, nameMap, sameName } from '../../src/model/names.js';

describe('modelEquals', () => {
  const rows: { desc: string; a: unknown; b: unknown; equal: boolean }[] = [
    { desc: 'the same number', a: 3, b: 3, equal: true },
    { desc: 'two NaN', a: Number.NaN, b: Number.NaN, equal: true },
    { desc: 'NaN and a number', a: Number.NaN, b: 1, equal: false },
    { desc: 'a number and NaN', a: 1, b: Number.NaN, equal: false },
    { desc: 'NaN and a string', a: Number.NaN, b: 'NaN', equal: false },
    { desc: 'different strings', a: 'a', b: 'A', equal: false },
    { desc: 'null and an empty record', a: null, b: {}, equal: false },
    { desc: 'an empty record and null', a: {}, b: null, equal: false },
    { desc: 'equal nested records', a: { x: [1, { y: 2 }] }, b: { x: [1, { y: 2 }] }, equal: true },
    {
      desc: 'nested records that differ deep down',
      a: { x: [1, { y: 2 }] },
      b: { x: [1, { y: 3 }] },
      equal: false,
    },
    { desc: 'arrays of different lengths', a: [1, 2], b: [1], equal: false },
    { desc: 'a shorter array and a longer one', a: [1], b: [1, 2], equal: false },
    { desc: 'a number and an empty record', a: 1, b: {}, equal: false },
    { desc: 'an empty record and a number', a: {}, b: 1, equal: false },
    { desc: 'arrays in another order', a: [1, 2], b: [2, 1], equal: false },
    { desc: 'an array and a record', a: [1], b: { 0: 1 }, equal: false },
    { desc: 'a record and an array', a: { 0: 1, length: 1 }, b: [1], equal: false },
    { desc: 'maps of different sizes', a: new Map([['a', 1]]), b: new Map(), equal: false },
    { desc: 'maps with other keys', a: new Map([['a', 1]]), b: new Map([['b', 1]]), equal: false },
    {
      desc: 'maps with other values',
      a: new Map([['a', 1]]),
      b: new Map([['a', 2]]),
      equal: false,
    },
    { desc: 'a map and a record', a: new Map(), b: {}, equal: false },
    { desc: 'a record and a map', a: {}, b: new Map(), equal: false },
    {
      desc: 'a field absent on the left, undefined on the right',
      a: {},
      b: { x: undefined },
      equal: true,
    },
    {
      desc: 'a field undefined on the left, absent on the right',
      a: { x: undefined },
      b: {},
      equal: true,
    },
    { desc: 'a field only on the right', a: {}, b: { x: null }, equal: false },
    { desc: 'a field only on the left', a: { x: 0 }, b: {}, equal: false },
  ];
  for (const { desc, a, b, equal } of rows) {
    it(`${equal ? 'finds equal' : 'tells apart'} ${desc}`, () => {
      assert.equal(modelEquals(a, b), equal);
    });
    it(`${equal ? 'finds equal' : 'tells apart'} ${desc} when the order of map entries counts`, () => {
      assert.equal(modelEqualsOrdered(a, b), equal);
    });
  }
});

describe('modelEqualsOrdered', () => {
  const ab = (x = 1, y = 2) =>
    new Map([
      ['a', x],
      ['b', y],
    ]);
  const ba = () =>
    new Map([
      ['b', 2],
      ['a', 1],
    ]);
  const rows: { desc: string; a: unknown; b: unknown; unordered: boolean; ordered: boolean }[] = [
    { desc: 'maps in the same order', a: ab(), b: ab(), unordered: true, ordered: true },
    { desc: 'maps in another order', a: ab(), b: ba(), unordered: true, ordered: false },
    {
      desc: 'maps in another order inside a record',
      a: { properties: ab() },
      b: { properties: ba() },
      unordered: true,
      ordered: false,
    },
    {
      desc: 'maps in another order inside an array',
      a: [{ q: ab() }],
      b: [{ q: ba() }],
      unordered: true,
      ordered: false,
    },
    {
      desc: 'maps in another order inside a map',
      a: new Map([['p', ab()]]),
      b: new Map([['p', ba()]]),
      unordered: true,
      ordered: false,
    },
    {
      desc: 'maps in the same order whose last value differs',
      a: ab(1, 2),
      b: ab(1, 3),
      unordered: false,
      ordered: false,
    },
    {
      desc: 'maps in the same order whose first value differs',
      a: ab(1, 2),
      b: ab(0, 2),
      unordered: false,
      ordered: false,
    },
  ];
  for (const { desc, a, b, unordered, ordered } of rows) {
    it(`${ordered ? 'finds equal' : 'tells apart'} ${desc}`, () => {
      assert.equal(modelEqualsOrdered(a, b), ordered);
      assert.equal(modelEqualsOrdered(b, a), ordered);
      assert.equal(modelEquals(a, b), unordered);
    });
  }
});

describe('CIM names', () => {
  it('compares names case-insensitively and keeps the first spelling apart', () => {
    assert.equal(sameName('Acme_Disk', 'ACME_disk'), true);
    assert.equal(sameName('Acme_Disk', 'Acme_Disk'), true);
    assert.equal(sameName('Acme_Disk', 'Acme_Disks'), false);
    assert.equal(nameKey('Acme_Disk'), 'acme_disk');
  });

  it('keys a map by the lower-cased name and lets a later spelling replace an earlier one', () => {
    const map = nameMap([{ name: 'Size' }, { name: 'Id' }, { name: 'SIZE' }]);
    assert.deepEqual([...map.keys()], ['size', 'id']);
    assert.equal(map.get('size')?.name, 'SIZE');
  });
});
