/**
 * The full read of a database file (`walk-store.ts`) and the verifier entry that prints its
 * result (`verify-store-main.ts`), both run in this process on small LMDB files written with the
 * `lmdb` package: which records are checked, the message naming a damaged one, the main tree's
 * entry count, and the one JSON line the parent reads.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { open } from 'lmdb';
import { FORMAT_NAME, FORMAT_VERSION } from '../../src/store/durable/format.js';
import { FORMAT_KEY, storeKey } from '../../src/store/durable/keys.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import { walkStore } from '../../src/store/durable/walk-store.js';
import { overwrite } from './damage-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-walk-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const codec = createRecordCodec();

const FOO = storeKey('root', 'c', 'foo');
const BAR = storeKey('root/cimv2', 'i', 'Bar.Id="1"');

/** Writes `records` (key and raw value) into a new file in one txn, then deletes `deletions` in another. */
async function storeFile(
  records: readonly (readonly [Buffer, Buffer])[],
  deletions: readonly Buffer[] = [],
): Promise<string> {
  const file = join(root, `s${files++}.mdb`);
  const db = open<Buffer, Buffer>({
    path: file,
    noSubdir: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
  db.transactionSync(() => {
    for (const [key, value] of records) void db.put(key, value);
  });
  if (deletions.length > 0) {
    db.transactionSync(() => {
      for (const key of deletions) void db.remove(key);
    });
  }
  await db.close();
  return file;
}

function formatRecord(format: unknown): readonly [Buffer, Buffer] {
  return [FORMAT_KEY, codec.encode(format, FORMAT_KEY)];
}

const current = formatRecord({ format: FORMAT_NAME, version: FORMAT_VERSION });
const foo = [FOO, codec.encode({ name: 'Foo' }, FOO)] as const;
const bar = [BAR, codec.encode({ id: 1 }, BAR)] as const;
/** A value that is not a sealed record at all. */
const brokenFoo = [FOO, Buffer.from([1, 2, 3])] as const;

describe('walkStore', () => {
  it('reads and checks every record of a store of this format version', async () => {
    const file = await storeFile([current, foo, bar]);
    assert.deepEqual(walkStore(file), { records: 3, checked: true });
  });

  it('checks the records of a store of the version it upgrades (2)', async () => {
    const file = await storeFile([formatRecord({ format: FORMAT_NAME, version: 2 }), foo, bar]);
    assert.deepEqual(walkStore(file), { records: 3, checked: true });
    const broken = await storeFile([formatRecord({ format: FORMAT_NAME, version: 2 }), brokenFoo]);
    assert.throws(() => walkStore(broken), /^Error: record "root"\/"c"\/"foo": not a sealed/);
  });

  it('fails naming the key of a record that is not sealed, and why', async () => {
    const file = await storeFile([current, bar, brokenFoo]);
    assert.throws(() => walkStore(file), {
      name: 'Error',
      message: 'record "root"/"c"/"foo": not a sealed record (3 bytes, no frame mark)',
    });
  });

  it('fails naming the key of a record whose checksum does not match', async () => {
    const moved = [BAR, codec.encode({ id: 1 }, FOO)] as const;
    const file = await storeFile([current, moved]);
    assert.throws(
      () => walkStore(file),
      /^Error: record "root\/cimv2"\/"i"\/"Bar\.Id=\\"1\\"": checksum mismatch \(stored [0-9a-f]{8}, computed [0-9a-f]{8} over \d+ bytes\)$/,
    );
  });

  const unchecked: { desc: string; records: (readonly [Buffer, Buffer])[] }[] = [
    { desc: 'has no format record', records: [brokenFoo, bar] },
    {
      desc: 'has a format record of a later version',
      records: [formatRecord({ format: FORMAT_NAME, version: FORMAT_VERSION + 1 }), brokenFoo],
    },
    {
      desc: 'has a format record of version 1',
      records: [formatRecord({ format: FORMAT_NAME, version: 1 }), brokenFoo],
    },
    {
      desc: "has another program's format record",
      records: [formatRecord({ format: 'other-store', version: FORMAT_VERSION }), brokenFoo],
    },
    {
      desc: 'has a format record that is not sealed',
      records: [[FORMAT_KEY, Buffer.from('{}')], brokenFoo],
    },
  ];
  for (const { desc, records } of unchecked) {
    it(`counts the records without checking them when the file ${desc}`, async () => {
      const file = await storeFile(records);
      assert.deepEqual(walkStore(file), { records: records.length, checked: false });
    });
  }

  it('fails naming both counts when the main tree counts more records than can be read', async () => {
    const file = await storeFile([current, foo, bar]);
    // The main tree's entry count: at 96 + 32 in each meta page; both say 7.
    const pageSize = readFileSync(file).readUInt32LE(48);
    const seven = Buffer.alloc(8);
    seven.writeBigUInt64LE(7n);
    overwrite(file, 128, seven);
    overwrite(file, pageSize + 128, seven);
    assert.throws(() => walkStore(file), {
      name: 'Error',
      message: 'its main tree counts 7 records but 3 can be read',
    });
  });

  it("fails with the free-space tree's fault when a free page is damaged", async () => {
    const many = Array.from({ length: 300 }, (_, i) => {
      const key = storeKey('root', 'c', `cls_${i}`);
      return [key, codec.encode({ name: `Cls_${i}`, blob: 'x'.repeat(200) }, key)] as const;
    });
    const file = await storeFile(
      [current, ...many],
      many.slice(0, 250).map(([key]) => key),
    );
    assert.deepEqual(walkStore(file), { records: 51, checked: true });
    const content = readFileSync(file);
    const pageSize = content.readUInt32LE(48);
    const newest = content.readBigUInt64LE(152) > content.readBigUInt64LE(pageSize + 152) ? 0 : 1;
    const freeRoot = Number(content.readBigUInt64LE(newest * pageSize + 88));
    // A page number in the root's header that is not its own.
    const wrong = Buffer.alloc(8);
    wrong.writeBigUInt64LE(BigInt(freeRoot + 1));
    overwrite(file, freeRoot * pageSize, wrong);
    assert.throws(() => walkStore(file), {
      name: 'Error',
      message: `free-space tree page ${freeRoot}: its header names page ${freeRoot + 1}`,
    });
  });

  it('closes the database whether the walk succeeds or fails', async () => {
    const good = await storeFile([current, foo]);
    const bad = await storeFile([current, brokenFoo]);
    // Only descriptors of these two files count: other tests in the same process open their own.
    const openOn = (files: readonly string[]): string[] =>
      readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          const target = readlinkSync(`/proc/self/fd/${fd}`);
          return files.some((f) => target.startsWith(f)) ? [target] : [];
        } catch {
          return []; // closed meanwhile
        }
      });
    walkStore(good);
    assert.throws(() => walkStore(bad));
    // Closing finishes on LMDB's own schedule: give it the next turns of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(openOn([good, bad]), []);
  });
});

