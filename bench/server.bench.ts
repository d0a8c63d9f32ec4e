/**
 * @module CIM-XML server benchmark: the engine behind `startServer`, driven over HTTP keep-alive
 * by 16 concurrent clients on loopback, each with its own connection, against the engine alone
 * doing the same creates through the public API with 16 in flight, in the same run.
 * - CreateClass of the benchmark class (10 properties with qualifiers, `benchClass`) encoded as
 *   a client sends it, into a fresh namespace per round;
 * - GetClass of DMTF CIM 2.41 classes (LocalOnly=false, IncludeQualifiers=true);
 * - EnumerateClasses of the whole DMTF schema (DeepInheritance, IncludeQualifiers), one call at a
 *   time: its latency and response size.
 *
 * Every party runs in its own process, so that each one's CPU time is its own: the server (one
 * per build measured: `--before DIR` adds the server of another build, e.g. the main branch's),
 * the reference engines (without and with an `events$` listener: the server listens, for its
 * indications, so each put ships its class event back), and the load generator, which writes
 * pre-encoded requests on raw sockets and reads only the status line, `Content-Length` and
 * whether the body holds an `ERROR`. Rounds are interleaved, each party in turn, and the
 * figures are the median and range over ROUNDS rounds. Every loop is bounded in count and time.
 *
 * Run: `node build/bench/server.bench.js [--quick] [--before /path/to/other/build]`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { connect } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Core from '../src/core.js';
import type * as Api from '../src/index.js';

const CLIENTS = 16;
const ROUNDS = 3;
const WARM_UP = 1000;
const ROUND_TIME_LIMIT_MS = 60_000;
const OWN_BUILD = fileURLToPath(new URL('..', import.meta.url));
const FULL_VIEW = { localOnly: true, includeQualifiers: true, includeClassOrigin: false };
const AUTH = `Basic ${Buffer.from('bench:bench-pw').toString('base64')}`;

/** What a party is asked to do, and what it answers (`reply` echoes the request's `seq`). */
type Ask =
  | { readonly kind: 'namespace' }
  | { readonly kind: 'schema' }
  | { readonly kind: 'cpuStart' }
  | { readonly kind: 'cpuStop' }
  | { readonly kind: 'creates'; readonly count: number }
  | { readonly kind: 'load'; readonly load: Load };

interface Load {
  readonly port: number;
  readonly method: 'CreateClass' | 'GetClass' | 'EnumerateClasses';
  readonly namespace: string;
  readonly count: number;
  readonly clients: number;
  /** GetClass: the class names to cycle through. */
  readonly names?: readonly string[];
}

interface Figures {
  readonly perSec: number;
  readonly cpuMs: number;
  readonly bytes?: number;
  readonly ms?: number;
}

type Reply = { seq: number; value: unknown };

