import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import {
  UserDirectory,
  WBEM_E_NOT_SUPPORTED,
  WBEM_E_PROVIDER_FAILURE,
  WbemError,
} from '../../src/index.js';
import { BasicAuthenticator } from '../../src/server/basic-auth.js';
import type { CallDispatcher, Caller } from '../../src/server/call-dispatcher.js';
import type { CimCall } from '../../src/server/cim-call.js';
import { CimHttpError } from '../../src/server/cim-http-error.js';
import { serveRequest } from '../../src/server/http-front.js';
import { resolveServerOptions, type ServerOptions } from '../../src/server/server-options.js';
import type { UserRecord } from '../../src/server/user-store.js';
import { requestBody } from './helpers/cim-client.js';
import { unhashedUser } from './helpers/user-records.js';

/** An incoming request: headers as Node gives them (lower-cased), the body written by the test. */
class FakeRequest extends PassThrough {
  readonly headers: Record<string, string | string[]>;
  readonly url: string;
  readonly method: string;
  readonly socket: { remoteAddress: string | undefined; destroyed: boolean; destroy(): void };
  complete = false;

  constructor(init: {
    url?: string;
    method?: string;
    headers?: Record<string, string | string[]>;
    remoteAddress?: string | undefined;
  }) {
    super();
    this.url = init.url ?? '/cimom';
    this.method = init.method ?? 'POST';
    this.headers = init.headers ?? {};
    const socket = {
      remoteAddress: 'remoteAddress' in init ? init.remoteAddress : '127.0.0.1',
      destroyed: false,
      destroy() {
        socket.destroyed = true;
      },
    };
    this.socket = socket;
    this.on('end', () => {
      this.complete = true;
    });
  }
}

/** The response: what was written to it. */
class FakeResponse {
  status = 0;
  headers: Record<string, string> = {};
  body = '';
  headersSent = false;
  destroyed = false;
  ended = false;

  writeHead(status: number, headers: Record<string, string> | readonly string[]): this {
    this.status = status;
    if (Array.isArray(headers)) {
      for (let i = 0; i < headers.length; i += 2) this.headers[headers[i]] = headers[i + 1];
    } else {
      Object.assign(this.headers, headers);
    }
    this.headersSent = true;
    return this;
  }

  end(body: string | Buffer): void {
    this.body = Buffer.isBuffer(body) ? body.toString('utf8') : body;
    this.ended = true;
  }

  destroy(): void {
    this.destroyed = true;
  }
}

/** A dispatcher that records its call and answers `answer`. */
function recordingDispatcher(answer: (call: CimCall, caller: Caller) => Promise<string>): {
  dispatcher: CallDispatcher;
  calls: { call: CimCall; caller: Caller }[];
} {
  const calls: { call: CimCall; caller: Caller }[] = [];
  const dispatcher = {
    schedule(call: CimCall, caller: Caller): Promise<string> {
      calls.push({ call, caller });
      return answer(call, caller);
    },
  } as unknown as CallDispatcher;
  return { dispatcher, calls };
}

const BODY = requestBody('EnumerateClassNames', '');
const CIM_HEADERS = {
  'content-type': 'application/xml; charset="utf-8"',
  cimoperation: 'MethodCall',
  cimmethod: 'EnumerateClassNames',
  cimobject: 'root/cimv2',
};

interface Exchange {
  req: FakeRequest;
  res: FakeResponse;
  calls: { call: CimCall; caller: Caller }[];
}

