import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storeKey } from '../../src/store/durable/keys.js';
import {
  damagedRecord,
  type RecordFamily,
  type RecordOrigin,
  readRecord,
} from '../../src/store/durable/read-record.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import { WBEM_E_CRITICAL_ERROR, WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { classRecord, declaration, instanceRecord } from './store-fixtures.js';

const codec = createRecordCodec();
const origin: RecordOrigin = { codec, file: '/data/store.mdb', nsKey: 'root/x' };

const CLASS_KEY = storeKey('root/x', 'c', 'foo');
const INSTANCE_KEY = storeKey('root/x', 'i', 'foo', 'Foo.Id="1"');
const QUALIFIER_KEY = storeKey('root/x', 'q', 'abstract');
const NAME_KEY = storeKey('root/x', 's', '', 'foo');
const COUNT_KEY = storeKey('root/x', 'x', 'classes');

/** Reads `value` as stored (sealed) under `key`. */
function readBack(value: unknown, key: Buffer, family: RecordFamily): unknown {
  return readRecord(origin, codec.encode(value, key), key, family);
}

/** An assertion predicate: WBEM_E_CRITICAL_ERROR with exactly this message. */
function damage(detail: string, cause?: (cause: unknown) => void) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, WBEM_E_CRITICAL_ERROR >>> 0, error.message);
    assert.equal(error.detail, detail);
    if (cause === undefined) assert.equal(error.cause, undefined);
    else cause(error.cause);
    return true;
  };
}

describe('readRecord', () => {
  it('returns the record of each family stored under its key', () => {
    const foo = classRecord('Foo');
    assert.deepEqual(readBack(foo, CLASS_KEY, 'class'), foo);
    const one = instanceRecord('Foo', 1);
    assert.deepEqual(readBack(one, INSTANCE_KEY, 'instance'), one);
    const abstract = declaration('Abstract');
    assert.deepEqual(readBack(abstract, QUALIFIER_KEY, 'qualifier'), abstract);
    assert.equal(readBack('Foo', NAME_KEY, 'name'), 'Foo');
    assert.equal(readBack(0, COUNT_KEY, 'count'), 0);
    assert.equal(readBack(1500, COUNT_KEY, 'count'), 1500);
  });

  it('fails with WBEM_E_CRITICAL_ERROR naming the file, the namespace, the key and the checksum when the bytes were sealed under another key', () => {
    // A frame built by hand: mark, stored checksum 0x00000abc, 13 payload bytes whose checksum
    // under CLASS_KEY is 0x00005c8a; both print as eight hex digits.
    const bytes = Buffer.concat([
      Buffer.from([0xa5, 0x00, 0x00, 0x0a, 0xbc]),
      Buffer.from('payload 23229'),
    ]);
    assert.throws(
      () => readRecord(origin, bytes, CLASS_KEY, 'class'),
      damage(
        '/data/store.mdb is damaged: namespace root/x: record "root/x"/"c"/"foo" cannot be decoded (checksum mismatch (stored 00000abc, computed 00005c8a over 13 bytes))',
        (cause) => {
          assert.ok(cause instanceof Error);
          assert.equal(
            cause.message,
            'checksum mismatch (stored 00000abc, computed 00005c8a over 13 bytes)',
          );
        },
      ),
    );
  });

  it('fails with WBEM_E_CRITICAL_ERROR when the bytes are not a sealed record', () => {
    assert.throws(
      () => readRecord(origin, Buffer.from([0xc1, 0xc1, 0xc1]), NAME_KEY, 'name'),
      damage(
        '/data/store.mdb is damaged: namespace root/x: record "root/x"/"s"/""/"foo" cannot be decoded (not a sealed record (3 bytes, no frame mark))',
        (cause) => assert.ok(cause instanceof Error),
      ),
    );
  });

  const wrongShapes: {
    desc: string;
    value: unknown;
    key: Buffer;
    family: RecordFamily;
    record: string;
    fault: string;
  }[] = [
    {
      desc: 'an instance record is stored under a class key',
      value: instanceRecord('Foo', 1),
      key: CLASS_KEY,
      family: 'class',
      record: '"root/x"/"c"/"foo"',
      fault: 'putClasses[0].local is not a class',
    },
    {
      desc: 'a class record is stored under an instance key',
      value: classRecord('Foo'),
      key: INSTANCE_KEY,
      family: 'instance',
      record: '"root/x"/"i"/"foo"/"Foo.Id=\\"1\\""',
      fault: 'putInstances[0] has no key',
    },
    {
      desc: 'a number is stored under a qualifier declaration key',
      value: 7,
      key: QUALIFIER_KEY,
      family: 'qualifier',
      record: '"root/x"/"q"/"abstract"',
      fault: 'putQualifierDeclarations[0] has no name',
    },
  ];
  for (const { desc, value, key, family, record, fault } of wrongShapes) {
    it(`fails with WBEM_E_CRITICAL_ERROR naming the malformed part when ${desc}`, () => {
      assert.throws(
        () => readBack(value, key, family),
        damage(
          `/data/store.mdb is damaged: namespace root/x: record ${record} is malformed (WBEM_E_INVALID_PARAMETER: malformed change set: ${fault})`,
          (cause) => {
            assert.ok(cause instanceof WbemError);
            assert.equal(cause.hresult, WBEM_E_INVALID_PARAMETER >>> 0);
          },
        ),
      );
    });
  }

  for (const value of [42, '', null, { name: 'Foo' }]) {
    it(`fails with WBEM_E_CRITICAL_ERROR when a subclass index record holds ${JSON.stringify(value)}, not a class name`, () => {
      assert.throws(
        () => readBack(value, NAME_KEY, 'name'),
        damage(
          '/data/store.mdb is damaged: namespace root/x: record "root/x"/"s"/""/"foo" is not a class name',
        ),
      );
    });
  }

  for (const value of [-1, 1.5, '3', 2 ** 53, null, Number.NaN]) {
    it(`fails with WBEM_E_CRITICAL_ERROR when the class count record holds ${String(value)} (${typeof value}), not a count`, () => {
      assert.throws(
        () => readBack(value, COUNT_KEY, 'count'),
        damage(
          '/data/store.mdb is damaged: namespace root/x: record "root/x"/"x"/"classes" is not a count',
        ),
      );
    });
  }
});

describe('damagedRecord', () => {
  it('names every component of the key, quoted, and keeps the cause', () => {
    const cause = new Error('underlying');
    const error = damagedRecord(origin, storeKey('root/x', 'c', 'a/b "c"'), 'is odd', cause);
    assert.equal(error.hresult, WBEM_E_CRITICAL_ERROR >>> 0);
    assert.equal(
      error.detail,
      '/data/store.mdb is damaged: namespace root/x: record "root/x"/"c"/"a/b \\"c\\"" is odd',
    );
    assert.equal(error.cause, cause);
  });
});
