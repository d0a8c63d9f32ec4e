/**
 * Verifying a database file in a child process (`verify-store.ts`): what each outcome of the child
 * becomes (the HRESULT and the whole message), and when `ensureKnownGood` verifies, stamps, or
 * maps a file that changed under the walk. The child is the real verifier, or the same command
 * with a preloaded script (through NODE_OPTIONS, which the child inherits) that plays one
 * outcome: a report line, an exit code, a signal, a hang, a flood of output, a write to the file.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { open } from 'lmdb';
import { FORMAT_NAME, FORMAT_VERSION } from '../../src/store/durable/format.js';
import { FORMAT_KEY, storeKey } from '../../src/store/durable/keys.js';
import { readStoreHeader, type StoreFileHeader } from '../../src/store/durable/lmdb-meta.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import {
  currentStamp,
  readStamp,
  stampFileOf,
  writeStamp,
} from '../../src/store/durable/store-stamp.js';
import { ensureKnownGood, verifyStoreFile } from '../../src/store/durable/verify-store.js';
import { WBEM_E_CRITICAL_ERROR, WBEM_E_INITIALIZATION_FAILURE } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';
import { isWbemError as wbemError } from './class-store-context.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-verify-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;
const codec = createRecordCodec();

/** What the preloaded script makes the child do instead of verifying. */
interface Outcome {
  stdout?: string;
  stderr?: string;
  exit?: number;
  signal?: NodeJS.Signals;
  hang?: boolean;
  /** Bytes of output to write, past the parent's 1 MiB bound. */
  flood?: number;
  /** Bytes to append to this file first. */
  append?: string;
  /** Bytes (hex) to write into this file at this offset first. */
  overwrite?: { file: string; at: number; hex: string };
}

const PRELOAD = join(root, 'outcome.cjs');
writeFileSync(
  PRELOAD,
  `'use strict';
const fs = require('node:fs');
const outcome = JSON.parse(process.env.WBEMRX_TEST_OUTCOME);
if (outcome.append) fs.appendFileSync(outcome.append, Buffer.alloc(4096));
if (outcome.overwrite) {
  const fd = fs.openSync(outcome.overwrite.file, 'r+');
  fs.writeSync(fd, Buffer.from(outcome.overwrite.hex, 'hex'), 0, outcome.overwrite.hex.length / 2, outcome.overwrite.at);
  fs.closeSync(fd);
}
if (outcome.stdout) fs.writeSync(1, outcome.stdout);
if (outcome.stderr) fs.writeSync(2, outcome.stderr);
if (outcome.flood) fs.writeSync(1, 'x'.repeat(outcome.flood));
if (outcome.signal) process.kill(process.pid, outcome.signal);
if (outcome.hang) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
process.reallyExit(outcome.exit ?? 0);
`,
);

/** Runs `body` with every verifier child playing `outcome`. */
function playing<T>(outcome: Outcome, body: () => T): T {
  const saved = process.env['NODE_OPTIONS'];
  process.env['NODE_OPTIONS'] = `--require ${PRELOAD}`;
  process.env['WBEMRX_TEST_OUTCOME'] = JSON.stringify(outcome);
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env['NODE_OPTIONS'];
    else process.env['NODE_OPTIONS'] = saved;
    delete process.env['WBEMRX_TEST_OUTCOME'];
  }
}

