import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CIM_STRING,
  CimStatusError,
  CimXmlClient,
  cimClass,
  cimInstance,
  cimProperty,
  qualifier,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_FAILED,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_TRANSPORT_FAILURE,
  WbemError,
} from '../../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/cim-client.js';
import { selfSignedCertificate, type TestCertificate } from '../helpers/self-signed.js';

const THING = cimClass({
  name: 'Acme_Thing',
  qualifiers: [qualifier('Description', 'a thing')],
  properties: [
    cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
    cimProperty('Size', 'uint32'),
  ],
});

async function rejectsWith(p: Promise<unknown>, hresult: number, cimStatus?: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof WbemError, String(e));
    assert.equal(e.hresult, hresult, e.message);
    if (cimStatus !== undefined) {
      assert.ok(e instanceof CimStatusError);
      assert.equal(e.cimStatus, cimStatus);
    }
    return true;
  });
}

describe('CimXmlClient', () => {
  let t: TestServer;
  let client: CimXmlClient;
  before(async () => {
    t = await startTestServer();
    client = new CimXmlClient({ url: `http://admin:admin-pw@127.0.0.1:${t.port}/root%2Fcimv2` });
  });
  after(async () => {
    client.close();
    await t.close();
  });

  it('creates, reads, modifies and deletes a class when the server accepts each call', async () => {
    assert.equal(client.namespace, 'root/cimv2');
    await client.createClass(THING);
    const read = await client.getClass('Acme_Thing', { includeQualifiers: true });
    assert.equal(read.name, 'Acme_Thing');
    assert.equal(read.qualifiers.get('description')?.value, 'a thing');
    assert.deepEqual([...read.properties.keys()].sort(), ['id', 'size']);
    await client.createClass(cimClass({ name: 'Acme_Sub', superclass: 'Acme_Thing' }));
    const all = await client.enumerateClasses({ className: 'Acme_Thing', deepInheritance: true });
    assert.deepEqual(
      all.map((c) => c.name),
      ['Acme_Sub'],
    );
    await client.modifyClass(
      cimClass({
        name: 'Acme_Sub',
        superclass: 'Acme_Thing',
        qualifiers: [qualifier('Description', 'changed')],
      }),
    );
    const sub = await client.getClass('Acme_Sub', { includeQualifiers: true, localOnly: true });
    assert.equal(sub.qualifiers.get('description')?.value, 'changed');
    await client.deleteClass('Acme_Sub');
    await rejectsWith(client.getClass('Acme_Sub'), 0x80041002, 'CIM_ERR_NOT_FOUND');
  });

  it('creates instances, enumerates them and queries them with WQL', async () => {
    const path = await client.createInstance(cimInstance('Acme_Thing', { Id: 'a', Size: 5 }));
    assert.match(path, /^Acme_Thing\.Id="a"$/);
    await client.createInstance(cimInstance('Acme_Thing', { Id: 'b', Size: 500 }));
    const all = await client.enumerateInstances('Acme_Thing');
    assert.deepEqual(all.map((i) => i.properties.get('id')?.value).sort(), ['a', 'b']);
    assert.equal(
      all.find((i) => i.properties.get('id')?.value === 'a')?.properties.get('size')?.value,
      5,
    );
    assert.ok(all.every((i) => typeof i.systemProperties?.__RELPATH === 'string'));
    const big = await client.execQuery('SELECT * FROM Acme_Thing WHERE Size > 100');
    assert.equal(big.length, 1);
    const classes = await client.execQuery('SELECT * FROM meta_class WHERE __CLASS = "Acme_Thing"');
    assert.equal(classes[0]?.genus, 1);
  });

  it('deletes an instance by path, then fails with CIM_ERR_NOT_FOUND when it is gone', async () => {
    await client.createInstance(cimInstance('Acme_Thing', { Id: 'gone', Size: 1 }));
    await client.deleteInstance('Acme_Thing.Id="gone"');
    const left = await client.enumerateInstances('Acme_Thing');
    assert.ok(left.every((i) => i.properties.get('id')?.value !== 'gone'));
    await rejectsWith(
      client.deleteInstance('Acme_Thing.Id="gone"'),
      0x80041002,
      'CIM_ERR_NOT_FOUND',
    );
  });

  it('declares a qualifier type and lists it back', async () => {
    await client.setQualifier({
      name: 'Acme_Tag',
      type: CIM_STRING,
      isArray: false,
      value: 'none',
      scopes: ['class', 'property'],
      flavor: 0,
    });
    const found = (await client.enumerateQualifiers()).find((d) => d.name === 'Acme_Tag');
    assert.ok(found !== undefined);
    assert.equal(found.value, 'none');
    assert.deepEqual([...found.scopes].sort(), ['class', 'property']);
  });

  it('fails with the server HRESULT when the server refuses (CIM_ERR_ALREADY_EXISTS)', async () => {
    await rejectsWith(client.createClass(THING), WBEM_E_ALREADY_EXISTS, 'CIM_ERR_ALREADY_EXISTS');
  });

  it('fails with CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED when the language is not WQL', async () => {
    await assert.rejects(client.execQuery('SELECT * FROM Acme_Thing', 'DMTF:CQL'), (e: unknown) => {
      assert.ok(e instanceof CimStatusError);
      assert.equal(e.cimStatus, 'CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED');
      return true;
    });
  });

  it('fails with WBEM_E_ACCESS_DENIED when the password is wrong', async () => {
    const bad = new CimXmlClient({ url: `http://admin:nope@127.0.0.1:${t.port}/root/cimv2` });
    try {
      await rejectsWith(bad.getClass('Acme_Thing'), WBEM_E_ACCESS_DENIED);
    } finally {
      bad.close();
    }
  });

  it('fails with WBEM_E_TRANSPORT_FAILURE when nothing listens', async () => {
    const other = await startTestServer();
    const port = other.port;
    await other.close();
    const dead = new CimXmlClient({ url: `http://127.0.0.1:${port}/root/cimv2` });
    try {
      await rejectsWith(dead.getClass('X'), WBEM_E_TRANSPORT_FAILURE);
    } finally {
      dead.close();
    }
  });

  it('fails with WBEM_E_INVALID_PARAMETER when the URL is not http(s)', () => {
    assert.throws(
      () => new CimXmlClient({ url: 'ftp://host/root' }),
      (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_INVALID_PARAMETER,
    );
  });
});

describe('CimXmlClient over https', () => {
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

  it('reads a class when the certificate check is off, and fails when it is on', async () => {
    const url = `https://127.0.0.1:${t.port}/root/cimv2`;
    const lax = new CimXmlClient({ url, user: 'admin', password: 'admin-pw', verifyTls: false });
    const strict = new CimXmlClient({ url, user: 'admin', password: 'admin-pw' });
    try {
      await lax.createClass(THING);
      assert.equal((await lax.getClass('Acme_Thing')).name, 'Acme_Thing');
      await rejectsWith(strict.getClass('Acme_Thing'), WBEM_E_TRANSPORT_FAILURE);
    } finally {
      lax.close();
      strict.close();
    }
  });
});

/** The CIM-XML reply to the GetClass request `body`: the class it names, under `superclassOf` it. */
function classReply(body: string, superclassOf: (name: string) => string | null): string {
  const id = /MESSAGE ID="([^"]*)"/.exec(body)?.[1] ?? '1';
  const name = /<CLASSNAME NAME="([^"]*)"/.exec(body)?.[1] ?? 'A';
  const superclass = superclassOf(name);
  const above = superclass === null ? '' : ` SUPERCLASS="${superclass}"`;
  return `<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="${id}" PROTOCOLVERSION="1.0"><SIMPLERSP><IMETHODRESPONSE NAME="GetClass"><IRETURNVALUE><CLASS NAME="${name}"${above}></CLASS></IRETURNVALUE></IMETHODRESPONSE></SIMPLERSP></MESSAGE></CIM>`;
}

