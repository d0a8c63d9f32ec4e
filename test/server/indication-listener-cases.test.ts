/**
 * The indication listener (`src/server/indication-listener.ts`) as its callers see it:
 * `readExportIndication` on export request bodies (what it accepts, the refusals and their
 * `CIMError`), and `startIndicationListener` over loopback (the reply to an ExportIndication, the
 * HTTP refusals and their count, the body limit, the address and URL, a port already taken, and
 * `close`).
 */
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import {
  type IndicationListener,
  type ReceivedIndication,
  readExportIndication,
  startIndicationListener,
  WBEM_E_FAILED,
  WBEM_E_INVALID_SYNTAX,
  WbemError,
} from '../../src/index.js';
import { CimHttpError } from '../../src/server/cim-http-error.js';

const WAIT = 20_000;

const INSTANCE =
  '<INSTANCE CLASSNAME="CIM_AlertIndication"><PROPERTY NAME="Message" TYPE="string"><VALUE>disk full</VALUE></PROPERTY></INSTANCE>';

/** An export request around `call` (the EXPMETHODCALL or what stands in its place). */
function exportBody(call: string, messageId: string | null = '1001'): string {
  const id = messageId === null ? '' : ` ID="${messageId}"`;
  return `<?xml version="1.0" encoding="utf-8" ?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE${id} PROTOCOLVERSION="1.0"><SIMPLEEXPREQ>${call}</SIMPLEEXPREQ></MESSAGE></CIM>`;
}

function exportCall(params: string, name = 'ExportIndication'): string {
  return `<EXPMETHODCALL NAME="${name}">${params}</EXPMETHODCALL>`;
}

const newIndication = (inst = INSTANCE, name = 'NewIndication') =>
  `<EXPPARAMVALUE NAME="${name}">${inst}</EXPPARAMVALUE>`;

const VALID = exportBody(exportCall(newIndication()));

/** What `readExportIndication` throws for `body`. */
function refusal(body: string): CimHttpError {
  try {
    readExportIndication(body);
  } catch (error) {
    assert.ok(error instanceof CimHttpError, `not a CimHttpError: ${String(error)}`);
    return error;
  }
  assert.fail('accepted');
}

function assertNotValid(body: string, detail: string): void {
  const e = refusal(body);
  assert.equal(e.hresult, WBEM_E_INVALID_SYNTAX);
  assert.equal(e.httpStatus, 400);
  assert.equal(e.cimError, 'request-not-valid');
  assert.equal(e.detail, detail);
  assert.equal(e.message, `WBEM_E_INVALID_SYNTAX: ${detail}`);
}

