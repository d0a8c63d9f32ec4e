/**
 * @module Test helper: one fuzzed request on the wire, and what DSP0200 allows as its answer.
 * The sender gives up after a deadline (a hang is a failure, not a slow test); the check accepts
 * HTTP 200 with a well-formed CIM-XML response (a result or an `ERROR` with a DSP0200 code), or
 * the HTTP error DSP0200 §7 defines for the fault with its `CIMError` header, and nothing else.
 */
import assert from 'node:assert/strict';
import { type Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  classNamesOf,
  objectsOf,
  returnValueOf,
} from '../../../src/server/client/cim-xml-reply.js';
import {
  childNamed,
  childrenNamed,
  parseXml,
  type XmlElement,
} from '../../../src/server/xml-tree.js';
import type { WireRequest } from './request-mutations.js';

export interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const ADMIN = `Basic ${Buffer.from('admin:admin-pw').toString('base64')}`;

/**
 * Sends the request and resolves with the answer; rejects when the connection fails or no
 * complete answer arrives within `deadlineMs`.
 */
export function sendRaw(
  port: number,
  agent: Agent,
  wire: WireRequest,
  deadlineMs: number,
): Promise<RawAnswer> {
  const headers: Record<string, string> = {
    ...(wire.auth ? { Authorization: ADMIN } : {}),
    ...wire.headers,
    'Content-Length': String(wire.body.length),
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: wire.method, path: wire.path, agent, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${deadlineMs} ms`));
    }, deadlineMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(wire.body);
  });
}

/**
 * Sends the request's head and the first `cut` bytes of its body on a new connection, waits
 * `waitMs`, then hangs up without reading anything: a client that goes away mid-request or
 * before its answer.
 */
export async function sendAndHangUp(
  port: number,
  wire: WireRequest,
  cut: number,
  waitMs: number,
): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  const headers: Record<string, string> = {
    Host: '127.0.0.1',
    ...(wire.auth ? { Authorization: ADMIN } : {}),
    ...wire.headers,
    'Content-Length': String(wire.body.length),
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(Buffer.from(`${wire.method} ${wire.path} HTTP/1.1\r\n${head}\r\n`, 'latin1'));
  socket.write(wire.body.subarray(0, cut));
  await sleep(waitMs);
  socket.destroy();
}

/** DSP0200 §7: the `CIMError` values of a 400, and those of a 501. */
const BAD_REQUEST = new Set([
  'request-not-valid',
  'request-not-well-formed',
  'request-not-loosely-valid',
  'header-mismatch',
]);
const NOT_IMPLEMENTED = new Set([
  'unsupported-protocol-version',
  'multiple-requests-unsupported',
  'unsupported-cim-version',
  'unsupported-dtd-version',
  'unsupported-operation',
]);
/** Plain HTTP refusals the server gives before a request is a CIM request. */
const PLAIN_HTTP = new Set([401, 404, 405, 408, 413, 415]);

/** The MESSAGE ID and method name of a request body the server could parse. */
export function callOf(body: Buffer): { id: string | undefined; method: string | undefined } {
  const root = parseXml(body.toString('utf8'), { maxDepth: 64, maxElements: 1_000_000 });
  const message = childNamed(root, 'MESSAGE');
  const req = message === undefined ? undefined : childNamed(message, 'SIMPLEREQ');
  const call =
    req === undefined
      ? undefined
      : (childNamed(req, 'IMETHODCALL') ?? childNamed(req, 'METHODCALL'));
  return { id: message?.attrs['ID'], method: call?.attrs['NAME'] };
}

/** What the answer was, for the campaign's tally. */
export type AnswerKind = 'result' | 'cim-error' | 'http-error';

/**
 * Checks the answer against DSP0200.
 * @returns 'result', 'cim-error' (with the code in `codes`) or 'http-error'.
 */
export function checkAnswer(
  answer: RawAnswer,
  wire: WireRequest,
  codes?: Map<number, number>,
): AnswerKind {
  const cimError = answer.headers['cimerror'];
  if (wire.method !== 'POST') {
    // 404 off /cimom, else 405 for a method HTTP knows, 501 for one it does not (M-POST).
    assert.ok([404, 405, 501].includes(answer.status), `HTTP ${answer.status} to ${wire.method}`);
    assert.equal(cimError, undefined, `CIMError ${String(cimError)} on HTTP ${answer.status}`);
    return 'http-error';
  }
  if (answer.status !== 200) {
    if (answer.status === 400) {
      assert.ok(
        typeof cimError === 'string' && BAD_REQUEST.has(cimError),
        `400 with CIMError ${String(cimError)}`,
      );
    } else if (answer.status === 501) {
      assert.ok(
        typeof cimError === 'string' && NOT_IMPLEMENTED.has(cimError),
        `501 with CIMError ${String(cimError)}`,
      );
    } else {
      assert.ok(
        PLAIN_HTTP.has(answer.status),
        `HTTP ${answer.status}: ${answer.body.toString().slice(0, 300)}`,
      );
      assert.equal(cimError, undefined, `CIMError ${String(cimError)} on HTTP ${answer.status}`);
      if (answer.status === 401)
        assert.match(String(answer.headers['www-authenticate']), /^Basic /);
    }
    return 'http-error';
  }
  assert.equal(cimError, undefined, 'a 200 answer carries no CIMError');
  assert.equal(answer.headers['cimoperation'], 'MethodResponse');
  assert.match(String(answer.headers['content-type']), /^application\/xml/);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(answer.body);
  const root = parseXml(text, { maxDepth: 500, maxElements: 10_000_000 });
  assert.equal(root.name, 'CIM');
  assert.equal(root.attrs['CIMVERSION'], '2.0');
  assert.equal(root.attrs['DTDVERSION'], '2.0');
  const message = childNamed(root, 'MESSAGE');
  assert.ok(message !== undefined && message.attrs['ID'] !== undefined, 'MESSAGE with an ID');
  assert.equal(message.attrs['PROTOCOLVERSION'], '1.0');
  const rsp = childNamed(message, 'SIMPLERSP');
  assert.ok(rsp !== undefined && rsp.children.length === 1, 'one response in SIMPLERSP');
  const response = rsp.children[0] as XmlElement;
  assert.ok(['IMETHODRESPONSE', 'METHODRESPONSE'].includes(response.name), response.name);
  // A 200 answers a body the server parsed: the same parse gives what it must echo.
  const call = callOf(wire.body);
  assert.equal(message.attrs['ID'], call.id, "the MESSAGE ID is the request's");
  assert.equal(response.attrs['NAME'], call.method, `${response.name} NAME is the method called`);
  const error = childNamed(response, 'ERROR');
  if (error !== undefined) {
    assert.equal(response.children.length, 1, 'an ERROR stands alone');
    const code = Number(error.attrs['CODE']);
    assert.ok(Number.isInteger(code) && code >= 1 && code <= 28, `CODE ${error.attrs['CODE']}`);
    const description = error.attrs['DESCRIPTION'] ?? '';
    assert.ok(description !== '', 'the ERROR has a DESCRIPTION');
    // What `toWbemError` makes of an exception that is not a WbemError: a bug, not bad input.
    assert.doesNotMatch(description, /internal error/, 'an exception escaped the decoders');
    codes?.set(code, (codes.get(code) ?? 0) + 1);
    return 'cim-error';
  }
  assert.equal(response.name, 'IMETHODRESPONSE', 'an extrinsic call is never served');
  assert.ok(childrenNamed(response, 'IRETURNVALUE').length <= 1, 'at most one IRETURNVALUE');
  for (const c of response.children)
    assert.ok(['IRETURNVALUE', 'PARAMVALUE'].includes(c.name), `<${c.name}> in IMETHODRESPONSE`);
  // What the server writes, wbemrx's own client (`--url`) reads back.
  const value = returnValueOf(root, call.method ?? '');
  objectsOf(value);
  classNamesOf(value);
  return 'result';
}
