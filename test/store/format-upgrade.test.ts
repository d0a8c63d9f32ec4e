import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open } from 'lmdb';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { FORMAT_NAME, FORMAT_VERSION } from '../../src/store/durable/format.js';
import {
  FORMAT_KEY,
  INDEX,
  prefixRange,
  SUBCLASS,
  storeKey,
} from '../../src/store/durable/keys.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import { changes, classRecord, instanceRecord, snapshot } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-upgrade-'));
after(() => rmSync(root, { recursive: true, force: true }));

function raw(dir: string) {
  return open<Buffer, Buffer>({
    path: join(dir, STORE_FILE),
    noSubdir: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
}

/** Keys of the derived index records of a namespace. */
function indexKeys(dir: string, ns: string): number {
  const db = raw(dir);
  try {
    return (
      db.getKeysCount(prefixRange(storeKey(ns, SUBCLASS))) +
      db.getKeysCount(prefixRange(storeKey(ns, INDEX)))
    );
  } finally {
    db.close().catch(() => {});
  }
}

describe('DurableRepository format version 2 stores', () => {
  it('reads a version-2 store exactly, builds its indexes on first open and records version 3', async () => {
    const dir = join(root, 'v2');
    const seed = new DurableRepository(dir);
    const ns = seed.openNamespace('root/old');
    ns.apply(
      changes({
        putClasses: [
          classRecord('Base'),
          classRecord('Child', 'Base'),
          classRecord('Other_Child', 'Base'),
          classRecord('Grand', 'Child'),
        ],
        putInstances: [instanceRecord('Child', 1)],
      }),
    );
    await ns.flush();
    const expected = snapshot(ns);
    await seed.close();
    // Turn it into what version 2 wrote: no index records, format record version 2.
    const codec = createRecordCodec();
    const db = raw(dir);
    const derived = [
      ...db.getKeys(prefixRange(storeKey('root/old', SUBCLASS))),
      ...db.getKeys(prefixRange(storeKey('root/old', INDEX))),
    ].map((key) => Buffer.from(key));
    assert.ok(derived.length > 0);
    for (const key of derived) await db.remove(key);
    await db.put(FORMAT_KEY, codec.encode({ format: FORMAT_NAME, version: 2 }, FORMAT_KEY));
    await db.close();
    assert.equal(indexKeys(dir, 'root/old'), 0);

    const repo = new DurableRepository(dir);
    const store = repo.openNamespace('root/old');
    assert.deepEqual(snapshot(store), expected);
    assert.deepEqual([...store.subclassNames('base')].sort(), ['Child', 'Other_Child']);
    await repo.close();
    assert.equal(indexKeys(dir, 'root/old'), derived.length, 'index records written back');
    const check = raw(dir);
    const format = codec.decode(check.getBinary(FORMAT_KEY) as Buffer, FORMAT_KEY);
    await check.close();
    assert.deepEqual(format, { format: FORMAT_NAME, version: FORMAT_VERSION });
    const again = new DurableRepository(dir);
    assert.deepEqual(snapshot(again.openNamespace('root/old')), expected);
    await again.close();
  });
});
