/**
 * @module CIM-XML server benchmark: the engine behind `startServer`, driven over HTTP keep-alive
 * by 16 concurrent clients on loopback, each with its own connection.
 * - CreateClass of the benchmark class (10 properties with qualifiers, `bench/lib/bench-class.ts`)
 *   encoded as a client sends it, into a fresh namespace per round;
 * - GetClass of DMTF CIM 2.41 classes (LocalOnly=false, IncludeQualifiers=true) with the schema
 *   loaded;
 * - EnumerateClasses of the whole DMTF schema (DeepInheritance, IncludeQualifiers), one call at a
 *   time: its latency and response size.
 * Each figure is the median and range of ROUNDS rounds. Clients run in this process, so the
 * figures include the client's cost; every loop is bounded in count and time.
 *
 * Run: `node build/bench/server.bench.js [--quick]`.
 */
import { Agent, request } from 'node:http';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { benchClass, DMTF_SCHEMA_MOF, encodeClass, startLoopDelay } from '../src/core.js';
import { loadMof, makeUserRecord, startServer, UserDirectory, WbemEngine } from '../src/index.js';

const CLIENTS = 16;
const ROUNDS = 3;
const ROUND_TIME_LIMIT_MS = 60_000;
const FULL_VIEW = {
  localOnly: true,
  includeQualifiers: true,
  includeClassOrigin: false,
  propertyList: null,
};

interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    min: sorted[0] ?? 0,
    max: sorted.at(-1) ?? 0,
  };
}

