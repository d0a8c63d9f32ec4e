import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { UserDirectory } from '../../src/index.js';
import { parseBasic } from '../../src/server/basic-auth.js';
import { makeUserRecord } from '../../src/server/user-store.js';
import {
  CimClient,
  className,
  param,
  requestBody,
  startTestServer,
  type TestServer,
} from './helpers/cim-client.js';
import { selfSignedCertificate, type TestCertificate } from './helpers/self-signed.js';

const CLASS = (name: string): string =>
  param('NewClass', `<CLASS NAME="${name}"><PROPERTY NAME="P" TYPE="string"/></CLASS>`);

describe('authentication (HTTP Basic against the users file)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('answers 401 with WWW-Authenticate when no credentials are sent', async () => {
    const anon = new CimClient({ port: t.port });
    try {
      const r = await anon.post(requestBody('EnumerateClassNames', ''), {
        CIMMethod: 'EnumerateClassNames',
        CIMObject: 'root/cimv2',
      });
      assert.equal(r.status, 401);
      assert.match(String(r.headers['www-authenticate']), /^Basic realm=/);
    } finally {
      anon.close();
    }
  });

  for (const [desc, user, password] of [
    ['the password is wrong', 'admin', 'wrong'],
    ['the user is unknown', 'mallory', 'admin-pw'],
    ['the password is empty', 'admin', ''],
  ] as const) {
    it(`answers 401 when ${desc}`, async () => {
      const c = new CimClient({ port: t.port, auth: { user, password } });
      try {
        const r = await c.post(requestBody('EnumerateClassNames', ''), {
          CIMMethod: 'EnumerateClassNames',
          CIMObject: 'root/cimv2',
        });
        assert.equal(r.status, 401);
      } finally {
        c.close();
      }
    });
  }

  it('serves the request when the password is right', async () => {
    const r = await t.client.call('CreateClass', CLASS('Acme_Auth'));
    assert.equal(r.error, undefined, r.error?.description);
  });

  it('fails with CIM_ERR_ACCESS_DENIED when a user without write rights creates a class', async () => {
    const reader = new CimClient({ port: t.port, auth: { user: 'reader', password: 'reader-pw' } });
    try {
      const read = await reader.call('GetClass', param('ClassName', className('Acme_Auth')));
      assert.equal(read.error, undefined);
      const write = await reader.call('CreateClass', CLASS('Acme_Denied'));
      assert.equal(write.error?.code, 2);
      assert.match(write.error?.description ?? '', /WBEM_E_ACCESS_DENIED/);
    } finally {
      reader.close();
    }
  });

  it('answers 400 request-not-valid when X-WBEMRX-UpdateMode names no mode', async () => {
    const r = await t.client.post(requestBody('GetClass', param('ClassName', className('X'))), {
      CIMMethod: 'GetClass',
      CIMObject: 'root/cimv2',
      'X-WBEMRX-UpdateMode': 'reckless',
    });
    assert.equal(r.status, 400);
    assert.equal(r.headers['cimerror'], 'request-not-valid');
  });

  it('reads user name and password from a Basic header, the password holding colons', () => {
    assert.deepEqual(parseBasic(`Basic ${Buffer.from('a:b:c').toString('base64')}`), {
      name: 'a',
      password: 'b:c',
    });
    assert.equal(parseBasic('Bearer x'), undefined);
    assert.equal(parseBasic(`Basic ${Buffer.from('nocolon').toString('base64')}`), undefined);
  });
});

describe('anonymous access (--allow-anonymous)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ allowAnonymous: true });
  });
  after(async () => {
    await t.close();
  });

  it('serves reads as ANONYMOUS LOGON and refuses its writes with CIM_ERR_ACCESS_DENIED', async () => {
    const anon = new CimClient({ port: t.port });
    try {
      assert.equal((await anon.call('EnumerateClassNames')).error, undefined);
      assert.equal((await anon.call('CreateClass', CLASS('Acme_Anon'))).error?.code, 2);
    } finally {
      anon.close();
    }
  });

  it('still refuses wrong credentials when anonymous access is allowed', async () => {
    const c = new CimClient({ port: t.port, auth: { user: 'admin', password: 'nope' } });
    try {
      const r = await c.post(requestBody('EnumerateClassNames', ''), {
        CIMMethod: 'EnumerateClassNames',
        CIMObject: 'root/cimv2',
      });
      assert.equal(r.status, 401);
    } finally {
      c.close();
    }
  });
});

describe('per-user update mode', () => {
  let t: TestServer;
  before(async () => {
    const users = new UserDirectory({
      version: 1,
      users: [
        await makeUserRecord('admin', 'admin-pw', ['Administrators']),
        await makeUserRecord('forcer', 'forcer-pw', ['Administrators'], 'force'),
      ],
    });
    t = await startTestServer({ users });
  });
  after(async () => {
    await t.close();
  });

  it('cascades DeleteClass for a user whose default mode is force', async () => {
    assert.equal((await t.client.call('CreateClass', CLASS('Acme_Base'))).error, undefined);
    const sub = param('NewClass', '<CLASS NAME="Acme_Sub" SUPERCLASS="Acme_Base"/>');
    assert.equal((await t.client.call('CreateClass', sub)).error, undefined);
    assert.equal(
      (await t.client.call('DeleteClass', param('ClassName', className('Acme_Base')))).error?.code,
      8,
    );
    const forcer = new CimClient({ port: t.port, auth: { user: 'forcer', password: 'forcer-pw' } });
    try {
      assert.equal(
        (await forcer.call('DeleteClass', param('ClassName', className('Acme_Base')))).error,
        undefined,
      );
    } finally {
      forcer.close();
    }
  });
});

describe('TLS (https with a self-signed certificate)', () => {
  let t: TestServer;
  let cert: TestCertificate;
  before(async () => {
    cert = selfSignedCertificate();
    t = await startTestServer({ tls: { cert: cert.cert, key: cert.key } });
  });
  after(async () => {
    await t.close();
    rmSync(cert.dir, { recursive: true, force: true });
  });

  it('serves CIM-XML over https', async () => {
    assert.equal(t.server.scheme, 'https');
    const r = await t.client.call('CreateClass', CLASS('Acme_Tls'));
    assert.equal(r.error, undefined, r.error?.description);
    const names = await t.client.call('EnumerateClassNames');
    assert.match(names.http.body, /Acme_Tls/);
  });

  it('refuses plain http on the https port', async () => {
    const plain = new CimClient({ port: t.port, auth: { user: 'admin', password: 'admin-pw' } });
    try {
      await assert.rejects(plain.call('EnumerateClassNames'));
    } finally {
      plain.close();
    }
  });
});
