/**
 * @module `wbemrx enum-classes [superclass]`: lists class names (`EnumerateClassNames`), or whole
 * classes with `--json` (`IWbemServices::CreateClassEnum`), with `WBEM_FLAG_DEEP` or
 * `WBEM_FLAG_SHALLOW`.
 */
import {
  type CimClass,
  type CimXmlClient,
  connectNamespace,
  type EnumerateClassNamesOptions,
  toJson,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_DEEP,
  WBEM_FLAG_SHALLOW,
  WbemError,
  type WbemServices,
} from '../../index.js';
import type { Command } from '../command.js';
import {
  ENGINE_OPTIONS,
  ENGINE_OPTIONS_HELP,
  type EngineOptions,
  readEngineOptions,
} from '../common-options.js';
import { withClassSuggestion } from '../did-you-mean.js';
import { withOneShotEngine } from '../engine-session.js';
import {
  SERVER_OPTIONS,
  SERVER_OPTIONS_HELP,
  type ServerTarget,
  serverTargetOf,
  withServer,
} from '../server-target.js';
import { byName, compareText } from '../sort-names.js';
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
    const listing: Listing = {
      superclass: args.positionals[0] ?? null,
      shallow: args.flag('shallow'),
      server: serverTargetOf(args),
      options: readEngineOptions(args),
    };
    const shown = (name: string): boolean => args.flag('system') || !name.startsWith('__');
    if (args.flag('json')) {
      const classes = await listClasses(listing);
      io.out(toJson(classes.filter((c) => shown(c.name)).sort(byName)));
    } else {
      const names = await listNames(listing);
      io.out(
        names
          .filter(shown)
          .sort(compareText)
          .map((name) => `${name}\n`)
          .join(''),
      );
    }
  },
};

/** What to list, and from where: the server of `--url`, or the local engine. */
interface Listing {
  readonly superclass: string | null;
  readonly shallow: boolean;
  readonly server: ServerTarget | null;
  readonly options: EngineOptions;
}

/** The classes, resolved, from the local engine or the server. */
function listClasses(listing: Listing): Promise<CimClass[]> {
  return list(
    listing,
    (client, query) => client.enumerateClasses({ ...query, ...RESOLVED_READ }),
    (svc, superclass, flags) => svc.createClassEnum(superclass, flags),
  );
}

/**
 * The names alone (`EnumerateClassNames`): the engine reads them from its subclass index and a
 * server sends `CLASSNAME`s, so no class is read, resolved or sent.
 */
function listNames(listing: Listing): Promise<string[]> {
  return list(
    listing,
    (client, query) => client.enumerateClassNames(query),
    (svc, superclass, flags) => svc.enumerateClassNames(superclass, flags),
  );
}

/**
 * One listing from where `listing` says: `remote` on the server, or `local` on the engine, where
 * a missing superclass gets the closest name as a hint.
 */
async function list<T>(
  listing: Listing,
  remote: (client: CimXmlClient, query: EnumerateClassNamesOptions) => Promise<T[]>,
  local: (svc: WbemServices, superclass: string | null, flags: number) => Promise<T[]>,
): Promise<T[]> {
  const { superclass, server, options } = listing;
  if (server !== null) {
    return withServer(server, (client) =>
      remote(client, {
        ...(superclass === null ? {} : { className: superclass }),
        deepInheritance: !listing.shallow,
      }),
    );
  }
  const flags = listing.shallow ? WBEM_FLAG_SHALLOW : WBEM_FLAG_DEEP;
  return withOneShotEngine(options, async (engine) => {
    const svc = await connectNamespace(engine, options.namespace, false);
    if (superclass === null) return local(svc, null, flags);
    return withClassSuggestion(svc, superclass, () => local(svc, superclass, flags));
  });
}
