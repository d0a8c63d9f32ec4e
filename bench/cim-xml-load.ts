/**
 * @module The server benchmark's load generator and HTTP floor (`server.bench.ts`).
 *
 * The load generator shares the machine with the server, so it is made cheap: every request is
 * encoded before the clock starts (HTTP head and CIM-XML body in one buffer), each connection is a
 * raw socket that writes the next buffer when the previous reply is complete, and a reply is read
 * only as far as its status line, `Content-Length` and whether the body holds an `ERROR`.
 *
 * The HTTP floor is a `node:http` server that reads each body and answers a fixed CreateClass
 * response: what Node's HTTP layer and the loopback cost per call on this machine, before any
 * CIM-XML is parsed or any class is put. The XML floor also does what the server does with a
 * CreateClass body before the engine sees it (the saxes tree, the envelope, the CLASS decode):
 * the server's main thread less these two is auth, dispatch, the engine's API and wire, and
 * the response.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  benchClass,
  decodeClass,
  encodeClass,
  NO_DECLARATIONS,
  readCimCall,
  XmlTreeBuilder,
} from '../src/core.js';

/** Longest a load runs; it stops early rather than hang. */
export const ROUND_TIME_LIMIT_MS = 60_000;
const FULL_VIEW = { localOnly: true, includeQualifiers: true, includeClassOrigin: false };
const AUTH = `Basic ${Buffer.from('bench:bench-pw').toString('base64')}`;

/** CPU ms of this process since `start`. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

/** One load: `count` calls of `method` over `clients` keep-alive connections. */
export interface Load {
  readonly port: number;
  readonly method: 'CreateClass' | 'GetClass' | 'EnumerateClasses';
  readonly namespace: string;
  readonly count: number;
  readonly clients: number;
  /** GetClass: the class names to cycle through. */
  readonly names?: readonly string[];
}

/** What a party measured: calls per second, its CPU ms, and (loads) bytes read and ms per call. */
export interface Figures {
  readonly perSec: number;
  readonly cpuMs: number;
  readonly bytes?: number;
  readonly ms?: number;
}

function requestBytes(port: number, method: string, namespace: string, params: string): Buffer {
  const ns = namespace
    .split('/')
    .map((n) => `<NAMESPACE NAME="${n}"/>`)
    .join('');
  const body = Buffer.from(
    `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL NAME="${method}"><LOCALNAMESPACEPATH>${ns}</LOCALNAMESPACEPATH>${params}</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>`,
  );
  const head = `POST /cimom HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/xml; charset="utf-8"\r\nContent-Length: ${body.length}\r\nCIMOperation: MethodCall\r\nCIMMethod: ${method}\r\nCIMObject: ${encodeURIComponent(namespace)}\r\nAuthorization: ${AUTH}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

async function buildRequests(load: Load): Promise<Buffer[]> {
  const flags = '<VALUE>FALSE</VALUE></IPARAMVALUE><IPARAMVALUE NAME="IncludeQualifiers">';
  return Array.from({ length: load.count }, (_, i) => {
    if (load.method === 'CreateClass') {
      const cls = encodeClass(benchClass(`Bench_${i}`), { ...FULL_VIEW, propertyList: null });
      return requestBytes(
        load.port,
        load.method,
        load.namespace,
        `<IPARAMVALUE NAME="NewClass">${cls}</IPARAMVALUE>`,
      );
    }
    const deep = '<IPARAMVALUE NAME="DeepInheritance"><VALUE>TRUE</VALUE></IPARAMVALUE>';
    const name = load.names?.[(i * 7919) % load.names.length] ?? '';
    const first =
      load.method === 'GetClass'
        ? `<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="${name}"/></IPARAMVALUE>`
        : deep;
    return requestBytes(
      load.port,
      load.method,
      load.namespace,
      `${first}<IPARAMVALUE NAME="LocalOnly">${flags}<VALUE>TRUE</VALUE></IPARAMVALUE>`,
    );
  });
}

/** One keep-alive connection sending requests one after the other; resolves with bytes read. */
function connection(port: number, take: () => Buffer | undefined, deadline: number) {
  return new Promise<number>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let chunks: Buffer[] = [];
    let have = 0;
    let need = -1;
    let headEnd = -1;
    let bytes = 0;
    const next = (): void => {
      const request = performance.now() < deadline ? take() : undefined;
      if (request === undefined) {
        socket.end();
        resolve(bytes);
      } else socket.write(request);
    };
    socket.on('connect', next);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      have += chunk.length;
      if (need < 0) {
        const all = chunks.length === 1 ? chunk : Buffer.concat(chunks);
        chunks = [all];
        headEnd = all.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = all.subarray(0, headEnd).toString('latin1');
        const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
        if (!head.startsWith('HTTP/1.1 200') || length === undefined) {
          reject(new Error(head.slice(0, 300)));
          return;
        }
        need = headEnd + 4 + Number(length);
      }
      if (have < need) return;
      const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      const body = all.subarray(headEnd + 4, need);
      // Error replies are small; a large body is searched only near its start.
      if (body.subarray(0, 4096).includes('<ERROR ')) {
        reject(new Error(body.subarray(0, 400).toString()));
        return;
      }
      bytes += body.length;
      chunks = [];
      have = 0;
      need = -1;
      next();
    });
  });
}

/** The load generator: CLIENTS connections (or fewer) through the pre-encoded requests. */
export async function runLoad(load: Load): Promise<Figures> {
  const requests = await buildRequests(load);
  let next = 0;
  const take = (): Buffer | undefined => requests[next++];
  const cpu = process.cpuUsage();
  const began = performance.now();
  const deadline = began + ROUND_TIME_LIMIT_MS;
  const reads = await Promise.all(
    Array.from({ length: load.clients }, () => connection(load.port, take, deadline)),
  );
  const ms = performance.now() - began;
  const done = Math.min(next, requests.length);
  return {
    perSec: (done * 1000) / ms,
    cpuMs: cpuMsSince(cpu),
    bytes: reads.reduce((a, b) => a + b, 0) / done,
    ms: ms / done,
  };
}

const FLOOR_REPLY = Buffer.from(
  '<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLERSP><IMETHODRESPONSE NAME="CreateClass"></IMETHODRESPONSE></SIMPLERSP></MESSAGE></CIM>\n',
);

const XML_LIMITS = { maxDepth: 32, maxElements: 100_000 };

/** The XML floor's work on one body: the server's tree, envelope and CLASS decode. */
function decodeCreateClass(body: string): void {
  const tree = new XmlTreeBuilder(XML_LIMITS);
  tree.write(body);
  const cls = readCimCall(tree.close()).params.get('newclass')?.children[0];
  if (cls === undefined) throw new Error('a CreateClass body without NewClass');
  decodeClass(cls, NO_DECLARATIONS);
}

/**
 * Starts the HTTP floor (`'http'`) or the XML floor (`'xml'`) on a free loopback port; resolves
 * with the port.
 */
export async function startHttpFloor(stage: 'http' | 'xml' = 'http'): Promise<number> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (stage === 'xml') decodeCreateClass(body);
      res.writeHead(200, [
        'Content-Type',
        'application/xml; charset="utf-8"',
        'CIMOperation',
        'MethodResponse',
        'Content-Length',
        String(FLOOR_REPLY.length),
      ]);
      res.end(FLOOR_REPLY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
