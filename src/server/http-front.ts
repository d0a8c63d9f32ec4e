/**
 * @module The HTTP side of one CIM-XML request (DSP0200 §7): method and path, the CIM headers,
 * authentication, then the body, streamed into the XML parser under the size limit. HTTP-level
 * faults are answered with their status and a `CIMError` header; everything past the envelope is
 * the dispatcher's.
 *
 *   POST /cimom ──► auth ──► headers ──► body → saxes (limits) ──► envelope ──► dispatcher
 *        │405/404     │401       │400/415       │413/400              │400/501
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import {
  toWbemError,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_SUPPORTED,
  WBEM_E_TOO_MUCH_DATA,
  WBEM_E_TRANSPORT_FAILURE,
} from '../index.js';
import type { BasicAuthenticator } from './basic-auth.js';
import type { CallDispatcher, Caller } from './call-dispatcher.js';
import { readCimCall } from './cim-call.js';
import { CimHttpError } from './cim-http-error.js';
import { RESPONSE_HEADERS } from './cim-response.js';
import type { ResolvedServerOptions } from './server-options.js';
import { requestUpdateMode, UPDATE_MODE_HEADER } from './update-mode.js';
import { XmlTreeBuilder } from './xml-tree.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function refuse(
  res: ServerResponse,
  error: CimHttpError,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    ...extra,
    ...error.refusalHeaders(),
  };
  const body = `${error.message}\n`;
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(error.httpStatus, headers);
  res.end(body);
}

function namespaceOfHeader(value: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    decoded = value;
  }
  return decoded
    .replace(/\\/g, '/')
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase();
}

/** Serves one request; never throws, never leaves the response open. */
export async function serveRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: ResolvedServerOptions,
  auth: BasicAuthenticator | null,
  dispatcher: CallDispatcher,
): Promise<void> {
  try {
    await serve(req, res, options, auth, dispatcher);
  } catch (thrown) {
    const failure = toWbemError(thrown);
    // Its detail, not its message: the refusal's message names the HRESULT in front of it again.
    const error =
      thrown instanceof CimHttpError
        ? thrown
        : new CimHttpError(failure.hresult, 500, undefined, failure.detail);
    const close = !drainable(req, options);
    refuse(res, error, close ? { Connection: 'close' } : {});
    finishBody(req, close, options);
  }
}

/**
 * How much of a refused request's body is read and dropped, as a multiple of the body limit. A
 * client writes its whole body before it reads the answer, and closing while the body still
 * arrives makes the kernel reset the connection: the client then loses the answer with it
 * (ECONNRESET instead of the 4xx). So a refused body, a too large one included, is read to its
 * end and the connection kept, up to this bound; a body declared larger is not read, since
 * closing is the only way to stop its sender, and one that turns out larger is cut off.
 */
const DRAIN_FACTOR = 4;

function drainLimit(options: ResolvedServerOptions): number {
  return options.limits.maxBodyBytes * DRAIN_FACTOR;
}

/** Whether the rest of a refused request's body is read rather than its connection closed. */
function drainable(req: IncomingMessage, options: ResolvedServerOptions): boolean {
  return (
    req.complete || !(Number(header(req, 'content-length') ?? Number.NaN) > drainLimit(options))
  );
}

/**
 * After a refusal: lets the closing connection's bytes flow, or reads and drops the rest of the
 * body, cutting the connection past `drainLimit` more bytes (a body sent without a length, or
 * longer than it said).
 */