function spread(values: readonly number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const f = (x: number | undefined): string =>
    (x ?? 0) >= 100 ? (x ?? 0).toFixed(0) : (x ?? 0).toFixed(2);
  return `${f(s[Math.floor(s.length / 2)])} (${f(s[0])}-${f(s.at(-1))})`;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
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
  const { benchClass, encodeClass } = (await import('../src/core.js')) as typeof Core;
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
async function runLoad(load: Load): Promise<Figures> {
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

async function serverRole(
  build: string,
  reference: boolean,
): Promise<{ port: number; handle: (ask: Ask) => Promise<unknown> }> {
  const api = (await import(pathToFileURL(join(build, 'src/index.js')).href)) as typeof Api;
  const { DMTF_SCHEMA_MOF, benchClass } = (await import(
    pathToFileURL(join(build, 'src/core.js')).href
  )) as typeof Core;
  const users = new api.UserDirectory({
    version: 1,
    users: [await api.makeUserRecord('bench', 'bench-pw', ['Administrators'])],
  });
  const engine = await api.WbemEngine.start({
    storage: 'memory',
    rules: 'dmtf',
    security: { groups: Object.fromEntries(users.groups()) },
  });
  if (process.argv.includes('--events')) engine.events$.subscribe(() => {});
  const server = reference ? null : await api.startServer(engine, { port: 0, users });
  let rounds = 0;
  let cpu = process.cpuUsage();
  const handle = async (ask: Ask): Promise<unknown> => {
    switch (ask.kind) {
      case 'namespace':
        return engine.createNamespace('root', `bench${rounds++}`);
      case 'schema': {
        await engine.ensureNamespace('root/cimv2');
        await api.loadMof(engine, [DMTF_SCHEMA_MOF], { namespace: 'root/cimv2', window: 256 });
        const svc = await engine.connectServer('root/cimv2');
        return (await svc.createClassEnum(null))
          .map((c) => c.name)
          .filter((n) => !n.startsWith('__'));
      }
      case 'cpuStart':
        cpu = process.cpuUsage();
        return null;
      case 'cpuStop':
        return cpuMsSince(cpu);
      case 'creates': {
        const svc = await engine.connectServer(
          await engine.createNamespace('root', `ref${rounds++}`),
        );
        const classes = Array.from({ length: ask.count }, (_, i) => benchClass(`Bench_${i}`));
        let next = 0;
        const start = process.cpuUsage();
        const began = performance.now();
        const deadline = began + ROUND_TIME_LIMIT_MS;
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (next < classes.length && performance.now() < deadline) {
              await svc.putClass(classes[next++] as Api.CimClass, api.WBEM_FLAG_CREATE_ONLY);
            }
          }),
        );
        const figures: Figures = {
          perSec: (next * 1000) / (performance.now() - began),
          cpuMs: cpuMsSince(start),
        };
        return figures;
      }
      case 'load':
        throw new Error('a server does not generate load');
    }
  };
  return { port: server?.port ?? 0, handle };
}

