import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { FileLoadJournal, LOAD_JOURNAL_DIR } from '../../src/store/durable/load-journal-files.js';
import { WBEM_E_CRITICAL_ERROR } from '../../src/wbem/status.js';
import { errno, isWbemError, replaceBuiltin } from './lock-journal-fakes.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-lock-journal-files-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  const dir = join(root, `d${dirs++}`);
  mkdirSync(dir);
  return dir;
}

let restore: (() => void)[] = [];
afterEach(() => {
  for (const undo of restore.reverse()) undo();
  restore = [];
});

/** Makes `Date.now()` answer `times` in turn (the last one from then on). */
function clock(...times: number[]): void {
  const real = Date.now;
  let next = 0;
  Date.now = () => times[Math.min(next++, times.length - 1)] as number;
  restore.push(() => {
    Date.now = real;
  });
}

function bytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** Checks a journal failure: WBEM_E_CRITICAL_ERROR, `what`, then the cause's message. */
function journalFailure(what: string, code?: string) {
  return (error: unknown): boolean => {
    const cause = (error as Error).cause as NodeJS.ErrnoException;
    assert.ok(cause instanceof Error, String(error));
    isWbemError(WBEM_E_CRITICAL_ERROR, `${what}: ${cause.message}`)(error);
    if (code !== undefined) assert.equal(cause.code, code);
    return true;
  };
}

describe('FileLoadJournal', () => {
  it('records an entry as <id>.journal in the load-journal folder, leaving no temporary file', async () => {
    const dir = freshDir();
    const journal = new FileLoadJournal(dir);
    const id = await journal.record(bytes('snapshot'));
    assert.equal(LOAD_JOURNAL_DIR, 'load-journal');
    assert.match(id, /^[0-9a-z-]+$/, 'the id is a plain file name');
    assert.deepEqual(readdirSync(join(dir, LOAD_JOURNAL_DIR)), [`${id}.journal`]);
    assert.equal(readFileSync(join(dir, LOAD_JOURNAL_DIR, `${id}.journal`), 'utf8'), 'snapshot');
    assert.deepEqual(await journal.pending(), [{ id, data: bytes('snapshot') }]);
  });

  it('has nothing pending when the folder or the data directory does not exist', async () => {
    assert.deepEqual(await new FileLoadJournal(freshDir()).pending(), []);
    assert.deepEqual(await new FileLoadJournal(join(root, 'absent')).pending(), []);
  });

  it('lists entries oldest first, when the clock gains a digit and within one millisecond', async () => {
    const journal = new FileLoadJournal(freshDir());
    // 35 and 36 are `z` and `10` in base 36; twelve entries then share one millisecond.
    clock(35, 36, 36 ** 2);
    const ids: string[] = [];
    for (let i = 0; i < 14; i++) ids.push(await journal.record(bytes(`entry ${i}`)));
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    // The folder lists names in no particular order.
    const readdir = fsp.readdir;
    restore.push(
      replaceBuiltin(fsp, 'readdir', (async (path: string) =>
        (await readdir(path)).reverse()) as typeof fsp.readdir),
    );
    const pending = await journal.pending();
    assert.deepEqual(
      pending.map((entry) => entry.id),
      ids,
    );
    assert.deepEqual(
      pending.map((entry) => String(entry.data)),
      ids.map((_, i) => `entry ${i}`),
    );
  });

  it('lists only .journal files, ignoring a leftover temporary file', async () => {
    const dir = freshDir();
    const journal = new FileLoadJournal(dir);
    const id = await journal.record(bytes('kept'));
    const folder = join(dir, LOAD_JOURNAL_DIR);
    writeFileSync(join(folder, `${id}x.journal.tmp`), 'half written');
    writeFileSync(join(folder, 'notes.txt'), 'other');
    assert.deepEqual(await journal.pending(), [{ id, data: bytes('kept') }]);
  });

  it('removes an entry and keeps the others; removing an entry that is gone does nothing', async () => {
    const dir = freshDir();
    const journal = new FileLoadJournal(dir);
    const first = await journal.record(bytes('1'));
    const second = await journal.record(bytes('2'));
    await journal.remove(first);
    assert.deepEqual(await journal.pending(), [{ id: second, data: bytes('2') }]);
    await journal.remove(first);
    await journal.remove(second);
    assert.deepEqual(await journal.pending(), []);
    assert.deepEqual(readdirSync(join(dir, LOAD_JOURNAL_DIR)), []);
  });

  it('removing an entry when the whole folder is gone does nothing, as listing finds none', async () => {
    const dir = freshDir();
    const journal = new FileLoadJournal(dir);
    await journal.remove('never-written');
    assert.equal(existsSync(join(dir, LOAD_JOURNAL_DIR)), false);
    assert.deepEqual(await journal.pending(), []);
  });

  it('syncs an entry before naming it, and the folder after naming or removing it', async () => {
    const dir = freshDir();
    const folder = join(dir, LOAD_JOURNAL_DIR);
    const journal = new FileLoadJournal(dir);
    await journal.record(bytes('first'));
    const log: string[] = [];
    const name = (path: string) => (path === folder ? '<folder>' : basename(path));
    const open = fsp.open;
    const rename = fsp.rename;
    restore.push(
      replaceBuiltin(fsp, 'open', (async (path: string, flags: string) => {
        const handle: FileHandle = await open(path, flags);
        log.push(`open ${name(path)} ${flags}`);
        const sync = handle.sync.bind(handle);
        const close = handle.close.bind(handle);
        handle.sync = async () => {
          log.push(`sync ${name(path)}`);
          await sync();
        };
        handle.close = async () => {
          log.push(`close ${name(path)}`);
          await close();
        };
        return handle;
      }) as typeof fsp.open),
      replaceBuiltin(fsp, 'rename', (async (from: string, to: string) => {
        log.push(`rename ${name(from)} ${name(to)}`);
        await rename(from, to);
      }) as typeof fsp.rename),
    );
    const id = await journal.record(bytes('second'));
    const entry = `${id}.journal`;
    assert.deepEqual(log, [
      `open ${entry}.tmp w`,
      `sync ${entry}.tmp`,
      `close ${entry}.tmp`,
      `rename ${entry}.tmp ${entry}`,
      'open <folder> r',
      'sync <folder>',
      'close <folder>',
    ]);
    log.length = 0;
    await journal.remove(id);
    assert.deepEqual(log, ['open <folder> r', 'sync <folder>', 'close <folder>']);
  });
});

