/**
 * @module The shape of one `wbemrx` verb: its help text, its options (in `node:util` `parseArgs`
 * form) and what it runs. `main.ts` owns dispatch, `--help` and error reporting, so each verb only
 * does its own work and throws `WbemError` on failure.
 */
import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io.js';
import type { CommandArgs } from './command-args.js';

export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  /** The verb as typed (`mofcomp`, `get-class`). */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Synopsis and option descriptions printed by `--help`. */
  readonly help: string;
  readonly options: CommandOptions;
  /**
   * Runs the verb. `signal` aborts on SIGINT/SIGTERM: long-running verbs (`watch`, `bench`) stop
   * cleanly on it and still shut their engine down.
   *
   * @throws {WbemError} any HRESULT; `main` prints `<HRESULT name>: <message>` and exits non-zero.
   */
  run(args: CommandArgs, io: CliIo, signal: AbortSignal): Promise<void>;
}
