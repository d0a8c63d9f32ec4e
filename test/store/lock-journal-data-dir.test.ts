import assert from 'node:assert/strict';
import fs, {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureDataDir } from '../../src/store/durable/data-dir.js';
import { WBEM_E_INITIALIZATION_FAILURE } from '../../src/wbem/status.js';
import { isWbemError, replaceBuiltin } from './lock-journal-fakes.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-lock-journal-dir-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  const dir = join(root, `d${dirs++}`);
  mkdirSync(dir);
  return dir;
}

/** Checks the refusal of `path` and that its cause has errno `code`. */
function refusedWith(path: string, reason: string, code?: string) {
  return (error: unknown): boolean => {
    isWbemError(
      WBEM_E_INITIALIZATION_FAILURE,
      `cannot create data directory ${path}: ${reason}`,
    )(error);
    if (code !== undefined) {
      assert.equal(((error as Error).cause as NodeJS.ErrnoException).code, code);
    }
    return true;
  };
}

describe('ensureDataDir', () => {
  it('refuses an empty path, a path with a NUL and a value that is not a string', () => {
    for (const path of ['', 'data\u0000dir', undefined, 42]) {
      assert.throws(
        () => ensureDataDir(path as string),
        refusedWith(String(path), 'not a usable path'),
      );
    }
  });

  it('refuses a path that is a file, naming it', () => {
    const path = join(freshDir(), 'file');
    writeFileSync(path, '');
    assert.throws(
      () => ensureDataDir(path),
      refusedWith(path, `${path} exists and is not a directory`),
    );
  });

  it("refuses a path under a file with the file system's error", () => {
    const file = join(freshDir(), 'file');
    writeFileSync(file, '');
    const path = join(file, 'data');
    assert.throws(
      () => ensureDataDir(path),
      refusedWith(path, `ENOTDIR: not a directory, stat '${path}'`, 'ENOTDIR'),
    );
  });

  it('refuses a path under a dangling symbolic link instead of reporting success', () => {
    const base = freshDir();
    const link = join(base, 'link');
    symlinkSync(join(base, 'nowhere'), link);
    const path = join(link, 'data');
    assert.throws(
      () => ensureDataDir(path),
      refusedWith(path, `EEXIST: file already exists, mkdir '${link}'`, 'EEXIST'),
    );
    assert.equal(existsSync(path), false);
  });

  it('refuses with the first mkdir error when the file system refuses new entries', {
    skip: existsSync('/proc/self') ? false : 'needs a /proc file system',
  }, () => {
    const path = '/proc/nope/deeper';
    assert.throws(
      () => ensureDataDir(path),
      refusedWith(path, `ENOENT: no such file or directory, mkdir '/proc/nope'`, 'ENOENT'),
    );
  });

  it("wraps a file system error of the directory's lookup", () => {
    const path = join(freshDir(), 'n'.repeat(300), 'data');
    assert.throws(
      () => ensureDataDir(path),
      refusedWith(path, `ENAMETOOLONG: name too long, stat '${path}'`, 'ENAMETOOLONG'),
    );
  });

  it('creates the missing components of a relative path, parent first, and nothing else', () => {
    const base = freshDir();
    const before = process.cwd();
    process.chdir(base);
    try {
      ensureDataDir(join('a', 'b', 'c'));
      assert.deepEqual(readdirSync(base), ['a']);
      assert.deepEqual(readdirSync(join(base, 'a')), ['b']);
      assert.deepEqual(readdirSync(join(base, 'a', 'b')), ['c']);
      assert.ok(statSync(join(base, 'a', 'b', 'c')).isDirectory());
      ensureDataDir('a');
      assert.deepEqual(readdirSync(base), ['a']);
    } finally {
      process.chdir(before);
    }
  });

  it('accepts a directory that another process creates at the same moment', () => {
    const path = join(freshDir(), 'raced');
    const real = fs.mkdirSync;
    const restore = replaceBuiltin(fs, 'mkdirSync', ((dir: fs.PathLike) => {
      real(dir);
      return real(dir);
    }) as typeof fs.mkdirSync);
    try {
      ensureDataDir(path);
    } finally {
      restore();
    }
    assert.ok(statSync(path).isDirectory());
  });
});
