import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/index.js';
import { startTestServer, type TestServer } from './helpers/cim-client.js';
import { selfSignedCertificate, type TestCertificate } from './helpers/self-signed.js';

/** sblim-wbemcli, the real client. In CI it must be there (`.ci/run` installs it). */
function wbemcliMissing(): string | false {
  try {
    execFileSync('wbemcli', ['-h'], { stdio: 'ignore' });
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    if (process.env['CI'] !== undefined)
      throw new Error('CI is set but wbemcli is not installed (apt-get install sblim-wbemcli)');
    return 'wbemcli is not installed (Debian package sblim-wbemcli); CI installs it';
  }
}

const skip = wbemcliMissing();

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function wbemcli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile('wbemcli', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function seed(t: TestServer): Promise<void> {
  const svc = await t.engine.connectServer('root/cimv2');
  await svc.putClass(
    cimClass({
      name: 'Acme_Thing',
      qualifiers: [qualifier('Description', 'a thing')],
      properties: [
        cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
        cimProperty('Size', 'uint32', { value: 1 }),
      ],
    }),
  );
  await svc.putClass(cimClass({ name: 'Acme_Sub', superclass: 'Acme_Thing' }));
}

/** The eight operations, in an order that leaves the namespace as it found it. */
function scenario(url: () => string, extra: readonly string[]): void {
  it('lists class names when wbemcli ecn is run', async () => {
    const r = await wbemcli(...extra, 'ecn', '-nl', url());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /root\/cimv2:Acme_Thing/);
  });

  it('prints the class when wbemcli gc is run', async () => {
    const r = await wbemcli(...extra, 'gc', `${url()}:Acme_Thing`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Acme_Thing Id=,Size=/);
  });

  it('lists classes when wbemcli ec is run', async () => {
    const r = await wbemcli(...extra, 'ec', `${url()}:Acme_Thing`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Acme_Sub/);
  });

  it('creates an instance when wbemcli ci is run', async () => {
    const r = await wbemcli(...extra, 'ci', `${url()}:Acme_Thing.Id="a"`, 'Id="a",Size=5');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Acme_Thing\.Id="a"/);
  });

  it('lists instances when wbemcli ei is run', async () => {
    const r = await wbemcli(...extra, 'ei', `${url()}:Acme_Thing`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Id="a",Size=5/);
  });

  it('prints the instance when wbemcli gi is run', async () => {
    const r = await wbemcli(...extra, 'gi', `${url()}:Acme_Thing.Id="a"`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Size=5/);
  });

  it('deletes the instance when wbemcli di is run, then gi exits non-zero with CIM_ERR_NOT_FOUND', async () => {
    const r = await wbemcli(...extra, 'di', `${url()}:Acme_Thing.Id="a"`);
    assert.equal(r.code, 0, r.stderr);
    const gone = await wbemcli(...extra, 'gi', `${url()}:Acme_Thing.Id="a"`);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /CIM_ERR_NOT_FOUND/);
  });

  it('deletes a class when wbemcli dc is run, and refuses a class with subclasses', async () => {
    const refused = await wbemcli(...extra, 'dc', `${url()}:Acme_Thing`);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /CIM_ERR_CLASS_HAS_CHILDREN|\(8\)/);
    const r = await wbemcli(...extra, 'dc', `${url()}:Acme_Sub`);
    assert.equal(r.code, 0, r.stderr);
    const again = await wbemcli(...extra, 'dc', `${url()}:Acme_Sub`);
    assert.notEqual(again.code, 0);
  });
}

describe('sblim-wbemcli against the server (http, Basic auth)', { skip }, () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    await seed(t);
  });
  after(async () => {
    await t.close();
  });
  scenario(() => `http://admin:admin-pw@127.0.0.1:${t.port}/root/cimv2`, []);

  it('exits non-zero when the password is wrong', async () => {
    const r = await wbemcli('ecn', `http://admin:nope@127.0.0.1:${t.port}/root/cimv2`);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /username\/password|401/i);
  });
});

describe('sblim-wbemcli against the server (http, anonymous)', { skip }, () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ allowAnonymous: true, anonymousUser: 'admin' });
    await seed(t);
  });
  after(async () => {
    await t.close();
  });
  scenario(() => `http://127.0.0.1:${t.port}/root/cimv2`, []);
});

describe('sblim-wbemcli against the server (https, self-signed, -noverify)', { skip }, () => {
  let t: TestServer;
  let cert: TestCertificate;
  before(async () => {
    cert = selfSignedCertificate();
    t = await startTestServer({ tls: { cert: cert.cert, key: cert.key } });
    await seed(t);
  });
  after(async () => {
    await t.close();
    rmSync(cert.dir, { recursive: true, force: true });
  });
  scenario(() => `https://admin:admin-pw@127.0.0.1:${t.port}/root/cimv2`, ['-noverify']);
});

describe('sblim-wbemcli association commands (ai, ain, ri, rin)', { skip }, () => {
  let t: TestServer;
  const url = () => `http://admin:admin-pw@127.0.0.1:${t.port}/root/cimv2`;
  before(async () => {
    t = await startTestServer();
    const svc = await t.engine.connectServer('root/cimv2');
    const key = [qualifier('Key', true)];
    await svc.putClass(
      cimClass({
        name: 'Acme_Host',
        properties: [cimProperty('Name', 'string', { qualifiers: key })],
      }),
    );
    await svc.putClass(
      cimClass({
        name: 'Acme_Disk',
        properties: [cimProperty('Id', 'string', { qualifiers: key })],
      }),
    );
    await svc.putClass(
      cimClass({
        name: 'Acme_HostDisk',
        qualifiers: [qualifier('Association', true)],
        properties: [
          cimProperty('Host', 'ref', { referenceClass: 'Acme_Host', qualifiers: key }),
          cimProperty('Disk', 'ref', { referenceClass: 'Acme_Disk', qualifiers: key }),
        ],
      }),
    );
    await svc.putInstance(cimInstance('Acme_Host', { Name: 'h1' }));
    await svc.putInstance(cimInstance('Acme_Disk', { Id: 'd1' }));
    await svc.putInstance(
      cimInstance('Acme_HostDisk', { Host: 'Acme_Host.Name="h1"', Disk: 'Acme_Disk.Id="d1"' }),
    );
  });
  after(async () => {
    await t.close();
  });

  it('prints the associated instance when wbemcli ai is run', async () => {
    const r = await wbemcli('ai', `${url()}:Acme_Host.Name="h1"`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Acme_Disk\.Id="d1"/);
  });

  it('prints the associated path when wbemcli ain is run with -arc', async () => {
    const r = await wbemcli('ain', '-arc', 'Acme_Disk', `${url()}:Acme_Host.Name="h1"`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Acme_Disk\.Id="d1"/);
  });

  it('prints the association instance when wbemcli ri is run', async () => {
    const r = await wbemcli('ri', `${url()}:Acme_Disk.Id="d1"`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Acme_HostDisk/);
  });

  it('prints nothing when wbemcli rin is run with a role that does not refer', async () => {
    const r = await wbemcli('rin', '-ar', 'Host', `${url()}:Acme_Disk.Id="d1"`);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /Acme_HostDisk/);
    const all = await wbemcli('rin', `${url()}:Acme_Disk.Id="d1"`);
    assert.match(all.stdout, /Acme_HostDisk/);
  });
});