/** Serves one request whose body is `body` (written whole, then ended, unless `end` is false). */
async function exchange(
  init: ConstructorParameters<typeof FakeRequest>[0] & {
    body?: string | Buffer | readonly Buffer[];
    end?: boolean;
    options?: ServerOptions;
    auth?: BasicAuthenticator | null;
    answer?: (call: CimCall, caller: Caller) => Promise<string>;
  } = {},
): Promise<Exchange> {
  const req = new FakeRequest({
    ...init,
    headers: init.headers ?? { ...CIM_HEADERS, authorization: 'Basic any' },
  });
  const res = new FakeResponse();
  const { dispatcher, calls } = recordingDispatcher(
    init.answer ?? (async () => '<?xml version="1.0"?><CIM/>'),
  );
  const options = resolveServerOptions({ allowAnonymous: true, ...init.options });
  const auth = init.auth === undefined ? null : init.auth;
  const body = init.body ?? BODY;
  const chunks = typeof body === 'string' || Buffer.isBuffer(body) ? [body] : body;
  const served = serveRequest(
    req as unknown as IncomingMessage,
    res as unknown as ServerResponse,
    options,
    auth,
    dispatcher,
  );
  for (const chunk of chunks) req.write(chunk);
  if (init.end !== false) req.end();
  await served;
  return { req, res, calls };
}

/** The headers as sent with no credentials (the server allows anonymous callers by default here). */
const anonymous = (extra: Record<string, string | string[]> = {}) => {
  const h: Record<string, string | string[]> = { ...CIM_HEADERS, ...extra };
  return h;
};

function assertRefused(
  res: FakeResponse,
  status: number,
  cimError: string | undefined,
  message: string,
): void {
  assert.equal(res.status, status);
  assert.equal(res.headers['CIMError'], cimError);
  assert.equal(res.body, `${message}\n`);
  assert.equal(res.headers['Content-Type'], 'text/plain; charset=utf-8');
  assert.equal(res.headers['Content-Length'], String(Buffer.byteLength(res.body)));
  assert.ok(res.ended);
}