describe('verify-store-main', () => {
  const entry = new URL('../../src/store/durable/verify-store-main.js', import.meta.url).href;
  let runs = 0;

  /** Evaluates the entry module afresh with `file` as its argument; returns what it printed. */
  async function runMain(
    file: string | undefined,
    flag: string | undefined,
  ): Promise<{ printed: string[]; exitCode: typeof process.exitCode }> {
    const argv = process.argv;
    const saved = { flag: process.env['WBEMRX_VERIFY_STORE'], exitCode: process.exitCode };
    const write = process.stdout.write;
    const printed: string[] = [];
    process.argv =
      file === undefined ? [argv[0] ?? '', 'main.js'] : [argv[0] ?? '', 'main.js', file];
    if (flag === undefined) delete process.env['WBEMRX_VERIFY_STORE'];
    else process.env['WBEMRX_VERIFY_STORE'] = flag;
    process.exitCode = undefined;
    // The module writes one line of JSON report; anything else is the test runner's own output
    // (bytes to a parent `node --test`, TAP text when run directly): pass that on.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (typeof chunk !== 'string' || !chunk.startsWith('{"ok":'))
        return write.call(process.stdout, chunk, ...rest);
      printed.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      await import(`${entry}?run=${runs++}`);
      return { printed, exitCode: process.exitCode };
    } finally {
      process.stdout.write = write;
      process.argv = argv;
      if (saved.flag === undefined) delete process.env['WBEMRX_VERIFY_STORE'];
      else process.env['WBEMRX_VERIFY_STORE'] = saved.flag;
      process.exitCode = saved.exitCode;
    }
  }

  it('prints one line with ok, the record count and whether records were checked', async () => {
    const file = await storeFile([current, foo, bar]);
    assert.deepEqual(await runMain(file, '1'), {
      printed: ['{"ok":true,"records":3,"checked":true}\n'],
      exitCode: undefined,
    });
  });

  it('prints one line with the damage and sets exit code 1 when the walk fails', async () => {
    const file = await storeFile([current, brokenFoo]);
    assert.deepEqual(await runMain(file, '1'), {
      printed: [
        '{"ok":false,"message":"record \\"root\\"/\\"c\\"/\\"foo\\": not a sealed record (3 bytes, no frame mark)"}\n',
      ],
      exitCode: 1,
    });
  });

  it('does nothing when imported without the verifier flag', async () => {
    const file = await storeFile([current, brokenFoo]);
    assert.deepEqual(await runMain(file, undefined), { printed: [], exitCode: undefined });
    assert.deepEqual(await runMain(file, '0'), { printed: [], exitCode: undefined });
  });

  it('does nothing when given no file', async () => {
    assert.deepEqual(await runMain(undefined, '1'), { printed: [], exitCode: undefined });
  });
});
