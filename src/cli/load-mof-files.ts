/**
 * @module Compiling MOF files and loading them through the engine's public API: the work of
 * `mofcomp` (and of `watch --mof`). The compiler is told which classes the repository already
 * holds (so a MOF may derive from them), `applyMof` does the puts in dependency order through a
 * `MofTarget` over `WbemServices`, and with `atomic` a failed load is rolled back
 * (see `namespace-snapshot.ts`).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { WbemEngine, WbemServices } from '../index.js';
import { nameKey } from '../model/names.js';
import { applyMof, type MofTarget } from '../mof/apply-mof.js';
import { compileMof } from '../mof/compile.js';
import type { MofCompilation } from '../mof/mof-operation.js';
import { MofParsePool } from '../runtime/mof-parse-pool.js';
import { WBEM_FLAG_CREATE_ONLY, WBEM_FLAG_DEEP, WBEM_MASK_UPDATE_MODE } from '../wbem/flags.js';
import { WBEM_E_INVALID_NAMESPACE, WBEM_E_NOT_FOUND } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { CliIo } from './cli-io.js';
import { connectNamespace } from './engine-session.js';
import {
  type RestoreSummary,
  restoreSnapshot,
  type Snapshot,
  takeSnapshot,
} from './namespace-snapshot.js';
import { createProgressBar } from './progress-bar.js';

export interface MofLoadOptions {
  /** The engine, or its start in progress (the MOF is compiled meanwhile). */
  readonly engine: WbemEngine | Promise<WbemEngine>;
  /** Namespace before any `#pragma namespace`. */
  readonly namespace: string;
  /** `WBEM_FLAG_UPDATE_SAFE_MODE`, `WBEM_FLAG_UPDATE_FORCE_MODE` or 0, for classes whose pragma sets no mode. */
  readonly updateMode?: number;
  readonly atomic?: boolean;
  /** Compile and check only: nothing is written. */
  readonly dryRun?: boolean;
  /** Puts in flight at once within one dependency level. */
  readonly window?: number;
  readonly io: CliIo;
  /**
   * Parse on a piscina pool of this many threads (0: on this thread). Measured on 2 cores, the
   * DMTF schema compiles in about 300 ms on the main thread and 350 ms with a pool of 1 or 2
   * (pool start and syntax-tree transfer cost more than the parallel parse saves), hence 0.
   */
  readonly parseThreads?: number;
  /** Called with the duration of each successful put, in milliseconds (the benchmark's probe). */
  readonly onPut?: (ms: number) => void;
}

export interface MofLoadSummary {
  readonly files: number;
  readonly namespaces: readonly string[];
  readonly qualifiers: number;
  readonly classesCreated: number;
  readonly classesUpdated: number;
  readonly instances: number;
  readonly compileMs: number;
  readonly loadMs: number;
}

/** Puts in flight per dependency level: the namespace actor applies them in order anyway. */
export const DEFAULT_WINDOW = 256;

/** Lower-cased names of the classes a namespace holds; empty when it does not exist. */
async function classNames(engine: WbemEngine, namespace: string): Promise<Set<string>> {
  let svc: WbemServices;
  try {
    svc = await engine.connectServer(namespace);
  } catch (thrown) {
    if (
      thrown instanceof WbemError &&
      (thrown.hresult === WBEM_E_INVALID_NAMESPACE || thrown.hresult === WBEM_E_NOT_FOUND)
    ) {
      return new Set();
    }
    throw thrown;
  }
  return new Set((await svc.createClassEnum(null, WBEM_FLAG_DEEP)).map((c) => nameKey(c.name)));
}

/**
 * Compiles `files` (includes resolved relative to each file).
 * @throws {MofError} syntax, declaration, include and ordering errors (`WBEMMOF_E_*`, `WBEM_E_NOT_FOUND`).
 */
export function compileFiles(
  files: readonly string[],
  namespace: string,
  existingClass: (name: string, namespace: string) => boolean,
): MofCompilation {
  return compileMof(files, {
    readFile: (path) => readFileSync(path),
    namespace,
    existingClass,
  });
}

async function compileOnPool(
  files: readonly string[],
  namespace: string,
  existingClass: (name: string, namespace: string) => boolean,
  threads: number,
): Promise<MofCompilation> {
  const pool = new MofParsePool({ threads });
  try {
    return await pool.compile(files, { namespace, existingClass });
  } finally {
    await pool.close();
  }
}

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
 * Compiles and loads MOF files into the engine.
 * @throws {MofError} compile errors, and load errors with the HRESULT of the rejected put and the
 * MOF position of its declaration. With `atomic`, the namespaces are restored before it is thrown.
 */
