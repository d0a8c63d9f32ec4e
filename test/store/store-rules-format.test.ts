import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open, type RootDatabase } from 'lmdb';
import {
  checkFormat,
  decodeFormatRecord,
  FORMAT_NAME,
  FORMAT_VERSION,
  writeFormatRecord,
} from '../../src/store/durable/format.js';
import { FORMAT_KEY } from '../../src/store/durable/keys.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import {
  WBEM_E_DATABASE_VER_MISMATCH,
  WBEM_E_INITIALIZATION_FAILURE,
  WBEM_E_OUT_OF_DISK_SPACE,
} from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';
import { isWbemError as failsWith } from './class-store-context.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-format-'));
after(() => rmSync(root, { recursive: true, force: true }));
const FILE = '/data/store.mdb';

const NOT_A_STORE = `${FILE} is not a wbemrx-store database (format record is missing or damaged)`;

describe('checkFormat', () => {
  it('names the format "wbemrx-store", version 3', () => {
    assert.equal(FORMAT_NAME, 'wbemrx-store');
    assert.equal(FORMAT_VERSION, 3);
  });

  it('returns the version of this format and of the version it upgrades', () => {
    assert.equal(checkFormat({ format: 'wbemrx-store', version: 3 }, FILE), 3);
    assert.equal(checkFormat({ format: 'wbemrx-store', version: 2 }, FILE), 2);
  });

  const foreign: { desc: string; record: unknown }[] = [
    { desc: 'there is no format record', record: undefined },
    { desc: 'the format record is null', record: null },
    { desc: 'the format record is a string', record: 'wbemrx-store' },
    { desc: 'it names another format', record: { format: 'other', version: 3 } },
    { desc: 'its version is not a number', record: { format: 'wbemrx-store', version: '3' } },
  ];
  for (const { desc, record } of foreign) {
    it(`fails with WBEM_E_INITIALIZATION_FAILURE when ${desc}`, () => {
      assert.throws(
        () => checkFormat(record, FILE),
        failsWith(WBEM_E_INITIALIZATION_FAILURE, NOT_A_STORE),
      );
    });
  }

  it('fails with WBEM_E_DATABASE_VER_MISMATCH listing the versions it reads', () => {
    assert.throws(
      () => checkFormat({ format: 'wbemrx-store', version: 9 }, FILE),
      failsWith(
        WBEM_E_DATABASE_VER_MISMATCH,
        `${FILE} has wbemrx-store format version 9; this engine reads versions 2, 3 only`,
      ),
    );
  });
});

describe('writeFormatRecord', () => {
  const codec = createRecordCodec();
  let dbs = 0;
  async function withDatabase(body: (db: RootDatabase<Buffer, Buffer>) => void): Promise<void> {
    const db = open<Buffer, Buffer>({
      path: join(root, `db${dbs++}.mdb`),
      noSubdir: true,
      encoding: 'binary',
      keyEncoding: 'binary',
    });
    try {
      body(db);
    } finally {
      await db.close();
    }
  }
  const stored = (db: RootDatabase<Buffer, Buffer>) =>
    decodeFormatRecord(codec, db.getBinary(FORMAT_KEY) as Buffer);
  const version2 = { format: 'wbemrx-store', version: 2 };

  it('writes the current format record into an empty database', async () => {
    await withDatabase((db) => {
      writeFormatRecord(db, codec, FILE, root);
      assert.deepEqual(stored(db), { format: 'wbemrx-store', version: 3 });
    });
  });

  it('leaves a format record already there when not upgrading (another opener wrote first)', async () => {
    await withDatabase((db) => {
      db.putSync(FORMAT_KEY, codec.encode(version2, FORMAT_KEY));
      writeFormatRecord(db, codec, FILE, root);
      assert.deepEqual(stored(db), version2);
    });
  });

  it('replaces the record of an older version when upgrading', async () => {
    await withDatabase((db) => {
      db.putSync(FORMAT_KEY, codec.encode(version2, FORMAT_KEY));
      writeFormatRecord(db, codec, FILE, root, true);
      assert.deepEqual(stored(db), { format: 'wbemrx-store', version: 3 });
    });
  });

  /** A database whose every write fails with `error`. */
  function failing(error: Error): RootDatabase<Buffer, Buffer> {
    return {
      putSync() {
        throw error;
      },
    } as unknown as RootDatabase<Buffer, Buffer>;
  }

  it('fails with WBEM_E_INITIALIZATION_FAILURE carrying the cause when the write fails', () => {
    const cause = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    assert.throws(
      () => writeFormatRecord(failing(cause), codec, FILE, root),
      (error: unknown) => {
        failsWith(
          WBEM_E_INITIALIZATION_FAILURE,
          `${FILE} cannot be created (permission denied)`,
        )(error);
        assert.equal((error as WbemError).cause, cause);
        return true;
      },
    );
    assert.throws(
      () => writeFormatRecord(failing(cause), codec, FILE, root, true),
      failsWith(WBEM_E_INITIALIZATION_FAILURE, `${FILE} cannot be upgraded (permission denied)`),
    );
  });

  it('fails with WBEM_E_OUT_OF_DISK_SPACE naming the directory when there is no room', () => {
    const cause = Object.assign(new Error('no room'), { code: 'ENOSPC' });
    assert.throws(
      () => writeFormatRecord(failing(cause), codec, FILE, '/data'),
      failsWith(
        WBEM_E_OUT_OF_DISK_SPACE,
        `${FILE} cannot be created: out of disk space in /data (no room)`,
      ),
    );
    assert.throws(
      () => writeFormatRecord(failing(cause), codec, FILE, '/data', true),
      failsWith(
        WBEM_E_OUT_OF_DISK_SPACE,
        `${FILE} cannot be upgraded: out of disk space in /data (no room)`,
      ),
    );
  });
});
