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
import { defaultDataDir } from './data-dir.js';
import { packageVersion } from './package-version.js';
import { since, trace } from './trace.js';

const RED = '\x1b[31m';
const RESET = '\x1b[39m';

/** `<HRESULT name>: <message>`, the name in red when `io.color` allows. */
export function formatFailure(message: string, color: boolean): string {
  if (!color) return `${message}\n`;
  const colon = message.indexOf(': ');
  const head = colon < 0 ? message : message.slice(0, colon);
  return `${RED}${head}${RESET}${colon < 0 ? '' : message.slice(colon)}\n`;
}

function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: wbemrx <command> [options]

A WMI/CIM class repository on the command line.

Commands:
${lines.join('\n')}

Run 'wbemrx <command> --help' for the options of a command, 'wbemrx --version' for the version.
Exit status: 0 on success; 1 on failure, with '<HRESULT name>: <message>' on stderr.

Data directory: ${defaultDataDir()}
  (the durable repository unless --data-dir or --memory is given; set WBEMRX_DATA_DIR to
  change it). NO_COLOR=1 turns colour off, FORCE_COLOR=1 on; NODE_DEBUG=wbemrx traces.
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
  if (verb === '--version' || verb === '-V' || verb === 'version') {
    io.out(`wbemrx ${packageVersion()}\n`);
    return 0;
  }
  const start = performance.now();
  trace('command %s %o', verb, rest);
  try {
    const command = findCommand(verb);
    const args = parseCommandArgs(rest, command.options);
    if (args.flag('help')) {
      io.out(`${command.help.trimEnd()}\n`);
      return 0;
    }
    await command.run(args, io, signal);
    trace('command %s succeeded in %s', verb, since(start));
    return 0;
  } catch (thrown) {
    const error = toWbemError(thrown);
    trace('command %s failed in %s: %s', verb, since(start), error.stack ?? error.message);
    io.err(formatFailure(error.message, io.color === true));
    return 1;
  }
}

/**
 * Runs the command line of this process (`process.argv`) and sets its exit code: what the
 * `wbemrx` bin (`wbemrx.ts`) does, and this module when node runs it directly.
 */
export async function main(): Promise<void> {
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
  // Everything the command started has ended here (its engine is shut down, its store closed),
  // so a natural exit would only tear the heap and V8's threads down piece by piece: 10-25 ms of
  // a command that opened a repository (bench/RESULTS.md, "End of round: class names..."). Exit
  // once the output written so far has reached the OS: the callbacks run after it, which a pipe
  // that is asynchronous (not on Linux) needs.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(process.exitCode)));
  // If a write never completes (a reader that stopped reading), or something (a stuck worker)
  // would keep the process alive, this ends it.
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

if (isEntryPoint()) void main();
