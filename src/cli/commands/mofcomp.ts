/**
 * @module `wbemrx mofcomp <files...>`: compiles MOF and loads it into the repository through the
 * public API. Mirrors Windows `mofcomp.exe`: pragmas (`include`, `namespace`, `classflags`,
 * `instanceflags`, `deleteclass`, `deleteinstance`, `amendment`, `autorecover`) and
 * `instance of __Namespace` are honoured, UTF-16 and UTF-8 files are read, and the load stops at
 * the first rejected put.
 */
import {
  clientMofEngine,
  defaultParseThreads,
  PARSE_POOL_MIN_CORES,
  WBEM_E_CANNOT_BE_ABSTRACT,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_SAFE_MODE,
  WbemError,
} from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withStartingEngine } from '../engine-session.js';
import { DEFAULT_WINDOW, formatSummary, loadMofFiles } from '../load-mof-files.js';
import {
  SERVER_OPTIONS,
  SERVER_OPTIONS_HELP,
  serverTargetOf,
  withServer,
} from '../server-target.js';

/**
 * Puts in flight per level with --url: each is an HTTP request on its own keep-alive
 * connection, and a server caps its connections (the benchmark's 16 concurrent clients).
 */
const SERVER_WINDOW = 16;

/** Points at `--rules dmtf` when WMI's rule refused what the DMTF schema does. */
function withRulesHint(thrown: unknown, rules: 'wmi' | 'dmtf' | undefined): unknown {
  if (
    !(thrown instanceof WbemError) ||
    thrown.hresult !== WBEM_E_CANNOT_BE_ABSTRACT ||
    rules === 'dmtf'
  ) {
    return thrown;
  }
  return new WbemError(thrown.hresult, {
    message: `${thrown.detail ?? thrown.message} (WMI's rule; the DMTF CIM schema needs --rules dmtf)`,
    cause: thrown,
  });
}

export const mofcompCommand: Command = {
  name: 'mofcomp',
  summary: 'compile MOF files and load their qualifiers, classes and instances',
  help: `Usage: wbemrx mofcomp <file.mof>... [--safe | --force] [--atomic] [--dry-run] [--url URL] [engine options]

Compiles the MOF files (following #pragma include, relative to each including file) and
loads them into the repository in dependency order: qualifier declarations, then classes
(each after its superclass and the classes it references), then instances. The namespace
(created when absent) is --namespace unless the MOF says #pragma namespace. Stops at the
first rejected put, reporting its HRESULT and the file:line:column of the declaration with
its line quoted. With --rules dmtf, a strongly typed reference must also name a class the
MOF or the repository has, as DSP0004 requires (WMI's repository does not).

With --url, the MOF is compiled here and loaded into the server in the same order:
CreateClass, then ModifyClass when the class exists (--safe / --force sent as the
X-WBEMRX-UpdateMode header), SetQualifier, CreateInstance / ModifyInstance; the namespace
is the URL's unless the MOF says #pragma namespace. --atomic rolls back from this process
(the server keeps no undo journal: a client killed outright leaves its writes).

Options:
      --safe           update existing classes with WBEM_FLAG_UPDATE_SAFE_MODE, where the
                       MOF's #pragma classflags sets no update mode
      --force          same with WBEM_FLAG_UPDATE_FORCE_MODE (conflicting subclasses and
                       instances are changed or removed as WMI does)
      --atomic         all or nothing: on failure or Ctrl-C, the namespaces written are
                       restored to their state before the load (qualifier declarations,
                       classes, instances, namespaces created); with a data directory an undo
                       journal is kept there during the load, so a load killed outright is
                       rolled back when the repository is next opened
      --dry-run        parse, resolve includes and check ordering against the repository;
                       write nothing
      --window N       puts in flight within one dependency level (default ${DEFAULT_WINDOW})
      --parse-threads N  parse the files on a pool of N threads, 0 on this thread (default:
                       cores - 1 from ${PARSE_POOL_MIN_CORES} cores, else 0; here ${defaultParseThreads()})
${SERVER_OPTIONS_HELP}
${ENGINE_OPTIONS_HELP}

Exit status: 0 when loaded; 1 when a put failed; 130 when interrupted (SIGINT or SIGTERM),
after the --atomic rollback. A second signal exits 130 at once; an --atomic load is then
rolled back at the next start.

Example (the DMTF CIM schema puts abstract classes below concrete ones, which WMI refuses):
  wbemrx mofcomp --rules dmtf test/fixtures/cim-schema-2.41/cim_schema_2.41.0.mof
`,
  options: {
    ...ENGINE_OPTIONS,
    ...SERVER_OPTIONS,
    safe: { type: 'boolean' },
    force: { type: 'boolean' },
    atomic: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    window: { type: 'string' },
    'parse-threads': { type: 'string' },
  },
  async run(args, io, signal) {
    if (args.positionals.length === 0) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'no MOF file given' });
    }
    if (args.flag('safe') && args.flag('force')) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: '--safe and --force exclude each other',
      });
    }
    const updateMode = args.flag('force')
      ? WBEM_FLAG_UPDATE_FORCE_MODE
      : args.flag('safe')
        ? WBEM_FLAG_UPDATE_SAFE_MODE
        : 0;
    const server = serverTargetOf(args);
    const window = args.integer(
      'window',
      server === null ? DEFAULT_WINDOW : SERVER_WINDOW,
      1,
      100_000,
    );
    const parseThreads = args.integer('parse-threads', defaultParseThreads(), 0, 256);
    const options = readEngineOptions(args);
    const dryRun = args.flag('dry-run');
    const loadOptions = {
      updateMode,
      atomic: args.flag('atomic'),
      dryRun,
      window,
      parseThreads,
      ...(options.rules === undefined ? {} : { rules: options.rules }),
      io,
      signal,
    };
    const load =
      server === null
        ? withStartingEngine(options, (engine) =>
            loadMofFiles(args.positionals, {
              engine,
              namespace: options.namespace,
              ...loadOptions,
            }),
          )
        : withServer(server, (client) =>
            loadMofFiles(args.positionals, {
              engine: clientMofEngine(client),
              namespace: server.namespace,
              ...loadOptions,
            }),
          );
    const summary = await load.catch((thrown: unknown) => {
      throw withRulesHint(thrown, options.rules);
    });
    io.out(formatSummary(summary, dryRun));
  },
};
