import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, UserDirectory, WbemEngine } from '../../src/index.js';
import { BasicAuthenticator } from '../../src/server/basic-auth.js';
import {
  makeUserRecord,
  type UserRecord,
  type UsersFile,
  writeUsersFile,
} from '../../src/server/user-store.js';
import { watchUsersFile } from '../../src/server/users-file-watch.js';
import { CimClient, requestBody } from './helpers/cim-client.js';

/** A directory that counts password checks (each one is an scrypt). */
class CountingDirectory extends UserDirectory {
  checks = 0;
  override verify(name: string, password: string): Promise<UserRecord | undefined> {
    this.checks++;
    return super.verify(name, password);
  }
}

/** Waits until `done()` holds, polling; fails after 10 s. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function usersFile(...records: UserRecord[]): UsersFile {
  return { version: 1, users: records };
}

describe('BasicAuthenticator (verified credentials remembered)', () => {
  let admin: UserRecord;
  let reader: UserRecord;
  let adminChanged: UserRecord;
  before(async () => {
    admin = await makeUserRecord('admin', 'admin-pw', ['Administrators']);
    reader = await makeUserRecord('reader', 'reader-pw');
    adminChanged = await makeUserRecord('admin', 'new-pw', ['Administrators']);
  });

  it('checks the password once when the same header comes again, on one connection or another', async () => {
    const users = new CountingDirectory(usersFile(admin));
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    for (const connection of [socket, socket, socket, {}, undefined]) {
      const r = await auth.authenticate(basic('admin', 'admin-pw'), connection);
      assert.equal(r.kind, 'user');
    }
    assert.equal(users.checks, 1);
  });

  it('checks once for a burst of requests with the same new credentials', async () => {
    const users = new CountingDirectory(usersFile(admin));
    const auth = new BasicAuthenticator(users, false);
    const all = await Promise.all(
      Array.from({ length: 8 }, () => auth.authenticate(basic('admin', 'admin-pw'), {})),
    );
    assert.deepEqual(new Set(all.map((r) => r.kind)), new Set(['user']));
    assert.equal(users.checks, 1);
  });

  it('refuses the old password at once when the users are replaced with a changed one', async () => {
    const users = new CountingDirectory(usersFile(admin, reader));
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    assert.equal((await auth.authenticate(basic('admin', 'admin-pw'), socket)).kind, 'user');
    users.replace(usersFile(adminChanged, reader));
    assert.equal((await auth.authenticate(basic('admin', 'admin-pw'), socket)).kind, 'refused');
    assert.equal((await auth.authenticate(basic('admin', 'admin-pw'), {})).kind, 'refused');
    const now = await auth.authenticate(basic('admin', 'new-pw'), socket);
    assert.equal(now.kind, 'user');
  });

  it('refuses a removed user at once on a connection it had authenticated', async () => {
    const users = new UserDirectory(usersFile(admin, reader));
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    assert.equal((await auth.authenticate(basic('reader', 'reader-pw'), socket)).kind, 'user');
    users.replace(usersFile(admin));
    assert.equal((await auth.authenticate(basic('reader', 'reader-pw'), socket)).kind, 'refused');
  });

  it('answers the user of the header sent when a connection changes its credentials', async () => {
    const users = new UserDirectory(usersFile(admin, reader));
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    await auth.authenticate(basic('admin', 'admin-pw'), socket);
    const r = await auth.authenticate(basic('reader', 'reader-pw'), socket);
    assert.equal(r.kind === 'user' ? r.user.name : r.kind, 'reader');
    const wrong = await auth.authenticate(basic('admin', 'not-it'), socket);
    assert.equal(wrong.kind, 'refused');
  });

  it('checks a refused password again every time it is sent', async () => {
    const users = new CountingDirectory(usersFile(admin));
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    for (let i = 0; i < 3; i++) {
      assert.equal((await auth.authenticate(basic('admin', 'wrong'), socket)).kind, 'refused');
    }
    assert.equal(users.checks, 3);
  });

  it('checks again when the users were replaced while a check ran', async () => {
    const users = new UserDirectory(usersFile(admin));
    const auth = new BasicAuthenticator(users, false);
    const pending = auth.authenticate(basic('admin', 'admin-pw'), {});
    users.replace(usersFile(adminChanged));
    assert.equal((await pending).kind, 'refused');
  });
});

describe('users file watched by the server', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wbemrx-users-'));
    file = join(dir, 'users.json');
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('replaces the records when the file is rewritten and keeps them when it is not a users file', async () => {
    const first = await makeUserRecord('admin', 'admin-pw');
    await writeUsersFile(file, usersFile(first));
    const users = new UserDirectory(usersFile(first));
    const logged: string[] = [];
    const watch = watchUsersFile(file, users, (m) => logged.push(m));
    try {
      await writeUsersFile(file, usersFile(first, await makeUserRecord('added', 'pw')));
      await until(() => users.get('added') !== undefined, 'the added user is read');
      assert.equal(users.get('admin')?.name, 'admin');
      writeFileSync(file, '{ half a file');
      await until(() => logged.length > 0, 'the bad file is reported');
      assert.match(logged.join('\n'), /users\.json was not reloaded: .*not JSON/);
      assert.equal(users.get('added')?.name, 'added');
    } finally {
      watch.close();
    }
  });

  it('refuses a password changed in the users file once the server has read it', async () => {
    await writeUsersFile(
      file,
      usersFile(await makeUserRecord('admin', 'admin-pw', ['Administrators'])),
    );
    const engine = await WbemEngine.start({
      storage: 'memory',
      hosts: 1,
      security: { groups: { Administrators: ['admin'] } },
    });
    const server = await startServer(engine, { port: 0, usersFile: file, indications: false });
    const old = new CimClient({ port: server.port, auth: { user: 'admin', password: 'admin-pw' } });
    const fresh = new CimClient({ port: server.port, auth: { user: 'admin', password: 'new-pw' } });
    const status = async (c: CimClient): Promise<number> =>
      (
        await c.post(requestBody('EnumerateClassNames', '', 'root'), {
          CIMMethod: 'EnumerateClassNames',
          CIMObject: 'root',
        })
      ).status;
    try {
      assert.equal(await status(old), 200);
      await writeUsersFile(
        file,
        usersFile(await makeUserRecord('admin', 'new-pw', ['Administrators'])),
      );
      // The watcher reads the file a few ms after the rename; the request after that is refused.
      const deadline = Date.now() + 10_000;
      let seen = await status(old);
      while (seen === 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await status(old);
      }
      assert.equal(seen, 401);
      assert.equal(await status(fresh), 200);
    } finally {
      old.close();
      fresh.close();
      await server.close();
      await engine.shutdown();
    }
  });
});
