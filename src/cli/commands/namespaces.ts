/**
 * @module `wbemrx namespaces [namespace]`: lists a namespace and every namespace below it, sorted.
 * Mirrors enumerating `__NAMESPACE` instances (`CreateInstanceEnum`), recursively.
 */
import { WBEM_E_INVALID_PARAMETER, WBEM_FLAG_SHALLOW, WbemError } from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withOneShotEngine } from '../engine-session.js';
import { compareText } from '../sort-names.js';

export const namespacesCommand: Command = {
  name: 'namespaces',
  summary: 'list the namespaces of the repository (below root, or below a given namespace)',
  help: `Usage: wbemrx namespaces [namespace] [--shallow] [engine options]

Prints the namespace (default root) and every namespace below it, one path per line, sorted.
Fails with WBEM_E_INVALID_NAMESPACE when the namespace does not exist.

Options:
      --shallow        only the direct children of the namespace
${ENGINE_OPTIONS_HELP}
`,
  options: { ...ENGINE_OPTIONS, shallow: { type: 'boolean' } },
  async run(args, io) {
    if (args.positionals.length > 1) {
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `expected at most one namespace (got ${args.positionals.length})`,
      });
    }
    const options = readEngineOptions(args);
    const top = args.positionals[0] ?? 'root';
    const shallow = args.flag('shallow');
    const found = await withOneShotEngine(options, async (engine) => {
      const start = (await engine.connectServer(top)).namespace;
      const paths = shallow ? [] : [start];
      const queue = [start];
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const svc = await engine.connectServer(next);
        for (const child of await svc.createInstanceEnum('__NAMESPACE', WBEM_FLAG_SHALLOW)) {
          const name = child.properties.get('name')?.value;
          if (typeof name !== 'string') continue;
          paths.push(`${next}/${name}`);
          if (!shallow) queue.push(`${next}/${name}`);
        }
      }
      return paths;
    });
    io.out(
      found
        .sort(compareText)
        .map((path) => `${path}\n`)
        .join(''),
    );
  },
};
