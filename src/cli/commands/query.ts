/**
 * @module `wbemrx query "<WQL>"`: runs a WQL data, schema or association query and prints the
 * results as a table (or JSON with `--json`). Mirrors `IWbemServices::ExecQuery`.
 */
import {
  type CimObject,
  type CimValue,
  connectNamespace,
  toJson,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_FORWARD_ONLY,
  WBEM_FLAG_PROTOTYPE,
  WBEM_FLAG_RETURN_IMMEDIATELY,
  WbemError,
} from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withOneShotEngine } from '../engine-session.js';
import { formatSummary, loadMofFiles } from '../load-mof-files.js';
import {
  SERVER_OPTIONS,
  SERVER_OPTIONS_HELP,
  serverTargetOf,
  withServer,
} from '../server-target.js';

/** Cells longer than this are cut (with `...`), so one long value does not widen every row. */
const MAX_CELL = 48;

function cell(value: CimValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return `{${value.map((v: CimValue) => cell(v)).join(', ')}}`;
  if (typeof value === 'object') {
    const object = value as CimObject;
    const name = object.genus === 1 ? object.name : object.className;
    return String(object.systemProperties?.__RELPATH ?? name);
  }
  return String(value);
}

function cut(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 3)}...` : flat;
}

/**
 * The results as a table: a `__CLASS` column, then every property any result has, in the order
 * they are first met; classes list their name and superclass.
 */
export function formatResults(objects: readonly CimObject[]): string {
  if (objects.length === 0) return '';
  const columns = ['__CLASS'];
  const seen = new Set(['__class']);
  const rows: Map<string, string>[] = [];
  for (const o of objects) {
    const row = new Map<string, string>();
    if (o.genus === 1) {
      row.set('__class', o.name);
      row.set('__superclass', o.superclass ?? '');
      if (!seen.has('__superclass')) {
        seen.add('__superclass');
        columns.push('__SUPERCLASS');
      }
    } else {
      row.set('__class', o.className);
      for (const [k, p] of o.properties) {
        if (!seen.has(k)) {
          seen.add(k);
          columns.push(p.name);
        }
        row.set(k, cut(cell(p.value)));
      }
    }
    rows.push(row);
  }
  const keys = columns.map((c) => c.toLowerCase());
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...rows.map((r) => (r.get(keys[i] as string) ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(keys.map((k) => r.get(k) ?? ''))),
  ].join('');
}

export const queryCommand: Command = {
  name: 'query',
  summary: 'run a WQL query (data, schema or ASSOCIATORS/REFERENCES OF) and print the results',
  help: `Usage: wbemrx query "<WQL>" [--json] [--prototype] [--mof FILE]... [--url URL] [engine options]

Runs one WQL query in --namespace and prints the results as a table: a __CLASS column,
then every property of the results (selected properties plus keys for SELECT p1, p2).
  wbemrx query "SELECT * FROM CIM_LogicalDevice WHERE Name LIKE 'disk%'"
  wbemrx query "SELECT * FROM meta_class WHERE __THIS ISA 'CIM_ManagedElement'"
  wbemrx query "ASSOCIATORS OF {CIM_ComputerSystem.Name='srv'} WHERE AssocClass = CIM_SystemDevice"
Errors are WMI's: WBEM_E_INVALID_QUERY with the column of a syntax error,
WBEM_E_INVALID_CLASS for an unknown class, WBEM_E_NOT_SUPPORTED for what WQL lacks.

Options:
      --json           print the result objects as a JSON array
      --prototype      print the class the results would be instances of (WBEM_FLAG_PROTOTYPE)
      --mof FILE       compile and load FILE into the repository first (repeatable)
${SERVER_OPTIONS_HELP}
${ENGINE_OPTIONS_HELP}
`,
  options: {
    ...ENGINE_OPTIONS,
    ...SERVER_OPTIONS,
    json: { type: 'boolean' },
    prototype: { type: 'boolean' },
    mof: { type: 'string', multiple: true },
  },
  async run(args, io) {
    if (args.positionals.length !== 1) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `expected one query in quotes (got ${args.positionals.length} arguments)`,
      });
    }
    const wql = args.positionals[0] as string;
    const options = readEngineOptions(args);
    const files = args.strings('mof');
    const flags =
      WBEM_FLAG_FORWARD_ONLY |
      WBEM_FLAG_RETURN_IMMEDIATELY |
      (args.flag('prototype') ? WBEM_FLAG_PROTOTYPE : 0);
    const server = serverTargetOf(args);
    if (server !== null && (files.length > 0 || args.flag('prototype'))) {
      server.client.close();
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: '--mof and --prototype work on a local repository only, not with --url',
      });
    }
    const results =
      server !== null
        ? await withServer(server, (client) => client.execQuery(wql))
        : await withOneShotEngine(options, async (engine) => {
            if (files.length > 0) {
              const summary = await loadMofFiles(files, {
                engine,
                namespace: options.namespace,
                io,
              });
              io.err(formatSummary(summary, false));
            }
            const svc = await connectNamespace(engine, options.namespace, false);
            return svc.execQuery(wql, flags);
          });
    if (args.flag('json')) io.out(toJson(results));
    else io.out(formatResults(results));
    if (!args.flag('json'))
      io.err(`${results.length} ${results.length === 1 ? 'object' : 'objects'}\n`);
  },
};
