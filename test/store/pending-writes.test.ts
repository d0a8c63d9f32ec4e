import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storeKey } from '../../src/store/durable/keys.js';
import { type PendingWrite, PendingWrites } from '../../src/store/durable/pending-writes.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import { WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const codec = createRecordCodec();
const latin1 = (key: Buffer): string => key.toString('latin1');

/** A write of `value` under `key`, listed in the range of `key` without its last component. */
function write(components: readonly string[], value: unknown): PendingWrite {
  const key = storeKey(...components);
  return {
    key,
    id: latin1(key),
    group: latin1(storeKey(...components.slice(0, -1))),
    value,
    bytes: value === undefined ? undefined : codec.encode(value, key),
    cacheable: true,
  };
}

const ids = (writes: Iterable<PendingWrite>): string[] => [...writes].map((w) => w.id).sort();

describe('PendingWrites.stage', () => {
  it('keeps the value by reference, seals it under its key and lists it in its parent range', () => {
    const writes = new PendingWrites();
    const key = storeKey('root', 'i', 'foo', 'Foo.Id="1"');
    const value = { key: 'Foo.Id="1"', nested: new Map([['a', 1]]) };
    writes.stage(key, value, true, codec);
    const staged = writes.get(latin1(key));
    assert.ok(staged !== undefined);
    assert.equal(staged.key, key);
    assert.equal(staged.value, value);
    assert.equal(staged.cacheable, true);
    assert.equal(staged.group, latin1(storeKey('root', 'i', 'foo')));
    assert.ok(staged.bytes !== undefined);
    assert.deepEqual(codec.decode(staged.bytes, key), value);
    assert.throws(() => codec.decode(staged.bytes as Buffer, storeKey('root', 'i', 'bar')));
    assert.deepEqual(ids(writes.inGroup(latin1(storeKey('root', 'i', 'foo')))), [latin1(key)]);
  });

  it('stages a removal with no bytes and keeps whether it may be cached', () => {
    const writes = new PendingWrites();
    const key = storeKey('root', 's', '', 'foo');
    writes.stage(key, undefined, false, codec);
    const staged = writes.get(latin1(key));
    assert.equal(staged?.value, undefined);
    assert.equal(staged?.bytes, undefined);
    assert.equal(staged?.cacheable, false);
    assert.equal(staged?.group, latin1(storeKey('root', 's', '')));
  });

  it('lists a record whose last key component is empty in the range of the components before it', () => {
    const writes = new PendingWrites();
    const key = storeKey('root', 'i', 'foo', '');
    writes.stage(key, 'x', true, codec);
    assert.equal(writes.get(latin1(key))?.group, latin1(storeKey('root', 'i', 'foo')));
    assert.deepEqual(ids(writes.inGroup(latin1(storeKey('root', 'i', 'foo')))), [latin1(key)]);
    assert.deepEqual(ids(writes.inGroup(latin1(storeKey('root', 'i')))), []);
  });

  it('lists a key of one component in the empty range', () => {
    const writes = new PendingWrites();
    writes.stage(storeKey('solo'), 1, true, codec);
    assert.equal(writes.get(latin1(storeKey('solo')))?.group, '');
  });

  it('fails with WBEM_E_INVALID_PARAMETER and adds nothing when the value cannot be stored', () => {
    const writes = new PendingWrites();
    assert.throws(
      () => writes.stage(storeKey('root', 'c', 'odd'), { odd: Symbol('x') }, true, codec),
      (error: unknown) => {
        assert.ok(error instanceof WbemError);
        assert.equal(error.hresult, WBEM_E_INVALID_PARAMETER >>> 0);
        assert.equal(error.detail, 'value cannot be stored: Unknown type: symbol');
        return true;
      },
    );
    assert.equal(writes.size, 0);
    assert.deepEqual([...writes.values()], []);
  });
});

