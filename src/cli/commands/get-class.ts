/**
 * @module `wbemrx get-class <name>`: prints one class, resolved (inherited members included), as
 * MOF-like text or as JSON. Mirrors `IWbemServices::GetObject` for a class path.
 */
import {
  classToMof,
  connectNamespace,
  localDefinition,
  toJson,
  WBEM_E_INVALID_PARAMETER,
  WbemError,
} from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withClassSuggestion } from '../did-you-mean.js';
import { withOneShotEngine } from '../engine-session.js';
import {
  SERVER_OPTIONS,
  SERVER_OPTIONS_HELP,
  serverTargetOf,
  withServer,
} from '../server-target.js';

/** What a local GetObject returns: the resolved class, inherited members marked with their origin. */
export const RESOLVED_READ = {
  localOnly: false,
  includeQualifiers: true,
  includeClassOrigin: true,
} as const;

/** @throws {WbemError} `WBEM_E_INVALID_PARAMETER` unless exactly one name is given. */
export function singleName(positionals: readonly string[], what: string): string {
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `expected exactly one ${what} (got ${positionals.length})`,
    });
  }
  return name;
}

export const getClassCommand: Command = {
  name: 'get-class',
  summary: 'print a class (resolved, with inherited members) as MOF text or JSON',
  help: `Usage: wbemrx get-class <class> [--local] [--json] [--url URL] [engine options]

Prints the class as GetObject returns it: local and inherited members (inherited ones are
marked with the class they come from), qualifiers after flavor propagation, and the system
properties. Fails with WBEM_E_NOT_FOUND when the class does not exist.

Options:
      --local          only what the class itself defines (its local definition: no
                       inherited members or qualifiers), as it would be written back
      --json           print the class as JSON instead of MOF text: types as words
                       ("uint32", "string[]", "ref:CIM_Foo"), flavors as words; the form
                       fromJson reads back (docs/json-form.md)
${SERVER_OPTIONS_HELP}
${ENGINE_OPTIONS_HELP}
`,
  options: {
    ...ENGINE_OPTIONS,
    ...SERVER_OPTIONS,
    json: { type: 'boolean' },
    local: { type: 'boolean' },
  },
  async run(args, io) {
    const name = singleName(args.positionals, 'class name');
    const server = serverTargetOf(args);
    const options = readEngineOptions(args);
    const resolved =
      server === null
        ? await withOneShotEngine(options, async (engine) => {
            const svc = await connectNamespace(engine, options.namespace, false);
            return withClassSuggestion(svc, name, () => svc.getClass(name));
          })
        : await withServer(server, (client) => client.getClass(name, RESOLVED_READ));
    const cls = args.flag('local') ? localDefinition(resolved) : resolved;
    io.out(args.flag('json') ? toJson(cls) : classToMof(cls));
  },
};
