/**
 * @module `wbemrx enum-classes [superclass]`: lists class names (or whole classes with `--json`).
 * Mirrors `IWbemServices::CreateClassEnum` with `WBEM_FLAG_DEEP` or `WBEM_FLAG_SHALLOW`.
 */
import {
  connectNamespace,
  toJson,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_DEEP,
  WBEM_FLAG_SHALLOW,
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
import { byName } from '../sort-names.js';
import { RESOLVED_READ } from './get-class.js';

export const enumClassesCommand: Command = {
  name: 'enum-classes',
  summary: 'list the classes derived from a superclass (all classes when none is given)',
  help: `Usage: wbemrx enum-classes [superclass] [--shallow] [--system] [--json] [--url URL] [engine options]

Lists the names of the classes derived from <superclass>, one per line, sorted by name;
without a superclass, every class of the namespace. System classes
(names starting with __) are left out unless --system is given. Fails with
WBEM_E_INVALID_CLASS when the superclass does not exist.

Options:
      --system         include the system classes (__SystemClass, __Event, ...)
      --shallow        direct subclasses only (WBEM_FLAG_SHALLOW; default WBEM_FLAG_DEEP)
      --json           print the class objects as a JSON array
${SERVER_OPTIONS_HELP}
${ENGINE_OPTIONS_HELP}
`,
  options: {
    ...ENGINE_OPTIONS,
    ...SERVER_OPTIONS,
    shallow: { type: 'boolean' },
    json: { type: 'boolean' },
    system: { type: 'boolean' },
  },
  async run(args, io) {
    if (args.positionals.length > 1) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `expected at most one superclass (got ${args.positionals.length})`,
      });
    }
    const superclass = args.positionals[0] ?? null;
    const flags = args.flag('shallow') ? WBEM_FLAG_SHALLOW : WBEM_FLAG_DEEP;
    const server = serverTargetOf(args);
    const options = readEngineOptions(args);
    const all =
      server === null
        ? await withOneShotEngine(options, async (engine) => {
            const svc = await connectNamespace(engine, options.namespace, false);
            if (superclass === null) return svc.createClassEnum(null, flags);
            return withClassSuggestion(svc, superclass, () =>
              svc.createClassEnum(superclass, flags),
            );
          })
        : await withServer(server, (client) =>
            client.enumerateClasses({
              ...(superclass === null ? {} : { className: superclass }),
              deepInheritance: !args.flag('shallow'),
              // The names alone need no members: only --json prints the resolved classes.
              ...(args.flag('json')
                ? RESOLVED_READ
                : { localOnly: true, includeQualifiers: false }),
            }),
          );
    const shown = args.flag('system') ? all : all.filter((c) => !c.name.startsWith('__'));
    const classes = [...shown].sort(byName);
    if (args.flag('json')) io.out(toJson(classes));
    else io.out(classes.map((c) => `${c.name}\n`).join(''));
  },
};