function body(method: string, namespace: string, params: string): string {
  const ns = namespace
    .split('/')
    .map((n) => `<NAMESPACE NAME="${n}"/>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL NAME="${method}"><LOCALNAMESPACEPATH>${ns}</LOCALNAMESPACEPATH>${params}</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>`;
}

const AUTH = `Basic ${Buffer.from('bench:bench-pw').toString('base64')}`;

/** POSTs one call; resolves with the response text; rejects on HTTP or CIM errors. */
function post(
  agent: Agent,
  port: number,
  method: string,
  namespace: string,
  text: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/cimom',
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/xml; charset="utf-8"',
          'Content-Length': Buffer.byteLength(text),
          CIMOperation: 'MethodCall',
          CIMMethod: method,
          CIMObject: encodeURIComponent(namespace),
          Authorization: AUTH,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200 || out.includes('<ERROR '))
            reject(new Error(`${method}: ${res.statusCode} ${out.slice(0, 300)}`));
          else resolve(out);
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** Runs `bodies` through CLIENTS keep-alive connections; calls per second. */
async function drive(
  port: number,
  method: string,
  namespace: string,
  bodies: readonly string[],
): Promise<number> {
  const agents = Array.from(
    { length: CLIENTS },
    () => new Agent({ keepAlive: true, maxSockets: 1 }),
  );
  const deadline = performance.now() + ROUND_TIME_LIMIT_MS;
  let next = 0;
  let done = 0;
  const began = performance.now();
  try {
    await Promise.all(
      agents.map(async (agent) => {
        while (next < bodies.length && performance.now() < deadline) {
          const text = bodies[next++] as string;
          await post(agent, port, method, namespace, text);
          done++;
        }
      }),
    );
  } finally {
    for (const a of agents) a.destroy();
  }
  return (done * 1000) / (performance.now() - began);
}

export interface ServerBenchFigures {
  readonly date: string;
  readonly machine: string;
  readonly loadAverage: readonly number[];
  readonly clients: number;
  readonly createClassPerSec: Spread;
  readonly createClassCount: number;
  readonly getClassPerSec: Spread;
  readonly enumerateClassesMs: Spread;
  readonly enumerateClassesBytes: number;
  readonly schemaClasses: number;
  readonly loopDelayP99Ms: number;
}

export async function run(quick = false): Promise<ServerBenchFigures> {
  const users = new UserDirectory({
    version: 1,
    users: [await makeUserRecord('bench', 'bench-pw', ['Administrators'])],
  });
  const engine = await WbemEngine.start({
    storage: 'memory',
    rules: 'dmtf',
    security: { groups: Object.fromEntries(users.groups()) },
  });
  const server = await startServer(engine, { port: 0, users });
  const creates = quick ? 1000 : 5000;
  try {
    const createRates: number[] = [];
    const delay = startLoopDelay();
    for (let round = 0; round < ROUNDS; round++) {
      const ns = await engine.createNamespace('root', `bench${round}`);
      const bodies = Array.from({ length: creates }, (_, i) =>
        body(
          'CreateClass',
          ns,
          `<IPARAMVALUE NAME="NewClass">${encodeClass(benchClass(`Bench_${i}`), FULL_VIEW)}</IPARAMVALUE>`,
        ),
      );
      createRates.push(await drive(server.port, 'CreateClass', ns, bodies));
    }
    const loopDelay = delay.stop();

    await engine.ensureNamespace('root/cimv2');
    const summary = await loadMof(engine, [DMTF_SCHEMA_MOF], {
      namespace: 'root/cimv2',
      window: 256,
    });
    const svc = await engine.connectServer('root/cimv2');
    const names = (await svc.createClassEnum(null))
      .map((c) => c.name)
      .filter((n) => !n.startsWith('__'));
    const getRates: number[] = [];
    const gets = quick ? 1000 : 5000;
    for (let round = 0; round < ROUNDS; round++) {
      const bodies = Array.from({ length: gets }, (_, i) =>
        body(
          'GetClass',
          'root/cimv2',
          `<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="${names[(i * 7919) % names.length]}"/></IPARAMVALUE><IPARAMVALUE NAME="LocalOnly"><VALUE>FALSE</VALUE></IPARAMVALUE><IPARAMVALUE NAME="IncludeQualifiers"><VALUE>TRUE</VALUE></IPARAMVALUE>`,
        ),
      );
      getRates.push(await drive(server.port, 'GetClass', 'root/cimv2', bodies));
    }
    const enumMs: number[] = [];
    let bytes = 0;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const enumBody = body(
      'EnumerateClasses',
      'root/cimv2',
      '<IPARAMVALUE NAME="DeepInheritance"><VALUE>TRUE</VALUE></IPARAMVALUE><IPARAMVALUE NAME="LocalOnly"><VALUE>FALSE</VALUE></IPARAMVALUE><IPARAMVALUE NAME="IncludeQualifiers"><VALUE>TRUE</VALUE></IPARAMVALUE>',
    );
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const began = performance.now();
        const text = await post(agent, server.port, 'EnumerateClasses', 'root/cimv2', enumBody);
        enumMs.push(performance.now() - began);
        bytes = Buffer.byteLength(text);
      }
    } finally {
      agent.destroy();
    }
    return {
      date: new Date().toISOString(),
      machine: `${cpus()[0]?.model ?? 'cpu'} x${availableParallelism()}, Node ${process.version}`,
      loadAverage: loadavg(),
      clients: CLIENTS,
      createClassPerSec: spread(createRates),
      createClassCount: creates,
      getClassPerSec: spread(getRates),
      enumerateClassesMs: spread(enumMs),
      enumerateClassesBytes: bytes,
      schemaClasses: summary.classesCreated,
      loopDelayP99Ms: loopDelay.p99Ms,
    };
  } finally {
    await server.close();
    await engine.shutdown();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await run(process.argv.includes('--quick'));
  const s = (x: Spread, d = 0): string =>
    `${x.median.toFixed(d)} (${x.min.toFixed(d)}-${x.max.toFixed(d)})`;
  process.stdout.write(
    [
      `CIM-XML server, ${f.clients} keep-alive clients on loopback (${f.machine}); median (range) of ${ROUNDS} rounds`,
      `CreateClass, benchmark class   ${s(f.createClassPerSec)} /s   (${f.createClassCount} per round)`,
      `GetClass, DMTF (${f.schemaClasses} classes)  ${s(f.getClassPerSec)} /s   LocalOnly=false IncludeQualifiers`,
      `EnumerateClasses, DMTF deep    ${s(f.enumerateClassesMs)} ms per call, ${(f.enumerateClassesBytes / 1e6).toFixed(1)} MB`,
      `event-loop delay p99 during creates ${f.loopDelayP99Ms.toFixed(1)} ms; load average ${f.loadAverage.map((l) => l.toFixed(1)).join(' ')}`,
      JSON.stringify(f),
      '',
    ].join('\n'),
  );
}
