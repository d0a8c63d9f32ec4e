/**
 * `indication-destination.ts` against a listener on a loopback port: the URL check, the POST a
 * listener receives, order and one POST at a time, retries and giving up (logged and counted),
 * the bounded queue (drops counted, logged on the first and every 1,000th) and closing.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { WBEM_E_INVALID_PARAMETER, WbemError } from '../../src/index.js';
import {
  DEFAULT_DELIVERY,
  type DeliveryOptions,
  IndicationDestination,
  listenerUrl,
} from '../../src/server/indication-destination.js';
import { selfSignedCertificate } from './helpers/self-signed.js';

interface Received {
  /** The client's port: one per connection. */
  readonly port: number;
  readonly url: string;
  readonly method: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What the listener does with each request, in order; past the list it answers 200. */
type Answer = 'ok' | 500 | 'cimerror' | 'hold' | 'silent' | 'cut';

describe('IndicationDestination', () => {
  let server: Server;
  let base: string;
  let received: Received[];
  let answers: Answer[];
  let held: ServerResponse[];
  let open = 0;
  let mostOpen = 0;
  const destinations: IndicationDestination[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({
          port: req.socket.remotePort ?? 0,
          url: req.url ?? '',
          method: req.method ?? '',
          headers: req.headers,
          body,
        });
        open++;
        mostOpen = Math.max(mostOpen, open);
        res.on('close', () => {
          open--;
        });
        const answer = answers.shift() ?? 'ok';
        if (answer === 'hold') held.push(res);
        else if (answer === 'silent') return;
        else if (answer === 'cut') {
          res.writeHead(200, { 'Content-Length': '10' });
          res.write('abc', () => res.socket?.destroy());
        } else if (answer === 'cimerror') {
          res.writeHead(200, { CIMError: 'request-not-valid' });
          res.end();
        } else {
          res.writeHead(answer === 'ok' ? 200 : answer);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    received = [];
    answers = [];
    held = [];
    mostOpen = 0;
  });
  after(async () => {
    for (const d of destinations) d.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function destination(
    options: Partial<DeliveryOptions>,
    logs: string[] = [],
  ): IndicationDestination {
    const d = new IndicationDestination(listenerUrl(`${base}/listen?x=1`), {
      ...DEFAULT_DELIVERY,
      backoffMs: 1,
      log: (message) => {
        logs.push(message);
      },
      ...options,
    });
    destinations.push(d);
    return d;
  }

  /** Turns the event loop until `done` holds (bounded, so a fault fails instead of hanging). */
  async function until(done: () => boolean): Promise<void> {
    for (let i = 0; i < 100_000 && !done(); i++) await turn();
    assert.ok(done(), 'never happened');
  }

  it('POSTs each body to the listener URL as a DSP0200 export request, and counts it delivered', async () => {
    const d = destination({});
    assert.equal(d.enqueue('<CIM>é</CIM>'), true);
    await until(() => d.stats().delivered === 1);
    assert.equal(received.length, 1);
    const r = received[0] as Received;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, '/listen?x=1');
    assert.equal(r.body, '<CIM>é</CIM>');
    assert.equal(r.headers['content-type'], 'application/xml; charset="utf-8"');
    assert.equal(r.headers['content-length'], String(Buffer.byteLength('<CIM>é</CIM>')));
    assert.equal(r.headers['cimexport'], 'MethodRequest');
    assert.equal(r.headers['cimexportmethod'], 'ExportIndication');
    assert.deepEqual(d.stats(), {
      url: `${base}/listen?x=1`,
      queued: 0,
      delivered: 1,
      failed: 0,
      dropped: 0,
    });
  });

  it('sends in order, one POST at a time', async () => {
    const d = destination({});
    for (const body of ['a', 'b', 'c']) assert.equal(d.enqueue(body), true);
    assert.equal(d.stats().queued, 3);
    await until(() => d.stats().delivered === 3);
    assert.deepEqual(
      received.map((r) => r.body),
      ['a', 'b', 'c'],
    );
    assert.equal(mostOpen, 1);
    assert.equal(d.stats().queued, 0);
    // Over one kept-alive connection.
    assert.equal(new Set(received.map((r) => r.port)).size, 1);
  });

  it('retries a failed POST and delivers it once the listener takes it', async () => {
    const logs: string[] = [];
    const d = destination({ retries: 3 }, logs);
    answers = [500, 'cimerror', 500];
    d.enqueue('x');
    await until(() => d.stats().delivered === 1);
    assert.equal(received.length, 4);
    assert.deepEqual(logs, []);
    assert.equal(d.stats().failed, 0);
  });

  it('gives up after the retries, counts and logs the failure with the last error, and goes on with the next', async () => {
    const logs: string[] = [];
    const d = destination({ retries: 2 }, logs);
    answers = [500, 500, 'cimerror'];
    d.enqueue('lost');
    d.enqueue('next');
    await until(() => d.stats().delivered === 1);
    assert.deepEqual(
      received.map((r) => r.body),
      ['lost', 'lost', 'lost', 'next'],
    );
    assert.deepEqual(logs, [
      `indication to ${base}/listen?x=1 given up after 3 attempts: HTTP 200 request-not-valid`,
    ]);
    assert.deepEqual(d.stats(), {
      url: `${base}/listen?x=1`,
      queued: 0,
      delivered: 1,
      failed: 1,
      dropped: 0,
    });
  });

  it('waits backoffMs before the first retry, doubling for each next one, capped at 30 s', async () => {
    const waits: number[] = [];
    const real = globalThis.setTimeout;
    // Each wait is recorded and made at once: the delays asked for are what is pinned, not a clock.
    globalThis.setTimeout = ((fn: () => void, ms?: number) => {
      waits.push(ms ?? 0);
      return real(fn, 0);
    }) as typeof setTimeout;
    try {
      const quick = destination({ retries: 3, backoffMs: 100 });
      answers = [500, 500, 500, 500];
      quick.enqueue('x');
      await until(() => quick.stats().failed === 1);
      assert.deepEqual(waits, [100, 200, 400]);
      waits.length = 0;
      const slow = destination({ retries: 3, backoffMs: 20_000 });
      answers = [500, 500, 500, 500];
      slow.enqueue('y');
      await until(() => slow.stats().failed === 1);
      assert.deepEqual(waits, [20_000, 30_000, 30_000]);
    } finally {
      globalThis.setTimeout = real;
    }
    assert.equal(received.length, 8);
  });

  it('retries a POST whose answer is cut off', async () => {
    const logs: string[] = [];
    const d = destination({ retries: 1 }, logs);
    answers = ['cut'];
    d.enqueue('x');
    await until(() => d.stats().delivered + d.stats().failed === 1);
    assert.equal(d.stats().delivered, 1, logs.join('\n'));
    assert.equal(received.length, 2);
  });

  it('tries once with no retries, naming the HTTP status', async () => {
    const logs: string[] = [];
    const d = destination({ retries: 0 }, logs);
    answers = [500];
    d.enqueue('once');
    await until(() => d.stats().failed === 1);
    assert.equal(received.length, 1);
    assert.deepEqual(logs, [
      `indication to ${base}/listen?x=1 given up after 1 attempts: HTTP 500`,
    ]);
  });

  it('gives up on a listener that does not answer within the time limit', async () => {
    const logs: string[] = [];
    const d = destination({ retries: 0, timeoutMs: 20 }, logs);
    answers = ['silent'];
    d.enqueue('slow');
    await until(() => d.stats().failed === 1);
    assert.deepEqual(logs, [
      `indication to ${base}/listen?x=1 given up after 1 attempts: no answer within 20 ms`,
    ]);
  });

  it('gives up on a listener that cannot be reached, naming the network error', async () => {
    const logs: string[] = [];
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const d = new IndicationDestination(listenerUrl(`http://127.0.0.1:${port}/`), {
      ...DEFAULT_DELIVERY,
      retries: 1,
      backoffMs: 1,
      log: (m) => {
        logs.push(m);
      },
    });
    destinations.push(d);
    d.enqueue('x');
    await until(() => d.stats().failed === 1);
    assert.equal(logs.length, 1);
    assert.match(logs[0] as string, /given up after 2 attempts: connect ECONNREFUSED/);
  });

  it('drops what does not fit in the queue, counted, and logs the first drop and every 1,000th', async () => {
    const logs: string[] = [];
    const d = destination({ queueSize: 2 }, logs);
    answers = ['hold'];
    assert.equal(d.enqueue('1'), true);
    assert.equal(d.enqueue('2'), true);
    assert.equal(d.enqueue('3'), false);
    assert.deepEqual(logs, [
      `indication queue for ${base}/listen?x=1 is full (2); 1 dropped so far`,
    ]);
    for (let i = 0; i < 999; i++) d.enqueue('more');
    assert.equal(logs.length, 1);
    d.enqueue('more');
    assert.deepEqual(logs.slice(1), [
      `indication queue for ${base}/listen?x=1 is full (2); 1001 dropped so far`,
    ]);
    assert.equal(d.stats().dropped, 1001);
    assert.equal(d.stats().queued, 2);
    await until(() => held.length === 1);
    (held[0] as ServerResponse).writeHead(200).end();
    await until(() => d.stats().delivered === 2);
    assert.equal(d.enqueue('4'), true);
    await until(() => d.stats().delivered === 3);
    assert.deepEqual(
      received.map((r) => r.body),
      ['1', '2', '4'],
    );
  });

  it('on close discards what is queued and takes nothing more', async () => {
    const logs: string[] = [];
    const d = destination({}, logs);
    answers = ['hold'];
    d.enqueue('first');
    d.enqueue('second');
    await until(() => held.length === 1);
    d.close();
    assert.equal(d.stats().queued, 0);
    assert.equal(d.enqueue('late'), false);
    assert.equal(d.stats().dropped, 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(
      received.map((r) => r.body),
      ['first'],
    );
    assert.equal(d.stats().failed, 0);
    assert.ok(!logs.some((m) => m.includes('given up')), logs.join('\n'));
    // Its connection is closed too: the listener is not left holding a request for nobody.
    await until(() => open === 0);
  });

  it('stops retrying when closed while waiting to retry', async () => {
    const logs: string[] = [];
    const d = destination({ retries: 5, backoffMs: 60_000 }, logs);
    answers = [500];
    d.enqueue('x');
    await until(() => received.length === 1);
    d.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(received.length, 1);
    assert.equal(d.stats().failed, 0);
    assert.deepEqual(logs, []);
  });
});

describe('listenerUrl', () => {
  it('takes an http or https URL', () => {
    assert.equal(listenerUrl('http://h:5990/x').href, 'http://h:5990/x');
    assert.equal(listenerUrl('HTTPS://H/').href, 'https://h/');
  });

  it('refuses a Destination that is not a URL, quoting its first 100 characters', () => {
    const long = `not a url ${'x'.repeat(200)}`;
    assert.throws(
      () => listenerUrl(long),
      (error: unknown) => {
        assert.ok(error instanceof WbemError);
        assert.equal(error.hresult, WBEM_E_INVALID_PARAMETER);
        assert.equal(
          error.detail,
          `Destination ${JSON.stringify(long.slice(0, 100))} is not a URL`,
        );
        return true;
      },
    );
  });

  it('refuses another scheme', () => {
    assert.throws(
      () => listenerUrl('ftp://h/x'),
      (error: unknown) =>
        error instanceof WbemError &&
        error.hresult === WBEM_E_INVALID_PARAMETER &&
        error.detail === 'Destination ftp: is not http: or https:',
    );
  });

  it('delivers with the defaults of the documentation', () => {
    assert.equal(DEFAULT_DELIVERY.queueSize, 1000);
    assert.equal(DEFAULT_DELIVERY.retries, 3);
    assert.equal(DEFAULT_DELIVERY.backoffMs, 200);
    assert.equal(DEFAULT_DELIVERY.timeoutMs, 5000);
    assert.equal(DEFAULT_DELIVERY.verifyTls, true);
  });
});

describe('IndicationDestination over https', () => {
  let server: HttpsServer;
  let url: URL;
  let bodies: string[];
  let connections = 0;
  const destinations: IndicationDestination[] = [];

  before(async () => {
    const { cert, key } = selfSignedCertificate();
    server = createHttpsServer({ cert, key }, (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200).end();
      });
    });
    server.on('secureConnection', () => {
      connections++;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = listenerUrl(`https://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });
  beforeEach(() => {
    bodies = [];
    connections = 0;
  });
  after(async () => {
    for (const d of destinations) d.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function deliver(verifyTls: boolean, logs: string[]): Promise<IndicationDestination> {
    const d = new IndicationDestination(url, {
      ...DEFAULT_DELIVERY,
      retries: 0,
      verifyTls,
      log: (m) => {
        logs.push(m);
      },
    });
    destinations.push(d);
    d.enqueue('<CIM/>');
    d.enqueue('<CIM/>');
    for (let i = 0; i < 100_000 && d.stats().delivered + d.stats().failed < 2; i++)
      await new Promise((resolve) => setImmediate(resolve));
    return d;
  }

  it('POSTs over TLS to a listener whose certificate is not checked when verifyTls is false', async () => {
    const logs: string[] = [];
    const d = await deliver(false, logs);
    assert.equal(d.stats().delivered, 2, logs.join('\n'));
    assert.deepEqual(bodies, ['<CIM/>', '<CIM/>']);
    // Over one kept-alive TLS connection.
    assert.equal(connections, 1);
  });

  it('refuses a self-signed listener when verifyTls is true, naming the TLS error', async () => {
    const logs: string[] = [];
    const d = await deliver(true, logs);
    assert.equal(d.stats().failed, 2);
    assert.deepEqual(bodies, []);
    assert.match(logs[0] ?? '', /given up after 1 attempts: self[- ]signed certificate/);
  });
});

describe('DEFAULT_DELIVERY.log', () => {
  it('emits a process warning with the code WBEMRX_INDICATION', async () => {
    const warned = new Promise<Error & { code?: string }>((resolve) => {
      process.once('warning', resolve);
    });
    DEFAULT_DELIVERY.log('listener gone');
    const warning = await warned;
    assert.equal(warning.message, 'listener gone');
    assert.equal(warning.code, 'WBEMRX_INDICATION');
  });
});
