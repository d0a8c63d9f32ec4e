/**
 * @module Options shared by the verbs that open an engine: where the repository lives and which
 * namespace to work in.
 */
import { isAbsolute, resolve } from 'node:path';
import { WBEM_E_INVALID_PARAMETER, WbemError } from '../index.js';
import type { CommandOptions } from './command.js';
import type { CommandArgs } from './command-args.js';
import { type DataDirEnvironment, defaultDataDir, processEnvironment } from './data-dir.js';

export const DEFAULT_NAMESPACE = 'root/cimv2';

export const ENGINE_OPTIONS: CommandOptions = {
  namespace: { type: 'string', short: 'n' },
  'data-dir': { type: 'string', short: 'd' },
  memory: { type: 'boolean' },
  hosts: { type: 'string' },
  rules: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export const ENGINE_OPTIONS_HELP = `Engine options:
  -n, --namespace NS   namespace to work in (default ${DEFAULT_NAMESPACE})
  -d, --data-dir DIR   durable repository directory (default: $WBEMRX_DATA_DIR, else the
                       user data directory; 'wbemrx --help' prints it)
      --memory         use a throwaway in-memory repository instead of --data-dir
      --hosts N        actor host threads (default: the engine's, cores - 1; a command
                       that only reads runs its one host on its own thread unless given)
      --rules R        wmi (default): WMI's class rules exactly; dmtf: also what DSP0004
                       allows and WMI refuses (an abstract class below a concrete one, as
                       the DMTF CIM schema has)
  -h, --help           show this help`;

/** How to start the engine and where to connect. */
export interface EngineOptions {
  /** `null` for `--memory`. */
  readonly dataDir: string | null;
  /** Normalised namespace path (`root/cimv2`). */
  readonly namespace: string;
  readonly hosts: number | undefined;
  /** Where WMI and DMTF disagree, whose rule applies (`WbemEngine.start`'s `rules`). */
  readonly rules?: 'wmi' | 'dmtf';
}

/**
 * Normalises a namespace as WMI accepts it: `\` or `/` separators, no empty segments.
 * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` for an empty or malformed path.
 */
export function normaliseNamespace(text: string): string {
  const segments = text.split(/[\\/]/);
  if (text.trim() === '' || segments.some((segment) => segment.trim() === '')) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `'${text}' is not a namespace path (expected e.g. root/cimv2)`,
    });
  }
  return segments.join('/');
}

/**
 * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` when `--hosts`, `--rules` or `--namespace` is
 * malformed.
 */
export function readEngineOptions(
  args: CommandArgs,
  environment: DataDirEnvironment = processEnvironment(),
): EngineOptions {
  const rules = args.string('rules', 'wmi');
  if (rules !== 'wmi' && rules !== 'dmtf') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `--rules must be wmi or dmtf (got '${rules}')`,
    });
  }
  const dir = args.optionalString('data-dir') ?? defaultDataDir(environment);
  const hosts =
    args.optionalString('hosts') === undefined ? undefined : args.integer('hosts', 1, 1, 64);
  return {
    dataDir: args.flag('memory') ? null : isAbsolute(dir) ? dir : resolve(dir),
    namespace: normaliseNamespace(args.string('namespace', DEFAULT_NAMESPACE)),
    hosts,
    rules,
  };
}
