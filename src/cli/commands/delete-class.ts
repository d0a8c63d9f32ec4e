/**
 * @module `wbemrx delete-class <name>`: deletes a class, its subclasses and their instances, and
 * says how many. Mirrors `IWbemServices::DeleteClass`. Deleting a whole tree is one typo away
 * from deleting a schema, so a terminal is asked first and a script must say `--yes` when the
 * class has subclasses.
 */
import {
  connectNamespace,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_CLASS_HAS_CHILDREN,
  WBEM_FLAG_DEEP,
  WbemError,
} from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withClassSuggestion } from '../did-you-mean.js';
import { withOneShotEngine } from '../engine-session.js';
import { singleName } from './get-class.js';

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}

export const deleteClassCommand: Command = {
  name: 'delete-class',
  summary: 'delete a class with all its subclasses and their instances',
  help: `Usage: wbemrx delete-class <class> [--yes] [engine options]

Deletes the class, recursively all its subclasses, and the static instances of all of them
(DeleteClass semantics), then reports how many classes and instances went. On a terminal it
asks first; when stdin is not a terminal it refuses (WBEM_E_CLASS_HAS_CHILDREN) to delete a
class that has subclasses unless --yes is given. Fails with WBEM_E_NOT_FOUND when the class
does not exist.

Options:
  -y, --yes            delete without asking
${ENGINE_OPTIONS_HELP}
`,
  options: { ...ENGINE_OPTIONS, yes: { type: 'boolean', short: 'y' } },
  async run(args, io) {
    const name = singleName(args.positionals, 'class name');
    const options = readEngineOptions(args);
    const removed = await withOneShotEngine(options, async (engine) => {
      const svc = await connectNamespace(engine, options.namespace, false);
      const cls = await withClassSuggestion(svc, name, () => svc.getClass(name));
      const subclasses = (await svc.enumerateClassNames(cls.name, WBEM_FLAG_DEEP)).length;
      const instances = (await svc.createInstanceEnum(cls.name, WBEM_FLAG_DEEP)).length;
      const what = `class ${cls.name}, ${plural(subclasses, 'subclass')} and ${plural(instances, 'instance')} from ${svc.namespace}`;
      if (!args.flag('yes')) {
        if (io.ask !== undefined) {
          const answer = await io.ask(`Delete ${what}? [y/N] `);
          if (!/^y(es)?$/i.test(answer.trim())) {
            throw new WbemError(WBEM_E_CALL_CANCELLED, { message: 'nothing deleted' });
          }
        } else if (subclasses > 0) {
          throw new WbemError(WBEM_E_CLASS_HAS_CHILDREN, {
            message: `${cls.name} has ${plural(subclasses, 'subclass')} (and ${plural(instances, 'instance')} in the tree); give --yes to delete them all`,
          });
        }
      }
      await svc.deleteClass(cls.name);
      return what;
    });
    io.err(`deleted ${removed}\n`);
  },
};
