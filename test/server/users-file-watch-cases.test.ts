import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UserDirectory } from '../../src/index.js';
import type { UsersFile } from '../../src/server/user-store.js';
import { writeUsersFile } from '../../src/server/user-store.js';
import { watchUsersFile } from '../../src/server/users-file-watch.js';
import { unhashedUser } from './helpers/user-records.js';

const file = (...names: string[]): UsersFile => ({
  version: 1,
  users: names.map((name) => unhashedUser(name)),
});

/** Waits until `done()` holds, polling; fails after 10 s. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('users file watched', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wbemrx-watch-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the records when the file is rewritten, and keeps them when it does not parse', async () => {
    const path = join(dir, 'users.json');
    await writeUsersFile(path, file('ann'));
    const users = new UserDirectory(file('ann'));
    const logged: string[] = [];
    const watch = watchUsersFile(path, users, (m) => logged.push(m));
    try {
      await writeUsersFile(path, file('ann', 'bob'));
      await until(() => users.get('bob') !== undefined, 'bob is read');
      writeFileSync(path, '{ half');
      await until(() => logged.length > 0, 'the bad file is reported');
      assert.equal(
        logged[0],
        `users file ${path} was not reloaded: WBEM_E_INVALID_PARAMETER: ${path} is not JSON`,
      );
      assert.ok(users.get('bob') !== undefined);
    } finally {
      watch.close();
    }
  });

  it('reads nothing once closed', async () => {
    const path = join(dir, 'closed.json');
    await writeUsersFile(path, file('ann'));
    const users = new UserDirectory(file('ann'));
    const watch = watchUsersFile(path, users, () => undefined);
    watch.close();
    watch.close();
    await writeUsersFile(path, file('cy'));
    // A second watch of the same file sees the write: the closed one has had its chance too.
    const seen = new UserDirectory(file());
    const second = watchUsersFile(path, seen, () => undefined);
    try {
      await writeUsersFile(path, file('dan'));
      await until(() => seen.get('dan') !== undefined, 'the second watch reads dan');
      await new Promise((r) => setTimeout(r, 40));
      assert.equal(users.version, 0);
    } finally {
      second.close();
    }
  });

  it('does not read the file again when another file of its directory changes', async () => {
    const path = join(dir, 'mine.json');
    const other = join(dir, 'other.json');
    await writeUsersFile(path, file('ann'));
    const users = new UserDirectory(file('ann'));
    const watch = watchUsersFile(path, users, () => undefined);
    // A watch of the other file tells when the change has been seen.
    const witness = new UserDirectory(file());
    const second = watchUsersFile(other, witness, () => undefined);
    try {
      await writeUsersFile(other, file('bob'));
      await until(() => witness.get('bob') !== undefined, 'the other file is read');
      await new Promise((r) => setTimeout(r, 40));
      assert.equal(users.version, 0);
    } finally {
      watch.close();
      second.close();
    }
  });

  it('reports a file that does not parse as a process warning by default', async () => {
    const path = join(dir, 'warned.json');
    await writeUsersFile(path, file('ann'));
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(w.message);
    };
    process.on('warning', onWarning);
    const watch = watchUsersFile(path, new UserDirectory(file('ann')));
    try {
      writeFileSync(path, '[');
      await until(() => warnings.length > 0, 'the warning is emitted');
      assert.equal(
        warnings[0],
        `users file ${path} was not reloaded: WBEM_E_INVALID_PARAMETER: ${path} is not JSON`,
      );
    } finally {
      watch.close();
      process.off('warning', onWarning);
    }
  });

  it('throws when the directory does not exist', () => {
    assert.throws(() => watchUsersFile(join(dir, 'none', 'u.json'), new UserDirectory(file())));
  });
});
