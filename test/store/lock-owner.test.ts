import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { acquireDataDirLock, LOCK_FILE } from '../../src/store/durable/lock.js';
import {
  bootId,
  currentOwner,
  formatOwner,
  type LockOwner,
  parseOwner,
  processStartTime,
} from '../../src/store/durable/lock-owner.js';
import { WBEM_E_ACCESS_DENIED } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-lock-owner-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

/** A data directory whose lock file was left by `owner`. */
function lockedBy(owner: LockOwner | string): string {
  const dir = join(root, `d${dirs++}`);
  acquireDataDirLock(dir).release();
  writeFileSync(join(dir, LOCK_FILE), typeof owner === 'string' ? owner : formatOwner(owner));
  return dir;
}

/** Takes the lock and checks that the lock file now names this process exactly. */
function takesOver(dir: string): void {
  const lock = acquireDataDirLock(dir);
  assert.deepEqual(parseOwner(readFileSync(lock.file, 'utf8')), currentOwner());
  lock.release();
  assert.equal(existsSync(lock.file), false);
}

const linux = existsSync('/proc/self/stat') && bootId() !== undefined;
const skip = linux ? false : 'needs /proc (boot id and process start times)';

describe('acquireDataDirLock owner identity', () => {
  it('records pid, boot id and start time in the lock file when it takes the lock', {
    skip,
  }, () => {
    const dir = join(root, `d${dirs++}`);
    const lock = acquireDataDirLock(dir);
    const owner = parseOwner(readFileSync(lock.file, 'utf8'));
    assert.equal(owner?.pid, process.pid);
    assert.equal(owner?.bootId, bootId());
    assert.match(owner?.startTime ?? '', /^\d+$/);
    lock.release();
  });

  it('takes over the lock when it names this pid with another start time (a restart reused the pid)', {
    skip,
  }, () => {
    const self = currentOwner();
    const earlier = String(BigInt(self.startTime ?? '0') + 1n);
    takesOver(lockedBy({ ...self, startTime: earlier }));
  });

  it('takes over the lock when a live pid wrote it in another boot', { skip }, () => {
    takesOver(lockedBy({ pid: 1, bootId: 'f00dfeed-0000-4000-8000-000000000000', startTime: '1' }));
    takesOver(lockedBy({ ...currentOwner(), bootId: 'f00dfeed-0000-4000-8000-000000000000' }));
  });

  it('takes over the lock when it names this pid without a start time (an older engine, restarted)', {
    skip,
  }, () => {
    takesOver(lockedBy(`${process.pid}\n`));
  });

  it('fails with WBEM_E_ACCESS_DENIED naming the directory and pid when a live process of this boot owns it', {
    skip,
  }, () => {
    const pid1 = processStartTime(1);
    assert.ok(pid1 !== undefined);
    const dir = lockedBy({
      pid: 1,
      ...(bootId() === undefined ? {} : { bootId: bootId() as string }),
      startTime: pid1,
    });
    assert.throws(
      () => acquireDataDirLock(dir),
      (error: unknown) => {
        assert.ok(error instanceof WbemError);
        assert.equal(error.hresult, WBEM_E_ACCESS_DENIED);
        assert.ok(error.message.includes(dir) && error.message.includes('pid 1'), error.message);
        return true;
      },
    );
  });

  it('takes over the lock when its file names no pid', () => {
    takesOver(lockedBy('not a pid\nboot x\n'));
    takesOver(lockedBy(''));
  });
});

describe('lock owner text', () => {
  it('round-trips an owner, and reads a bare pid when an older engine wrote the file', () => {
    const owner: LockOwner = { pid: 42, bootId: 'abc', startTime: '99' };
    assert.deepEqual(parseOwner(formatOwner(owner)), owner);
    assert.deepEqual(parseOwner('42\n'), { pid: 42 });
    assert.equal(parseOwner('-3\n'), undefined);
    assert.equal(parseOwner('0'), undefined);
  });

  it('reads the start time of a live process, and none when the pid does not exist', {
    skip,
  }, () => {
    assert.match(processStartTime(process.pid) ?? '', /^\d+$/);
    assert.equal(processStartTime(2 ** 30), undefined);
  });
});