async function storeFile(broken = false): Promise<string> {
  const file = join(root, `s${files++}.mdb`);
  const db = open<Buffer, Buffer>({
    path: file,
    noSubdir: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
  const foo = storeKey('root', 'c', 'foo');
  db.putSync(
    FORMAT_KEY,
    codec.encode({ format: FORMAT_NAME, version: FORMAT_VERSION }, FORMAT_KEY),
  );
  db.putSync(foo, broken ? Buffer.from([1, 2, 3]) : codec.encode({ name: 'Foo' }, foo));
  await db.close();
  return file;
}

function headerOf(file: string): StoreFileHeader {
  const header = readStoreHeader(file);
  assert.ok(header);
  return header;
}

/** The same header with the sizes that make the file look whole, or cut short. */
function sized(header: StoreFileHeader, size: number, usedBytes: number): StoreFileHeader {
  return { ...header, size, usedBytes };
}

let good = '';
let broken = '';
before(async () => {
  good = await storeFile();
  broken = await storeFile(true);
});

describe('verifyStoreFile with the real verifier', () => {
  it('returns when every record reads back', () => {
    verifyStoreFile(good, headerOf(good), 10_000);
  });

  it("fails with WBEM_E_CRITICAL_ERROR and the walk's message when a record is damaged", () => {
    assert.throws(
      () => verifyStoreFile(broken, headerOf(broken), 10_000),
      wbemError(
        WBEM_E_CRITICAL_ERROR,
        `${broken} is damaged: record "root"/"c"/"foo": not a sealed record (3 bytes, no frame mark)`,
      ),
    );
  });
});

describe('verifyStoreFile reading what the verifier did', () => {
  const whole = (): StoreFileHeader => sized(headerOf(good), 8192, 8192);
  const cut = (): StoreFileHeader => sized(headerOf(good), 8192, 12288);
  const truncated = ' (the file is 8192 bytes but its meta pages use 12288: truncated?)';

  const damages: {
    desc: string;
    outcome: Outcome;
    header: () => StoreFileHeader;
    detail: string;
  }[] = [
    {
      desc: 'reports damage',
      outcome: { stdout: '{"ok":false,"message":"page 7 is bad"}\n', exit: 1 },
      header: whole,
      detail: 'page 7 is bad',
    },
    {
      desc: 'reports damage in a file shorter than its meta pages say',
      outcome: { stdout: '{"ok":false,"message":"page 7 is bad"}\n', exit: 1 },
      header: cut,
      detail: `page 7 is bad${truncated}`,
    },
    {
      desc: 'reports damage in a file one page shorter than its meta pages say',
      outcome: { stdout: '{"ok":false,"message":"page 7 is bad"}\n', exit: 1 },
      header: () => sized(headerOf(good), 8192, 8193),
      detail: 'page 7 is bad (the file is 8192 bytes but its meta pages use 8193: truncated?)',
    },
    {
      desc: 'reports damage after other output, on its last line',
      outcome: { stdout: 'warming up\n{"ok":false,"message":"page 7 is bad"}\n\n', exit: 1 },
      header: whole,
      detail: 'page 7 is bad',
    },
    {
      desc: 'is killed by a signal',
      outcome: { signal: 'SIGKILL' },
      header: whole,
      detail: 'reading it crashed the verifier (SIGKILL)',
    },
    {
      desc: 'is killed by a signal in a file shorter than its meta pages say',
      outcome: { signal: 'SIGSEGV' },
      header: cut,
      detail: `reading it crashed the verifier (SIGSEGV)${truncated}`,
    },
    {
      desc: 'exits 0 without a report',
      outcome: { exit: 0 },
      header: whole,
      detail: 'the verifier exited with code 0 (no output)',
    },
    {
      desc: 'reports success but exits 1',
      outcome: { stdout: '{"ok":true}\n', exit: 1 },
      header: whole,
      detail: 'the verifier exited with code 1 ({"ok":true})',
    },
    {
      desc: 'exits 0 with a last line that is not a report',
      outcome: { stdout: '{"ok":true}\nnull\n', exit: 0 },
      header: whole,
      detail: 'the verifier exited with code 0 (null)',
    },
    {
      desc: 'exits 0 with a report that is not a success',
      outcome: { stdout: '{"ok":"yes"}\n', exit: 0 },
      header: whole,
      detail: 'the verifier exited with code 0 ({"ok":"yes"})',
    },
    {
      desc: 'reports failure without a message',
      outcome: { stdout: '{"ok":false}\n', exit: 1 },
      header: whole,
      detail: 'the verifier exited with code 1 ({"ok":false})',
    },
    {
      desc: 'reports failure with a message that is not text',
      outcome: { stdout: '{"ok":false,"message":42}\n', exit: 1 },
      header: cut,
      detail: `the verifier exited with code 1 ({"ok":false,"message":42})${truncated}`,
    },
    {
      desc: 'reports a message without saying it failed',
      outcome: { stdout: '{"message":"page 7 is bad"}\n', exit: 1 },
      header: whole,
      detail: 'the verifier exited with code 1 ({"message":"page 7 is bad"})',
    },
    {
      desc: 'fails with an error on stderr',
      outcome: { stdout: 'partial\n', stderr: 'warming up\nError: boom\n', exit: 2 },
      header: whole,
      detail: 'the verifier exited with code 2 (Error: boom)',
    },
    {
      desc: 'fails with only stdout output',
      outcome: { stdout: 'first\nlast\n', exit: 3 },
      header: whole,
      detail: 'the verifier exited with code 3 (last)',
    },
  ];
  for (const { desc, outcome, header, detail } of damages) {
    it(`fails with WBEM_E_CRITICAL_ERROR naming the file when the verifier ${desc}`, () => {
      playing(outcome, () =>
        assert.throws(
          () => verifyStoreFile(good, header(), 10_000),
          wbemError(WBEM_E_CRITICAL_ERROR, `${good} is damaged: ${detail}`),
        ),
      );
    });
  }

  it('returns when the verifier exits 0 and its last line reports success', () => {
    playing({ stdout: 'warming up\n{"ok":true,"records":2}\n', exit: 0 }, () =>
      verifyStoreFile(good, whole(), 10_000),
    );
  });

  it('fails with WBEM_E_CRITICAL_ERROR naming the bound when the verifier does not finish', () => {
    playing({ hang: true }, () =>
      assert.throws(
        () => verifyStoreFile(good, cut(), 300),
        wbemError(
          WBEM_E_CRITICAL_ERROR,
          `${good} is damaged: verifying it did not finish within 300 ms${truncated}`,
        ),
      ),
    );
  });

  it('fails with WBEM_E_INITIALIZATION_FAILURE when the verifier cannot be run to the end', () => {
    playing({ flood: 2 << 20 }, () =>
      assert.throws(
        () => verifyStoreFile(good, whole(), 10_000),
        (error: unknown) => {
          wbemError(
            WBEM_E_INITIALIZATION_FAILURE,
            `${good} cannot be verified: spawnSync ${process.execPath} ENOBUFS`,
          )(error);
          assert.equal(((error as WbemError).cause as NodeJS.ErrnoException).code, 'ENOBUFS');
          return true;
        },
      ),
    );
  });
});

describe('ensureKnownGood', () => {
  const failing: Outcome = { stdout: '{"ok":false,"message":"page 7 is bad"}\n', exit: 1 };
  const passing: Outcome = { stdout: '{"ok":true}\n', exit: 0 };

  async function copyOfGood(): Promise<string> {
    const file = await storeFile();
    rmSync(stampFileOf(file), { force: true });
    return file;
  }

  it('maps a file whose stamp matches without verifying it', async () => {
    const file = await copyOfGood();
    const header = headerOf(file);
    const stamp = currentStamp(file, header);
    assert.ok(stamp);
    writeStamp(file, stamp);
    playing(failing, () => ensureKnownGood(file, header, 10_000));
  });

  it('verifies a file without a stamp and fails as the verifier found', async () => {
    const file = await copyOfGood();
    playing(failing, () =>
      assert.throws(
        () => ensureKnownGood(file, headerOf(file), 10_000),
        wbemError(WBEM_E_CRITICAL_ERROR, `${file} is damaged: page 7 is bad`),
      ),
    );
    assert.equal(existsSync(stampFileOf(file)), false, 'a file found damaged is not stamped');
  });

  it('verifies a file whose stamp no longer matches', async () => {
    const file = await copyOfGood();
    const header = headerOf(file);
    const stamp = currentStamp(file, header);
    assert.ok(stamp);
    writeStamp(file, { ...stamp, size: `${stamp.size}0` });
    playing(failing, () =>
      assert.throws(
        () => ensureKnownGood(file, header, 10_000),
        wbemError(WBEM_E_CRITICAL_ERROR, `${file} is damaged: page 7 is bad`),
      ),
    );
  });

  it('stamps a file it verified with the stamp taken before the walk', async () => {
    const file = await copyOfGood();
    const header = headerOf(file);
    ensureKnownGood(file, header, 10_000);
    assert.deepEqual(readStamp(file), currentStamp(file, header));
  });

  it('writes no stamp for a file that is gone, even when the verifier passes it', async () => {
    const file = await copyOfGood();
    const header = headerOf(file);
    const stamp = currentStamp(file, header);
    assert.ok(stamp);
    writeStamp(file, stamp);
    const written = readFileSync(stampFileOf(file), 'utf8');
    rmSync(file);
    playing(passing, () => ensureKnownGood(file, header, 10_000));
    assert.equal(readFileSync(stampFileOf(file), 'utf8'), written);
  });

  it('fails as the verifier found for a file that is gone', async () => {
    const file = await copyOfGood();
    const header = headerOf(file);
    const stamp = currentStamp(file, header);
    assert.ok(stamp);
    writeStamp(file, stamp);
    rmSync(file);
    playing(failing, () =>
      assert.throws(
        () => ensureKnownGood(file, header, 10_000),
        wbemError(WBEM_E_CRITICAL_ERROR, `${file} is damaged: page 7 is bad`),
      ),
    );
  });

  it('maps, without stamping, a file that was written while a failing walk read it', async () => {
    const file = await copyOfGood();
    playing({ ...failing, append: file }, () => ensureKnownGood(file, headerOf(file), 10_000));
    assert.equal(existsSync(stampFileOf(file)), false);
  });

  it('fails as the verifier found when the file changed into one whose meta pages cannot be read', async () => {
    const file = await copyOfGood();
    // LMDB's magic in meta page 0 (at 24) overwritten.
    const overwrite = { file, at: 24, hex: '00000000' };
    playing({ ...failing, overwrite }, () =>
      assert.throws(
        () => ensureKnownGood(file, headerOf(file), 10_000),
        wbemError(WBEM_E_CRITICAL_ERROR, `${file} is damaged: page 7 is bad`),
      ),
    );
  });
});
