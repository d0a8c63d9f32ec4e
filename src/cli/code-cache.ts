/**
 * @module V8's code cache for the `wbemrx` bin. A command spent a third of its CPU compiling
 * JavaScript: V8 parsed the command line's bundle (1.5 MB) on every start, then compiled each
 * function the command ran on its first call. `runWithCodeCache` runs the bundle (a CommonJS
 * file, `bundled/wbemrx-cli.cjs`) with the code a previous run left in a cache file
 * (`src/runtime/code-cache-file.ts`: where, and when it is trusted), and writes that file when the
 * run used code the cache did not hold (bench/RESULTS.md, "The command line's compiled code,
 * cached").
 */
import { createRequire } from 'node:module';
import { compileWithCodeCache } from '../runtime/code-cache-file.js';

/**
 * How many ways of running the command (`usageKey`) one cache file records. Each new way writes
 * the file once more; past the cap a new way runs with what is cached and writes nothing.
 */
export const MAX_USAGES = 64;

/**
 * Which code a command line runs, as far as the cache is concerned: the verb and the names of the
 * options given, sorted (`get-class --json -d`). Values do not change which functions run.
 */
export function usageKey(argv: readonly string[]): string {
  const [verb = '', ...rest] = argv;
  const options = new Set<string>();
  for (const arg of rest) {
    if (arg.startsWith('-')) options.add(arg.split('=', 1)[0] ?? arg);
  }
  return [verb, ...[...options].sort()].join(' ');
}

/**
 * Runs the CommonJS file `file` as the main code of this process, with V8's compiled code cached
 * under the file's content hash. `argv` is the command line (`process.argv.slice(2)`), which
 * tells whether the cache already holds what this run needs.
 */
export function runWithCodeCache(file: string, argv: readonly string[]): void {
  const cached = compileWithCodeCache(file, 'cli');
  if (cached === undefined) {
    createRequire(file)(file);
    return;
  }
  const usage = usageKey(argv);
  const { usages } = cached;
  if (!usages.includes(usage) && usages.length < MAX_USAGES) {
    // At exit the script holds everything this run compiled as well as what the cache gave it.
    process.once('exit', () => cached.save([...usages, usage]));
  }
  cached.run();
}
