import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  commitFailure,
  isOutOfSpace,
  settleCommitError,
} from '../../src/store/durable/commit-failure.js';
import { WBEM_E_FAILED, WBEM_E_OUT_OF_DISK_SPACE } from '../../src/wbem/status.js';
import { isWbemError } from './lock-journal-fakes.js';

/** A directory with room to spare. */
const roomy = mkdtempSync(join(tmpdir(), 'wbemrx-lock-journal-space-'));
after(() => rmSync(roomy, { recursive: true, force: true }));
/** A file system that reports no free space at all (procfs). */
const full = '/proc';
const skipFull = existsSync('/proc/self') ? false : 'needs a /proc file system (no free space)';

function failure(code: unknown, message: unknown): unknown {
  return { code, message };
}

describe('isOutOfSpace', () => {
  it('reads every out-of-space code by itself, whatever the message says', () => {
    for (const code of ['ENOSPC', 'EDQUOT', 28, 122, -30792]) {
      assert.equal(isOutOfSpace(failure(code, 'write failed'), roomy), true, String(code));
      assert.equal(isOutOfSpace(failure(code, undefined), roomy), true, String(code));
    }
    assert.equal(isOutOfSpace(failure(30792, 'write failed'), roomy), false);
  });

  it('reads an out-of-space message without a code', () => {
    for (const message of [
      'MDB_MAP_FULL: Environment mapsize limit reached',
      'No space left on device',
      'Disk quota exceeded',
      'Failed to resize the map',
    ]) {
      assert.equal(isOutOfSpace(new Error(message), roomy), true, message);
    }
  });

  it('reads only a string message', () => {
    const texty = (text: string) => ({ toString: () => text });
    assert.equal(isOutOfSpace(failure(undefined, texty('No space left on device')), roomy), false);
    assert.equal(isOutOfSpace(failure(undefined, texty('I/O error')), full), false);
  });

  it('is false for any other error, and for none', () => {
    assert.equal(isOutOfSpace(new Error('MDB_BAD_TXN: Transaction must abort'), roomy), false);
    assert.equal(isOutOfSpace(null, roomy), false);
    assert.equal(isOutOfSpace(undefined, roomy), false);
  });

  it('takes an I/O error for a full disk when the file system has almost no room', {
    skip: skipFull,
  }, () => {
    assert.equal(isOutOfSpace(failure('EIO', 'write failed'), full), true);
    assert.equal(isOutOfSpace(failure(5, 'write failed'), full), true);
    assert.equal(isOutOfSpace(new Error('Input/output error: I/O error'), full), true);
    assert.equal(isOutOfSpace(new Error('Input/output error'), full), true);
    assert.equal(isOutOfSpace(new Error('lmdb: I/O error'), full), true);
  });

  it('takes an I/O error for what it is when the file system has room, or cannot be asked', () => {
    const missing = join(roomy, 'missing');
    for (const dir of [roomy, missing]) {
      assert.equal(isOutOfSpace(failure('EIO', 'write failed'), dir), false, dir);
      assert.equal(isOutOfSpace(failure(5, 'write failed'), dir), false, dir);
      assert.equal(isOutOfSpace(new Error('I/O error'), dir), false, dir);
      assert.equal(isOutOfSpace(new Error('Input/output error'), dir), false, dir);
    }
  });

  it('does not take another error for a full disk when the file system has no room', {
    skip: skipFull,
  }, () => {
    assert.equal(isOutOfSpace(new Error('MDB_BAD_TXN: Transaction must abort'), full), false);
    assert.equal(isOutOfSpace(failure('EACCES', 'permission denied'), full), false);
    assert.equal(isOutOfSpace(failure(4, undefined), full), false);
  });
});

describe('settleCommitError', () => {
  it('resolves to nothing when the error carries no commitError promise', async () => {
    assert.equal(await settleCommitError(null), undefined);
    assert.equal(await settleCommitError(new Error('Commit failed')), undefined);
    const inner = new Error('not a promise');
    assert.equal(await settleCommitError({ commitError: inner }), undefined);
  });

  it('resolves to the rejection of the commitError promise, and to nothing when it fulfils', async () => {
    const real = new Error('real');
    assert.equal(await settleCommitError({ commitError: Promise.reject(real) }), real);
    assert.equal(await settleCommitError({ commitError: Promise.resolve(real) }), undefined);
  });
});

describe('commitFailure', () => {
  it('gives WBEM_E_FAILED naming the write and the error when there is no Error object', async () => {
    const wbem = await commitFailure(null, roomy, 'writing x');
    assert.ok(isWbemError(WBEM_E_FAILED, 'writing x failed: null')(wbem));
  });

  it('gives WBEM_E_OUT_OF_DISK_SPACE naming the directory and the real error from commitError', async () => {
    const real = Object.assign(new Error('write failed'), { code: 'ENOSPC' });
    const wbem = await commitFailure(
      Object.assign(new Error('Commit failed'), { commitError: Promise.reject(real) }),
      roomy,
      'writing x',
    );
    assert.ok(
      isWbemError(
        WBEM_E_OUT_OF_DISK_SPACE,
        `writing x failed: out of disk space in ${roomy} (write failed)`,
      )(wbem),
    );
    assert.equal(wbem.cause, real);
  });
});
