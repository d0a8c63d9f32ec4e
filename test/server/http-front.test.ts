import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  className,
  param,
  readCimReply,
  requestBody,
  startTestServer,
  type TestServer,
} from './helpers/cim-client.js';

const GET_CLASS = (ns = 'root/cimv2'): string =>
  requestBody('GetClass', param('ClassName', className('Nope')), ns);

/** A POST request's head with Basic auth for `admin`, the body `length` bytes long or chunked. */
const postHead = (length: number | 'chunked', password = 'admin-pw'): string =>
  `POST /cimom HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${Buffer.from(`admin:${password}`).toString('base64')}\r\nContent-Type: application/xml\r\nCIMOperation: MethodCall\r\nCIMMethod: GetClass\r\nCIMObject: root/cimv2\r\n${length === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`}\r\n\r\n`;

/** Writes `text` on a new connection to `port`; resolves with all it got once the server closes. */
function rawExchange(port: number, text: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  const answer = new Promise<string>((resolve) => {
    let got = '';
    socket.on('data', (d) => {
      got += d.toString();
    });
    socket.on('close', () => resolve(got));
    socket.on('error', () => resolve(got));
  });
  socket.write(text);
  return answer;
}

describe('HTTP front (DSP0200 §7 errors and request limits)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({
      limits: {
        maxBodyBytes: 64 * 1024,
        maxDepth: 40,
        requestTimeoutMs: 1500,
        headersTimeoutMs: 1000,
      },
    });
  });
  after(async () => {
    await t.close();
  });

  const headers = { CIMMethod: 'GetClass', CIMObject: 'root/cimv2' };

  it('answers 404 when the path is not /cimom', async () => {
    const r = await t.client.post(GET_CLASS(), headers, '/other');
    assert.equal(r.status, 404);
  });

  it('answers 405 with Allow: POST when the method is GET', async () => {
    const r = await fetch(`http://127.0.0.1:${t.port}/cimom`);
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'POST');
    await r.arrayBuffer();
  });

  it('answers 501 when the method is M-POST, on which a DSP0200 client retries with POST', async () => {
    const body = GET_CLASS();
    const auth = Buffer.from('admin:admin-pw').toString('base64');
    const answer = rawExchange(
      t.port,
      `M-POST /cimom HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${auth}\r\nContent-Type: application/xml\r\nMan: http://www.dmtf.org/cim/mapping.http/v1.0 ; ns=73\r\n73-CIMOperation: MethodCall\r\n73-CIMMethod: GetClass\r\n73-CIMObject: root/cimv2\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    assert.match(await answer, /^HTTP\/1.1 501 /);
    // The same request POSTed is served.
    assert.equal(readCimReply(await t.client.post(body, headers)).error?.code, 6);
  });

  it('answers 400 with CIMError header-mismatch when CIMMethod names another method than the body', async () => {
    const r = await t.client.post(GET_CLASS(), { ...headers, CIMMethod: 'DeleteClass' });
    assert.equal(r.status, 400);
    assert.equal(r.headers['cimerror'], 'header-mismatch');
  });

  it('answers 400 with CIMError header-mismatch when CIMOperation is missing', async () => {
    const r = await t.client.post(GET_CLASS(), { ...headers, CIMOperation: '' });
    assert.equal(r.status, 400);
    assert.equal(r.headers['cimerror'], 'header-mismatch');
  });

  it('answers 400 with CIMError header-mismatch when CIMObject names another namespace', async () => {
    const r = await t.client.post(GET_CLASS(), { ...headers, CIMObject: 'root%2Fother' });
    assert.equal(r.headers['cimerror'], 'header-mismatch');
  });

  it('accepts the namespace percent-encoded in CIMObject', async () => {
    const r = await t.client.post(GET_CLASS(), { ...headers, CIMObject: 'root%2Fcimv2' });
    assert.equal(readCimReply(r).error?.code, 6);
  });

  for (const object of ['root%2fcimv2', 'ROOT%2FCimV2', '/root/cimv2/', 'root\\cimv2']) {
    it(`accepts the body's namespace when CIMObject spells it ${object}`, async () => {
      const r = await t.client.post(GET_CLASS(), { ...headers, CIMObject: object });
      assert.equal(r.headers['cimerror'], undefined);
      assert.equal(readCimReply(r).error?.code, 6);
    });
  }

  for (const object of ['root%2Fcimv3', 'root%2Fcimv2%2Fx', 'root%2Fcimv']) {
    it(`answers 400 with CIMError header-mismatch when CIMObject is ${object}`, async () => {
      const r = await t.client.post(GET_CLASS(), { ...headers, CIMObject: object });
      assert.equal(r.status, 400);
      assert.equal(r.headers['cimerror'], 'header-mismatch');
    });
  }

  it('answers 400 with CIMError request-not-well-formed when the XML is malformed, and keeps serving', async () => {
    const r = await t.client.post('<CIM CIMVERSION="2.0"><MESSAGE></CIM>', headers);
    assert.equal(r.status, 400);
    assert.equal(r.headers['cimerror'], 'request-not-well-formed');
    assert.equal(readCimReply(await t.client.post(GET_CLASS(), headers)).error?.code, 6);
  });

  it('answers 400 request-not-well-formed without expanding entities when the body is a billion-laughs DOCTYPE', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE CIM [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><CIM CIMVERSION="2.0" DTDVERSION="2.0">&j;</CIM>`;
    const started = Date.now();
    const r = await t.client.post(lol, headers);
    assert.equal(r.status, 400);
    assert.equal(r.headers['cimerror'], 'request-not-well-formed');
    assert.match(r.body, /DOCTYPE/);
    assert.ok(Date.now() - started < 2000);
  });

  it('answers 400 request-not-well-formed when the body refers to an external entity', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE CIM [<!ENTITY x SYSTEM "file:///etc/passwd">]><CIM CIMVERSION="2.0" DTDVERSION="2.0">&x;</CIM>`;
    const r = await t.client.post(xxe, headers);
    assert.equal(r.status, 400);
    assert.doesNotMatch(r.body, /root:/);
  });

  it('answers 400 request-not-well-formed when an undeclared entity is used', async () => {
    const r = await t.client.post(GET_CLASS().replace('Nope', 'N&bogus;pe'), headers);
    assert.equal(r.headers['cimerror'], 'request-not-well-formed');
  });

  it('answers 413 when the body is larger than the limit', async () => {
    const big = GET_CLASS().replace('<IMETHODCALL', `<!--${'x'.repeat(70 * 1024)}--><IMETHODCALL`);
    const r = await t.client.post(big, headers);
    assert.equal(r.status, 413);
  });

  it('answers 400 request-not-valid when elements nest deeper than the limit', async () => {
    const deep = GET_CLASS().replace(
      '</IMETHODCALL>',
      `${'<VALUE.ARRAY>'.repeat(60)}${'</VALUE.ARRAY>'.repeat(60)}</IMETHODCALL>`,
    );
    const r = await t.client.post(deep, headers);
    assert.equal(r.status, 400);
    assert.equal(r.headers['cimerror'], 'request-not-valid');
  });

  it('answers 501 with CIMError unsupported-cim-version when CIMVERSION is 3.0', async () => {
    const r = await t.client.post(
      GET_CLASS().replace('CIMVERSION="2.0"', 'CIMVERSION="3.0"'),
      headers,
    );
    assert.equal(r.status, 501);
    assert.equal(r.headers['cimerror'], 'unsupported-cim-version');
  });

  it('answers 501 with CIMError unsupported-protocol-version when PROTOCOLVERSION is 2.0', async () => {
    const r = await t.client.post(
      GET_CLASS().replace('PROTOCOLVERSION="1.0"', 'PROTOCOLVERSION="2.0"'),
      headers,
    );
    assert.equal(r.headers['cimerror'], 'unsupported-protocol-version');
  });

  it('answers 400 request-not-valid when the root element is not CIM', async () => {
    const r = await t.client.post('<?xml version="1.0"?><NOTCIM/>', headers);
    assert.equal(r.headers['cimerror'], 'request-not-valid');
  });

  it('answers 400 request-not-valid naming the fault once when a NAMESPACE has no NAME', async () => {
    const r = await t.client.post(
      GET_CLASS().replace('<NAMESPACE NAME="cimv2"/>', '<NAMESPACE/>'),
      headers,
    );
    assert.equal(r.status, 400);
    assert.equal(r.headers['cimerror'], 'request-not-valid');
    assert.equal(r.body, 'WBEM_E_INVALID_SYNTAX: <NAMESPACE> has no NAME attribute\n');
  });

  it('answers 415 when the body is not XML', async () => {
    const r = await t.client.post(GET_CLASS(), { ...headers, 'Content-Type': 'text/plain' });
    assert.equal(r.status, 415);
  });

  it('echoes a MESSAGE ID holding a line feed and a tab as the client sent it', async () => {
    const body = requestBody(
      'GetClass',
      param('ClassName', className('Nope')),
      'root/cimv2',
      'a&#10;b&#9;c',
    );
    const r = readCimReply(await t.client.post(body, headers));
    assert.equal(r.error?.code, 6);
    const message = r.http.body.match(/<MESSAGE ID="([^"]*)"/)?.[1];
    assert.equal(message, 'a&#10;b&#9;c');
  });

  it('fails with CIM_ERR_NOT_SUPPORTED when the intrinsic method is unknown', async () => {
    const body = requestBody('Frobnicate', '');
    const r = readCimReply(
      await t.client.post(body, { CIMMethod: 'Frobnicate', CIMObject: 'root/cimv2' }),
    );
    assert.equal(r.error?.code, 7);
  });

  it('fails with CIM_ERR_INVALID_PARAMETER when a parameter is unknown', async () => {
    const r = await t.client.call(
      'GetClass',
      param('ClassName', className('X')) + param('Bogus', '<VALUE>1</VALUE>'),
    );
    assert.equal(r.error?.code, 4);
    assert.match(r.error?.description ?? '', /Bogus/);
  });

  it('fails with CIM_ERR_INVALID_PARAMETER when a required parameter is missing', async () => {
    const r = await t.client.call('GetClass', '');
    assert.equal(r.error?.code, 4);
  });

  it('fails with CIM_ERR_INVALID_NAMESPACE when the namespace does not exist', async () => {
    const r = await t.client.call('GetClass', param('ClassName', className('X')), 'root/nowhere');
    assert.equal(r.error?.code, 3);
  });

  /**
   * Sends a request whose refusal comes before its body is all sent, reads the refusal, sends the
   * rest of the body and then a good request on the same connection, and returns both answers.
   * A refusal sent with `Connection: close` while the body still arrives makes the server's kernel
   * reset the connection, and the client then loses the answer with it (ECONNRESET).
   */
  async function refusedMidBody(
    password: string,
    start: string,
    restLength = 40_000,
  ): Promise<[string, string]> {
    const socket = connect(t.port, '127.0.0.1');
    let got = '';
    let closed = false;
    socket.on('data', (d) => {
      got += d.toString();
    });
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => {});
    const until = async (test: () => boolean, what: string): Promise<void> => {
      const end = Date.now() + 5000;
      while (!test()) {
        if (closed || Date.now() > end) assert.fail(`${what}; got: ${got || '(nothing)'}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const rest = ' '.repeat(restLength);
    try {
      socket.write(postHead(start.length + rest.length, password) + start);
      await until(() => /\r\n\r\n./.test(got) && got.endsWith('\n'), 'no answer to the request');
      const refusal = got;
      socket.write(rest);
      got = '';
      const good = GET_CLASS();
      socket.write(postHead(Buffer.byteLength(good)) + good);
      await until(() => got.includes('</CIM>') || /^HTTP\/1.1 401/.test(got), 'no next answer');
      return [refusal, got];
    } finally {
      socket.destroy();
    }
  }

  it('answers 400 request-not-well-formed and keeps the connection when the body is malformed before it is all sent', async () => {
    const start = '<?xml version="1.0"?><CIM CIMVERSION="2.0" DTDVERSION="2.0">&#0;';
    const [refusal, next] = await refusedMidBody('admin-pw', start);
    assert.match(refusal, /^HTTP\/1.1 400 /);
    assert.match(refusal, /\r\nCIMError: request-not-well-formed\r\n/i);
    assert.doesNotMatch(refusal, /\r\nConnection: close\r\n/i);
    assert.match(next, /^HTTP\/1.1 200 /);
    const body = next.slice(next.indexOf('<?xml'));
    assert.equal(readCimReply({ status: 200, headers: {}, body }).error?.code, 6);
  });

  it('answers 413 and keeps the connection when the declared body is past the limit but within four times it', async () => {
    // The body is read and dropped, so the client, which sends it all before reading, gets the
    // 413 rather than a reset connection, and can send its next request on the same connection.
    const [refusal, next] = await refusedMidBody('admin-pw', '<?xml version="1.0"?>', 200 * 1024);
    assert.match(refusal, /^HTTP\/1.1 413 /);
    assert.doesNotMatch(refusal, /\r\nConnection: close\r\n/i);
    assert.match(next, /^HTTP\/1.1 200 /);
  });

  it('answers 413 and closes the connection when the declared body is past four times the limit', async () => {
    const answer = rawExchange(t.port, `${postHead(257 * 1024)}<?xml version="1.0"?>`);
    const head = (await answer).split('\r\n\r\n')[0] ?? '';
    assert.match(head, /^HTTP\/1.1 413 /);
    assert.match(head, /\r\nConnection: close(\r\n|$)/i);
  });

  it('cuts off a body sent without a length once it runs four times past the limit', async () => {
    const socket = connect(t.port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => {
      got += d.toString();
    });
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(postHead('chunked'));
    const chunk = `<!--${' '.repeat(32 * 1024)}-->`;
    // Far more than the kernel's buffers hold: a sender the server never cut off would send it
    // all (and then wait for the request timeout).
    const plenty = 32 * 1024 * 1024;
    let sent = 0;
    while (sent < plenty && !socket.destroyed) {
      await new Promise<void>((resolve) =>
        socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`, () => resolve()),
      );
      sent += chunk.length;
    }
    await closed;
    assert.match(got, /^HTTP\/1.1 413 /);
    assert.ok(sent < plenty, `the server read all ${sent} bytes`);
  });

  it('answers 401 and keeps the connection when the password is wrong and the body is not all sent', async () => {
    const [refusal, next] = await refusedMidBody('wrong-pw', '<?xml version="1.0"?>');
    assert.match(refusal, /^HTTP\/1.1 401 /);
    assert.match(refusal, /\r\nWWW-Authenticate: Basic /i);
    assert.doesNotMatch(refusal, /\r\nConnection: close\r\n/i);
    assert.match(next, /^HTTP\/1.1 200 /);
  });

  it('answers 401 and closes the connection when the password is wrong and the declared body is past four times the limit', async () => {
    // Such a body is not read, so the connection cannot serve another request: saying so keeps
    // the client from sending its next request on a connection about to be cut.
    const answer = rawExchange(t.port, `${postHead(257 * 1024, 'wrong-pw')}<?xml version="1.0"?>`);
    const head = (await answer).split('\r\n\r\n')[0] ?? '';
    assert.match(head, /^HTTP\/1.1 401 /);
    assert.match(head, /\r\nConnection: close(\r\n|$)/i);
  });

  it('serves other clients while one stalls mid-body, and cuts the stalled one off at the request timeout', async () => {
    const closed = rawExchange(t.port, `${postHead(5000)}<?xml version="1.0"?><CIM `);
    const started = Date.now();
    for (let i = 0; i < 5; i++)
      assert.equal(readCimReply(await t.client.post(GET_CLASS(), headers)).error?.code, 6);
    assert.ok(Date.now() - started < 1000, 'other clients were held up');
    const got = await closed;
    assert.match(got, /^HTTP\/1.1 408/);
  });
});