describe('HTTP front, in process: the request line and the CIM headers', () => {
  it('answers 404 naming the path without its query when the path is not /cimom', async () => {
    const { res, calls } = await exchange({ url: '/cim?x=1', headers: anonymous() });
    assertRefused(
      res,
      404,
      undefined,
      'WBEM_E_INVALID_PARAMETER: no CIM service at /cim; use /cimom',
    );
    assert.equal(calls.length, 0);
  });

  it('serves /cimom with a query string', async () => {
    const { res, calls } = await exchange({ url: '/cimom?x=1', headers: anonymous() });
    assert.equal(res.status, 200);
    assert.equal(calls.length, 1);
  });

  it('names at most 100 characters of a long path in the 404', async () => {
    const path = `/${'p'.repeat(200)}`;
    const { res } = await exchange({ url: path, headers: anonymous() });
    assert.equal(
      res.body,
      `WBEM_E_INVALID_PARAMETER: no CIM service at ${path.slice(0, 100)}; use /cimom\n`,
    );
  });

  it('answers 405 with Allow: POST and no CIMError when the method is not POST', async () => {
    const { res } = await exchange({ method: 'PUT', headers: anonymous() });
    assertRefused(res, 405, undefined, 'WBEM_E_NOT_SUPPORTED: CIM operations are POSTed');
    assert.equal(res.headers['Allow'], 'POST');
  });

  it('answers 400 header-mismatch when CIMOperation is missing', async () => {
    const { cimoperation: _, ...rest } = CIM_HEADERS;
    const { res } = await exchange({ headers: rest });
    assertRefused(
      res,
      400,
      'header-mismatch',
      'WBEM_E_INVALID_PARAMETER: the CIMOperation header is missing',
    );
    assert.equal(res.headers['Allow'], undefined);
  });

  it('takes CIMOperation in any case and with spaces around it', async () => {
    const { res } = await exchange({ headers: anonymous({ cimoperation: '  methodCALL ' }) });
    assert.equal(res.status, 200);
  });

  it('answers 501 unsupported-operation naming at most 40 characters of another CIMOperation', async () => {
    const op = `ExportMethodCall${'x'.repeat(60)}`;
    const { res } = await exchange({ headers: anonymous({ cimoperation: op }) });
    assertRefused(
      res,
      501,
      'unsupported-operation',
      `WBEM_E_NOT_SUPPORTED: CIMOperation ${op.slice(0, 40)} is not served here`,
    );
  });

  for (const missing of ['cimmethod', 'cimobject'] as const) {
    it(`answers 400 header-mismatch when ${missing} is missing`, async () => {
      const { [missing]: _, ...rest } = CIM_HEADERS;
      const { res } = await exchange({ headers: rest });
      assertRefused(
        res,
        400,
        'header-mismatch',
        'WBEM_E_INVALID_PARAMETER: CIMMethod and CIMObject headers are required',
      );
    });
  }

  for (const type of [
    'application/xml',
    'text/xml',
    'TEXT/XML; charset=UTF-8',
    'application/xml;charset = "utf-8"',
    'application/xml ; charset=utf-8',
  ]) {
    it(`serves a body of type ${type}`, async () => {
      const { res } = await exchange({ headers: anonymous({ 'content-type': type }) });
      assert.equal(res.status, 200);
    });
  }

  for (const type of [
    undefined,
    'text/plain',
    'application/json',
    'xapplication/xml',
    'application/xmlish',
    'application/xml-dtd',
    'text/xml+json',
  ]) {
    it(`answers 415 when the body's type is ${type ?? 'missing'}`, async () => {
      const headers = anonymous();
      if (type === undefined) delete headers['content-type'];
      else headers['content-type'] = type;
      const { res } = await exchange({ headers });
      assertRefused(
        res,
        415,
        undefined,
        'WBEM_E_INVALID_PARAMETER: the body must be application/xml',
      );
    });
  }

  for (const type of [
    'application/xml; charset=iso-8859-1',
    'text/xml;charset = "utf-16"',
    'application/xml; charset=utf-8x',
    'application/xml; charset="utf-8-nope"',
  ]) {
    it(`answers 415 when the charset is not UTF-8 (${type})`, async () => {
      const { res } = await exchange({ headers: anonymous({ 'content-type': type }) });
      assertRefused(res, 415, undefined, 'WBEM_E_INVALID_PARAMETER: the body must be UTF-8');
    });
  }

  it('answers 400 header-mismatch when CIMMethod names another method than the body', async () => {
    const { res, calls } = await exchange({ headers: anonymous({ cimmethod: 'GetClass' }) });
    assertRefused(
      res,
      400,
      'header-mismatch',
      'WBEM_E_INVALID_PARAMETER: CIMMethod GetClass names another method than the body (EnumerateClassNames)',
    );
    assert.equal(calls.length, 0);
  });

  it('takes CIMMethod in any case and with spaces around it', async () => {
    const { res } = await exchange({ headers: anonymous({ cimmethod: ' enumerateclassnames ' }) });
    assert.equal(res.status, 200);
  });

  for (const object of [
    'root/cimv2',
    'ROOT/CIMV2',
    'root%2Fcimv2',
    '/root\\cimv2/',
    '//root/cimv2//',
    'root%2',
    'rootcimv2',
    'roo/tcimv2',
  ]) {
    const same = !['root%2', 'rootcimv2', 'roo/tcimv2'].includes(object);
    it(`${same ? 'serves' : 'answers 400 header-mismatch'} when CIMObject is ${object}`, async () => {
      const { res } = await exchange({ headers: anonymous({ cimobject: object }) });
      if (same) {
        assert.equal(res.status, 200);
      } else {
        assertRefused(
          res,
          400,
          'header-mismatch',
          `WBEM_E_INVALID_PARAMETER: CIMObject ${object} names another namespace than the body (root/cimv2)`,
        );
      }
    });
  }

  it('joins a header sent twice with a comma, as Node joins most', async () => {
    const { res } = await exchange({
      headers: anonymous({ cimobject: ['root', 'cimv2'] }),
    });
    assert.equal(res.status, 400);
    assert.match(res.body, /CIMObject root,cimv2 names another namespace/);
  });

  it('does not compare CIMObject with a namespace for an extrinsic METHODCALL', async () => {
    const body =
      '<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ><METHODCALL NAME="Reset"><LOCALCLASSPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH><CLASSNAME NAME="X"/></LOCALCLASSPATH></METHODCALL></SIMPLEREQ></MESSAGE></CIM>';
    const { res, calls } = await exchange({
      body,
      headers: anonymous({ cimmethod: 'Reset', cimobject: 'root/cimv2:X' }),
    });
    assert.equal(res.status, 200);
    assert.equal(calls[0]?.call.extrinsic, true);
  });
});

