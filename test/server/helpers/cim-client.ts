/**
 * @module Test helper: a small CIM-XML client over `node:http`/`node:https` (request builder,
 * keep-alive agent, response reader) and a server on a loopback port over an in-memory engine.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  type CimServer,
  type ServerOptions,
  startServer,
  UserDirectory,
  WbemEngine,
} from '../../../src/index.js';
import { makeUserRecord, type UsersFile } from '../../../src/server/user-store.js';
import { childNamed, parseXml, type XmlElement } from '../../../src/server/xml-tree.js';

export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface CimClientOptions {
  readonly port: number;
  readonly https?: boolean;
  readonly auth?: { readonly user: string; readonly password: string };
  readonly namespace?: string;
  /** Extra headers on every request. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** An `IPARAMVALUE`. */
export function param(name: string, inner: string): string {
  return `<IPARAMVALUE NAME="${name}">${inner}</IPARAMVALUE>`;
}

export const className = (name: string): string => `<CLASSNAME NAME="${name}"/>`;
export const value = (text: string | boolean | number): string =>
  `<VALUE>${typeof text === 'boolean' ? (text ? 'TRUE' : 'FALSE') : text}</VALUE>`;

/** A whole request body for an intrinsic method. */
export function requestBody(
  method: string,
  params: string,
  namespace = 'root/cimv2',
  id = '1001',
): string {
  const ns = namespace
    .split('/')
    .map((n) => `<NAMESPACE NAME="${n}"/>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="${id}" PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL NAME="${method}"><LOCALNAMESPACEPATH>${ns}</LOCALNAMESPACEPATH>${params}</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>`;
}

/** What a CIM response carries: its return value or error, and out parameters. */
export interface CimReply {
  readonly http: HttpReply;
  readonly response: XmlElement;
  readonly returnValue: XmlElement | undefined;
  readonly error: { code: number; description: string } | undefined;
}

export function readCimReply(http: HttpReply): CimReply {
  const root = parseXml(http.body, { maxDepth: 200, maxElements: 10_000_000 });
  const rsp = childNamed(
    childNamed(childNamed(root, 'MESSAGE') as XmlElement, 'SIMPLERSP') as XmlElement,
    'IMETHODRESPONSE',
  );
  if (rsp === undefined) throw new Error(`no IMETHODRESPONSE in ${http.body.slice(0, 300)}`);
  const err = childNamed(rsp, 'ERROR');
  return {
    http,
    response: rsp,
    returnValue: childNamed(rsp, 'IRETURNVALUE'),
    error:
      err === undefined
        ? undefined
        : { code: Number(err.attrs['CODE']), description: err.attrs['DESCRIPTION'] ?? '' },
  };
}

export class CimClient {
  readonly #options: CimClientOptions;
  readonly #agent: HttpAgent;

  constructor(options: CimClientOptions) {
    this.#options = options;
    this.#agent =
      options.https === true
        ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: false })
        : new HttpAgent({ keepAlive: true });
  }

  /** Posts a raw body with the CIM headers (overridable). */
  post(
    body: string | Buffer,
    headers: Readonly<Record<string, string>> = {},
    path = '/cimom',
  ): Promise<HttpReply> {
    const o = this.#options;
    const auth =
      o.auth === undefined
        ? {}
        : {
            Authorization: `Basic ${Buffer.from(`${o.auth.user}:${o.auth.password}`).toString('base64')}`,
          };
    const all: Record<string, string> = {
      'Content-Type': 'application/xml; charset="utf-8"',
      CIMOperation: 'MethodCall',
      ...auth,
      ...o.headers,
      ...headers,
    };
    for (const [k, v] of Object.entries(all)) if (v === '') delete all[k];
    const send = o.https === true ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        {
          host: '127.0.0.1',
          port: o.port,
          method: 'POST',
          path,
          agent: this.#agent,
          headers: { ...all, 'Content-Length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Calls an intrinsic method and reads the CIM reply (HTTP 200 expected). */
  async call(
    method: string,
    params = '',
    namespace = this.#options.namespace ?? 'root/cimv2',
  ): Promise<CimReply> {
    const http = await this.post(requestBody(method, params, namespace), {
      CIMMethod: method,
      CIMObject: encodeURIComponent(namespace),
    });
    if (http.status !== 200)
      throw new Error(
        `HTTP ${http.status} ${String(http.headers['cimerror'] ?? '')}: ${http.body}`,
      );
    return readCimReply(http);
  }

  close(): void {
    this.#agent.destroy();
  }
}

export interface TestServer {
  readonly engine: WbemEngine;
  readonly server: CimServer;
  readonly port: number;
  /** A client as the administrator `admin` (password `admin-pw`). */
  readonly client: CimClient;
  close(): Promise<void>;
}

/** Users of the test servers: `admin` (Administrators) and `reader` (no group). */
export async function testUsers(): Promise<UserDirectory> {
  const users: UsersFile = {
    version: 1,
    users: [
      await makeUserRecord('admin', 'admin-pw', ['Administrators']),
      await makeUserRecord('reader', 'reader-pw'),
    ],
  };
  return new UserDirectory(users);
}

/** An in-memory engine with `root/cimv2`, served on a free loopback port. */
export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const users = options.users ?? (await testUsers());
  const engine = await WbemEngine.start({
    storage: 'memory',
    hosts: 1,
    security: { groups: Object.fromEntries(users.groups()) },
  });
  await engine.ensureNamespace('root/cimv2');
  const server = await startServer(engine, { port: 0, ...options, users });
  const client = new CimClient({
    port: server.port,
    https: server.scheme === 'https',
    auth: { user: 'admin', password: 'admin-pw' },
  });
  return {
    engine,
    server,
    port: server.port,
    client,
    async close() {
      client.close();
      await server.close();
      await engine.shutdown();
    },
  };
}
