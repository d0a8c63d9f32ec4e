#!/usr/bin/env node
/**
 * @module The `wbemrx` command: `wbemrx <verb> [options]`. Dispatches to `commands/<verb>.ts`,
 * prints `--help`, and turns every failure into `<HRESULT name>: <message>` on stderr with exit
 * code 1 (0 on success). Ctrl-C (or SIGTERM) aborts the running verb, which still shuts its engine
 * down, and a verb that fails because of it exits 130; a second Ctrl-C exits 130 at once.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { toWbemError } from '../index.js';
import { type CliIo, processIo } from './cli-io.js';
import type { Command } from './command.js';
import { parseCommandArgs } from './command-args.js';
import { COMMANDS, findCommand } from './commands/index.js';

function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: wbemrx <command> [options]

A WMI/CIM class repository on the command line.

Commands:
${lines.join('\n')}

Run 'wbemrx <command> --help' for the options of a command.
Exit status: 0 on success; 1 on failure, with '<HRESULT name>: <message>' on stderr.
`;
}

/**
 * Runs one command line (`argv` without `node` and the script) and returns the exit code.
 * Never throws: failures are printed to `io.err`.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    io.out(usage(COMMANDS));
    return 0;
  }
  try {
    const command = findCommand(verb);
    const args = parseCommandArgs(rest, command.options);
    if (args.flag('help')) {
      io.out(`${command.help.trimEnd()}\n`);
      return 0;
    }
    await command.run(args, io, signal);
    return 0;
  } catch (thrown) {
    io.err(`${toWbemError(thrown).message}\n`);
    return 1;
  }
}

async function main(): Promise<void> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await runCli(process.argv.slice(2), processIo(), controller.signal);
  process.exitCode = code !== 0 && controller.signal.aborted ? 130 : code;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // A clean shutdown leaves nothing running; this only fires if something (a stuck worker) would
  // keep the process alive, and it lets piped stdout drain first.
  setTimeout(() => process.exit(process.exitCode), 2000).unref();
}

function isEntryPoint(): boolean {
  const invoked = process.argv[1];
  if (invoked === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(invoked)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