describe('readExportIndication', () => {
  it('reads the class, the properties and the message ID of an ExportIndication', () => {
    const r = readExportIndication(VALID);
    assert.equal(r.className, 'CIM_AlertIndication');
    assert.equal(r.instance.className, 'CIM_AlertIndication');
    assert.equal(r.instance.properties.get('message')?.value, 'disk full');
    assert.equal(r.messageId, '1001');
  });

  it('gives an empty message ID when the MESSAGE has none', () => {
    assert.equal(readExportIndication(exportBody(exportCall(newIndication()), null)).messageId, '');
  });

  it('matches the method and parameter names without regard to case', () => {
    const r = readExportIndication(
      exportBody(exportCall(newIndication(INSTANCE, 'NEWINDICATION'), 'exportINDICATION')),
    );
    assert.equal(r.className, 'CIM_AlertIndication');
  });

  it('finds NewIndication after other parameters', () => {
    const other =
      '<EXPPARAMVALUE NAME="Other"><INSTANCE CLASSNAME="X_Other"></INSTANCE></EXPPARAMVALUE>';
    const r = readExportIndication(exportBody(exportCall(`${other}${newIndication()}`)));
    assert.equal(r.className, 'CIM_AlertIndication');
  });

  it('refuses what is no export request', () => {
    const detail = 'not a CIM export request (CIM/MESSAGE/SIMPLEEXPREQ/EXPMETHODCALL)';
    // Not CIM at the root, though the rest is there.
    assertNotValid(
      `<NOTCIM><MESSAGE ID="1"><SIMPLEEXPREQ>${exportCall(newIndication())}</SIMPLEEXPREQ></MESSAGE></NOTCIM>`,
      detail,
    );
    assertNotValid('<CIM CIMVERSION="2.0" DTDVERSION="2.0"></CIM>', detail);
    assertNotValid('<CIM><MESSAGE ID="1"></MESSAGE></CIM>', detail);
    assertNotValid(
      `<CIM><MESSAGE ID="1"><SIMPLEREQ>${exportCall(newIndication())}</SIMPLEREQ></MESSAGE></CIM>`,
      detail,
    );
    assertNotValid(
      exportBody(`<METHODCALL NAME="ExportIndication">${newIndication()}</METHODCALL>`),
      detail,
    );
  });

  it('refuses another export method, naming it', () => {
    assertNotValid(
      exportBody(exportCall(newIndication(), 'ExportSomething')),
      'export method ExportSomething is not ExportIndication',
    );
    assertNotValid(
      exportBody(`<EXPMETHODCALL>${newIndication()}</EXPMETHODCALL>`),
      'export method (none) is not ExportIndication',
    );
  });

  it('refuses an ExportIndication without a NewIndication INSTANCE', () => {
    const detail = 'ExportIndication carries no NewIndication INSTANCE';
    assertNotValid(exportBody(exportCall('')), detail);
    assertNotValid(exportBody(exportCall(newIndication(INSTANCE, 'OldIndication'))), detail);
    assertNotValid(exportBody(exportCall(`<EXPPARAMVALUE>${INSTANCE}</EXPPARAMVALUE>`)), detail);
    assertNotValid(
      exportBody(exportCall(`<PARAMVALUE NAME="NewIndication">${INSTANCE}</PARAMVALUE>`)),
      detail,
    );
    assertNotValid(
      exportBody(exportCall(newIndication('<CLASS NAME="CIM_AlertIndication"></CLASS>'))),
      detail,
    );
  });

  it('refuses an INSTANCE that does not decode, with the decoder detail alone', () => {
    const twice =
      '<INSTANCE CLASSNAME="CIM_AlertIndication"><PROPERTY NAME="Message" TYPE="string"><VALUE>a</VALUE></PROPERTY><PROPERTY NAME="Message" TYPE="string"><VALUE>b</VALUE></PROPERTY></INSTANCE>';
    const e = refusal(exportBody(exportCall(newIndication(twice))));
    assert.equal(e.hresult, WBEM_E_INVALID_SYNTAX);
    assert.equal(e.cimError, 'request-not-valid');
    assert.match(e.message, /^WBEM_E_INVALID_SYNTAX: .*Message given twice/);
    // One HRESULT in the message: the decoder's own is not repeated inside it.
    assert.doesNotMatch(e.message, /WBEM_E_INVALID_PARAMETER/);
  });

  it('refuses XML that is not well formed, and nesting deeper than 64', () => {
    const bad = refusal('<CIM><MESSAGE></CIM>');
    assert.equal(bad.httpStatus, 400);
    assert.equal(bad.cimError, 'request-not-well-formed');
    const deep = `${'<A>'.repeat(65)}${'</A>'.repeat(65)}`;
    const tooDeep = refusal(deep);
    assert.equal(tooDeep.httpStatus, 400);
    assert.match(tooDeep.message, /deeper than 64/);
    // 64 levels are read (and refused only as no export request).
    assertNotValid(
      `${'<A>'.repeat(64)}${'</A>'.repeat(64)}`,
      'not a CIM export request (CIM/MESSAGE/SIMPLEEXPREQ/EXPMETHODCALL)',
    );
  });
});

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request to `url` on its own connection. */
function send(
  url: string,
  body: string | Buffer | undefined,
  method = 'POST',
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent: false,
        headers: {
          'Content-Type': 'application/xml; charset="utf-8"',
          CIMExport: 'MethodRequest',
          CIMExportMethod: 'ExportIndication',
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Resolves when `check` holds, polling; fails after `WAIT`. */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + WAIT;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('startIndicationListener', () => {
  let listener: IndicationListener;
  before(async () => {
    listener = await startIndicationListener();
  });
  after(() => listener.close());

  it('listens on 127.0.0.1 at a free port, and names it in its URL', () => {
    assert.ok(listener.port > 0);
    assert.equal(listener.url, `http://127.0.0.1:${listener.port}/`);
  });

  it('answers an ExportIndication and emits the indication', async () => {
    const was = listener.refused();
    const received = firstValueFrom(listener.indications$.pipe(take(1), timeout(WAIT)));
    const reply = await send(listener.url, VALID);
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/xml; charset="utf-8"');
    assert.equal(reply.headers['cimexport'], 'MethodResponse');
    assert.match(
      reply.body,
      /^<\?xml version="1.0" encoding="utf-8" \?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1001" PROTOCOLVERSION="1.0"><SIMPLEEXPRSP><EXPMETHODRESPONSE NAME="ExportIndication"><\/EXPMETHODRESPONSE><\/SIMPLEEXPRSP><\/MESSAGE><\/CIM>$/,
    );
    const indication: ReceivedIndication = await received;
    assert.equal(indication.className, 'CIM_AlertIndication');
    assert.equal(indication.messageId, '1001');
    assert.equal(indication.instance.properties.get('message')?.value, 'disk full');
    assert.equal(listener.refused(), was);
  });

  it('echoes the message ID escaped', async () => {
    const reply = await send(
      listener.url,
      exportBody(exportCall(newIndication()), 'a&amp;&quot;b'),
    );
    assert.equal(reply.status, 200);
    assert.match(reply.body, /<MESSAGE ID="a&amp;&quot;b" PROTOCOLVERSION="1.0">/);
  });

  it('emits indications in arrival order', async () => {
    const three = firstValueFrom(listener.indications$.pipe(take(3), toArray(), timeout(WAIT)));
    for (const id of ['m1', 'm2', 'm3'])
      assert.equal(
        (await send(listener.url, exportBody(exportCall(newIndication()), id))).status,
        200,
      );
    assert.deepEqual(
      (await three).map((i) => i.messageId),
      ['m1', 'm2', 'm3'],
    );
  });

  it('refuses what is not a POST with 405, Allow: POST, and counts it', async () => {
    const was = listener.refused();
    const reply = await send(listener.url, undefined, 'GET');
    assert.equal(reply.status, 405);
    assert.equal(reply.headers['allow'], 'POST');
    assert.equal(reply.headers['connection'], 'close');
    assert.equal(reply.headers['cimerror'], undefined);
    assert.equal(reply.body, '');
    assert.equal(listener.refused(), was + 1);
  });

  it('refuses a body that is no ExportIndication with 400 and its CIMError, and counts it', async () => {
    let emitted = 0;
    const sub = listener.indications$.subscribe(() => emitted++);
    try {
      const was = listener.refused();
      const invalid = await send(listener.url, exportBody(exportCall(newIndication(), 'Other')));
      assert.equal(invalid.status, 400);
      assert.equal(invalid.headers['cimerror'], 'request-not-valid');
      assert.equal(invalid.headers['connection'], 'close');
      assert.equal(invalid.headers['allow'], undefined);
      assert.equal(listener.refused(), was + 1);
      const malformed = await send(listener.url, '<CIM><MESSAGE></CIM>');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.headers['cimerror'], 'request-not-well-formed');
      assert.equal(listener.refused(), was + 2);
      assert.equal(emitted, 0);
    } finally {
      sub.unsubscribe();
    }
  });

  it('accepts a body of several hundred kilobytes by default', async () => {
    const big = 'x'.repeat(600_000);
    const body = exportBody(
      exportCall(
        newIndication(
          `<INSTANCE CLASSNAME="CIM_AlertIndication"><PROPERTY NAME="Message" TYPE="string"><VALUE>${big}</VALUE></PROPERTY></INSTANCE>`,
        ),
      ),
    );
    const received = firstValueFrom(listener.indications$.pipe(take(1), timeout(WAIT)));
    assert.equal((await send(listener.url, body)).status, 200);
    assert.equal((await received).instance.properties.get('message')?.value, big);
  });

  it('counts a request whose client goes away in the middle of the body', async () => {
    const was = listener.refused();
    const socket = connect(listener.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('error', () => {});
    socket.write(
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n<CIM>`,
    );
    // A second request on its own connection is answered: the listener has read the first.
    assert.equal((await send(listener.url, VALID)).status, 200);
    await sleep(200);
    socket.destroy();
    await until(() => listener.refused() === was + 1, 'the aborted request to be counted');
  });
});

describe('startIndicationListener options', () => {
  it('keeps to maxBodyBytes: a body of that size is read, a larger one refused with 413', async () => {
    const body = Buffer.from(VALID, 'utf8');
    const exact = await startIndicationListener({ maxBodyBytes: body.length });
    try {
      assert.equal((await send(exact.url, body)).status, 200);
      assert.equal(exact.refused(), 0);
    } finally {
      await exact.close();
    }
    const small = await startIndicationListener({ maxBodyBytes: body.length - 1 });
    let emitted = 0;
    const sub = small.indications$.subscribe(() => emitted++);
    try {
      // The 413 reaches the client (the connection was once cut before it was written).
      const reply = await send(small.url, body);
      assert.equal(reply.status, 413);
      assert.equal(reply.headers['connection'], 'close');
      assert.equal(reply.headers['cimerror'], undefined);
      assert.equal(small.refused(), 1);
      // So does the 413 of a body far past the limit.
      const far = await send(small.url, Buffer.alloc(1_000_000, 'x'));
      assert.equal(far.status, 413);
      assert.equal(small.refused(), 2);
      assert.equal(emitted, 0);
    } finally {
      sub.unsubscribe();
      await small.close();
    }
  });

  it('listens on the port and host given; an IPv6 host is bracketed in the URL', async (t) => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const free = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const fixed = await startIndicationListener({ port: free });
    try {
      assert.equal(fixed.port, free);
      assert.equal(fixed.url, `http://127.0.0.1:${free}/`);
      assert.equal((await send(fixed.url, VALID)).status, 200);
    } finally {
      await fixed.close();
    }
    let v6: IndicationListener;
    try {
      v6 = await startIndicationListener({ host: '::1' });
    } catch {
      t.skip('no IPv6 loopback here');
      return;
    }
    try {
      assert.equal(v6.url, `http://[::1]:${v6.port}/`);
      assert.equal((await send(v6.url, VALID)).status, 200);
    } finally {
      await v6.close();
    }
  });

  it('fails with WBEM_E_FAILED when the port is taken, naming the address', async () => {
    const first = await startIndicationListener();
    try {
      // Bounded: a listener that failed to hear the bind error would leave the promise pending.
      const second = Promise.race([
        startIndicationListener({ port: first.port }),
        sleep(WAIT, undefined, { ref: false }).then(() => {
          throw new Error('no answer');
        }),
      ]);
      await assert.rejects(second, (error: unknown) => {
        assert.ok(error instanceof WbemError);
        assert.equal(error.hresult, WBEM_E_FAILED);
        assert.match(
          error.message,
          new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port}: .*EADDRINUSE`),
        );
        assert.ok(error.cause instanceof Error);
        return true;
      });
      // The first listener still answers.
      assert.equal((await send(first.url, VALID)).status, 200);
    } finally {
      await first.close();
    }
  });

  it('fails with WBEM_E_FAILED for a host it cannot bind, naming the default port', async () => {
    await assert.rejects(startIndicationListener({ host: '192.0.2.1' }), (error: unknown) => {
      assert.ok(error instanceof WbemError);
      assert.equal(error.hresult, WBEM_E_FAILED);
      assert.match(error.message, /cannot listen on 192\.0\.2\.1:0: /);
      return true;
    });
  });
});

describe('IndicationListener.close', () => {
  it('completes indications$, returns one promise however often called, and stops listening', async () => {
    const listener = await startIndicationListener();
    const all = firstValueFrom(listener.indications$.pipe(toArray(), timeout(WAIT)));
    assert.equal((await send(listener.url, VALID)).status, 200);
    const closing = listener.close();
    assert.equal(listener.close(), closing);
    await closing;
    assert.equal((await all).length, 1);
    await assert.rejects(send(listener.url, VALID), /ECONNREFUSED/);
  });

  it('ends a request still in progress rather than waiting for it', async () => {
    const listener = await startIndicationListener();
    const socket: Socket = connect(listener.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('error', () => {});
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n<CIM>',
    );
    // Another request answered: the listener has taken the first connection.
    const other = await send(listener.url, VALID);
    assert.equal(other.status, 200);
    await sleep(200);
    const outcome = await Promise.race([
      listener.close().then(() => 'closed'),
      sleep(15_000, undefined, { ref: false }).then(() => 'still waiting'),
    ]);
    assert.equal(outcome, 'closed');
    await ended;
  });
});
