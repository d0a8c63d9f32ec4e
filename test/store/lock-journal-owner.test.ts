import assert from 'node:assert/strict';
import fs, { existsSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import {
  bootId,
  currentOwner,
  formatOwner,
  isOwnerAlive,
  type LockOwner,
  parseOwner,
  processStartTime,
} from '../../src/store/durable/lock-owner.js';
import { errno, replaceBuiltin } from './lock-journal-fakes.js';

const BOOT_ID_FILE = '/proc/sys/kernel/random/boot_id';
/** A pid no process can have (Linux pids stay below 2^22). */
const NO_SUCH_PID = 2 ** 30;
const hasProc = existsSync('/proc/self/stat') && existsSync(BOOT_ID_FILE);
const skip = hasProc ? false : 'needs /proc (boot id and process start times)';

let restore: (() => void)[] = [];
afterEach(() => {
  for (const undo of restore.reverse()) undo();
  restore = [];
});

/** Makes `readFileSync` answer `files` (text, or an error to throw) and read anything else. */
function fakeFiles(files: Record<string, string | Error>): void {
  const real = fs.readFileSync;
  const fake = ((path: fs.PathOrFileDescriptor, options?: unknown) => {
    if (typeof path === 'string' && Object.hasOwn(files, path)) {
      const answer = files[path];
      if (answer instanceof Error) throw answer;
      return answer;
    }
    return real(path, options as BufferEncoding);
  }) as typeof fs.readFileSync;
  restore.push(replaceBuiltin(fs, 'readFileSync', fake));
}

/** Makes `process.kill(pid, 0)` fail with `code`, as for a pid that is gone or not ours. */
function killFails(code: string): void {
  const real = process.kill;
  process.kill = (() => {
    throw errno(code, 'kill');
  }) as typeof process.kill;
  restore.push(() => {
    process.kill = real;
  });
}

/** `/proc/<pid>/stat` text whose command is `comm` and whose field 22 (start time) is `start`. */
function statText(comm: string, start: string): string {
  const fields4to21 = Array.from({ length: 18 }, (_, i) => String(i + 4));
  return `4242 (${comm}) S ${fields4to21.join(' ')} ${start} 0 0 0\n`;
}

const missing = () => errno('ENOENT', 'no such file or directory');

describe('bootId', () => {
  it('is the kernel boot id without its line end', { skip }, () => {
    assert.equal(bootId(), fs.readFileSync(BOOT_ID_FILE, 'utf8').trim());
    assert.match(bootId() ?? '', /^[0-9a-f-]{36}$/);
  });

  it('is undefined when the OS has no boot id file, or an empty one', () => {
    fakeFiles({ [BOOT_ID_FILE]: missing() });
    assert.equal(bootId(), undefined);
    restore.pop()?.();
    fakeFiles({ [BOOT_ID_FILE]: ' \n' });
    assert.equal(bootId(), undefined);
  });

  it('trims the spaces around the id', () => {
    fakeFiles({ [BOOT_ID_FILE]: '  abc-123 \n' });
    assert.equal(bootId(), 'abc-123');
  });
});

describe('processStartTime', () => {
  it('reads field 22 of /proc/<pid>/stat, after a command name holding spaces and parentheses', () => {
    fakeFiles({
      '/proc/4242/stat': statText('a) b) (c', '777'),
      '/proc/4243/stat': statText('plain', '31415'),
    });
    assert.equal(processStartTime(4242), '777');
    assert.equal(processStartTime(4243), '31415');
  });

  it('is undefined when field 22 is not a number or is missing', () => {
    fakeFiles({
      '/proc/1/stat': statText('x', 'abc'),
      '/proc/2/stat': statText('x', '12abc'),
      '/proc/3/stat': statText('x', 'abc12'),
      '/proc/4/stat': '4 (x) S 1 2 3\n',
      '/proc/5/stat': missing(),
    });
    for (const pid of [1, 2, 3, 4, 5]) assert.equal(processStartTime(pid), undefined, `pid ${pid}`);
  });
});

describe('currentOwner', () => {
  it('is the pid alone, with no empty fields, where the OS has no /proc', () => {
    fakeFiles({ [BOOT_ID_FILE]: missing(), [`/proc/${process.pid}/stat`]: missing() });
    assert.deepEqual(currentOwner(), { pid: process.pid });
  });

  it('is the pid, boot id and start time of this process on Linux', { skip }, () => {
    assert.deepEqual(currentOwner(), {
      pid: process.pid,
      bootId: bootId(),
      startTime: processStartTime(process.pid),
    });
  });
});

describe('lock owner text', () => {
  it('writes only the pid line for an owner without boot id or start time', () => {
    assert.equal(formatOwner({ pid: 7 }), '7\n');
    assert.equal(formatOwner({ pid: 7, bootId: 'b' }), '7\nboot b\n');
    assert.equal(formatOwner({ pid: 7, startTime: '9' }), '7\nstart 9\n');
  });

  it('reads a pid line with spaces around it, and a file with CRLF line ends', () => {
    assert.deepEqual(parseOwner(' 12 \n'), { pid: 12 });
    assert.deepEqual(parseOwner('12\t\n'), { pid: 12 });
    assert.deepEqual(parseOwner('12\r\nboot abc\r\nstart 99\r\n'), {
      pid: 12,
      bootId: 'abc',
      startTime: '99',
    });
    assert.deepEqual(parseOwner('12\n  boot abc  \n'), { pid: 12, bootId: 'abc' });
  });

  it('names no owner when the first line is not a decimal pid alone', () => {
    for (const text of ['12abc\n', '1x2\n', 'x12\n', 'pid 12\n', '12 13\n', '\n12\n']) {
      assert.equal(parseOwner(text), undefined, JSON.stringify(text));
    }
  });

  it('ignores lines that are not exactly `boot <id>` or `start <time>`', () => {
    assert.deepEqual(parseOwner('12\nreboot x\nxstart 5\nstart 5 6\nboot\nboot a b\n'), {
      pid: 12,
    });
  });
});

describe('isOwnerAlive', () => {
  const self: LockOwner = { pid: process.pid, bootId: 'this-boot', startTime: '5' };

  it('is false for a pid that does not run', () => {
    assert.equal(isOwnerAlive({ pid: NO_SUCH_PID }, { pid: process.pid }), false);
  });

  it('is false when signalling the pid says it does not exist', () => {
    killFails('ESRCH');
    assert.equal(isOwnerAlive({ pid: NO_SUCH_PID }, { pid: process.pid }), false);
  });

  it("is true when the pid exists but is another user's (EPERM)", () => {
    killFails('EPERM');
    assert.equal(isOwnerAlive({ pid: NO_SUCH_PID }, { pid: process.pid }), true);
  });

  it('compares boot ids only when both the lock and this process have one', () => {
    assert.equal(isOwnerAlive({ pid: process.pid, startTime: '5' }, self), true);
    assert.equal(isOwnerAlive({ pid: process.pid, bootId: 'a-boot' }, { pid: process.pid }), true);
    assert.equal(isOwnerAlive({ ...self, bootId: 'another-boot' }, self), false);
  });

  it("takes this process's start time from `self`, not from a second reading of /proc", () => {
    assert.equal(isOwnerAlive({ pid: process.pid, startTime: '5' }, self), true);
    assert.equal(isOwnerAlive({ pid: process.pid, startTime: '6' }, self), false);
  });

  it('is true for a lock naming this pid when neither it nor this process records a start time', () => {
    assert.equal(isOwnerAlive({ pid: process.pid }, { pid: process.pid }), true);
    assert.equal(isOwnerAlive({ pid: process.pid, startTime: '5' }, { pid: process.pid }), true);
  });

  it('is false for a lock naming this pid without a start time when this process records one', () => {
    assert.equal(isOwnerAlive({ pid: process.pid }, self), false);
  });

  it("is decided by another live process's start time when the lock records one", { skip }, () => {
    const parent = process.ppid;
    const started = processStartTime(parent);
    assert.ok(started !== undefined);
    assert.equal(isOwnerAlive({ pid: parent, startTime: started }, self), true);
    const other = String(BigInt(started) + 1n);
    assert.equal(isOwnerAlive({ pid: parent, startTime: other }, self), false);
  });

  it('is true for another live process when the lock records no start time (an older engine)', {
    skip,
  }, () => {
    assert.equal(isOwnerAlive({ pid: process.ppid }, self), true);
  });
});
