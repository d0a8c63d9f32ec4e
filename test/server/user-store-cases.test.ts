import assert from 'node:assert/strict';
import crypto, { scryptSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WbemError,
} from '../../src/index.js';
import {
  addUser,
  checkUserName,
  makeUserRecord,
  readUsersFile,
  removeUser,
  UserDirectory,
  type UserRecord,
  type UsersFile,
  writeUsersFile,
} from '../../src/server/user-store.js';
import { unhashedUser } from './helpers/user-records.js';

function fails(f: () => unknown, hresult: number, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof WbemError);
    assert.equal(e.hresult, hresult);
    assert.equal(e.detail, message);
    return true;
  });
}

async function failsAsync(
  f: () => Promise<unknown>,
  hresult: number,
  message: string,
): Promise<void> {
  await assert.rejects(f, (e: unknown) => {
    assert.ok(e instanceof WbemError);
    assert.equal(e.hresult, hresult);
    assert.equal(e.detail, message);
    return true;
  });
}

const file = (...users: UserRecord[]): UsersFile => ({ version: 1, users });

describe('user names', () => {
  for (const name of ['a', 'Ann Smith', 'zoë', 'x'.repeat(256), ' padded ']) {
    it(`takes '${name.slice(0, 20)}'`, () => {
      assert.equal(checkUserName(name), name);
    });
  }

  for (const [what, name] of [
    ['an empty name', ''],
    ['a name of spaces', '   '],
    ['a name of 257 characters', 'x'.repeat(257)],
    ['a colon', 'a:b'],
    ['a line feed', 'a\nb'],
    ['a NUL', 'a\u0000'],
    ['a unit separator', 'a\u001f'],
    ['a DEL', 'a\u007f'],
  ] as const) {
    it(`refuses ${what}`, () => {
      fails(
        () => checkUserName(name),
        WBEM_E_INVALID_PARAMETER,
        `'${name.slice(0, 40)}' is not a user name (1-256 characters, no ':' or control characters)`,
      );
    });
  }
});

describe('users file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wbemrx-users-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a missing file as no users', async () => {
    assert.deepEqual(await readUsersFile(join(dir, 'none.json')), { version: 1, users: [] });
  });

  it('writes the file with mode 0600, and reads it back', async () => {
    const path = join(dir, 'users.json');
    const users = file({ ...unhashedUser('ann', ['g']), updateMode: 'safe' }, unhashedUser('bob'));
    await writeUsersFile(path, users);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(await readUsersFile(path), users);
    assert.ok(readFileSync(path, 'utf8').endsWith('}\n'));
  });

  it('refuses a file it cannot read, naming it', async () => {
    await failsAsync(
      () => readUsersFile(dir),
      WBEM_E_INVALID_PARAMETER,
      `${dir}: EISDIR: illegal operation on a directory, read`,
    );
  });

  it('refuses a file that is not JSON', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{ users');
    await failsAsync(() => readUsersFile(path), WBEM_E_INVALID_PARAMETER, `${path} is not JSON`);
  });

  for (const [what, text] of [
    ['null', 'null'],
    ['an array', '[]'],
    ['version 2', '{"version":2,"users":[]}'],
    ['no version', '{"users":[]}'],
    ['users not an array', '{"version":1,"users":{}}'],
  ] as const) {
    it(`refuses ${what} as a users file`, async () => {
      const path = join(dir, 'other.json');
      writeFileSync(path, text);
      await failsAsync(
        () => readUsersFile(path),
        WBEM_E_INVALID_PARAMETER,
        `${path} is not a wbemrx users file (version 1)`,
      );
    });
  }

  const good = { name: 'a', salt: 's', hash: 'h', n: 2, r: 1, p: 1, groups: ['g'] };
  for (const [what, user] of [
    ['null', null],
    ['a string', 'a'],
    ['a name that is not a string', { ...good, name: 1 }],
    ['no salt', { ...good, salt: undefined }],
    ['no hash', { ...good, hash: 3 }],
    ['a fractional n', { ...good, n: 1.5 }],
    ['no r', { ...good, r: '1' }],
    ['no p', { ...good, p: null }],
    ['groups not an array', { ...good, groups: 'g' }],
    ['a group that is not a string', { ...good, groups: ['g', 2] }],
    ['an unknown update mode', { ...good, updateMode: 'brutal' }],
  ] as const) {
    it(`refuses a record with ${what}`, async () => {
      const path = join(dir, 'record.json');
      writeFileSync(path, JSON.stringify({ version: 1, users: [good, user] }));
      await failsAsync(
        () => readUsersFile(path),
        WBEM_E_INVALID_PARAMETER,
        `${path}: malformed user record`,
      );
    });
  }

  it('reads a record with an update mode', async () => {
    const path = join(dir, 'mode.json');
    writeFileSync(path, JSON.stringify({ version: 1, users: [{ ...good, updateMode: 'force' }] }));
    assert.equal((await readUsersFile(path)).users[0]?.updateMode, 'force');
  });
});

