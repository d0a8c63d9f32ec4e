/**
 * @module The child-process side of `open-and-first-calls.bench.ts`: each task runs in a fresh
 * process (cold JIT, cold caches, as a user's command runs) against the build under `root`, so
 * one run can interleave two builds. Prints one JSON line.
 *
 * Usage: `node child.js <task> <root> [dir]`, tasks:
 * - `import`: `import('wbemrx')` as an application makes it, of the file the build's package.json
 *   names (`main`, its `dist/` read as `build/`): wall and CPU of the import alone.
 * - `first-calls`: engine start (memory), then 1,000 creates of a 10-property class in chains of
 *   10, all in flight; then a second, warm batch of the same shape.
 * - `first-calls-entry`: the same through the package entry (`main`, as `import`), which is the
 *   bundled library from the build that bundles it on, the compiled modules before.
 * - `generate-namespaces <dir>`: writes 1,000 namespaces of 1,000 classes each into `dir`.
 * - `many-namespaces <dir>`: engine start on `dir`, one getClass in one namespace, RSS after idling.
 * - `lex`: lexes and parses the DMTF schema once (cold) and then warm, CPU time.
 * - `dmtf-load [dir]`: engine start (`rules: 'dmtf'`; memory, or durable in the new directory
 *   `dir`), then `loadMof` of the DMTF schema 2.41: compile, puts, and the process's CPU time.
 * - `names-http <dir>`: engine and CIM-XML server on the durable repository `dir`, then deep
 *   EnumerateClassNames requests from the top over loopback HTTP: the first (it opens the
 *   namespace) and the median of the next NAMES_CALLS, wall and the process's CPU.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Core from '../../src/core.js';
import type * as Api from '../../src/index.js';
import type * as Lexer from '../../src/mof/lexer.js';
import type * as Parser from '../../src/mof/parser.js';
import type * as Durable from '../../src/store/durable/durable-repository.js';

export const NAMESPACES = Number(process.env['WBEMRX_BENCH_NAMESPACES'] ?? 1000);
export const CLASSES_PER_NAMESPACE = 1000;
const SCHEMA_DIR = 'test/fixtures/cim-schema-2.41';

function load<T>(root: string, path: string): Promise<T> {
  return import(pathToFileURL(join(root, 'build', path)).href) as Promise<T>;
}

function chainClass(api: typeof Api, prefix: string, chain: number, level: number, props = 10) {
  return api.cimClass({
    name: `${prefix}${chain}_L${level}`,
    ...(level === 0 ? {} : { superclass: `${prefix}${chain}_L${level - 1}` }),
    qualifiers: [api.qualifier('Description', `level ${level}`)],
    properties: Array.from({ length: props }, (_, k) =>
      api.cimProperty(`P${level}_${k}`, k % 2 === 0 ? 'uint32' : 'string', {
        value: k % 2 === 0 ? k : `v${k}`,
        qualifiers: [api.qualifier('Description', `property ${k}`)],
      }),
    ),
  });
}

/** The URL of the file the build's package.json names as `main`, its `dist/` read as `build/`. */
function packageEntry(root: string): string {
  const { main } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    main: string;
  };
  return pathToFileURL(join(root, 'build', main.replace(/^\.\/dist\//, ''))).href;
}

async function importEntry(root: string): Promise<object> {
  const entry = packageEntry(root);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await import(entry);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function firstCalls(api: typeof Api): Promise<object> {
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const engine = await api.WbemEngine.start({ storage: 'memory' });
  const svc = await engine.connectServer('root');
  const started = performance.now();
  const startCpuMs = cpuMs(cpu0);
  const batch = async (prefix: string): Promise<[number, number]> => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const calls: Promise<unknown>[] = [];
    for (let c = 0; c < 100; c++) {
      for (let l = 0; l < 10; l++) {
        calls.push(svc.putClass(chainClass(api, prefix, c, l), api.WBEM_FLAG_CREATE_ONLY));
      }
    }
    await Promise.all(calls);
    return [performance.now() - t, cpuMs(cpu)];
  };
  const [firstBatchMs, firstBatchCpuMs] = await batch('First');
  const [warmBatchMs, warmBatchCpuMs] = await batch('Warm');
  await engine.shutdown();
  // CPU of the whole process (main thread and host) over each phase.
  return {
    startMs: started - t0,
    firstBatchMs,
    warmBatchMs,
    startCpuMs,
    firstBatchCpuMs,
    warmBatchCpuMs,
  };
}

async function generateNamespaces(root: string, dir: string): Promise<object> {
  const api = await load<typeof Api>(root, 'src/index.js');
  const core = await load<typeof Core>(root, 'src/core.js');
  const { DurableRepository } = await load<typeof Durable>(
    root,
    'src/store/durable/durable-repository.js',
  );
  const t0 = performance.now();
  const engine = await api.WbemEngine.start({ storage: { path: dir }, hosts: 1 });
  for (let n = 0; n < NAMESPACES; n++) await engine.createNamespace('root', `ns${n}`);
  await engine.shutdown();
  const repo = new DurableRepository(dir);
  const intent: Core.PutClassIntent = {
    mode: 'create-only',
    update: 'compatible',
    useAmendedQualifiers: false,
    ownerUpdate: false,
  };
  // Closed (flushed) 50 at a time: one sync per namespace would dominate the generation.
  let open: Core.ClassStore[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const path = `root/ns${n}`;
    const store = repo.openNamespace(path);
    open.push(store);
    const env: Core.OperationEnv = { namespace: path, server: 'BENCH', now: () => '0' };
    for (let c = 0; c < CLASSES_PER_NAMESPACE / 10; c++) {
      for (let l = 0; l < 10; l++) {
        const cls = chainClass(api, 'C', c, l, 2);
        store.apply(core.putClass(store, cls, intent, env).changes);
      }
    }
    if (open.length === 50) {
      await Promise.all(open.map((s) => s.close()));
      open = [];
    }
  }
  await repo.close();
  return { generateMs: performance.now() - t0 };
}

async function manyNamespaces(root: string, dir: string): Promise<object> {
  const api = await load<typeof Api>(root, 'src/index.js');
  const t0 = performance.now();
  const engine = await api.WbemEngine.start({ storage: { path: dir } });
  const started = performance.now();
  const svc = await engine.connectServer(`root/ns${NAMESPACES / 2}`);
  const cls = await svc.getClass('C7_L9');
  const firstCall = performance.now();
  if (cls.name !== 'C7_L9') throw new Error(`unexpected class ${cls.name}`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idleRssMb = process.memoryUsage().rss / 2 ** 20;
  await engine.shutdown();
  return { startMs: started - t0, firstCallMs: firstCall - started, idleRssMb };
}

function mofFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...mofFiles(path));
    else if (entry.name.endsWith('.mof')) out.push(path);
  }
  return out;
}

