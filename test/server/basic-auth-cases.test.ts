import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { UserDirectory } from '../../src/index.js';
import { BasicAuthenticator, parseBasic } from '../../src/server/basic-auth.js';
import type { UserRecord } from '../../src/server/user-store.js';
import { unhashedUser } from './helpers/user-records.js';

/** A directory whose passwords are `<name>-pw` (no scrypt), counting its checks. */
class PlainDirectory extends UserDirectory {
  checks: string[] = [];
  override async verify(name: string, password: string): Promise<UserRecord | undefined> {
    this.checks.push(`${name}:${password}`);
    const user = this.get(name);
    return user !== undefined && password === `${user.name.toLowerCase()}-pw` ? user : undefined;
  }
}

const directory = (...names: string[]): PlainDirectory =>
  new PlainDirectory({ version: 1, users: names.map((name) => unhashedUser(name)) });

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('parseBasic (RFC 7617)', () => {
  it('reads name and password, the password keeping its colons and spaces', () => {
    assert.deepEqual(parseBasic(basic('ann', ' a:b ')), { name: 'ann', password: ' a:b ' });
  });

  it('takes the scheme in any case with spaces around the credentials', () => {
    const token = Buffer.from('ann:pw').toString('base64');
    assert.deepEqual(parseBasic(`  bASIC   ${token}  `), { name: 'ann', password: 'pw' });
  });

  it('reads UTF-8 names and passwords', () => {
    assert.deepEqual(parseBasic(basic('zoë', 'pässwörd')), { name: 'zoë', password: 'pässwörd' });
  });

  it('takes an empty password', () => {
    assert.deepEqual(parseBasic(basic('ann', '')), { name: 'ann', password: '' });
  });

  for (const [what, header] of [
    ['no header', undefined],
    ['another scheme', `Bearer ${Buffer.from('ann:pw').toString('base64')}`],
    ['the scheme glued to the token', `Basic${Buffer.from('ann:pw').toString('base64')}`],
    ['no token', 'Basic '],
    ['a token that is not base64', 'Basic ann:pw'],
    ['text before the scheme', `x Basic ${Buffer.from('ann:pw').toString('base64')}`],
    ['two tokens', `Basic ${Buffer.from('ann:pw').toString('base64')} more`],
    ['no colon', `Basic ${Buffer.from('annpw').toString('base64')}`],
    ['an empty name', `Basic ${Buffer.from(':pw').toString('base64')}`],
  ] as const) {
    it(`gives nothing for ${what}`, () => {
      assert.equal(parseBasic(header), undefined);
    });
  }
});

