/**
 * @module Command-line arguments of one verb, parsed with `node:util` `parseArgs` and read back
 * through typed accessors. Every malformed argument becomes `WBEM_E_INVALID_PARAMETER` with a
 * message naming the option, so bad input exits with the same `<HRESULT>: <message>` shape as
 * every other failure.
 */
import { parseArgs } from 'node:util';
import { WBEM_E_INVALID_PARAMETER, WbemError } from '../index.js';
import type { CommandOptions } from './command.js';
import { didYouMean } from './did-you-mean.js';

type OptionValue = string | boolean | (string | boolean)[] | undefined;

/** Parsed arguments with typed, validating accessors. */
export interface CommandArgs {
  readonly positionals: readonly string[];
  /** A string option, or `fallback` when absent. */
  string(name: string, fallback: string): string;
  /** A string option, or `undefined` when absent. */
  optionalString(name: string): string | undefined;
  /** Every value of a repeatable string option (empty when absent). */
  strings(name: string): readonly string[];
  flag(name: string): boolean;
  /**
   * An integer option within `[min, max]`, or `fallback` when absent.
   * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` when not an integer in range.
   */
  integer(name: string, fallback: number, min: number, max: number): number;
  /**
   * A comma-separated list of integers (`1,2,4`), each within `[min, max]`.
   * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` when an item is not an integer in range.
   */
  integers(name: string, fallback: readonly number[], min: number, max: number): readonly number[];
}

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

function parseInteger(name: string, text: string, min: number, max: number): number {
  const value = /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(`--${name} must be an integer from ${min} to ${max} (got '${text}')`);
  }
  return value;
}

/**
 * Parses `argv` (the words after the verb) against a verb's options.
 *
 * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` for an unknown option, a missing option value
 * or a value given to a boolean flag.
 */
export function parseCommandArgs(argv: readonly string[], options: CommandOptions): CommandArgs {
  let parsed: { values: Record<string, OptionValue>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (thrown) {
    const message = (thrown instanceof Error ? thrown.message : String(thrown)).replace(
      /\. To specify a positional argument.*$/s,
      '',
    );
    const unknown = /^Unknown option '(--?[^']+)'/.exec(message)?.[1];
    const names = Object.keys(options).map((name) => `--${name}`);
    throw invalid(unknown === undefined ? message : `${message}${didYouMean(unknown, names)}`);
  }
  const { values, positionals } = parsed;
  const raw = (name: string): OptionValue => values[name];
  const single = (name: string): string | undefined => {
    const value = raw(name);
    const last = Array.isArray(value) ? value.at(-1) : value;
    return typeof last === 'string' ? last : undefined;
  };
  return {
    positionals,
    string: (name, fallback) => single(name) ?? fallback,
    optionalString: (name) => single(name),
    strings: (name) => {
      const value = raw(name);
      const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
      return list.filter((item): item is string => typeof item === 'string');
    },
    flag: (name) => raw(name) === true,
    integer: (name, fallback, min, max) => {
      const text = single(name);
      return text === undefined ? fallback : parseInteger(name, text, min, max);
    },
    integers: (name, fallback, min, max) => {
      const text = single(name);
      if (text === undefined) return fallback;
      const items = text.split(',').filter((item) => item.trim() !== '');
      if (items.length === 0) throw invalid(`--${name} needs at least one integer`);
      return items.map((item) => parseInteger(name, item, min, max));
    },
  };
}