describe('user records', () => {
  it('makes a record with a fresh salt, the scrypt cost and a copy of the groups', async () => {
    const groups = ['Administrators'];
    const a = await makeUserRecord('ann', 'pw', groups);
    const b = await makeUserRecord('ann', 'pw');
    assert.deepEqual(
      { ...a, salt: '', hash: '' },
      { name: 'ann', salt: '', hash: '', n: 16384, r: 8, p: 1, groups: ['Administrators'] },
    );
    assert.notEqual(a.groups, groups);
    assert.equal(Buffer.from(a.salt, 'base64').length, 16);
    assert.equal(Buffer.from(a.hash, 'base64').length, 32);
    assert.notEqual(a.salt, b.salt);
    assert.notEqual(a.hash, b.hash);
    assert.deepEqual(b.groups, []);
    assert.equal('updateMode' in a, false);
    assert.equal((await makeUserRecord('cy', 'pw', [], 'force')).updateMode, 'force');
  });

  it('refuses an empty password or a bad name', async () => {
    await failsAsync(
      () => makeUserRecord('ann', ''),
      WBEM_E_INVALID_PARAMETER,
      'the password is empty',
    );
    await assert.rejects(() => makeUserRecord('a:b', 'pw'), /is not a user name/);
  });

  it('refuses a password holding a control character (RFC 7617), and takes any other', async () => {
    for (const password of ['a\tb', 'pw\n', '\u0000', 'a\u007fb', '\u001f'])
      await failsAsync(
        () => makeUserRecord('ann', password),
        WBEM_E_INVALID_PARAMETER,
        'the password holds a control character',
      );
    for (const password of [' ', 'p w', 'pässwörd', '\u0080', '🔑'])
      assert.equal((await makeUserRecord('ann', password)).name, 'ann', JSON.stringify(password));
  });

  it('adds a user whose name is free in any case', () => {
    const one = addUser(file(unhashedUser('ann')), unhashedUser('bob'));
    assert.deepEqual(one, file(unhashedUser('ann'), unhashedUser('bob')));
    fails(
      () => addUser(one, unhashedUser('BOB')),
      WBEM_E_ALREADY_EXISTS,
      'user BOB already exists',
    );
  });

  it('removes a user by name in any case', () => {
    assert.deepEqual(
      removeUser(file(unhashedUser('ann'), unhashedUser('bob')), 'ANN'),
      file(unhashedUser('bob')),
    );
    fails(() => removeUser(file(unhashedUser('ann')), 'cy'), WBEM_E_NOT_FOUND, 'no user cy');
  });
});

describe('UserDirectory', () => {
  // A record made at a small scrypt cost, which it carries: each check costs little.
  const salt = Buffer.alloc(16, 7);
  const ann: UserRecord = {
    name: 'Ann',
    salt: salt.toString('base64'),
    hash: scryptSync('ann-pw', salt, 32, { N: 16, r: 1, p: 1 }).toString('base64'),
    n: 16,
    r: 1,
    p: 1,
    groups: ['Admins', 'Users'],
  };

  it('finds records by name in any case and counts replacements', () => {
    const users = new UserDirectory(file(ann));
    assert.equal(users.version, 0);
    assert.equal(users.get('aNN'), ann);
    assert.equal(users.get('bob'), undefined);
    users.replace(file(unhashedUser('bob')));
    assert.equal(users.version, 1);
    assert.equal(users.get('ann'), undefined);
    assert.equal(users.get('BOB')?.name, 'bob');
    users.replace(file());
    assert.equal(users.version, 2);
  });

  it('lists each group with its members', () => {
    const users = new UserDirectory(file(ann, unhashedUser('bob', ['Users']), unhashedUser('cy')));
    assert.deepEqual(
      [...users.groups()],
      [
        ['Admins', ['Ann']],
        ['Users', ['Ann', 'bob']],
      ],
    );
  });

  it('verifies the right password only, for the user in any case', async () => {
    const users = new UserDirectory(file(ann));
    assert.equal(await users.verify('ann', 'ann-pw'), ann);
    assert.equal(await users.verify('Ann', 'ann-pwx'), undefined);
    assert.equal(await users.verify('Ann', ''), undefined);
    assert.equal(await users.verify('bob', 'ann-pw'), undefined);
  });

  it('runs one scrypt for an unknown user too, at the default cost', async () => {
    const calls: unknown[][] = [];
    const original = crypto.scrypt;
    mock.method(crypto, 'scrypt', (...args: unknown[]) => {
      calls.push(args.slice(0, 4));
      return (original as (...a: unknown[]) => void)(...args);
    });
    syncBuiltinESMExports();
    try {
      assert.equal(await new UserDirectory(file()).verify('nobody', 'pw'), undefined);
    } finally {
      mock.restoreAll();
      syncBuiltinESMExports();
    }
    assert.deepEqual(calls, [
      ['pw', Buffer.alloc(16), 32, { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }],
    ]);
  });

  it('refuses every password of an unknown user, the dummy one included', async () => {
    const users = new UserDirectory(file());
    // The dummy hash is 32 zero bytes: no password derives it.
    assert.equal(await users.verify('nobody', ''), undefined);
  });

  it('refuses a record whose cost scrypt will not take, or whose hash has another length', async () => {
    const users = new UserDirectory(
      file({ ...ann, name: 'odd', n: 3 }, { ...ann, name: 'short', hash: 'AAAA' }),
    );
    assert.equal(await users.verify('odd', 'ann-pw'), undefined);
    assert.equal(await users.verify('short', 'ann-pw'), undefined);
  });
});