describe('PendingWrites', () => {
  it('keeps the last write of a key, once, in its range', () => {
    const writes = new PendingWrites();
    const first = write(['ns', 'c', 'foo'], 'old');
    const second = write(['ns', 'c', 'foo'], 'new');
    writes.set(first);
    writes.set(second);
    assert.equal(writes.size, 1);
    assert.equal(writes.get(first.id), second);
    assert.deepEqual([...writes.inGroup(first.group)], [second]);
    assert.deepEqual([...writes.values()], [second]);
  });

  it('answers an empty list for a range with no writes', () => {
    const writes = new PendingWrites();
    writes.set(write(['ns', 'c', 'foo'], 1));
    assert.deepEqual([...writes.inGroup(latin1(storeKey('ns', 'q')))], []);
    assert.equal(writes.get(latin1(storeKey('ns', 'c', 'bar'))), undefined);
  });

  it('forgets a settled write, from its key and from its range, and says so', () => {
    const writes = new PendingWrites();
    const foo = write(['ns', 'c', 'foo'], 1);
    writes.set(foo);
    assert.equal(writes.settle(foo), true);
    assert.equal(writes.get(foo.id), undefined);
    assert.equal(writes.size, 0);
    assert.deepEqual([...writes.inGroup(foo.group)], []);
    assert.equal(writes.settle(foo), false, 'settling it again finds nothing');
  });

  it('keeps the other writes of a range when one of them settles', () => {
    const writes = new PendingWrites();
    const foo = write(['ns', 'c', 'foo'], 1);
    const bar = write(['ns', 'c', 'bar'], 2);
    const baz = write(['ns', 'c', 'baz'], 3);
    for (const w of [foo, bar, baz]) writes.set(w);
    assert.equal(writes.settle(bar), true);
    assert.deepEqual(ids(writes.inGroup(foo.group)), [baz.id, foo.id].sort());
    assert.equal(writes.settle(foo), true);
    assert.deepEqual(ids(writes.inGroup(foo.group)), [baz.id]);
    assert.equal(writes.settle(baz), true);
    assert.deepEqual(ids(writes.inGroup(foo.group)), []);
    // A range emptied by settling is listed again when a new write lands in it.
    writes.set(foo);
    assert.deepEqual(ids(writes.inGroup(foo.group)), [foo.id]);
  });

  it('does not forget a write that a later write of the same key replaced', () => {
    const writes = new PendingWrites();
    const first = write(['ns', 'c', 'foo'], 'old');
    const second = write(['ns', 'c', 'foo'], 'new');
    writes.set(first);
    writes.set(second);
    assert.equal(writes.settle(first), false);
    assert.equal(writes.get(first.id), second);
    assert.deepEqual([...writes.inGroup(first.group)], [second]);
    assert.equal(writes.settle(second), true);
    assert.equal(writes.get(first.id), undefined);
  });

  it('lists every write under a prefix, across ranges, and no other', () => {
    const writes = new PendingWrites();
    const a = write(['ns', 'i', 'foo', 'k1'], 1);
    const b = write(['ns', 'i', 'bar', 'k2'], 2);
    const c = write(['ns', 'c', 'foo'], 3);
    const d = write(['other', 'i', 'foo', 'k1'], 4);
    for (const w of [a, b, c, d]) writes.set(w);
    assert.deepEqual(ids(writes.under(latin1(storeKey('ns', 'i')))), [a.id, b.id].sort());
    assert.deepEqual(ids(writes.under(latin1(storeKey('ns')))), [a.id, b.id, c.id].sort());
    assert.deepEqual(ids(writes.under(latin1(storeKey('none')))), []);
  });

  it('forgets every write and range on clear', () => {
    const writes = new PendingWrites();
    const foo = write(['ns', 'c', 'foo'], 1);
    writes.set(foo);
    writes.set(write(['ns', 'q', 'abstract'], 2));
    writes.clear();
    assert.equal(writes.size, 0);
    assert.deepEqual([...writes.values()], []);
    assert.deepEqual([...writes.inGroup(foo.group)], []);
    assert.equal(writes.settle(foo), false);
  });
});
