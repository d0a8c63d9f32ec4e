/**
 * @module Parses MOF files on a piscina pool and compiles them: the parallel front of
 * `compileMof`, for schemas of many files (the DMTF CIM schema is 1,441).
 *
 * Parsing is stateless per file, so it is the part that parallelises; conversion to model
 * objects stays on the calling thread because it depends on qualifier declarations in source
 * order. Includes are discovered wave by wave: the entries are parsed first, then every file they
 * include, and so on. Results are keyed by path and consumed in source order, so which error is
 * reported first does not depend on thread timing.
 *
 * On the 2-core reference machine the pool is about 2x slower than `compileMof` on one thread for
 * the DMTF schema, because shipping syntax trees back costs as much as parsing them
 * (bench/RESULTS.md, "MOF compiler"); `defaultParseThreads` turns it on only with more cores.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { toWbemError } from '../../wbem/wbem-error.js';
import type { MofFile } from '../ast.js';
import {
  compileMof,
  type MofCompileOptions,
  type MofSource,
  resolveIncludeRelative,
} from '../compile.js';
import { MofError } from '../mof-error.js';
import type { MofCompilation } from '../mof-operation.js';
import type { MofParseOutcome, MofParseTask } from '../parse-task.js';

export interface MofParsePoolOptions {
  /** Worker threads; default: cores − 1, at least 1. */
  readonly threads?: number;
  /** Files per task: fewer, larger tasks amortise the per-task message cost. Default 64. */
  readonly batchSize?: number;
}

/** Parse results by path: the syntax tree, or the error the file's text raised. */
export type MofParseResults = ReadonlyMap<string, MofFile | MofError>;

export class MofParsePool {
  private readonly piscina: Piscina;
  private readonly batchSize: number;
  private readonly threads: number;

  constructor(options: MofParsePoolOptions = {}) {
    const threads = Math.max(1, options.threads ?? availableParallelism() - 1);
    this.batchSize = Math.max(1, options.batchSize ?? 64);
    this.threads = threads;
    this.piscina = new Piscina({
      filename: new URL('../../../workers/mof-parse.worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
    });
  }

  /**
   * Parses files (read by the workers); unreadable files are left out of the result.
   * @throws {WbemError} WBEM_E_FAILED when a worker fails for a reason other than the MOF text.
   */
  async parse(paths: readonly string[]): Promise<Map<string, MofFile | MofError>> {
    const tasks: MofParseTask[] = [];
    const size = Math.max(
      1,
      Math.min(this.batchSize, Math.ceil(paths.length / (this.threads * 2))),
    );
    for (let i = 0; i < paths.length; i += size) {
      tasks.push({ files: paths.slice(i, i + size).map((path) => ({ path, text: null })) });
    }
    let batches: MofParseOutcome[][];
    try {
      batches = await Promise.all(
        tasks.map(
          async (task) => JSON.parse((await this.piscina.run(task)) as string) as MofParseOutcome[],
        ),
      );
    } catch (thrown) {
      throw toWbemError(thrown);
    }
    const results = new Map<string, MofFile | MofError>();
    for (const outcome of batches.flat()) {
      if (outcome.kind === 'ok') results.set(outcome.path, outcome.file);
      else if (outcome.kind === 'fail') results.set(outcome.path, MofError.fromData(outcome.error));
    }
    return results;
  }

  /**
   * Parses `entries` and everything they include on the pool, then compiles on this thread.
   * Same result and errors as `compileMof` with the same options.
   * @throws {MofError} as `compileMof`.
   */
  async compile(
    entries: readonly (string | MofSource)[],
    options: Omit<MofCompileOptions, 'parsed' | 'readFile'> & {
      readonly readFile?: (path: string) => string | Uint8Array;
    },
  ): Promise<MofCompilation> {
    const resolve = options.resolveInclude ?? resolveIncludeRelative;
    const results = new Map<string, MofFile | MofError>();
    // Entries given as text are parsed by `compileMof` on this thread; what they include is not
    // pre-parsed (they are small inline sources, not schemas).
    let frontier = [...new Set(entries.filter((entry) => typeof entry === 'string'))];
    while (frontier.length > 0) {
      const parsed = await this.parse(frontier);
      const next = new Set<string>();
      for (const [path, result] of parsed) {
        results.set(path, result);
        if (result instanceof MofError) continue;
        for (const decl of result.declarations) {
          if (decl.kind !== 'pragma' || decl.name !== 'include') continue;
          const target = resolve(path, decl.args[0] as string);
          if (!results.has(target) && !parsed.has(target)) next.add(target);
        }
      }
      frontier = [...next];
    }
    return compileMof(entries, {
      ...options,
      readFile: options.readFile ?? ((path) => readFileSync(path)),
      parsed: (path) => {
        const result = results.get(path);
        if (result instanceof MofError) throw result;
        return result;
      },
    });
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