describe('HTTP front (CIMOperation and connection limit)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ limits: { maxConnections: 3 } });
  });
  after(async () => {
    await t.close();
  });

  it('answers 501 with CIMError unsupported-operation when CIMOperation is ExportMethodCall', async () => {
    const r = await t.client.post(GET_CLASS(), {
      CIMOperation: 'ExportMethodCall',
      CIMMethod: 'GetClass',
      CIMObject: 'root/cimv2',
    });
    assert.equal(r.status, 501);
    assert.equal(r.headers['cimerror'], 'unsupported-operation');
  });

  it('closes connections beyond the limit at once and serves again once they are freed', async () => {
    const open = await Promise.all(
      Array.from(
        { length: 3 },
        () =>
          new Promise<ReturnType<typeof connect>>((resolve) => {
            const s = connect(t.port, '127.0.0.1', () => resolve(s));
          }),
      ),
    );
    const extra = connect(t.port, '127.0.0.1');
    const closed = await new Promise<boolean>((resolve) => {
      extra.on('close', () => resolve(true));
      extra.on('error', () => resolve(true));
      setTimeout(() => resolve(false), 3000);
    });
    assert.ok(closed, 'the fourth connection stayed open');
    for (const s of open) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const reply = readCimReply(
      await t.client.post(GET_CLASS(), { CIMMethod: 'GetClass', CIMObject: 'root/cimv2' }),
    );
    assert.equal(reply.error?.code, 6);
  });
});
