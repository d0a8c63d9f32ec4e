import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open } from 'lmdb';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import {
  childKey,
  FORMAT_KEY,
  keyComponents,
  NAMESPACE_MARKERS,
  namespaceMarker,
  prefixRange,
  storeKey,
} from '../../src/store/durable/keys.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import { changes, classRecord, declaration, instanceRecord } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-keys-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The encoding of one component written out by hand: a 2-byte big-endian length, the bytes. */
function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function hashed(text: string): Buffer {
  const digest = createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
  return Buffer.from(`\u0000sha256:${digest}`, 'utf8');
}

function inRange(key: Buffer, range: { start: Buffer; end: Buffer }): boolean {
  return Buffer.compare(range.start, key) <= 0 && Buffer.compare(key, range.end) < 0;
}

describe('store keys: encoding', () => {
  it('encodes each component as its UTF-8 byte length (2 bytes, big-endian) and its bytes', () => {
    assert.deepEqual(
      storeKey('root/x', 'c', 'ünï'),
      Buffer.concat([
        lengthPrefixed(Buffer.from('root/x')),
        lengthPrefixed(Buffer.from('c')),
        lengthPrefixed(Buffer.from('ünï', 'utf8')),
      ]),
    );
    assert.deepEqual(storeKey('', 'format'), Buffer.from('\x00\x00\x00\x06format', 'latin1'));
  });

  it('stores a component of up to 400 UTF-8 bytes as it is, counting bytes and not characters', () => {
    for (const text of ['a'.repeat(400), 'é'.repeat(200)]) {
      assert.deepEqual(storeKey(text), lengthPrefixed(Buffer.from(text, 'utf8')));
      assert.deepEqual(childKey(storeKey('ns'), text), storeKey('ns', text));
    }
  });

  it('stores a component longer than 400 UTF-8 bytes as a NUL-marked SHA-256 of its bytes', () => {
    for (const text of ['a'.repeat(401), 'é'.repeat(201), 'x'.repeat(3000)]) {
      const expected = lengthPrefixed(hashed(text));
      assert.deepEqual(storeKey(text), expected);
      assert.deepEqual(childKey(storeKey('ns'), text), Buffer.concat([storeKey('ns'), expected]));
      assert.deepEqual(keyComponents(storeKey(text)), [hashed(text).toString('utf8')]);
    }
    assert.notDeepEqual(storeKey('a'.repeat(401)), storeKey('a'.repeat(402)));
  });

  it('gives childKey of a key the same bytes as storeKey of the longer list', () => {
    const prefix = storeKey('root/cimv2', 'i', 'cim_foo');
    for (const text of ['', 'k', 'Foo.Id="1"', '日本😀', 'b'.repeat(399), 'b'.repeat(400)]) {
      assert.deepEqual(childKey(prefix, text), storeKey('root/cimv2', 'i', 'cim_foo', text));
    }
  });

  it('reads back every component of a key, empty ones included, from a view into a larger buffer', () => {
    const lists = [
      ['', 'format'],
      ['root/x', 's', '', 'foo'],
      ['root/x', 'x', ''],
      ['', ''],
      ['ns', 'i', 'Ünïcødé_日本_😀', 'Foo.Id="ключ 🔑"'],
    ];
    for (const parts of lists) {
      const key = storeKey(...parts);
      assert.deepEqual(keyComponents(key), parts);
      const padded = Buffer.concat([Buffer.from('xx'), key, Buffer.from('yy')]);
      assert.deepEqual(keyComponents(padded.subarray(2, 2 + key.length)), parts);
    }
  });
});