function finishBody(req: IncomingMessage, close: boolean, options: ResolvedServerOptions): void {
  if (req.complete) return;
  if (close) {
    req.resume();
    return;
  }
  const max = drainLimit(options);
  let bytes = 0;
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > max) req.socket.destroy();
  });
  req.resume();
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: ResolvedServerOptions,
  auth: BasicAuthenticator | null,
  dispatcher: CallDispatcher,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/cimom') {
    throw new CimHttpError(
      WBEM_E_INVALID_PARAMETER,
      404,
      undefined,
      `no CIM service at ${path?.slice(0, 100)}; use /cimom`,
    );
  }
  if (req.method !== 'POST') {
    throw new CimHttpError(WBEM_E_NOT_SUPPORTED, 405, undefined, 'CIM operations are POSTed');
  }
  const caller = await authenticate(req, options, auth);
  if (caller === undefined) {
    const body = 'authentication required\n';
    const close = !drainable(req, options);
    res.writeHead(401, {
      'WWW-Authenticate': 'Basic realm="wbemrx"',
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
      ...(close ? { Connection: 'close' } : {}),
    });
    res.end(body);
    finishBody(req, close, options);
    return;
  }
  // Only POST gets here: M-POST, whose CIM headers carry a numbered prefix, never parses
  // (cim-server.ts answers it 501, on which a DSP0200 client retries with POST).
  const operation = header(req, 'cimoperation');
  if (operation === undefined) {
    throw new CimHttpError(
      WBEM_E_INVALID_PARAMETER,
      400,
      'header-mismatch',
      'the CIMOperation header is missing',
    );
  }
  if (operation.trim().toLowerCase() !== 'methodcall') {
    // ExportMethodCall and the like are for listeners; this is a server.
    throw new CimHttpError(
      WBEM_E_NOT_SUPPORTED,
      501,
      'unsupported-operation',
      `CIMOperation ${operation.slice(0, 40)} is not served here`,
    );
  }
  const method = header(req, 'cimmethod');
  const object = header(req, 'cimobject');
  if (method === undefined || object === undefined) {
    throw new CimHttpError(
      WBEM_E_INVALID_PARAMETER,
      400,
      'header-mismatch',
      'CIMMethod and CIMObject headers are required',
    );
  }
  const type = (header(req, 'content-type') ?? '').toLowerCase();
  // The media type itself, not one that starts with it (`application/xml-dtd`).
  if (!/^(application|text)\/xml\s*(;|$)/.test(type)) {
    throw new CimHttpError(
      WBEM_E_INVALID_PARAMETER,
      415,
      undefined,
      'the body must be application/xml',
    );
  }
  const charset = /charset\s*=\s*"?([^";\s]*)/.exec(type)?.[1];
  if (charset !== undefined && charset !== 'utf-8') {
    throw new CimHttpError(WBEM_E_INVALID_PARAMETER, 415, undefined, 'the body must be UTF-8');
  }
  const length = Number(header(req, 'content-length') ?? Number.NaN);
  if (length > options.limits.maxBodyBytes) {
    throw tooLarge(options.limits.maxBodyBytes);
  }
  const root = await readBody(req, options);
  const call = readCimCall(root);
  if (call.method.toLowerCase() !== method.trim().toLowerCase()) {
    throw new CimHttpError(
      WBEM_E_INVALID_PARAMETER,
      400,
      'header-mismatch',
      `CIMMethod ${method} names another method than the body (${call.method})`,
    );
  }
  if (
    object !== call.namespace &&
    !call.extrinsic &&
    namespaceOfHeader(object) !== namespaceOfHeader(call.namespace)
  ) {
    throw new CimHttpError(
      WBEM_E_INVALID_PARAMETER,
      400,
      'header-mismatch',
      `CIMObject ${object} names another namespace than the body (${call.namespace})`,
    );
  }
  const body = await dispatcher.schedule(call, {
    ...caller,
    updateMode: requestUpdateMode(
      req.headers[UPDATE_MODE_HEADER],
      caller.updateMode,
      options.updateMode,
    ),
  });
  if (res.destroyed) return;
  // Encoded once: its length is the header, and the bytes go out as they are (a string would be
  // measured, joined to the header and encoded again on the way out).
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.concat(body);
  res.writeHead(200, [...RESPONSE_HEADERS, 'Content-Length', String(bytes.length)]);
  res.end(bytes);
}

function tooLarge(max: number): CimHttpError {
  return new CimHttpError(
    WBEM_E_TOO_MUCH_DATA,
    413,
    undefined,
    `the request body is larger than ${max} bytes`,
  );
}

async function authenticate(
  req: IncomingMessage,
  options: ResolvedServerOptions,
  auth: BasicAuthenticator | null,
): Promise<Caller | undefined> {
  const remote = !LOOPBACK.test(req.socket.remoteAddress ?? '');
  const host =
    (header(req, 'host') ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '') || 'localhost';
  const credentials = header(req, 'authorization');
  if (auth === null) {
    if (credentials === undefined && options.allowAnonymous) {
      return { principal: options.anonymousUser, remote, updateMode: options.updateMode, host };
    }
    return undefined;
  }
  const result = await auth.authenticate(credentials, req.socket);
  if (result.kind === 'refused') return undefined;
  if (result.kind === 'anonymous')
    return { principal: options.anonymousUser, remote, updateMode: options.updateMode, host };
  return {
    principal: result.user.name,
    remote,
    updateMode: result.user.updateMode ?? options.updateMode,
    host,
  };
}

function readBody(req: IncomingMessage, options: ResolvedServerOptions) {
  const builder = new XmlTreeBuilder(options.limits);
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  return new Promise<ReturnType<XmlTreeBuilder['close']>>((resolve, reject) => {
    const fail = (error: unknown): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > options.limits.maxBodyBytes) {
        fail(tooLarge(options.limits.maxBodyBytes));
        return;
      }
      try {
        builder.write(decoder.write(chunk));
      } catch (error) {
        fail(error);
      }
    };
    const onEnd = (): void => {
      try {
        builder.write(decoder.end());
        resolve(builder.close());
      } catch (error) {
        reject(error);
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', (error) =>
      fail(new CimHttpError(WBEM_E_TRANSPORT_FAILURE, 400, undefined, error.message)),
    );
  });
}
