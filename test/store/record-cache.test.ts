import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CACHE_ENTRIES, RecordCache } from '../../src/store/durable/record-cache.js';

/** The keys among `keys` the cache holds (each probe counts as a use of that key). */
function held(cache: RecordCache<string>, keys: readonly string[]): string[] {
  return keys.filter((key) => cache.get(key) !== undefined);
}

describe('RecordCache', () => {
  it('returns what was stored under a key and undefined for a key never stored', () => {
    const cache = new RecordCache<string>(4);
    cache.set('a', 'A');
    assert.equal(cache.get('a'), 'A');
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.size, 1);
  });

  it('keeps the last value stored under a key, as one entry', () => {
    const cache = new RecordCache<string>(4);
    cache.set('a', 'A1');
    cache.set('a', 'A2');
    assert.equal(cache.get('a'), 'A2');
    assert.equal(cache.size, 1);
  });

  it('holds at most its bound, dropping the least recently stored entry first', () => {
    const cache = new RecordCache<string>(3);
    for (const key of ['a', 'b', 'c']) cache.set(key, key.toUpperCase());
    assert.equal(cache.size, 3);
    cache.set('d', 'D');
    assert.equal(cache.size, 3);
    assert.deepEqual(held(cache, ['a', 'b', 'c', 'd']), ['b', 'c', 'd']);
  });

  it('keeps an entry that was just read and drops the least recently used one instead', () => {
    const cache = new RecordCache<string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    assert.equal(cache.get('a'), 'A');
    cache.set('c', 'C');
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 'A');
    assert.equal(cache.get('c'), 'C');
  });

  it('counts storing a key again as a use', () => {
    const cache = new RecordCache<string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.set('a', 'A2');
    cache.set('c', 'C');
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 'A2');
  });

  it('does not count reading a key it does not hold as a use of any entry', () => {
    const cache = new RecordCache<string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    assert.equal(cache.get('zz'), undefined);
    cache.set('c', 'C');
    assert.equal(cache.size, 2);
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('b'), 'B');
  });

  it('rounds a fractional bound down and raises a bound below one to one', () => {
    const fractional = new RecordCache<string>(2.9);
    for (const key of ['a', 'b', 'c']) fractional.set(key, key);
    assert.equal(fractional.size, 2);
    for (const limit of [0, -5, 0.5]) {
      const cache = new RecordCache<string>(limit);
      cache.set('a', 'A');
      assert.equal(cache.get('a'), 'A', `bound ${limit} keeps the entry just stored`);
      cache.set('b', 'B');
      assert.equal(cache.size, 1, `bound ${limit}`);
      assert.equal(cache.get('b'), 'B');
    }
  });

  it('holds DEFAULT_CACHE_ENTRIES entries when no bound is given', () => {
    const cache = new RecordCache<number>();
    for (let i = 0; i <= DEFAULT_CACHE_ENTRIES; i++) cache.set(String(i), i);
    assert.equal(cache.size, DEFAULT_CACHE_ENTRIES);
    assert.equal(cache.get('0'), undefined);
    assert.equal(cache.get('1'), 1);
    assert.equal(cache.get(String(DEFAULT_CACHE_ENTRIES)), DEFAULT_CACHE_ENTRIES);
  });

  it('forgets one entry on delete and every entry on clear', () => {
    const cache = new RecordCache<string>(4);
    cache.set('a', 'A');
    cache.set('b', 'B');
    cache.delete('a');
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.get('b'), 'B');
    assert.equal(cache.size, 1);
    cache.delete('missing');
    assert.equal(cache.size, 1);
    cache.clear();
    assert.equal(cache.size, 0);
    assert.equal(cache.get('b'), undefined);
  });
});
