/**
 * @module `wbemrx serve`: the repository as a CIM-XML WBEM server (`startServer`), until Ctrl-C
 * or SIGTERM, which close the server and then shut the engine down cleanly.
 *
 * The users file gives both who may log in and the groups they belong to, so the engine is
 * started here with those groups in its security options.
 */
import { readFile } from 'node:fs/promises';
import {
  connectNamespace,
  parseUpdateMode,
  readUsersFile,
  startServer,
  UserDirectory,
  WBEM_E_INVALID_PARAMETER,
  WbemEngine,
  WbemError,
} from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { untilAborted } from '../until-aborted.js';
import { DEFAULT_USERS_FILE } from './users.js';

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

async function readPem(file: string | undefined, what: string): Promise<Buffer> {
  if (file === undefined) throw invalid(`--https needs --${what} FILE`);
  try {
    return await readFile(file);
  } catch (error) {
    throw invalid(`--${what} ${file}: ${(error as Error).message}`);
  }
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the repository to WBEM clients over CIM-XML (DSP0200) until Ctrl-C',
  help: `Usage: wbemrx serve [--port 5988] [--host 127.0.0.1] [--https --cert F --key F]
                    [--users FILE] [--allow-anonymous] [engine options]

Serves the repository at http(s)://HOST:PORT/cimom to CIM-XML clients (pywbem, wbemcli,
cimcli) until Ctrl-C or SIGTERM. Requests authenticate with HTTP Basic against the users
file (\`wbemrx users add NAME\`); namespace security applies to each user as to an API
caller, and a client not on a loopback address also needs remote access.

ModifyClass runs PutClass in compatible mode unless the request has an
X-WBEMRX-UpdateMode: safe|force header or the user was added with --update-mode; in force
mode DeleteClass also deletes subclasses and instances (as WMI), otherwise a class that has
them is refused with CIM_ERR_CLASS_HAS_CHILDREN / CIM_ERR_CLASS_HAS_INSTANCES.

Options:
      --port N             TCP port (default 5988, or 5989 with --https; 0: any free port)
      --host ADDR          address to listen on (default 127.0.0.1)
      --https              serve TLS with --cert and --key (PEM files)
      --cert FILE, --key FILE
      --users FILE         users file (default ./${DEFAULT_USERS_FILE})
      --allow-anonymous    serve requests without credentials, as principal ANONYMOUS LOGON
      --anonymous-group G  a group ANONYMOUS LOGON belongs to (repeatable)
      --update-mode M      ModifyClass default mode: compatible (default), safe or force
${ENGINE_OPTIONS_HELP}
  (--namespace is created when missing, so clients find it)
`,
  options: {
    ...ENGINE_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    https: { type: 'boolean' },
    cert: { type: 'string' },
    key: { type: 'string' },
    users: { type: 'string' },
    'allow-anonymous': { type: 'boolean' },
    'anonymous-group': { type: 'string', multiple: true },
    'update-mode': { type: 'string' },
  },
  async run(args, io, signal) {
    const options = readEngineOptions(args);
    const https = args.flag('https');
    const tls = https
      ? {
          cert: await readPem(args.optionalString('cert'), 'cert'),
          key: await readPem(args.optionalString('key'), 'key'),
        }
      : undefined;
    if (
      !https &&
      (args.optionalString('cert') !== undefined || args.optionalString('key') !== undefined)
    ) {
      throw invalid('--cert and --key need --https');
    }
    const port = args.integer('port', https ? 5989 : 5988, 0, 65535);
    const usersFile = args.string('users', DEFAULT_USERS_FILE);
    const users = new UserDirectory(await readUsersFile(usersFile));
    const anonymous = args.flag('allow-anonymous');
    const groups = users.groups();
    for (const g of args.strings('anonymous-group')) {
      groups.set(g, [...(groups.get(g) ?? []), 'ANONYMOUS LOGON']);
    }
    const mode = args.optionalString('update-mode');
    const engine = await WbemEngine.start({
      storage: options.dataDir === null ? 'memory' : { path: options.dataDir },
      ...(options.hosts === undefined ? {} : { hosts: options.hosts }),
      ...(options.rules === undefined ? {} : { rules: options.rules }),
      security: { groups },
    });
    try {
      await connectNamespace(engine, options.namespace, true);
      const server = await startServer(engine, {
        port,
        host: args.string('host', '127.0.0.1'),
        ...(tls === undefined ? {} : { tls }),
        users,
        usersFile,
        allowAnonymous: anonymous,
        ...(mode === undefined ? {} : { updateMode: parseUpdateMode(mode, '--update-mode') }),
      });
      io.err(
        `serving ${server.scheme}://${server.host}:${server.port}/cimom (${options.namespace}); Ctrl-C to stop\n`,
      );
      try {
        await untilAborted(signal);
      } finally {
        await server.close();
      }
    } finally {
      await engine.shutdown();
    }
  },
};