describe('BasicAuthenticator outcomes', () => {
  afterEach(() => mock.restoreAll());

  it('refuses a request without credentials unless anonymous access is allowed', async () => {
    assert.deepEqual(
      await new BasicAuthenticator(directory('ann'), false).authenticate(undefined),
      {
        kind: 'refused',
        reason: 'credentials required',
      },
    );
    assert.deepEqual(await new BasicAuthenticator(directory('ann'), true).authenticate(undefined), {
      kind: 'anonymous',
    });
  });

  it('refuses malformed credentials without a check, even when anonymous access is allowed', async () => {
    const users = directory('ann');
    const auth = new BasicAuthenticator(users, true);
    assert.deepEqual(await auth.authenticate('Basic !!!'), {
      kind: 'refused',
      reason: 'malformed Basic credentials',
    });
    assert.deepEqual(users.checks, []);
  });

  it('refuses a wrong password or an unknown user with one reason', async () => {
    const auth = new BasicAuthenticator(directory('ann'), false);
    for (const header of [basic('ann', 'nope'), basic('bob', 'bob-pw')]) {
      assert.deepEqual(await auth.authenticate(header, {}), {
        kind: 'refused',
        reason: 'wrong user name or password',
      });
    }
  });

  it("gives the user's record, the name matched in any case", async () => {
    const users = directory('Ann');
    const auth = new BasicAuthenticator(users, false);
    const r = await auth.authenticate(basic('ANN', 'ann-pw'));
    assert.equal(r.kind, 'user');
    assert.equal(r.kind === 'user' ? r.user.name : '', 'Ann');
    assert.deepEqual(users.checks, ['ANN:ann-pw']);
  });

  it('remembers a credential by name in any case, not by the exact header', async () => {
    const users = directory('ann');
    const auth = new BasicAuthenticator(users, false);
    await auth.authenticate(basic('ann', 'ann-pw'));
    assert.equal((await auth.authenticate(basic('ANN', 'ann-pw'))).kind, 'user');
    assert.equal(users.checks.length, 1);
  });

  it('does not take a remembered password for another one of the same user', async () => {
    const users = directory('ann');
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    assert.equal((await auth.authenticate(basic('ann', 'ann-pw'), socket)).kind, 'user');
    assert.equal((await auth.authenticate(basic('ann', 'ann-pwx'), socket)).kind, 'refused');
    assert.equal((await auth.authenticate(basic('ann', 'ann-pwx'))).kind, 'refused');
    assert.equal(users.checks.length, 3);
  });

  it('checks a remembered credential again once five minutes have passed, on its connection or another', async () => {
    let now = 1_000_000;
    mock.method(Date, 'now', () => now);
    const users = directory('ann');
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    await auth.authenticate(basic('ann', 'ann-pw'), socket);
    now += 5 * 60_000 - 1;
    await auth.authenticate(basic('ann', 'ann-pw'), socket);
    await auth.authenticate(basic('ann', 'ann-pw'), {});
    assert.equal(users.checks.length, 1);
    now += 1;
    await auth.authenticate(basic('ann', 'ann-pw'), socket);
    assert.equal(users.checks.length, 2);
    // Checked again: remembered for five more minutes, on the connection too.
    now += 5 * 60_000 - 1;
    await auth.authenticate(basic('ann', 'ann-pw'), socket);
    await auth.authenticate(basic('ann', 'ann-pw'));
    assert.equal(users.checks.length, 2);
  });

  it('checks a remembered credential again after its time, with no connection', async () => {
    let now = 5_000_000;
    mock.method(Date, 'now', () => now);
    const users = directory('ann');
    const auth = new BasicAuthenticator(users, false);
    await auth.authenticate(basic('ann', 'ann-pw'));
    now += 5 * 60_000;
    await auth.authenticate(basic('ann', 'ann-pw'));
    assert.equal(users.checks.length, 2);
  });

  it('remembers at most 1,024 credentials, forgetting the one checked longest ago', async () => {
    const names = Array.from({ length: 1025 }, (_, i) => `u${i}`);
    const users = directory(...names);
    const auth = new BasicAuthenticator(users, false);
    for (const name of names) await auth.authenticate(basic(name, `${name}-pw`));
    assert.equal(users.checks.length, 1025);
    // u1 to u1024 are remembered; u0 was forgotten to make room for u1024.
    await auth.authenticate(basic('u1', 'u1-pw'));
    await auth.authenticate(basic('u1024', 'u1024-pw'));
    assert.equal(users.checks.length, 1025);
    await auth.authenticate(basic('u0', 'u0-pw'));
    assert.equal(users.checks.length, 1026);
  });

  it('moves a credential checked again to the newest place', async () => {
    let now = 0;
    mock.method(Date, 'now', () => now);
    const names = Array.from({ length: 1024 }, (_, i) => `u${i}`);
    const users = directory(...names, 'extra');
    const auth = new BasicAuthenticator(users, false);
    for (const name of names) await auth.authenticate(basic(name, `${name}-pw`));
    // u0 expires and is checked again: it is now the newest, so u1 makes room for the next.
    now = 5 * 60_000;
    await auth.authenticate(basic('u0', 'u0-pw'));
    now = 0;
    await auth.authenticate(basic('extra', 'extra-pw'));
    assert.equal(users.checks.length, 1026);
    await auth.authenticate(basic('u0', 'u0-pw'));
    assert.equal(users.checks.length, 1026);
    await auth.authenticate(basic('u1', 'u1-pw'));
    assert.equal(users.checks.length, 1027);
  });

  it('checks again on a connection whose header changed back and forth', async () => {
    const users = directory('ann', 'bob');
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    const ann = await auth.authenticate(basic('ann', 'ann-pw'), socket);
    const bob = await auth.authenticate(basic('bob', 'bob-pw'), socket);
    const ann2 = await auth.authenticate(basic('ann', 'ann-pw'), socket);
    assert.deepEqual(
      [ann, bob, ann2].map((r) => (r.kind === 'user' ? r.user.name : r.kind)),
      ['ann', 'bob', 'ann'],
    );
    assert.equal(users.checks.length, 2);
  });

  it('does not share a pending check between two passwords of one user', async () => {
    const users = directory('ann');
    const auth = new BasicAuthenticator(users, false);
    const [right, wrong] = await Promise.all([
      auth.authenticate(basic('ann', 'ann-pw')),
      auth.authenticate(basic('ann', 'other')),
    ]);
    assert.equal(right.kind, 'user');
    assert.equal(wrong.kind, 'refused');
  });

  it('checks again after a burst once its check has ended and the users were replaced', async () => {
    const users = directory('ann');
    const auth = new BasicAuthenticator(users, false);
    await Promise.all([
      auth.authenticate(basic('ann', 'ann-pw')),
      auth.authenticate(basic('ann', 'ann-pw')),
    ]);
    assert.equal(users.checks.length, 1);
    users.replace({ version: 1, users: [unhashedUser('ann')] });
    assert.equal((await auth.authenticate(basic('ann', 'ann-pw'))).kind, 'user');
    assert.equal(users.checks.length, 2);
  });
  it('checks again on a connection once the users were replaced', async () => {
    const users = directory('ann');
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    await auth.authenticate(basic('ann', 'ann-pw'), socket);
    users.replace({ version: 1, users: [] });
    assert.equal((await auth.authenticate(basic('ann', 'ann-pw'), socket)).kind, 'refused');
    assert.equal(users.checks.length, 2);
  });

  it('checks again when the users were replaced while the check ran', async () => {
    class Replacing extends PlainDirectory {
      override async verify(name: string, password: string): Promise<UserRecord | undefined> {
        const user = await super.verify(name, password);
        if (this.checks.length === 1) this.replace({ version: 1, users: [] });
        return user;
      }
    }
    const users = new Replacing({ version: 1, users: [unhashedUser('ann')] });
    const auth = new BasicAuthenticator(users, false);
    assert.equal((await auth.authenticate(basic('ann', 'ann-pw'), {})).kind, 'refused');
    assert.equal(users.checks.length, 2);
  });

  it('keeps a credential on its connection after the shared memory of it is gone', async () => {
    const names = Array.from({ length: 1024 }, (_, i) => `u${i}`);
    const users = directory('ann', ...names);
    const auth = new BasicAuthenticator(users, false);
    const socket = {};
    await auth.authenticate(basic('ann', 'ann-pw'), socket);
    for (const name of names) await auth.authenticate(basic(name, `${name}-pw`));
    assert.equal(users.checks.length, 1025);
    assert.equal((await auth.authenticate(basic('ann', 'ann-pw'), socket)).kind, 'user');
    assert.equal(users.checks.length, 1025);
    await auth.authenticate(basic('ann', 'ann-pw'), {});
    assert.equal(users.checks.length, 1026);
  });
});
