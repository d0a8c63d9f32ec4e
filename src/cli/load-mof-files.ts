/**
 * @module `mofcomp` (and `watch --mof`) over the public `loadMof`: the progress bar, the
 * `--atomic` rollback report on stderr, and the summary lines.
 */
import { accessSync, constants, statSync } from 'node:fs';
import {
  DEFAULT_MOF_WINDOW,
  type LoadMofOptions,
  loadMof,
  type MofLoadEngine,
  type MofLoadSummary,
  mofStatusName,
  WBEMMOF_E_INVALID_FILE,
  WbemError,
} from '../index.js';
import type { CliIo } from './cli-io.js';
import { createProgressBar } from './progress-bar.js';
import { since, trace } from './trace.js';

export interface MofLoadOptions
  extends Pick<
    LoadMofOptions,
    'updateMode' | 'atomic' | 'dryRun' | 'window' | 'parseThreads' | 'signal' | 'rules'
  > {
  /** The engine, or its start in progress (the MOF is compiled meanwhile). */
  readonly engine: MofLoadEngine | Promise<MofLoadEngine>;
  /** Namespace before any `#pragma namespace`. */
  readonly namespace: string;
  readonly io: CliIo;
}

/** Puts in flight per dependency level (`--window`). */
export const DEFAULT_WINDOW = DEFAULT_MOF_WINDOW;

function count(n: number, noun: string): string {
  if (n === 1) return `1 ${noun}`;
  return `${n} ${noun}${noun.endsWith('s') ? 'es' : 's'}`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The summary lines `mofcomp` prints. */
export function formatSummary(summary: MofLoadSummary, dryRun: boolean): string {
  const compiled = `compiled ${count(summary.files, 'file')} in ${formatMs(summary.compileMs)}`;
  const qualifiers = count(summary.qualifiers, 'qualifier declaration');
  const instances = count(summary.instances, 'instance');
  const what = `${qualifiers}, ${count(summary.classesCreated + summary.classesUpdated, 'class')}, ${instances}`;
  if (dryRun) return `${compiled}: ${what} (dry run: nothing written)\n`;
  return `${compiled}\nloaded into ${summary.namespaces.join(', ')} in ${formatMs(summary.loadMs)}: ${count(summary.classesCreated, 'class')} created, ${summary.classesUpdated} updated, ${qualifiers}, ${instances}\ntotal ${formatMs(summary.compileMs + summary.loadMs)}\n`;
}

/**
 * Checks each named file can be read before anything is compiled, so a mistyped path is reported
 * by its path alone (the compiler would report it at position 0:0).
 * @throws {WbemError} `WBEMMOF_E_INVALID_FILE` naming the first file that cannot be read.
 */
export function checkMofFiles(files: readonly string[]): void {
  for (const file of files) {
    let reason: string | undefined;
    try {
      if (statSync(file).isDirectory()) reason = 'it is a directory';
      else accessSync(file, constants.R_OK);
    } catch (thrown) {
      const code = (thrown as { code?: unknown }).code;
      reason =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : thrown instanceof Error
              ? thrown.message
              : String(thrown);
    }
    if (reason === undefined) continue;
    const error = new WbemError(WBEMMOF_E_INVALID_FILE, {
      message: `cannot read MOF file ${file}: ${reason}`,
    });
    // WbemError names codes through hresultName, which does not know the WBEMMOF_E_* codes.
    error.message = `${mofStatusName(WBEMMOF_E_INVALID_FILE)}: cannot read MOF file ${file}: ${reason}`;
    throw error;
  }
}

/**
 * Compiles and loads MOF files into the engine, drawing progress on a terminal.
 * @throws {MofError} as `loadMof`.
 */
export async function loadMofFiles(
  files: readonly string[],
  options: MofLoadOptions,
): Promise<MofLoadSummary> {
  const { engine, io, ...load } = options;
  checkMofFiles(files);
  const bar = createProgressBar(io, 'mofcomp');
  const start = performance.now();
  let loading = false;
  trace('mof: compiling %d file(s) into %s', files.length, options.namespace);
  try {
    const summary = await loadMof(engine, files, {
      ...load,
      onProgress: (done, total) => {
        if (!loading) {
          loading = true;
          trace('mof: compiled in %s; loading %d statements', since(start), total);
        }
        bar.update(done, total);
      },
      onRollback: (outcome) => {
        bar.finish();
        if (outcome.kind === 'incomplete') {
          const { error } = outcome;
          io.err(
            `--atomic: rollback incomplete: ${error instanceof Error ? error.message : String(error)}\n`,
          );
          return;
        }
        const restored = outcome.summary;
        io.err(
          `--atomic: load ${options.signal?.aborted === true ? 'interrupted' : 'failed'}, namespace restored (${restored.namespacesDeleted} namespaces deleted, ${restored.classesDeleted} class trees deleted, ${restored.classesRestored} classes and ${restored.instancesRestored} instances written back, ${restored.instancesDeleted} instances deleted, ${restored.qualifiersDeleted} qualifier declarations deleted and ${restored.qualifiersRestored} written back)\n`,
        );
      },
    });
    trace(
      'mof: done in %s (compile %d ms, load %d ms)',
      since(start),
      Math.round(summary.compileMs),
      Math.round(summary.loadMs),
    );
    return summary;
  } finally {
    bar.finish();
  }
}
