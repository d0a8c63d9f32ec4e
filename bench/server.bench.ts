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
 * per build measured: `--before DIR` adds the server of another build, e.g. the main branch's;
 * each also with `indications: false`), an HTTP floor and an XML floor (`cim-xml-load.ts`), the reference engines (without and with an `events$` listener: the server listens, for its
 * indications, so each put ships its class event back), and the load generator, which writes
 * pre-encoded requests on raw sockets and reads only the status line, `Content-Length` and
 * whether the body holds an `ERROR`. Rounds are interleaved, each party in turn, in one order
 * in even rounds and the reverse in odd ones (a party measured right after another inherits
 * that one's trailing collector and compiler work), and the figures are the median and range
 * over ROUNDS rounds. Compare two builds in both roles (this build's bench with `--before`
 * the other, then the other's with `--before` this one): the `before` server has run
 * CreateClass faster than the first server even when both ran the same build, by up to a fifth
 * (bench/RESULTS.md, "The server bench's roles"). Every loop is bounded in count and time.
 *
 * Each party first runs WARM_UP calls, unrecorded: V8 keeps optimising and deoptimising the
 * server's paths (msgpackr's record reader, Node's HTTP internals) for the first 10,000-20,000
 * requests, and figures taken inside that window measure the compiler. Besides the process's CPU,
 * a party reports its main thread's (Linux `/proc`), the thread that runs every request's HTTP,
 * XML and engine API work one at a time: 1 / (its µs per call) is the most one process can serve,
 * whatever the cores.
 *
 * Run: `node build/bench/server.bench.js [--quick] [--before /path/to/other/build]`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Core from '../src/core.js';
import type * as Api from '../src/index.js';
import {
  cpuMsSince,
  type Figures,
  type Load,
  ROUND_TIME_LIMIT_MS,
  runLoad,
  startHttpFloor,
} from './cim-xml-load.js';

const CLIENTS = 16;
/** Even, so that each of the two orders of the parties (see `inOrder`) runs as often. */
const ROUNDS = 4;
/**
 * Between two parties: a process that has just served thousands of calls goes on collecting
 * and compiling on V8's helper threads for a moment, on the cores the next party is measured on.
 */
const SETTLE_MS = 250;
const WARM_UP = 15_000;
const OWN_BUILD = fileURLToPath(new URL('..', import.meta.url));

/** What a party is asked to do, and what it answers (`reply` echoes the request's `seq`). */
type Ask =
  | { readonly kind: 'namespace' }
  | { readonly kind: 'schema' }
  | { readonly kind: 'cpuStart' }
  | { readonly kind: 'cpuStop' }
  | { readonly kind: 'creates'; readonly count: number }
  | { readonly kind: 'load'; readonly load: Load };

type Reply = { seq: number; value: unknown };

/** CPU ms of the process and of its main thread, read together. */
interface CpuMark {
  readonly process: NodeJS.CpuUsage;
  /** NaN where `/proc` is not there to read. */
  readonly mainMs: number;
}

/** This process's main thread CPU ms so far (utime + stime, in clock ticks of 10 ms). */
function mainThreadMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function cpuMark(): CpuMark {
  return { process: process.cpuUsage(), mainMs: mainThreadMs() };
}

/** CPU ms since `mark`: the whole process's and its main thread's. */
function cpuSince(mark: CpuMark): { cpuMs: number; mainMs: number } {
  return { cpuMs: cpuMsSince(mark.process), mainMs: mainThreadMs() - mark.mainMs };
}

function spread(values: readonly number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const f = (x: number | undefined): string =>
    (x ?? 0) >= 100 ? (x ?? 0).toFixed(0) : (x ?? 0).toFixed(2);
  return `${f(s[Math.floor(s.length / 2)])} (${f(s[0])}-${f(s.at(-1))})`;
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
  const indications = !process.argv.includes('--no-indications');
  const server = reference
    ? null
    : await api.startServer(engine, {
        port: 0,
        users,
        ...(indications ? {} : { indications: false }),
      });
  let rounds = 0;
  let cpu = cpuMark();
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
        cpu = cpuMark();
        return null;
      case 'cpuStop':
        return cpuSince(cpu);
      case 'creates': {
        const svc = await engine.connectServer(
          await engine.createNamespace('root', `ref${rounds++}`),
        );
        const classes = Array.from({ length: ask.count }, (_, i) => benchClass(`Bench_${i}`));
        let next = 0;
        const start = cpuMark();
        const began = performance.now();
        const deadline = began + ROUND_TIME_LIMIT_MS;
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (next < classes.length && performance.now() < deadline) {
              await svc.putClass(classes[next++] as Api.CimClass, api.WBEM_FLAG_CREATE_ONLY);
            }
          }),
        );
        const figures: Figures & { mainMs: number } = {
          perSec: (next * 1000) / (performance.now() - began),
          ...cpuSince(start),
        };
        return figures;
      }
      case 'load':
        throw new Error('a server does not generate load');
    }
  };
  return { port: server?.port ?? 0, handle };
}

/** Answers `cpuStart` and `cpuStop` with this process's CPU ms between them. */
function cpuMeter(): (ask: Ask) => Promise<unknown> {
  let start = cpuMark();
  return async (ask) => {
    if (ask.kind === 'cpuStart') start = cpuMark();
    return ask.kind === 'cpuStop' ? cpuSince(start) : null;
  };
}

