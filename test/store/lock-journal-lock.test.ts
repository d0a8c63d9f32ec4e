import assert from 'node:assert/strict';
import fs, {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { claimStorage } from '../../src/store/claim-storage.js';
import { FileLoadJournal, LOAD_JOURNAL_DIR } from '../../src/store/durable/load-journal-files.js';
import { acquireDataDirLock, LOCK_FILE } from '../../src/store/durable/lock.js';
import {
  currentOwner,
  formatOwner,
  parseOwner,
  processStartTime,
} from '../../src/store/durable/lock-owner.js';
import { WBEM_E_ACCESS_DENIED, WBEM_E_INITIALIZATION_FAILURE } from '../../src/wbem/status.js';
import { errno, isWbemError, replaceBuiltin } from './lock-journal-fakes.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-lock-journal-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  return join(root, `d${dirs++}`);
}

let restore: (() => void)[] = [];
afterEach(() => {
  for (const undo of restore.reverse()) undo();
  restore = [];
});

/** Makes `linkSync` fail with `code` every time; returns how many times it was called. */
function linkFails(code: string): { calls: number } {
  const count = { calls: 0 };
  restore.push(
    replaceBuiltin(fs, 'linkSync', () => {
      count.calls++;
      throw errno(code, 'link');
    }),
  );
  return count;
}

const hasProc = existsSync('/proc/self/stat');

describe('acquireDataDirLock refusals', () => {
  it('names the directory, this pid as this process, and the lock file when this process holds it', () => {
    const dir = freshDir();
    const lock = acquireDataDirLock(dir);
    try {
      assert.throws(
        () => acquireDataDirLock(dir),
        isWbemError(
          WBEM_E_ACCESS_DENIED,
          `data directory ${dir} is in use by another engine (pid ${process.pid}, this process; lock file ${lock.file})`,
        ),
      );
    } finally {
      lock.release();
    }
  });

  it("names another live process's pid, without calling it this process", () => {
    const dir = freshDir();
    mkdirSync(dir);
    const file = join(dir, LOCK_FILE);
    const self = currentOwner();
    const startTime = processStartTime(process.ppid);
    writeFileSync(
      file,
      formatOwner({
        pid: process.ppid,
        ...(self.bootId === undefined ? {} : { bootId: self.bootId }),
        ...(startTime === undefined ? {} : { startTime }),
      }),
    );
    assert.throws(
      () => acquireDataDirLock(dir),
      isWbemError(
        WBEM_E_ACCESS_DENIED,
        `data directory ${dir} is in use by another engine (pid ${process.ppid}; lock file ${file})`,
      ),
    );
    assert.equal(parseOwner(readFileSync(file, 'utf8'))?.pid, process.ppid, 'the lock is kept');
    assert.deepEqual(readdirSync(dir), [LOCK_FILE]);
  });

  it('fails with WBEM_E_INITIALIZATION_FAILURE naming the file when the file system cannot link (no hard links)', () => {
    const dir = freshDir();
    const link = linkFails('EPERM');
    assert.throws(
      () => acquireDataDirLock(dir),
      (error: unknown) => {
        isWbemError(
          WBEM_E_INITIALIZATION_FAILURE,
          `cannot create lock file ${join(dir, LOCK_FILE)}`,
        )(error);
        assert.equal(((error as Error).cause as NodeJS.ErrnoException).code, 'EPERM');
        return true;
      },
    );
    assert.equal(link.calls, 1, 'a refusal other than EEXIST is not retried');
    assert.deepEqual(readdirSync(dir), [], 'the owner draft is removed');
  });

  it('gives up with WBEM_E_ACCESS_DENIED, not looping, when the lock file keeps being taken', () => {
    const dir = freshDir();
    const link = linkFails('EEXIST');
    assert.throws(
      () => acquireDataDirLock(dir),
      isWbemError(
        WBEM_E_ACCESS_DENIED,
        `data directory ${dir} is contended: could not take lock file ${join(dir, LOCK_FILE)}`,
      ),
    );
    assert.ok(link.calls > 1, 'a stale lock is retried');
    assert.deepEqual(readdirSync(dir), [], 'the owner draft is removed');
  });

  it('fails with WBEM_E_INITIALIZATION_FAILURE naming the directory when nothing can be written in it', {
    skip: hasProc ? false : 'needs a /proc file system',
  }, () => {
    assert.throws(
      () => acquireDataDirLock('/proc'),
      isWbemError(WBEM_E_INITIALIZATION_FAILURE, 'cannot write lock file in /proc'),
    );
  });

  it('leaves only the lock file in the directory (no owner draft)', () => {
    const dir = freshDir();
    const lock = acquireDataDirLock(dir);
    assert.deepEqual(readdirSync(dir), [LOCK_FILE]);
    assert.throws(() => acquireDataDirLock(dir));
    assert.deepEqual(readdirSync(dir), [LOCK_FILE]);
    lock.release();
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('DataDirLock.release', () => {
  it('does nothing the second time, even when this process has taken the lock again', () => {
    const dir = freshDir();
    const first = acquireDataDirLock(dir);
    first.release();
    const second = acquireDataDirLock(dir);
    first.release();
    assert.ok(existsSync(second.file), 'the later lock is kept');
    second.release();
    assert.equal(existsSync(second.file), false);
  });

  it('keeps a lock file that another owner has taken over', () => {
    const self = currentOwner();
    const others = [
      { pid: process.pid, startTime: 'restarted' },
      { pid: process.ppid, ...(self.startTime === undefined ? {} : { startTime: self.startTime }) },
    ];
    for (const other of others) {
      const lock = acquireDataDirLock(freshDir());
      writeFileSync(lock.file, formatOwner(other));
      lock.release();
      assert.deepEqual(parseOwner(readFileSync(lock.file, 'utf8')), other);
    }
  });

  it('does not throw when the lock file is gone or names no owner', () => {
    const gone = acquireDataDirLock(freshDir());
    rmSync(gone.file);
    gone.release();
    const garbled = acquireDataDirLock(freshDir());
    writeFileSync(garbled.file, 'garbage');
    garbled.release();
    assert.equal(readFileSync(garbled.file, 'utf8'), 'garbage');
  });
});

describe('claimStorage', () => {
  it('holds nothing and has no load journal for memory storage', () => {
    const claim = claimStorage(null);
    assert.equal(claim.loadJournal, undefined);
    claim.release();
    claim.release();
  });

  it("holds the data directory's lock until released, with the directory's load journal", async () => {
    const dir = freshDir();
    const claim = claimStorage(dir);
    const file = join(dir, LOCK_FILE);
    assert.equal(parseOwner(readFileSync(file, 'utf8'))?.pid, process.pid);
    assert.throws(
      () => claimStorage(dir),
      isWbemError(WBEM_E_ACCESS_DENIED, /is in use by another engine/),
    );
    assert.ok(claim.loadJournal instanceof FileLoadJournal);
    const id = await claim.loadJournal.record(Buffer.from('x'));
    assert.ok(existsSync(join(dir, LOAD_JOURNAL_DIR, `${id}.journal`)));
    claim.release();
    assert.equal(existsSync(file), false);
    claimStorage(dir).release();
  });
});