async function lex(root: string, schemaRoot: string): Promise<object> {
  const lexer = await load<typeof Lexer>(root, 'src/mof/lexer.js');
  const parser = await load<typeof Parser>(root, 'src/mof/parser.js');
  const files = mofFiles(join(schemaRoot, SCHEMA_DIR)).map((f) => [f, readFileSync(f, 'utf8')]);
  const megabytes = files.reduce((sum, [, text]) => sum + Buffer.byteLength(text ?? ''), 0) / 1e6;
  const cpu = (work: () => void): number => {
    const before = process.cpuUsage();
    work();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  const lexAll = () => {
    for (const [file, text] of files) lexer.tokenize(text as string, file as string);
  };
  const parseAll = () => {
    for (const [file, text] of files) parser.parseMof(text as string, file as string);
  };
  const lexColdMs = cpu(lexAll);
  const parseColdMs = cpu(parseAll);
  for (let i = 0; i < 3; i++) lexAll();
  const lexWarmMs = Math.min(cpu(lexAll), cpu(lexAll));
  for (let i = 0; i < 2; i++) parseAll();
  const parseWarmMs = Math.min(cpu(parseAll), cpu(parseAll));
  const rate = (ms: number) => megabytes / (ms / 1000);
  return {
    megabytes,
    lexColdMBs: rate(lexColdMs),
    lexWarmMBs: rate(lexWarmMs),
    parseColdMBs: rate(parseColdMs),
    parseWarmMBs: rate(parseWarmMs),
  };
}

/**
 * CPU time of this process's main thread alone (Linux: its task's utime + stime), NaN elsewhere;
 * the rest of `process.cpuUsage()` is the host worker and V8's helper threads.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

async function dmtfLoad(root: string, dir: string | undefined): Promise<object> {
  const api = await load<typeof Api>(root, 'src/index.js');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const engine = await api.WbemEngine.start({
    storage: dir === undefined ? 'memory' : { path: dir },
    rules: 'dmtf',
  });
  const started = performance.now();
  const cpu1 = process.cpuUsage();
  const main1 = mainThreadCpuMs();
  const summary = await api.loadMof(engine, [join(root, SCHEMA_DIR, 'cim_schema_2.41.0.mof')], {
    rules: 'dmtf',
  });
  const loaded = performance.now();
  const loadCpu = process.cpuUsage(cpu1);
  const loadMainCpuMs = mainThreadCpuMs() - main1;
  await engine.shutdown();
  const total = process.cpuUsage(cpu0);
  if (summary.classesCreated !== 1438) throw new Error(`loaded ${summary.classesCreated} classes`);
  return {
    startMs: started - t0,
    compileMs: summary.compileMs,
    putsMs: summary.loadMs,
    compileAndLoadMs: loaded - started,
    compileAndLoadCpuMs: (loadCpu.user + loadCpu.system) / 1000,
    // Clock ticks of 10 ms: coarse, but it tells the main thread's share.
    compileAndLoadMainCpuMs: loadMainCpuMs,
    totalCpuMs: (total.user + total.system) / 1000,
  };
}

/** Warm deep EnumerateClassNames calls after the first. */
const NAMES_CALLS = 5;

/** One CIM-XML request on the keep-alive `agent`; resolves with the response body. */
function post(agent: Agent, port: number, method: string, params: string): Promise<string> {
  const body =
    '<?xml version="1.0" encoding="utf-8"?><CIM CIMVERSION="2.0" DTDVERSION="2.0">' +
    '<MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ>' +
    `<IMETHODCALL NAME="${method}"><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/>` +
    `<NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH>${params}</IMETHODCALL>` +
    '</SIMPLEREQ></MESSAGE></CIM>';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/cimom',
        headers: {
          'Content-Type': 'application/xml; charset=utf-8',
          CIMOperation: 'MethodCall',
          CIMMethod: method,
          CIMObject: 'root%2Fcimv2',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function namesOverHttp(root: string, dir: string): Promise<object> {
  const api = await load<typeof Api>(root, 'src/index.js');
  const engine = await api.WbemEngine.start({ storage: { path: dir }, hosts: 1 });
  const server = await api.startServer(engine, { port: 0, allowAnonymous: true });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const deep = '<IPARAMVALUE NAME="DeepInheritance"><VALUE>TRUE</VALUE></IPARAMVALUE>';
  const call = async (): Promise<[number, number, number]> => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const text = await post(agent, server.port, 'EnumerateClassNames', deep);
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (!text.includes('IRETURNVALUE')) throw new Error(`no IRETURNVALUE: ${text.slice(0, 500)}`);
    return [ms, (used.user + used.system) / 1000, text.split('<CLASSNAME ').length - 1];
  };
  try {
    const [firstMs, firstCpuMs, names] = await call();
    const warm: [number, number, number][] = [];
    for (let i = 0; i < NAMES_CALLS; i++) warm.push(await call());
    const median = (values: number[]): number =>
      values.sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
    return {
      firstMs,
      firstCpuMs,
      warmMs: median(warm.map((w) => w[0])),
      warmCpuMs: median(warm.map((w) => w[1])),
      names,
    };
  } finally {
    agent.destroy();
    await server.close();
    await engine.shutdown();
  }
}

async function main(): Promise<void> {
  const [task, root, dir] = process.argv.slice(2);
  if (root === undefined) throw new Error('usage: child.js <task> <root> [dir]');
  let result: object;
  switch (task) {
    case 'import':
      result = await importEntry(root);
      break;
    case 'first-calls':
      result = await firstCalls(await load<typeof Api>(root, 'src/index.js'));
      break;
    case 'first-calls-entry':
      result = await firstCalls((await import(packageEntry(root))) as typeof Api);
      break;
    case 'generate-namespaces':
      result = await generateNamespaces(root, dir ?? '');
      break;
    case 'many-namespaces':
      result = await manyNamespaces(root, dir ?? '');
      break;
    case 'lex':
      result = await lex(root, dir ?? root);
      break;
    case 'dmtf-load':
      result = await dmtfLoad(root, dir);
      break;
    case 'names-http':
      result = await namesOverHttp(root, dir ?? '');
      break;
    default:
      throw new Error(`unknown task ${String(task)}`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
