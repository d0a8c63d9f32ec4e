/**
 * @module The verbs of `wbemrx`, in the order `--help` lists them.
 */
import { WBEM_E_INVALID_PARAMETER, WbemError } from '../../index.js';
import type { Command } from '../command.js';
import { didYouMean } from '../did-you-mean.js';
import { benchCommand } from './bench.js';
import { deleteClassCommand } from './delete-class.js';
import { enumClassesCommand } from './enum-classes.js';
import { exportCommand } from './export.js';
import { getClassCommand } from './get-class.js';
import { getInstanceCommand } from './get-instance.js';
import { instancesCommand } from './instances.js';
import { mofcompCommand } from './mofcomp.js';
import { namespacesCommand } from './namespaces.js';
import { queryCommand } from './query.js';
import { serveCommand } from './serve.js';
import { usersCommand } from './users.js';
import { watchCommand } from './watch.js';

export const COMMANDS: readonly Command[] = [
  mofcompCommand,
  getClassCommand,
  enumClassesCommand,
  deleteClassCommand,
  namespacesCommand,
  instancesCommand,
  getInstanceCommand,
  exportCommand,
  queryCommand,
  watchCommand,
  benchCommand,
  serveCommand,
  usersCommand,
];

/** @throws {WbemError} `WBEM_E_INVALID_PARAMETER` for an unknown verb. */
export function findCommand(verb: string): Command {
  const command = COMMANDS.find((c) => c.name === verb);
  if (command === undefined) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `unknown command '${verb}'${didYouMean(
        verb,
        COMMANDS.map((c) => c.name),
      )} (commands: ${COMMANDS.map((c) => c.name).join(', ')})`,
    });
  }
  return command;
}