describe('FileLoadJournal failures', () => {
  it('fails to record with WBEM_E_CRITICAL_ERROR naming the folder when the data directory is a file', async () => {
    const dir = join(freshDir(), 'file');
    writeFileSync(dir, '');
    await assert.rejects(
      new FileLoadJournal(dir).record(bytes('x')),
      journalFailure(`cannot record the load journal in ${join(dir, LOAD_JOURNAL_DIR)}`, 'ENOTDIR'),
    );
  });

  it('fails to record with WBEM_E_CRITICAL_ERROR and removes the temporary file when naming the entry fails', async () => {
    const dir = freshDir();
    restore.push(
      replaceBuiltin(fsp, 'rename', (async () => {
        throw errno('EXDEV', 'cross-device link not permitted');
      }) as typeof fsp.rename),
    );
    await assert.rejects(
      new FileLoadJournal(dir).record(bytes('x')),
      journalFailure(`cannot record the load journal in ${join(dir, LOAD_JOURNAL_DIR)}`, 'EXDEV'),
    );
    assert.deepEqual(readdirSync(join(dir, LOAD_JOURNAL_DIR)), []);
  });

  it('fails to remove with WBEM_E_CRITICAL_ERROR naming the entry when it cannot be removed', async () => {
    const dir = freshDir();
    const folder = join(dir, LOAD_JOURNAL_DIR);
    mkdirSync(join(folder, 'stuck.journal'), { recursive: true });
    writeFileSync(join(folder, 'stuck.journal', 'inside'), '');
    await assert.rejects(
      new FileLoadJournal(dir).remove('stuck'),
      journalFailure(`cannot remove load journal entry stuck from ${folder}`),
    );
    assert.ok(existsSync(join(folder, 'stuck.journal')));
  });

  it('fails to list with WBEM_E_CRITICAL_ERROR when the folder is not a directory', async () => {
    const dir = freshDir();
    const folder = join(dir, LOAD_JOURNAL_DIR);
    writeFileSync(folder, '');
    await assert.rejects(
      new FileLoadJournal(dir).pending(),
      journalFailure(`cannot list the load journal in ${folder}`, 'ENOTDIR'),
    );
  });

  it('fails to list with WBEM_E_CRITICAL_ERROR naming an entry that cannot be read', async () => {
    const dir = freshDir();
    const folder = join(dir, LOAD_JOURNAL_DIR);
    mkdirSync(join(folder, 'odd.journal'), { recursive: true });
    await assert.rejects(
      new FileLoadJournal(dir).pending(),
      journalFailure(`cannot read load journal entry odd.journal in ${folder}`, 'EISDIR'),
    );
  });
});
