/**
 * @module `wbemrx namespaces [namespace]`: lists a namespace and every namespace below it, sorted.
 * Mirrors enumerating `__NAMESPACE` instances (`CreateInstanceEnum`, or EnumerateInstances over
 * `--url`), recursively.
 */
import {
  type CimInstance,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_SHALLOW,
  WbemError,
} from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withOneShotEngine } from '../engine-session.js';
import {
  SERVER_OPTIONS,
  SERVER_OPTIONS_HELP,
  serverTargetOf,
  withServer,
} from '../server-target.js';
import { compareText } from '../sort-names.js';

/**
 * `start` (as `children` spells it) and every namespace below it, or only its children when
 * `shallow`; `start` is read first, so a namespace that does not exist fails there.
 */
async function walk(
  start: string,
  shallow: boolean,
  children: (namespace: string) => Promise<readonly CimInstance[]>,
): Promise<string[]> {
  const paths = shallow ? [] : [start];
  const queue = [start];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of await children(next)) {
      const name = child.properties.get('name')?.value;
      if (typeof name !== 'string') continue;
      paths.push(`${next}/${name}`);
      if (!shallow) queue.push(`${next}/${name}`);
    }
  }
  return paths;
}

export const namespacesCommand: Command = {
  name: 'namespaces',
  summary: 'list the namespaces of the repository (below root, or below a given namespace)',
  help: `Usage: wbemrx namespaces [namespace] [--shallow] [--url URL] [engine options]

Prints the namespace (default root; with --url, the URL's namespace) and every namespace below
it, one path per line, sorted. Fails with WBEM_E_INVALID_NAMESPACE when the namespace does not
exist.

Options:
      --shallow        only the direct children of the namespace
${SERVER_OPTIONS_HELP}
${ENGINE_OPTIONS_HELP}
`,
  options: { ...ENGINE_OPTIONS, ...SERVER_OPTIONS, shallow: { type: 'boolean' } },
  async run(args, io) {
    if (args.positionals.length > 1) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `expected at most one namespace (got ${args.positionals.length})`,
      });
    }
    const shallow = args.flag('shallow');
    const server = serverTargetOf(args);
    const options = readEngineOptions(args);
    const found =
      server === null
        ? await withOneShotEngine(options, async (engine) => {
            const start = (await engine.connectServer(args.positionals[0] ?? 'root')).namespace;
            return walk(start, shallow, async (namespace) => {
              const svc = await engine.connectServer(namespace);
              return svc.createInstanceEnum('__NAMESPACE', WBEM_FLAG_SHALLOW);
            });
          })
        : await withServer(server, (client) =>
            walk(
              (args.positionals[0] ?? server.namespace).replaceAll('\\', '/'),
              shallow,
              (namespace) =>
                client
                  .withNamespace(namespace)
                  .enumerateInstances('__NAMESPACE', { deepInheritance: false }),
            ),
          );
    io.out(
      found
        .sort(compareText)
        .map((path) => `${path}\n`)
        .join(''),
    );
  },
};