/** Runs as a child: answers the parent's asks until the parent goes away. */
async function child(role: string): Promise<void> {
  const at = process.argv.indexOf('--build');
  const build = at > 0 ? (process.argv[at + 1] ?? OWN_BUILD) : OWN_BUILD;
  const { port, handle } =
    role === 'client'
      ? { port: 0, handle: async (ask: Ask) => (ask.kind === 'load' ? runLoad(ask.load) : null) }
      : role === 'floor'
        ? {
            port: await startHttpFloor(process.argv.includes('--xml') ? 'xml' : 'http'),
            handle: cpuMeter(),
          }
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

/** `parties` in even rounds (the warm-up round, -1, counts as odd), reversed in odd ones. */
function inOrder<T>(round: number, parties: readonly T[]): readonly T[] {
  return round % 2 === 0 ? parties : [...parties].reverse();
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** The server's and the client's figures for one load against `server`. */
async function measure(server: Party, client: Party, load: Omit<Load, 'port'>) {
  await server.ask({ kind: 'cpuStart' });
  const seen = await client.ask<Figures>({ kind: 'load', load: { ...load, port: server.port } });
  const used = await server.ask<{ cpuMs: number; mainMs: number }>({ kind: 'cpuStop' });
  return { ...seen, serverCpuMs: used.cpuMs, serverMainMs: used.mainMs };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const at = process.argv.indexOf('--before');
  const creates = quick ? 1000 : 5000;
  const warmUp = quick ? 2000 : WARM_UP;
  const client = await startParty('client', ['client']);
  const before = ['--build', process.argv[at + 1] ?? ''];
  const servers = [await startParty('server', ['server'])];
  if (at > 0) servers.push(await startParty('before', ['server', ...before]));
  // Without indications nothing in the server listens to `events$` until a query comes, so
  // no class event travels back per create; CreateClass only.
  const quiet = [await startParty('server, indications off', ['server', '--no-indications'])];
  if (at > 0)
    quiet.push(
      await startParty('before, indications off', ['server', '--no-indications', ...before]),
    );
  const references = [
    await startParty('engine', ['engine']),
    await startParty('engine+events$', ['engine', '--events']),
  ];
  const floor = await startParty('HTTP floor', ['floor']);
  const xmlFloor = await startParty('XML floor (HTTP + tree + decode)', ['floor', '--xml']);
  const rows = new Map<
    string,
    { rate: number[]; cpu: number[]; main: number[]; client: number[] }
  >();
  const row = (name: string) => {
    let r = rows.get(name);
    if (r === undefined) {
      r = { rate: [], cpu: [], main: [], client: [] };
      rows.set(name, r);
    }
    return r;
  };
  // Round -1 warms each party up (JIT, caches) and is not recorded.
  for (let round = -1; round < ROUNDS; round++) {
    const count = round < 0 ? warmUp : creates;
    for (const party of inOrder(round, [...servers, ...quiet, floor, xmlFloor, ...references])) {
      await settle();
      const r = row(`CreateClass ${party.name}`);
      if (references.includes(party)) {
        const f = await party.ask<Figures & { mainMs: number }>({ kind: 'creates', count });
        if (round < 0) continue;
        r.rate.push(f.perSec);
        r.cpu.push(f.cpuMs / count);
        r.main.push(f.mainMs / count);
        continue;
      }
      const namespace =
        party === floor || party === xmlFloor
          ? 'root/floor'
          : await party.ask<string>({ kind: 'namespace' });
      const f = await measure(party, client, {
        method: 'CreateClass',
        namespace,
        count,
        clients: CLIENTS,
      });
      if (round < 0) continue;
      r.rate.push(f.perSec);
      r.cpu.push(f.serverCpuMs / count);
      r.main.push(f.serverMainMs / count);
      r.client.push(f.cpuMs / count);
    }
  }
  let names: readonly string[] = [];
  for (const s of servers) names = await s.ask<string[]>({ kind: 'schema' });
  const gets = quick ? 1000 : 5000;
  const enums = quick ? 2 : 3;
  for (let round = -1; round < ROUNDS; round++) {
    for (const s of inOrder(round, servers)) {
      await settle();
      const count = round < 0 ? warmUp / 3 : gets;
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
      gr.main.push(g.serverMainMs / count);
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
      er.main.push(e.serverMainMs / enums);
      er.client.push(e.cpuMs / enums);
    }
  }
  for (const p of [client, floor, xmlFloor, ...servers, ...quiet, ...references])
    p.process.disconnect();
  const lines = [
    `CIM-XML server, ${CLIENTS} keep-alive clients on loopback; ${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, Node ${process.version}; ${new Date().toISOString()}`,
    `median (range) of ${ROUNDS} interleaved rounds; ${creates} CreateClass, ${gets} GetClass, ${enums} EnumerateClasses per round`,
    `after ${warmUp} unrecorded calls per party; CPU: ms per call; the server's process (engine threads included), its main thread, the load generator's`,
    `${'workload'.padEnd(44)} ${'calls/s'.padEnd(24)} ${'server CPU'.padEnd(22)} ${'main thread'.padEnd(22)} client CPU`,
    ...[...rows].map(
      ([name, r]) =>
        `${name.padEnd(44)} ${spread(r.rate).padEnd(24)} ${spread(r.cpu).padEnd(22)} ${spread(r.main).padEnd(22)} ${r.client.length > 0 ? spread(r.client) : '-'}`,
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