/** Runs as a child: answers the parent's asks until the parent goes away. */
async function child(role: string): Promise<void> {
  const at = process.argv.indexOf('--build');
  const build = at > 0 ? (process.argv[at + 1] ?? OWN_BUILD) : OWN_BUILD;
  const { port, handle } =
    role === 'client'
      ? { port: 0, handle: async (ask: Ask) => (ask.kind === 'load' ? runLoad(ask.load) : null) }
      : await serverRole(build, role === 'engine');
  process.on('message', (message: { seq: number; ask: Ask }) => {
    handle(message.ask).then(
      (value) => process.send?.({ seq: message.seq, value }),
      (error: unknown) => process.send?.({ seq: message.seq, value: { error: String(error) } }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ seq: 0, value: port });
}

interface Party {
  readonly name: string;
  /** The server's port (0 for the others). */
  readonly port: number;
  ask<T>(ask: Ask): Promise<T>;
  readonly process: ChildProcess;
}

async function startParty(name: string, args: string[]): Promise<Party> {
  const proc = fork(fileURLToPath(import.meta.url), ['--role', ...args], { stdio: 'inherit' });
  const waiting = new Map<number, (value: unknown) => void>();
  let seq = 0;
  proc.on('message', (m: Reply) => waiting.get(m.seq)?.(m.value));
  const port = await new Promise<number>((resolve) =>
    waiting.set(0, (value) => resolve(value as number)),
  );
  return {
    name,
    port,
    process: proc,
    ask<T>(ask: Ask) {
      const id = ++seq;
      proc.send({ seq: id, ask });
      return new Promise<T>((resolve, reject) =>
        waiting.set(id, (value) => {
          waiting.delete(id);
          const failed = (value as { error?: string } | null)?.error;
          if (failed !== undefined) reject(new Error(`${name}: ${failed}`));
          else resolve(value as T);
        }),
      );
    },
  };
}

/** The server's and the client's figures for one load against `server`. */
async function measure(server: Party, client: Party, load: Omit<Load, 'port'>) {
  await server.ask({ kind: 'cpuStart' });
  const seen = await client.ask<Figures>({ kind: 'load', load: { ...load, port: server.port } });
  const serverCpuMs = await server.ask<number>({ kind: 'cpuStop' });
  return { ...seen, serverCpuMs };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--before');
  const creates = quick ? 1000 : 5000;
  const client = await startParty('client', ['client']);
  const servers = [await startParty('server', ['server'])];
  if (at > 0)
    servers.push(await startParty('before', ['server', '--build', process.argv[at + 1] ?? '']));
  const references = [
    await startParty('engine', ['engine']),
    await startParty('engine+events$', ['engine', '--events']),
  ];
  const rows = new Map<string, { rate: number[]; cpu: number[]; client: number[] }>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (r === undefined) {
      r = { rate: [], cpu: [], client: [] };
      rows.set(name, r);
    }
    return r;
  };
  // Round -1 warms each party up (JIT, caches) and is not recorded.
  for (let round = -1; round < ROUNDS; round++) {
    const count = round < 0 ? WARM_UP : creates;
    for (const party of [...servers, ...references]) {
      const r = row(`CreateClass ${party.name}`);
      if (references.includes(party)) {
        const f = await party.ask<Figures>({ kind: 'creates', count });
        if (round < 0) continue;
        r.rate.push(f.perSec);
        r.cpu.push(f.cpuMs / count);
        continue;
      }
      const namespace = await party.ask<string>({ kind: 'namespace' });
      const f = await measure(party, client, {
        method: 'CreateClass',
        namespace,
        count,
        clients: CLIENTS,
      });
      if (round < 0) continue;
      r.rate.push(f.perSec);
      r.cpu.push(f.serverCpuMs / count);
      r.client.push(f.cpuMs / count);
    }
  }
  let names: readonly string[] = [];
  for (const s of servers) names = await s.ask<string[]>({ kind: 'schema' });
  const gets = quick ? 1000 : 5000;
  const enums = quick ? 2 : 3;
  for (let round = -1; round < ROUNDS; round++) {
    for (const s of servers) {
      const count = round < 0 ? WARM_UP : gets;
      const g = await measure(s, client, {
        method: 'GetClass',
        namespace: 'root/cimv2',
        count,
        clients: CLIENTS,
        names,
      });
      if (round < 0) continue;
      const gr = row(`GetClass ${s.name}`);
      gr.rate.push(g.perSec);
      gr.cpu.push(g.serverCpuMs / count);
      gr.client.push(g.cpuMs / count);
      const e = await measure(s, client, {
        method: 'EnumerateClasses',
        namespace: 'root/cimv2',
        count: enums,
        clients: 1,
      });
      const er = row(`EnumerateClasses ${s.name} (${((e.bytes ?? 0) / 1e6).toFixed(1)} MB)`);
      er.rate.push(e.perSec);
      er.cpu.push(e.serverCpuMs / enums);
      er.client.push(e.cpuMs / enums);
    }
  }
  for (const p of [client, ...servers, ...references]) p.process.disconnect();
  const lines = [
    `CIM-XML server, ${CLIENTS} keep-alive clients on loopback; ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, Node ${process.version}; ${new Date().toISOString()}`,
    `median (range) of ${ROUNDS} interleaved rounds; ${creates} CreateClass, ${gets} GetClass, ${enums} EnumerateClasses per round`,
    `CPU: seconds per 1,000 calls (= ms per call); the server's process (engine threads included), the load generator's`,
    `${'workload'.padEnd(44)} ${'calls/s'.padEnd(24)} ${'server CPU'.padEnd(24)} client CPU`,
    ...[...rows].map(
      ([name, r]) =>
        `${name.padEnd(44)} ${spread(r.rate).padEnd(24)} ${spread(r.cpu).padEnd(24)} ${r.client.length > 0 ? spread(r.client) : '-'}`,
    ),
    `load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

const role = process.argv.indexOf('--role');
if (role > 0) await child(process.argv[role + 1] ?? '');
else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
