/**
 * @module `wbemrx instances <class>`: lists the instances of a class (and of its subclasses) by
 * their relative paths, sorted, or prints them whole with `--json`. Mirrors
 * `IWbemServices::CreateInstanceEnum`.
 */
import {
  type CimInstance,
  connectNamespace,
  toJson,
  WBEM_FLAG_DEEP,
  WBEM_FLAG_SHALLOW,
} from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withClassSuggestion } from '../did-you-mean.js';
import { withOneShotEngine } from '../engine-session.js';
import { compareText } from '../sort-names.js';
import { singleName } from './get-class.js';

function relPath(instance: CimInstance): string {
  return instance.systemProperties?.__RELPATH ?? `${instance.className}=@`;
}

export const instancesCommand: Command = {
  name: 'instances',
  summary: 'list the instances of a class by path (or print them with --json)',
  help: `Usage: wbemrx instances <class> [--shallow] [--json] [engine options]

Prints the relative path of every instance of the class and of its subclasses, one per line,
sorted. Fails with WBEM_E_INVALID_CLASS when the class does not exist.

Options:
      --shallow        instances of the class itself only (WBEM_FLAG_SHALLOW)
      --json           print the instances as a JSON array (the form fromJson reads)
${ENGINE_OPTIONS_HELP}
`,
  options: { ...ENGINE_OPTIONS, shallow: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(args, io) {
    const name = singleName(args.positionals, 'class name');
    const options = readEngineOptions(args);
    const flags = args.flag('shallow') ? WBEM_FLAG_SHALLOW : WBEM_FLAG_DEEP;
    const found = await withOneShotEngine(options, async (engine) => {
      const svc = await connectNamespace(engine, options.namespace, false);
      return withClassSuggestion(svc, name, () => svc.createInstanceEnum(name, flags));
    });
    const sorted = found
      .map((instance) => ({ instance, path: relPath(instance) }))
      .sort((a, b) => compareText(a.path, b.path));
    if (args.flag('json')) io.out(toJson(sorted.map((s) => s.instance)));
    else io.out(sorted.map((s) => `${s.path}\n`).join(''));
  },
};