describe('store keys: order and prefix ranges', () => {
  it('covers every key under a prefix and none of a sibling whose name starts with the same text', () => {
    const range = prefixRange(storeKey('root', 'i', 'foo'));
    const inside = [
      storeKey('root', 'i', 'foo', ''),
      storeKey('root', 'i', 'foo', 'Foo.Id="1"'),
      storeKey('root', 'i', 'foo', 'z'.repeat(400)),
      storeKey('root', 'i', 'foo', 'z'.repeat(5000)),
      storeKey('root', 'i', 'foo', '\u00ff'.repeat(200)),
    ];
    const outside = [
      storeKey('root', 'i', 'foobar', 'Foo.Id="1"'),
      storeKey('root', 'i', 'fo', 'oFoo.Id="1"'),
      storeKey('root', 'i', 'fop', 'k'),
      storeKey('root', 'i', 'foo'.repeat(2), 'k'),
      storeKey('root', 'c', 'foo'),
      storeKey('root/x', 'i', 'foo', 'k'),
      storeKey('roo', 'ti', 'foo', 'k'),
    ];
    for (const key of inside) assert.ok(inRange(key, range), JSON.stringify(keyComponents(key)));
    for (const key of outside) assert.ok(!inRange(key, range), JSON.stringify(keyComponents(key)));
  });

  it('keeps each namespace a contiguous range apart from the engine records and other namespaces', () => {
    const ns = prefixRange(storeKey('root'));
    for (const key of [FORMAT_KEY, namespaceMarker('root'), storeKey('root/x', 'c', 'a')]) {
      assert.ok(!inRange(key, ns), JSON.stringify(keyComponents(key)));
    }
    assert.ok(inRange(storeKey('root', 'x', 'classes'), ns));
    const markers = prefixRange(NAMESPACE_MARKERS);
    assert.ok(inRange(namespaceMarker('root'), markers));
    assert.ok(inRange(namespaceMarker('root/x'), markers));
    assert.ok(!inRange(FORMAT_KEY, markers));
  });

  it('orders keys component by component, a shorter component first', () => {
    const keys = [
      storeKey('ns', 'c', 'b'),
      storeKey('ns', 'c', 'aa'),
      storeKey('ns', 'c', 'a'),
      storeKey('ns', 'c', 'ab'),
    ].sort(Buffer.compare);
    assert.deepEqual(
      keys.map((key) => keyComponents(key)[2]),
      ['a', 'b', 'aa', 'ab'],
    );
  });
});

describe('store keys: the layout the repository writes', () => {
  it('writes the format record, the namespace marker and each family under the documented keys', async () => {
    const dir = join(root, 'layout');
    const repo = new DurableRepository(dir);
    const ns = repo.openNamespace('Root/X');
    ns.apply(
      changes({
        putClasses: [classRecord('Foo'), classRecord('Bar', 'FOO')],
        putInstances: [instanceRecord('Foo', 1)],
        putQualifierDeclarations: [declaration('Key')],
      }),
    );
    await repo.writeMeta('Root/X', 'sd', 'O:BA');
    await repo.close();

    const db = open<Buffer, Buffer>({
      path: join(dir, STORE_FILE),
      noSubdir: true,
      encoding: 'binary',
      keyEncoding: 'binary',
    });
    const codec = createRecordCodec();
    const stored = new Map<string, Buffer>();
    for (const { key, value } of db.getRange({})) {
      stored.set(JSON.stringify(keyComponents(key)), Buffer.from(value));
    }
    await db.close();
    const value = (...parts: string[]): unknown => {
      const bytes = stored.get(JSON.stringify(parts));
      assert.ok(bytes, `a record under ${JSON.stringify(parts)}`);
      return codec.decode(bytes, storeKey(...parts));
    };

    assert.deepEqual(
      [...stored.keys()].sort(),
      [
        ['', 'format'],
        ['', 'ns', 'root/x'],
        ['root/x', 'c', 'bar'],
        ['root/x', 'c', 'foo'],
        ['root/x', 'i', 'foo', 'Foo.Id="1"'],
        ['root/x', 'm', 'sd'],
        ['root/x', 'q', 'key'],
        ['root/x', 's', '', 'foo'],
        ['root/x', 's', 'foo', 'bar'],
        ['root/x', 'x', 'classes'],
      ]
        .map((parts) => JSON.stringify(parts))
        .sort(),
    );
    assert.deepEqual(value('', 'ns', 'root/x'), { path: 'Root/X' });
    assert.equal(value('root/x', 's', '', 'foo'), 'Foo');
    assert.equal(value('root/x', 's', 'foo', 'bar'), 'Bar');
    assert.equal(value('root/x', 'x', 'classes'), 2);
    assert.equal((value('root/x', 'q', 'key') as { name: string }).name, 'Key');
  });
});
