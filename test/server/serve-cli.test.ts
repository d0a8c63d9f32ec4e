import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runWbemrx } from '../cli/run-wbemrx.js';
import { CimClient } from './helpers/cim-client.js';

const MAIN_JS = fileURLToPath(new URL('../../bundled/wbemrx.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function wbemrx(args: readonly string[], cwd: string, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN_JS, ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

describe('wbemrx users', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wbemrx-users-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a salted scrypt hash, never the password, in a file only its owner reads', async () => {
    const r = await wbemrx(
      ['users', 'add', 'alice', '--group', 'Administrators', '--password-stdin'],
      dir,
      's3cret\n',
    );
    assert.equal(r.code, 0, r.stderr);
    const file = join(dir, 'wbemrx-users.json');
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /s3cret/);
    const parsed = JSON.parse(text) as {
      users: { name: string; hash: string; salt: string; groups: string[] }[];
    };
    assert.equal(parsed.users[0]?.name, 'alice');
    assert.deepEqual(parsed.users[0]?.groups, ['Administrators']);
    assert.equal(Buffer.from(parsed.users[0]?.salt ?? '', 'base64').length, 16);
    assert.equal(statSync(file).mode & 0o077, 0);
  });

  it('lists users with their groups and update mode', async () => {
    assert.equal(
      (
        await wbemrx(
          ['users', 'add', 'bob', '--update-mode', 'safe', '--password-stdin'],
          dir,
          'pw',
        )
      ).code,
      0,
    );
    const r = await runWbemrx(['users', 'list', '--users', join(dir, 'wbemrx-users.json')]);
    assert.equal(r.stdout, 'alice  groups=Administrators\nbob  update-mode=safe\n');
  });

  it('exits non-zero with WBEM_E_ALREADY_EXISTS when the user exists', async () => {
    const r = await wbemrx(['users', 'add', 'ALICE', '--password-stdin'], dir, 'x');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /WBEM_E_ALREADY_EXISTS/);
  });

  it('exits non-zero with a clear message when there is no terminal and no --password-stdin', async () => {
    // In this process, as with any command run without a terminal, there is none to ask on.
    const r = await runWbemrx(['users', 'add', 'carol', '--users', join(dir, 'wbemrx-users.json')]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--password-stdin/);
  });

  it('exits non-zero with WBEM_E_INVALID_PARAMETER when the update mode is unknown', async () => {
    const r = await wbemrx(
      ['users', 'add', 'dave', '--update-mode', 'wild', '--password-stdin'],
      dir,
      'x',
    );
    assert.match(r.stderr, /WBEM_E_INVALID_PARAMETER/);
  });

  it('removes a user, and exits non-zero with WBEM_E_NOT_FOUND when there is none', async () => {
    const users = ['--users', join(dir, 'wbemrx-users.json')];
    assert.equal((await runWbemrx(['users', 'remove', 'bob', ...users])).code, 0);
    const r = await runWbemrx(['users', 'remove', 'bob', ...users]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /WBEM_E_NOT_FOUND/);
  });
});

describe('wbemrx serve', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wbemrx-serve-'));
    assert.equal(
      (
        await wbemrx(
          ['users', 'add', 'admin', '--group', 'Administrators', '--password-stdin'],
          dir,
          'pw',
        )
      ).code,
      0,
    );
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the durable repository until SIGTERM, then exits 0', async () => {
    const child = spawn(
      process.execPath,
      [MAIN_JS, 'serve', '--port', '0', '-d', join(dir, 'data')],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no serving line: ${stderr}`)), 30_000);
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        const m = /serving http:\/\/127\.0\.0\.1:(\d+)\/cimom/.exec(stderr);
        if (m !== null) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const client = new CimClient({ port, auth: { user: 'admin', password: 'pw' } });
    try {
      const r = await client.call(
        'CreateClass',
        '<IPARAMVALUE NAME="NewClass"><CLASS NAME="Acme_Cli"/></IPARAMVALUE>',
      );
      assert.equal(r.error, undefined, r.error?.description);
    } finally {
      client.close();
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('exits non-zero when --https is given without --cert', async () => {
    const r = await runWbemrx(['serve', '--memory', '--https', '--port', '0']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--cert/);
  });
});