export async function loadMofFiles(
  files: readonly string[],
  options: MofLoadOptions,
): Promise<MofLoadSummary> {
  const { io } = options;
  const compile = (existingClass: (name: string, namespace: string) => boolean) =>
    (options.parseThreads ?? 0) > 0
      ? compileOnPool(files, options.namespace, existingClass, options.parseThreads ?? 1)
      : compileFiles(files, options.namespace, existingClass);
  // Compiled while the engine starts (its workers boot on their own threads): every class the MOF
  // needs from the repository is assumed present and noted, then checked once the engine is up.
  const compileStart = performance.now();
  const assumed: [string, string][] = [];
  let compilation = await compile((name, namespace) => {
    assumed.push([name, namespace]);
    return true;
  });
  const compileMs = performance.now() - compileStart;
  const engine = await options.engine;
  const known = new Map<string, Set<string>>();
  const namesOf = async (namespace: string): Promise<Set<string>> => {
    let names = known.get(namespace.toLowerCase());
    if (names === undefined) {
      names = await classNames(engine, namespace);
      known.set(namespace.toLowerCase(), names);
    }
    return names;
  };
  let missing = false;
  for (const [name, namespace] of assumed) {
    if (!(await namesOf(namespace)).has(nameKey(name))) missing = true;
  }
  if (missing) {
    // Throws the compiler's positioned WBEM_E_NOT_FOUND for the first class that is not there.
    compilation = await compile(
      (name, namespace) => known.get(namespace.toLowerCase())?.has(nameKey(name)) ?? false,
    );
  }
  const namespaces = [...new Set(compilation.operations.map((op) => op.namespace))];
  for (const namespace of namespaces) await namesOf(namespace);
  let classesCreated = 0;
  const firstPuts = new Set<string>();
  for (const op of compilation.operations) {
    if (op.kind !== 'class') continue;
    // A class the MOF declares twice is created by its first put and updated by the second.
    const key = `${op.namespace.toLowerCase()}\u0000${nameKey(op.cls.name)}`;
    if (firstPuts.has(key)) continue;
    firstPuts.add(key);
    if (!(known.get(op.namespace.toLowerCase())?.has(nameKey(op.cls.name)) ?? false))
      classesCreated += 1;
  }
  const summary = (loadMs: number): MofLoadSummary => ({
    files: compilation.files.length,
    namespaces: namespaces.length === 0 ? [options.namespace] : namespaces,
    qualifiers: compilation.qualifierCount,
    classesCreated,
    classesUpdated: compilation.classCount - classesCreated,
    instances: compilation.instanceCount,
    compileMs,
    loadMs,
  });
  if (options.dryRun === true) return summary(0);

  const services = new Map<string, Promise<WbemServices>>();
  const connect = (namespace: string): Promise<WbemServices> => {
    const key = namespace.toLowerCase();
    let svc = services.get(key);
    if (svc === undefined) {
      svc = connectNamespace(engine, namespace, true);
      services.set(key, svc);
    }
    return svc;
  };
  const createdInstances = new Map<string, string[]>();
  const updateMode = options.updateMode ?? 0;
  const target: MofTarget = {
    async putQualifierDeclaration(namespace, declaration) {
      const svc = await connect(namespace);
      const began = performance.now();
      await svc.putQualifierDeclaration(declaration);
      options.onPut?.(performance.now() - began);
    },
    async putClass(namespace, cls, flags) {
      const decided = (flags & (WBEM_MASK_UPDATE_MODE | WBEM_FLAG_CREATE_ONLY)) !== 0;
      const svc = await connect(namespace);
      const began = performance.now();
      await svc.putClass(cls, decided ? flags : flags | updateMode);
      options.onPut?.(performance.now() - began);
    },
    async deleteClass(namespace, className) {
      await (await connect(namespace)).deleteClass(className);
    },
    async deleteInstance(namespace, path) {
      await (await connect(namespace)).deleteInstance(path);
    },
    async createNamespace(parent, name) {
      await connectNamespace(engine, `${parent}/${name}`, true);
    },
    async putInstance(namespace, instance, flags) {
      const svc = await connect(namespace);
      const began = performance.now();
      const path = await svc.putInstance(instance, flags);
      options.onPut?.(performance.now() - began);
      const list = createdInstances.get(namespace) ?? [];
      list.push(path);
      createdInstances.set(namespace, list);
    },
  };

  const loadStart = performance.now();
  const snapshot: Snapshot | null =
    options.atomic === true ? await takeSnapshot(compilation.operations, engine, connect) : null;
  const bar = createProgressBar(io, 'mofcomp');
  try {
    await applyMof(compilation.operations, target, {
      window: options.window ?? DEFAULT_WINDOW,
      onProgress: (done, total) => bar.update(done, total),
    });
  } catch (thrown) {
    bar.finish();
    if (snapshot !== null) {
      let restored: RestoreSummary;
      try {
        restored = await restoreSnapshot(snapshot, engine, connect, createdInstances);
      } catch (rollbackError) {
        io.err(
          `--atomic: rollback incomplete: ${rollbackError instanceof Error ? rollbackError.message : String(rollbackError)}\n`,
        );
        throw thrown;
      }
      io.err(
        `--atomic: load failed, namespace restored (${restored.classesDeleted} class trees deleted, ${restored.classesRestored} classes and ${restored.instancesRestored} instances written back, ${restored.instancesDeleted} instances deleted, ${restored.qualifiersDeleted} qualifier declarations deleted and ${restored.qualifiersRestored} written back)\n`,
      );
    }
    throw thrown;
  }
  bar.finish();
  return summary(performance.now() - loadStart);
}
