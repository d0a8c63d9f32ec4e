/**
 * @module The public MOF compiler: files read from disk (or texts given inline), includes
 * resolved relative to each including file, parsed on this thread or on the piscina parse pool.
 *
 * Whether to use the pool follows the core count (`defaultParseThreads`), because the measured
 * break-even is about cores, not input size: on 2 cores the pool is slower for the whole DMTF
 * schema (1,441 files; bench/RESULTS.md, "MOF compiler"), since moving the syntax trees back to
 * the compiling thread costs about as much as parsing them.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { WBEM_E_INVALID_PARAMETER } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { compileMof as compileParsed, type MofCompileOptions, type MofSource } from '../compile.js';
import type { MofCompilation } from '../mof-operation.js';

/**
 * Fewest cores on which the parse pool is on by default. Measured only on 2 cores, where the
 * pool loses (cold 635-723 ms against 355-503 ms on one thread; warm 249-369 ms against
 * 123-239 ms): the parse is ~60% of one thread's work and the tree transfer eats what a second
 * worker saves, so the pool can only win with several workers to share the parse.
 */
export const PARSE_POOL_MIN_CORES = 8;

/** Parse threads for a machine with `cores` cores: cores − 1 from `PARSE_POOL_MIN_CORES` up, else 0. */
export function defaultParseThreads(cores: number = availableParallelism()): number {
  return cores >= PARSE_POOL_MIN_CORES ? cores - 1 : 0;
}

/** How `compileMof` compiles; the options of the pure compiler apply, `readFile` defaults to disk. */
export interface CompileMofOptions extends Omit<MofCompileOptions, 'readFile' | 'parsed'> {
  /** Reads a file's text; default: UTF-8 from disk. Given, it also keeps the parse on this thread (the pool's workers read from disk). */
  readonly readFile?: (path: string) => string | Uint8Array;
  /**
   * Parse on a piscina pool of this many threads, 0 on the calling thread. Default:
   * `defaultParseThreads()` (0 below `PARSE_POOL_MIN_CORES` cores).
   */
  readonly parseThreads?: number;
}

// Bytes, not text: the compiler detects UTF-16 and validates UTF-8 itself (decode-mof.ts).
const readBytes = (path: string): Uint8Array => readFileSync(path);

/**
 * Compiles MOF files (paths, or `{ path, text }` sources) and everything they include into the
 * ordered operations that load them: qualifier declarations, classes (each after its superclass
 * and the classes it references), then instances.
 *
 * Mirrors `mofcomp`'s parse-and-check phase; `loadMof` also does the puts.
 * @throws {MofError} WBEMMOF_E_* syntax and declaration errors; WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE
 * for unreadable or cyclic includes; WBEM_E_NOT_FOUND for a superclass or referenced class that
 * neither the MOF nor `existingClass` has; WBEM_E_CIRCULAR_REFERENCE for a superclass cycle.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a bad `parseThreads`; WBEM_E_FAILED when a
 * pool worker fails for a reason other than the MOF text.
 * @example
 * ```ts
 * const compilation = await compileMof(['schema/cim_schema_2.41.0.mof'], { namespace: 'root/dmtf' });
 * console.log(compilation.classCount);
 * ```
 */
export async function compileMof(
  sources: readonly (string | MofSource)[],
  options: CompileMofOptions = {},
): Promise<MofCompilation> {
  const { parseThreads, readFile = readBytes, ...rest } = options;
  const threads = parseThreads ?? defaultParseThreads();
  if (!Number.isInteger(threads) || threads < 0 || threads > 256) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `parseThreads must be an integer from 0 to 256 (got ${String(threads)})`,
    });
  }
  if (threads === 0 || options.readFile !== undefined) {
    return compileParsed(sources, { ...rest, readFile });
  }
  // Loaded on first use: piscina and the pool cost every CLI call ~10 ms of loading otherwise.
  const { MofParsePool } = await import('./mof-parse-pool.js');
  const pool = new MofParsePool({ threads });
  try {
    return await pool.compile(sources, { ...rest, readFile });
  } finally {
    await pool.close();
  }
}
