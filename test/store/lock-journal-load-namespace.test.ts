import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open } from 'lmdb';
import {
  CLASS,
  ENGINE,
  INDEX,
  INSTANCE,
  META,
  QUALIFIER,
  SUBCLASS,
  storeKey,
} from '../../src/store/durable/keys.js';
import { loadNamespace } from '../../src/store/durable/load-namespace.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import { WBEM_E_CRITICAL_ERROR } from '../../src/wbem/status.js';
import { isWbemError } from './lock-journal-fakes.js';
import { classRecord, declaration, instanceRecord } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-lock-journal-load-'));
const file = join(root, 'store.mdb');
const db = open<Buffer, Buffer>({
  path: file,
  noSubdir: true,
  encoding: 'binary',
  keyEncoding: 'binary',
});
after(async () => {
  await db.close();
  rmSync(root, { recursive: true, force: true });
});
const codec = createRecordCodec();
/** Bytes no record decodes from. */
const GARBAGE = Buffer.from([1, 2, 3]);

function put(key: Buffer, value: unknown): void {
  db.putSync(key, value instanceof Buffer ? value : codec.encode(value, key));
}

function load(nsKey: string) {
  return loadNamespace(db, codec, nsKey, file);
}

function isDamage(nsKey: string, what: string) {
  return isWbemError(WBEM_E_CRITICAL_ERROR, `${file} is damaged: namespace ${nsKey}: ${what}`);
}

describe('loadNamespace', () => {
  it("loads the namespace's classes, instances and qualifier declarations, and nothing else", () => {
    const ns = 'root/loaded';
    const alpha = classRecord('Alpha');
    const beta = classRecord('Beta');
    const one = instanceRecord('Alpha', 1);
    const key = declaration('Key');
    put(storeKey(ns, CLASS, 'alpha'), alpha);
    put(storeKey(ns, CLASS, 'beta'), beta);
    put(storeKey(ns, INSTANCE, 'alpha', one.key), one);
    put(storeKey(ns, QUALIFIER, 'key'), key);
    // Records no load decodes: metadata, the derived indexes, and other namespaces.
    put(storeKey(ns, META, 'security'), GARBAGE);
    put(storeKey(ns, SUBCLASS, '', 'alpha'), GARBAGE);
    put(storeKey(ns, INDEX, 'classes'), GARBAGE);
    put(storeKey('root/loaded2', CLASS, 'gamma'), GARBAGE);
    put(storeKey(ENGINE, 'ns', ns), GARBAGE);

    const mirror = load(ns);
    assert.equal(mirror.classCount(), 2);
    assert.deepEqual(mirror.getClass('Alpha'), alpha);
    assert.deepEqual(mirror.getClass('Beta'), beta);
    assert.equal(mirror.instanceCount('Alpha'), 1);
    assert.deepEqual(mirror.getInstance('Alpha', one.key), one.instance);
    assert.deepEqual(mirror.getQualifierDeclaration('Key'), key);
  });

  it('loads an empty store for a namespace without records', () => {
    const mirror = load('root/empty');
    assert.equal(mirror.classCount(), 0);
    assert.deepEqual([...mirror.qualifierDeclarations()], []);
  });

  it('fails with WBEM_E_CRITICAL_ERROR naming the file, namespace and record when a record cannot be decoded', () => {
    const ns = 'root/undecodable';
    put(storeKey(ns, CLASS, 'alpha'), GARBAGE);
    assert.throws(
      () => load(ns),
      (error: unknown) => {
        isDamage(
          ns,
          `record ${ns}/c/alpha cannot be decoded (not a sealed record (3 bytes, no frame mark))`,
        )(error);
        assert.ok((error as Error).cause instanceof Error);
        return true;
      },
    );
  });

  it('fails with WBEM_E_CRITICAL_ERROR naming the family of a record of no known family', () => {
    const ns = 'root/unknown';
    put(storeKey(ns, CLASS, 'alpha'), classRecord('Alpha'));
    put(storeKey(ns, 'z', 'alpha'), classRecord('Alpha'));
    assert.throws(() => load(ns), isDamage(ns, 'unknown record family "z"'));
  });

  it('fails with WBEM_E_CRITICAL_ERROR when a record decodes to something of the wrong shape', () => {
    const ns = 'root/malformed';
    const instanceAsClass = instanceRecord('Alpha', 1);
    put(storeKey(ns, CLASS, 'alpha'), instanceAsClass);
    assert.throws(
      () => load(ns),
      (error: unknown) => {
        const cause = (error as Error).cause as Error;
        assert.ok(cause instanceof Error);
        isDamage(ns, `stored records are malformed (${cause.message})`)(error);
        assert.match(cause.message, /putClasses\[0\]/);
        return true;
      },
    );
  });

  it('tells the families apart: a class record under the instance family is damage', () => {
    const ns = 'root/swapped';
    put(storeKey(ns, INSTANCE, 'alpha', 'x'), classRecord('Alpha'));
    const prefix = `${file} is damaged: namespace ${ns}: stored records are malformed (`;
    assert.throws(
      () => load(ns),
      (error: unknown) => {
        isWbemError(WBEM_E_CRITICAL_ERROR, /malformed/)(error);
        assert.ok((error as { detail: string }).detail.startsWith(prefix));
        return true;
      },
    );
  });
});