/**
 * A server that answers every GetClass with `classReply`, and drops, unanswered, the requests
 * `drop` picks by their number on their connection; `log` lists those numbers as received.
 */
async function fakeServer(
  options: {
    readonly superclassOf?: (name: string) => string | null;
    readonly drop?: (nth: number) => boolean;
  } = {},
) {
  const { superclassOf = () => null, drop = () => false } = options;
  const perSocket = new WeakMap<object, number>();
  const log: number[] = [];
  const server = createServer((req, res) => {
    const nth = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, nth);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      log.push(nth);
      if (drop(nth)) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/xml; charset="utf-8"' });
      res.end(classReply(Buffer.concat(chunks).toString('utf8'), superclassOf));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, log, url: `http://127.0.0.1:${port}/root/cimv2` };
}

describe('CimXmlClient against a server whose classes are no hierarchy', () => {
  it('fails with WBEM_E_FAILED when the superclasses it reads go round a loop', async () => {
    // Every GetClass of A answers SUPERCLASS B, of B answers SUPERCLASS A.
    const { server, url } = await fakeServer({
      superclassOf: (name) => (name === 'A' ? 'B' : 'A'),
    });
    const looping = new CimXmlClient({ url });
    try {
      await assert.rejects(looping.getClass('A', { localOnly: false }), (e: unknown) => {
        assert.ok(e instanceof WbemError);
        assert.equal(e.hresult, WBEM_E_FAILED);
        assert.match(e.message, /superclasses of [AB] form a loop/);
        return true;
      });
    } finally {
      looping.close();
      server.close();
    }
  });
});

describe('CimXmlClient over kept-alive connections', () => {
  it('sends a request once more when the connection it reused is dropped before any reply', async () => {
    // The second request on a connection is dropped, as a server closing an idle connection
    // drops the request that meets the close.
    const { server, log, url } = await fakeServer({ drop: (nth) => nth === 2 });
    const client = new CimXmlClient({ url });
    try {
      assert.equal((await client.getClass('A')).name, 'A');
      assert.equal((await client.getClass('B')).name, 'B');
      assert.deepEqual(log, [1, 2, 1]);
    } finally {
      client.close();
      server.close();
    }
  });

  it('fails with WBEM_E_TRANSPORT_FAILURE, sent once, when a new connection is dropped', async () => {
    const { server, log, url } = await fakeServer({ drop: () => true });
    const client = new CimXmlClient({ url });
    try {
      await rejectsWith(client.getClass('A'), WBEM_E_TRANSPORT_FAILURE);
      assert.deepEqual(log, [1]);
    } finally {
      client.close();
      server.close();
    }
  });
});