describe('HTTP front, in process: the body', () => {
  it("answers the dispatcher's text with the CIM response headers and its length in bytes", async () => {
    const answer = '<CIM>é€</CIM>';
    const { res, calls } = await exchange({ headers: anonymous(), answer: async () => answer });
    assert.equal(res.status, 200);
    assert.equal(res.body, answer);
    assert.equal(res.headers['Content-Length'], String(Buffer.byteLength(answer)));
    assert.equal(res.headers['Content-Type'], 'application/xml; charset="utf-8"');
    assert.equal(res.headers['CIMOperation'], 'MethodResponse');
    assert.equal(calls[0]?.call.method, 'EnumerateClassNames');
    assert.equal(calls[0]?.call.namespace, 'root/cimv2');
  });

  it('reads a body whose UTF-8 characters are split across chunks', async () => {
    const bytes = Buffer.from(requestBody('EnumerateClassNames', '', 'root/cimv2', 'é€😀'));
    const at = bytes.indexOf(Buffer.from('€')) + 1;
    const { res, calls } = await exchange({
      headers: anonymous(),
      body: [bytes.subarray(0, at), bytes.subarray(at, at + 1), bytes.subarray(at + 1)],
    });
    assert.equal(res.status, 200);
    assert.equal(calls[0]?.call.messageId, 'é€😀');
  });

  it('writes nothing when the response was destroyed while the call ran', async () => {
    const req = new FakeRequest({ headers: anonymous() });
    const res2 = new FakeResponse();
    const { dispatcher } = recordingDispatcher(async () => {
      res2.destroyed = true;
      return '<CIM/>';
    });
    const served = serveRequest(
      req as unknown as IncomingMessage,
      res2 as unknown as ServerResponse,
      resolveServerOptions({ allowAnonymous: true }),
      null,
      dispatcher,
    );
    req.end(BODY);
    await served;
    assert.equal(res2.status, 0);
    assert.equal(res2.ended, false);
  });

  it('answers 413 before reading when the declared length is past the limit', async () => {
    const { res, calls } = await exchange({
      headers: anonymous({ 'content-length': '1001' }),
      options: { limits: { maxBodyBytes: 1000 } },
      end: false,
    });
    assertRefused(
      res,
      413,
      undefined,
      'WBEM_E_TOO_MUCH_DATA: the request body is larger than 1000 bytes',
    );
    assert.equal(res.headers['Connection'], undefined);
    assert.equal(calls.length, 0);
  });

  it('serves a body exactly as long as the limit', async () => {
    const body = BODY.padEnd(2000, ' ');
    const { res } = await exchange({
      headers: anonymous({ 'content-length': String(Buffer.byteLength(body)) }),
      options: { limits: { maxBodyBytes: Buffer.byteLength(body) } },
      body,
    });
    assert.equal(res.status, 200);
  });

  it('answers 413 when a body sent without a length runs one byte past the limit', async () => {
    const body = BODY.padEnd(2001, ' ');
    const { res } = await exchange({
      headers: anonymous(),
      options: { limits: { maxBodyBytes: 2000 } },
      body,
    });
    assertRefused(
      res,
      413,
      undefined,
      'WBEM_E_TOO_MUCH_DATA: the request body is larger than 2000 bytes',
    );
  });

  it('closes the connection when the declared length is past four times the limit', async () => {
    const { res } = await exchange({
      headers: anonymous({ 'content-length': '4001' }),
      options: { limits: { maxBodyBytes: 1000 } },
      end: false,
    });
    assert.equal(res.status, 413);
    assert.equal(res.headers['Connection'], 'close');
  });

  it('keeps the connection when the declared length is four times the limit', async () => {
    const { res } = await exchange({
      headers: anonymous({ 'content-length': '4000' }),
      options: { limits: { maxBodyBytes: 1000 } },
      end: false,
    });
    assert.equal(res.status, 413);
    assert.equal(res.headers['Connection'], undefined);
  });

  it('reads and drops the rest of a refused body, cutting the connection past four times the limit', async () => {
    const { req, res } = await exchange({
      headers: anonymous({ 'content-length': '3000' }),
      options: { limits: { maxBodyBytes: 1000 } },
      body: [],
      end: false,
    });
    assert.equal(res.status, 413);
    req.write(Buffer.alloc(4000));
    await new Promise((r) => setImmediate(r));
    assert.equal(req.socket.destroyed, false);
    req.write(Buffer.alloc(1));
    await new Promise((r) => setImmediate(r));
    assert.equal(req.socket.destroyed, true);
  });

  it("lets a closing connection's body flow without counting it", async () => {
    const { req, res } = await exchange({
      headers: anonymous({ 'content-length': '9000' }),
      options: { limits: { maxBodyBytes: 1000 } },
      end: false,
    });
    assert.equal(res.headers['Connection'], 'close');
    req.write(Buffer.alloc(9000));
    await new Promise((r) => setImmediate(r));
    assert.equal(req.socket.destroyed, false);
    assert.equal(req.readableFlowing, true);
  });

  it('keeps the connection of a complete request refused, whatever length it declared', async () => {
    const req = new FakeRequest({ headers: anonymous({ 'content-length': '9000' }) });
    req.complete = true;
    const res = new FakeResponse();
    await serveRequest(
      req as unknown as IncomingMessage,
      res as unknown as ServerResponse,
      resolveServerOptions({ allowAnonymous: true, limits: { maxBodyBytes: 1000 } }),
      null,
      recordingDispatcher(async () => '').dispatcher,
    );
    assert.equal(res.status, 413);
    assert.equal(res.headers['Connection'], undefined);
    assert.equal(req.readableFlowing, null);
  });

  it('answers 400 request-not-well-formed for malformed XML', async () => {
    const { res } = await exchange({ headers: anonymous(), body: '<CIM><oops></CIM>' });
    assert.equal(res.status, 400);
    assert.equal(res.headers['CIMError'], 'request-not-well-formed');
  });

  it('answers 400 request-not-well-formed as soon as a chunk does not parse, before the body ends', async () => {
    const { res } = await exchange({
      headers: anonymous(),
      body: '<CIM><oops></CIM>',
      end: false,
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers['CIMError'], 'request-not-well-formed');
  });

  it('answers 404 naming an empty path when the request has no URL', async () => {
    const req = new FakeRequest({ headers: anonymous() });
    (req as unknown as { url: string | undefined }).url = undefined;
    const res = new FakeResponse();
    await serveRequest(
      req as unknown as IncomingMessage,
      res as unknown as ServerResponse,
      resolveServerOptions({ allowAnonymous: true }),
      null,
      recordingDispatcher(async () => '').dispatcher,
    );
    assertRefused(res, 404, undefined, 'WBEM_E_INVALID_PARAMETER: no CIM service at ; use /cimom');
  });

  it('answers 400 request-not-well-formed for XML cut short', async () => {
    const { res } = await exchange({ headers: anonymous(), body: BODY.slice(0, 60) });
    assert.equal(res.status, 400);
    assert.equal(res.headers['CIMError'], 'request-not-well-formed');
  });

  it('answers 400 with the transport failure when the request fails mid-body', async () => {
    const req = new FakeRequest({ headers: anonymous() });
    const res = new FakeResponse();
    const served = serveRequest(
      req as unknown as IncomingMessage,
      res as unknown as ServerResponse,
      resolveServerOptions({ allowAnonymous: true }),
      null,
      recordingDispatcher(async () => '').dispatcher,
    );
    req.write(BODY.slice(0, 30));
    await new Promise((r) => setImmediate(r));
    req.destroy(new Error('aborted'));
    await served;
    assertRefused(res, 400, undefined, 'WBEM_E_TRANSPORT_FAILURE: aborted');
  });

  it('answers 500 with the failure once, under its own HRESULT, when the call throws', async () => {
    const { res } = await exchange({
      headers: anonymous(),
      answer: async () => {
        throw new Error('boom');
      },
    });
    assertRefused(res, 500, undefined, 'WBEM_E_FAILED: internal error: boom');
  });

  it('answers 500 with the HRESULT alone when the failure has no detail', async () => {
    const { res } = await exchange({
      headers: anonymous(),
      answer: async () => {
        throw new WbemError(WBEM_E_PROVIDER_FAILURE);
      },
    });
    assertRefused(res, 500, undefined, 'WBEM_E_PROVIDER_FAILURE');
  });

  it('answers a CimHttpError thrown by the call with its own status and CIMError', async () => {
    const { res } = await exchange({
      headers: anonymous(),
      answer: async () => {
        throw new CimHttpError(WBEM_E_NOT_SUPPORTED, 501, 'unsupported-operation', 'no');
      },
    });
    assertRefused(res, 501, 'unsupported-operation', 'WBEM_E_NOT_SUPPORTED: no');
  });

  it('destroys the response when a failure comes after its headers were sent', async () => {
    const req = new FakeRequest({ headers: anonymous() });
    const res = new FakeResponse();
    const served = serveRequest(
      req as unknown as IncomingMessage,
      res as unknown as ServerResponse,
      resolveServerOptions({ allowAnonymous: true }),
      null,
      recordingDispatcher(async () => {
        res.headersSent = true;
        throw new Error('late');
      }).dispatcher,
    );
    req.end(BODY);
    await served;
    assert.equal(res.destroyed, true);
    assert.equal(res.status, 0);
  });
});

describe('HTTP front, in process: the caller', () => {
  it('serves a request without credentials as the anonymous user when allowed', async () => {
    const { calls } = await exchange({
      headers: anonymous({ host: 'cim.example:5988' }),
      options: { anonymousUser: 'guest', updateMode: 'safe' },
    });
    assert.deepEqual(calls[0]?.caller, {
      principal: 'guest',
      remote: false,
      updateMode: 'safe',
      host: 'cim.example',
    });
  });

  it('answers 401 with a Basic challenge when credentials come and no users are known', async () => {
    const { res, calls } = await exchange({
      headers: anonymous({ authorization: 'Basic YTpi' }),
      options: { limits: { maxBodyBytes: 1000 } },
    });
    assert.equal(res.status, 401);
    assert.equal(res.headers['WWW-Authenticate'], 'Basic realm="wbemrx"');
    assert.equal(res.headers['Content-Type'], 'text/plain; charset=utf-8');
    assert.equal(res.body, 'authentication required\n');
    assert.equal(res.headers['Content-Length'], String(res.body.length));
    assert.equal(res.headers['Connection'], undefined);
    assert.equal(calls.length, 0);
  });

  it('answers 401 when anonymous access is off and no users are known', async () => {
    const { res } = await exchange({
      headers: anonymous(),
      options: { allowAnonymous: false },
    });
    assert.equal(res.status, 401);
  });

  it('answers 401 closing the connection when the declared body is past four times the limit', async () => {
    const { req, res } = await exchange({
      headers: anonymous({ authorization: 'Basic YTpi', 'content-length': '5000' }),
      options: { limits: { maxBodyBytes: 1000 } },
      end: false,
    });
    assert.equal(res.status, 401);
    assert.equal(res.headers['Connection'], 'close');
    assert.equal(req.readableFlowing, true);
  });

  const user: UserRecord = { ...unhashedUser('Alice'), updateMode: 'force' };
  class OneUser extends UserDirectory {
    override async verify(name: string, password: string): Promise<UserRecord | undefined> {
      return name.toLowerCase() === 'alice' && password === 'pw' ? user : undefined;
    }
  }
  const basic = (name: string, password: string): string =>
    `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

  it("serves a user as the record's name with the user's update mode", async () => {
    const auth = new BasicAuthenticator(new OneUser({ version: 1, users: [user] }), false);
    const { calls } = await exchange({
      headers: anonymous({ authorization: basic('alice', 'pw'), host: '[::1]:5988' }),
      auth,
      remoteAddress: '10.0.0.7',
    });
    assert.deepEqual(calls[0]?.caller, {
      principal: 'Alice',
      remote: true,
      updateMode: 'force',
      host: '::1',
    });
  });

  it("lets the header's update mode win over the user's", async () => {
    const auth = new BasicAuthenticator(new OneUser({ version: 1, users: [user] }), false);
    const { calls } = await exchange({
      headers: anonymous({ authorization: basic('alice', 'pw'), 'x-wbemrx-updatemode': 'Safe' }),
      auth,
    });
    assert.equal(calls[0]?.caller.updateMode, 'safe');
  });

  it("gives a user without a mode the server's", async () => {
    const { updateMode: _, ...plain } = user;
    class Plain extends UserDirectory {
      override async verify(): Promise<UserRecord | undefined> {
        return plain;
      }
    }
    const auth = new BasicAuthenticator(new Plain({ version: 1, users: [] }), false);
    const { calls } = await exchange({
      headers: anonymous({ authorization: basic('x', 'y') }),
      options: { updateMode: 'safe' },
      auth,
    });
    assert.equal(calls[0]?.caller.updateMode, 'safe');
  });

  it('answers 400 request-not-valid for an update mode header naming no mode', async () => {
    const { res, calls } = await exchange({
      headers: anonymous({ 'x-wbemrx-updatemode': 'Brutal' }),
    });
    assertRefused(
      res,
      400,
      'request-not-valid',
      "WBEM_E_INVALID_PARAMETER: X-WBEMRX-UpdateMode must be compatible, safe or force (got 'brutal')",
    );
    assert.equal(calls.length, 0);
  });

  it('serves a user without credentials as anonymous when the authenticator allows it', async () => {
    const auth = new BasicAuthenticator(new OneUser({ version: 1, users: [] }), true);
    const { calls } = await exchange({
      headers: anonymous(),
      options: { anonymousUser: 'nobody', updateMode: 'force' },
      auth,
    });
    assert.equal(calls[0]?.caller.principal, 'nobody');
    assert.equal(calls[0]?.caller.updateMode, 'force');
  });

  it('answers 401 for a wrong password', async () => {
    const auth = new BasicAuthenticator(new OneUser({ version: 1, users: [user] }), true);
    const { res, calls } = await exchange({
      headers: anonymous({ authorization: basic('alice', 'nope') }),
      auth,
    });
    assert.equal(res.status, 401);
    assert.equal(calls.length, 0);
  });

  for (const [address, remote] of [
    ['127.0.0.1', false],
    ['127.8.9.10', false],
    ['::1', false],
    ['::ffff:127.0.0.1', false],
    ['::10', true],
    ['10.127.0.1', true],
    ['::ffff:10.0.0.1', true],
    [undefined, true],
  ] as const) {
    it(`takes a caller at ${address ?? 'no address'} as ${remote ? 'remote' : 'local'}`, async () => {
      const { calls } = await exchange({ headers: anonymous(), remoteAddress: address });
      assert.equal(calls[0]?.caller.remote, remote);
    });
  }

  for (const [host, name] of [
    [undefined, 'localhost'],
    ['', 'localhost'],
    [':5988', 'localhost'],
    ['Box', 'Box'],
    ['box:1', 'box'],
    ['[fe80::1]', 'fe80::1'],
    ['a[b]c', 'a[b]c'],
  ] as const) {
    it(`names the host ${name} when the Host header is ${host ?? 'missing'}`, async () => {
      const { calls } = await exchange({
        headers: host === undefined ? anonymous() : anonymous({ host }),
      });
      assert.equal(calls[0]?.caller.host, name);
    });
  }
});
