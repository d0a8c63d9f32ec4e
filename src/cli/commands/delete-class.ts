/**
 * @module `wbemrx delete-class <name>`: deletes a class, its subclasses and their instances.
 * Mirrors `IWbemServices::DeleteClass`.
 */
import { connectNamespace } from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withEngine } from '../engine-session.js';
import { singleName } from './get-class.js';

export const deleteClassCommand: Command = {
  name: 'delete-class',
  summary: 'delete a class with all its subclasses and their instances',
  help: `Usage: wbemrx delete-class <class> [engine options]

Deletes the class, recursively all its subclasses, and the static instances of all of them
(DeleteClass semantics). Fails with WBEM_E_NOT_FOUND when the class does not exist.

Options:
${ENGINE_OPTIONS_HELP}
`,
  options: ENGINE_OPTIONS,
  async run(args, io) {
    const name = singleName(args.positionals, 'class name');
    const options = readEngineOptions(args);
    await withEngine(options, async (engine) => {
      const svc = await connectNamespace(engine, options.namespace, false);
      await svc.deleteClass(name);
    });
    io.err(`deleted class ${name} from ${options.namespace}\n`);
  },
};
