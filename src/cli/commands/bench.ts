/**
 * @module `wbemrx bench`: the load benchmark (many concurrent callers against the engine, with the
 * echo-worker ceiling and the in-process core measured beside it). The harness is
 * `src/load-bench/`, part of the package; it is imported when the command runs, so the other
 * commands do not load it.
 */
import { resolve } from 'node:path';
import { WBEM_E_INVALID_PARAMETER, WbemError } from '../../index.js';
import type { BenchRequest } from '../../load-bench/bench-request.js';
import type { Command } from '../command.js';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the load benchmark (many concurrent callers) and report throughput and latency',
  help: `Usage: wbemrx bench [--scenario NAME]... [load options] [--scaling] [--json] [--out DIR]

Without --scenario, runs one load described by the options below (default: the mixed load,
64 calls in flight for 3 s on an in-memory engine). With --scenario, runs those scenarios
(or 'all') with the options overriding their defaults. Beside the engine, each report
measures the bare echo worker with the same batching (the ceiling) and the schema core
in-process. Each load runs in a child process of its own. Prints a table (a live progress
line on a TTY), or the JSON report with --json. Measures only: it never judges the figures.
In a source checkout, 'npm run bench' runs every scenario and the scaling series and writes
bench/reports/.

Scenarios: create-storm, create-storm-durable, update-storm-safe, update-storm-force,
           mixed-read-write, event-fan-out, slow-subscriber, dmtf-schema-load

Load options:
      --duration MS          run for MS milliseconds (default 3000)
      --count N              run N operations instead of a duration
      --in-flight N          calls in flight at once (default 64)
      --namespaces N         namespaces the load is spread over (default 1)
      --hosts N              actor host threads (default 1)
      --properties N         properties per class (default 10)
      --depth N              depth of the class chain updates work on (default 4)
      --mix SPEC             operation weights, e.g. create=1,updateSafe=1,get=6 (operations:
                             create, updateCompatible, updateSafe, updateForce, get,
                             enumerate, delete)
      --storage KIND         memory (default) or durable (a temporary data directory)
      --subscribers N        engine.events$ subscribers during the load (default 0)
Report options:
      --scaling              also run the load over 1,2,4,8 namespaces on 1 and 2 hosts
      --scaling-namespaces L namespace counts of the scaling series (default 1,2,4,8)
      --scaling-hosts L      host counts of the scaling series (default 1,2)
      --no-references        skip the echo ceiling and in-process core measurements
      --json                 print the JSON report instead of the tables
      --out DIR              also write JSON, text, SVG chart and HTML into DIR
  -h, --help                 show this help
`,
  options: {
    scenario: { type: 'string', multiple: true },
    duration: { type: 'string' },
    count: { type: 'string' },
    'in-flight': { type: 'string' },
    namespaces: { type: 'string' },
    hosts: { type: 'string' },
    properties: { type: 'string' },
    depth: { type: 'string' },
    mix: { type: 'string' },
    storage: { type: 'string' },
    subscribers: { type: 'string' },
    scaling: { type: 'boolean' },
    'scaling-namespaces': { type: 'string' },
    'scaling-hosts': { type: 'string' },
    'no-references': { type: 'boolean' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  async run(args, io, signal) {
    if (args.positionals.length > 0) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `unexpected argument '${args.positionals[0]}' (scenarios are given with --scenario)`,
      });
    }
    const storage = args.optionalString('storage');
    if (storage !== undefined && storage !== 'memory' && storage !== 'durable') {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `--storage must be memory or durable (got '${storage}')`,
      });
    }
    const optional = (name: string, key: keyof BenchRequest, min: number, max: number): object =>
      args.optionalString(name) === undefined ? {} : { [key]: args.integer(name, min, min, max) };
    const scalingRequested =
      args.flag('scaling') ||
      args.optionalString('scaling-namespaces') !== undefined ||
      args.optionalString('scaling-hosts') !== undefined;
    const out = args.optionalString('out');
    const request: BenchRequest = {
      scenarios: args.strings('scenario'),
      ...optional('duration', 'durationMs', 1, 3_600_000),
      ...optional('count', 'count', 1, 1_000_000_000),
      ...optional('in-flight', 'inFlight', 1, 100_000),
      ...optional('namespaces', 'namespaces', 1, 1024),
      ...optional('hosts', 'hosts', 1, 64),
      ...optional('properties', 'properties', 0, 1024),
      ...optional('depth', 'depth', 1, 64),
      ...optional('subscribers', 'subscribers', 0, 10_000),
      ...(args.optionalString('mix') === undefined ? {} : { mix: args.string('mix', '') }),
      ...(storage === undefined ? {} : { storage }),
      scaling: scalingRequested
        ? {
            namespaces: args.integers('scaling-namespaces', [1, 2, 4, 8], 1, 1024),
            hosts: args.integers('scaling-hosts', [1, 2], 1, 64),
          }
        : null,
      references: !args.flag('no-references'),
      json: args.flag('json'),
      ...(out === undefined ? {} : { outDir: resolve(out) }),
    };
    const { runBenchRequest } = await import('../../load-bench/run.js');
    await runBenchRequest(request, io, signal);
  },
};
