/**
 * @module The public MOF loader: compiles MOF and loads it through the engine's public calls, as
 * `mofcomp` does. The compiler is told which classes the repository already holds (so a MOF may
 * derive from them), `applyMof` does the puts in dependency order, and with `atomic` a failed load
 * is rolled back (`namespace-snapshot.ts`).
 *
 * Given a starting engine (a promise), the MOF is compiled while the engine's workers boot: every
 * class the MOF needs from the repository is assumed present and noted, then checked once the
 * engine is up, and only if one is missing is the MOF compiled again, to throw the compiler's
 * positioned error for it.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { handOver } from '../../model/hand-over.js';
import { nameKey } from '../../model/names.js';
import { WBEM_FLAG_CREATE_ONLY, WBEM_MASK_UPDATE_MODE } from '../../wbem/flags.js';
import { WBEM_E_CALL_CANCELLED, WBEM_E_INVALID_NAMESPACE } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { applyMof, type MofTarget } from '../apply-mof.js';
import type { MofSource } from '../compile.js';
import type { MofCompilation } from '../mof-operation.js';
import { quoteSourceLine } from '../quote-source.js';
import { type CompileMofOptions, compileMof } from './compile-mof.js';
import { connectNamespace } from './connect-namespace.js';
import { existingClasses } from './existing-classes.js';
import { encodeSnapshot } from './load-journal.js';
import type { MofLoadEngine, MofLoadServices } from './mof-load-target.js';
import { type RestoreSummary, restoreSnapshot, takeSnapshot } from './namespace-snapshot.js';

export type { RestoreSummary } from './namespace-snapshot.js';

/** Puts in flight per dependency level: the namespace actor applies them in order anyway. */
export const DEFAULT_MOF_WINDOW = 256;

/** How a failed `atomic` load ended: the namespaces restored, or the rollback's own failure. */
export type MofRollbackOutcome =
  | { readonly kind: 'restored'; readonly summary: RestoreSummary }
  | { readonly kind: 'incomplete'; readonly error: unknown };

/** How `loadMof` compiles and loads. */
export interface LoadMofOptions
  extends Pick<
    CompileMofOptions,
    'classFlags' | 'parseThreads' | 'resolveInclude' | 'readFile' | 'rules'
  > {
  /** Namespace before any `#pragma namespace`; default: the services' own, or `root/cimv2`. */
  readonly namespace?: string;
  /** `WBEM_FLAG_UPDATE_SAFE_MODE`, `WBEM_FLAG_UPDATE_FORCE_MODE` or 0, for classes whose pragma sets no mode. */
  readonly updateMode?: number;
  /** All or nothing: on failure the namespaces written are restored to their state before the load. */
  readonly atomic?: boolean;
  /** Compile and check against the repository only: nothing is written. */
  readonly dryRun?: boolean;
  /** Puts in flight at once within one dependency level; default `DEFAULT_MOF_WINDOW`. */
  readonly window?: number;
  /** Called after each successful put (and once with 0 done before the first). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Called with the duration of each successful put, in milliseconds. */
  readonly onPut?: (ms: number) => void;
  /** Called when an `atomic` load failed, after its rollback, before the load's error is thrown. */
  readonly onRollback?: (outcome: MofRollbackOutcome) => void;
  /**
   * Interrupts the load: no put starts after it is aborted, those in flight settle, an `atomic`
   * load is rolled back, and the load rejects with WBEM_E_CALL_CANCELLED.
   */
  readonly signal?: AbortSignal;
}

/** What a load compiled and wrote. */
export interface MofLoadSummary {
  readonly files: number;
  readonly namespaces: readonly string[];
  readonly qualifiers: number;
  readonly classesCreated: number;
  readonly classesUpdated: number;
  readonly instances: number;
  /** Compiling the MOF, ms. */
  readonly compileMs: number;
  /**
   * Loading it, ms: learning which of its classes the namespaces hold, then the writes (the
   * engine's start, when the destination is a promise of one, is in neither figure).
   */
  readonly loadMs: number;
}

/** Where `loadMof` writes: an engine (any namespace), its start in progress, or one namespace's services. */
export type MofLoadDestination = MofLoadEngine | Promise<MofLoadEngine> | MofLoadServices;

function isServices(destination: MofLoadEngine | MofLoadServices): destination is MofLoadServices {
  return !('connectServer' in destination);
}

/** An engine view of one namespace's services: other namespaces cannot be reached through it. */
function singleNamespace(svc: MofLoadServices): MofLoadEngine {
  const refuse = (namespace: string): never => {
    throw new WbemError(WBEM_E_INVALID_NAMESPACE, {
      message: `the MOF writes namespace '${namespace}', but was loaded through the services of '${svc.namespace}' (load through the engine to reach other namespaces)`,
    });
  };
  return {
    connectServer: async (namespace) =>
      nameKey(namespace.replaceAll('\\', '/')) === nameKey(svc.namespace) ? svc : refuse(namespace),
    createNamespace: async (parent, name) => refuse(`${parent}/${name}`),
    deleteNamespace: async (namespace) => refuse(namespace),
  };
}

function interrupted(): WbemError {
  return new WbemError(WBEM_E_CALL_CANCELLED, { message: 'the MOF load was interrupted' });
}

/**
 * Compiles MOF files (with their includes, `#pragma namespace`, `classflags` and `instanceflags`)
 * and loads them: qualifier declarations, then classes in dependency order, then instances.
 * Namespaces the MOF names are created when absent (not through a services destination).
 *
 * Mirrors `mofcomp.exe`: the load stops at the first rejected put.
 * @throws {MofError} compile errors (see `compileMof`), and load errors with the HRESULT of the
 * rejected put, the MOF position of its declaration and its source line quoted with a caret
 * (`excerpt`). With `atomic`, the namespaces are restored before it is thrown.
 * @throws {WbemError} WBEM_E_INVALID_NAMESPACE when the MOF writes a namespace a services
 * destination does not reach; whatever the engine start or a snapshot read throws.
 * @example
 * ```ts
 * const engine = await WbemEngine.start({ storage: 'memory' });
 * const summary = await loadMof(engine, ['model.mof'], { namespace: 'root/test', atomic: true });
 * ```
 */
export async function loadMof(
  destination: MofLoadDestination,
  sources: readonly (string | MofSource)[],
  options: LoadMofOptions = {},
): Promise<MofLoadSummary> {
  const settled = destination instanceof Promise ? null : destination;
  const baseNamespace =
    options.namespace ??
    (settled !== null && isServices(settled) ? settled.namespace : 'root/cimv2');
  const compileOptions: CompileMofOptions = {
    namespace: baseNamespace,
    ...(options.classFlags === undefined ? {} : { classFlags: options.classFlags }),
    ...(options.parseThreads === undefined ? {} : { parseThreads: options.parseThreads }),
    ...(options.resolveInclude === undefined ? {} : { resolveInclude: options.resolveInclude }),
    ...(options.readFile === undefined ? {} : { readFile: options.readFile }),
    ...(options.rules === undefined ? {} : { rules: options.rules }),
  };
  const compile = (existingClass: (name: string, namespace: string) => boolean) =>
    compileMof(sources, { ...compileOptions, existingClass });
  const compileStart = performance.now();
  const assumed: [string, string][] = [];
  let compilation: MofCompilation = await compile((name, namespace) => {
    assumed.push([name, namespace]);
    return true;
  });
  const compileMs = performance.now() - compileStart;
  const reached = await destination;
  const loadStart = performance.now();
  const engine = isServices(reached) ? singleNamespace(reached) : reached;
  // The classes the MOF names, by namespace: those it assumed exist and those it puts.
  // `declared`: the `nameKey`s of the classes the MOF puts (the others it only assumes exist).
  const named = new Map<string, { namespace: string; names: string[]; declared: Set<string> }>();
  const name = (className: string, namespace: string, declares: boolean): void => {
    const key = namespace.toLowerCase();
    let entry = named.get(key);
    if (entry === undefined) {
      entry = { namespace, names: [], declared: new Set() };
      named.set(key, entry);
    }
    entry.names.push(className);
    if (declares) entry.declared.add(nameKey(className));
  };
  for (const [className, namespace] of assumed) name(className, namespace, false);
  for (const op of compilation.operations)
    if (op.kind === 'class') name(op.cls.name, op.namespace, true);
  const known = new Map<string, Set<string>>();
  for (const [key, { namespace, names, declared }] of named) {
    known.set(key, await existingClasses(engine, namespace, names, declared));
  }
  const exists = (className: string, namespace: string): boolean =>
    known.get(namespace.toLowerCase())?.has(nameKey(className)) ?? false;
  if (assumed.some(([className, namespace]) => !exists(className, namespace))) {
    // Throws the compiler's positioned WBEM_E_NOT_FOUND for the first class that is not there.
    compilation = await compile(exists);
  }
  const namespaces = [...new Set(compilation.operations.map((op) => op.namespace))];
  let classesCreated = 0;
  const firstPuts = new Set<string>();
  for (const op of compilation.operations) {
    if (op.kind !== 'class') continue;
    // A class the MOF declares twice is created by its first put and updated by the second.
    const key = `${op.namespace.toLowerCase()}\u0000${nameKey(op.cls.name)}`;
    if (firstPuts.has(key)) continue;
    firstPuts.add(key);
    if (!exists(op.cls.name, op.namespace)) classesCreated += 1;
  }
  const summary = (loadMs: number): MofLoadSummary => ({
    files: compilation.files.length,
    namespaces: namespaces.length === 0 ? [baseNamespace] : namespaces,
    qualifiers: compilation.qualifierCount,
    classesCreated,
    classesUpdated: compilation.classCount - classesCreated,
    instances: compilation.instanceCount,
    compileMs,
    loadMs,
  });
  if (options.dryRun === true) return summary(0);

  const signal = options.signal;
  const checkSignal = (): void => {
    if (signal?.aborted === true) throw interrupted();
  };
  checkSignal();
  const services = new Map<string, Promise<MofLoadServices>>();
  const connect = (namespace: string): Promise<MofLoadServices> => {
    const key = namespace.toLowerCase();
    let svc = services.get(key);
    if (svc === undefined) {
      svc = connectNamespace(engine, namespace, true);
      services.set(key, svc);
    }
    return svc;
  };
  const updateMode = options.updateMode ?? 0;
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const began = performance.now();
    const result = await call();
    options.onPut?.(performance.now() - began);
    return result;
  };
  // Every write goes through `write`, so none starts once the signal is aborted.
  const write = async (namespace: string): Promise<MofLoadServices> => {
    checkSignal();
    const svc = await connect(namespace);
    checkSignal();
    return svc;
  };
  const target: MofTarget = {
    async putQualifierDeclaration(namespace, declaration) {
      const svc = await write(namespace);
      await timed(() => svc.putQualifierDeclaration(handOver(declaration)));
    },
    async putClass(namespace, cls, flags) {
      const decided = (flags & (WBEM_MASK_UPDATE_MODE | WBEM_FLAG_CREATE_ONLY)) !== 0;
      const svc = await write(namespace);
      await timed(() => svc.putClass(handOver(cls), decided ? flags : flags | updateMode));
    },
    async deleteClass(namespace, className) {
      await (await write(namespace)).deleteClass(className);
    },
    async deleteInstance(namespace, path) {
      await (await write(namespace)).deleteInstance(path);
    },
    async createNamespace(parent, name) {
      checkSignal();
      await connectNamespace(engine, `${parent}/${name}`, true);
    },
    async putInstance(namespace, instance, flags) {
      const svc = await write(namespace);
      await timed(() => svc.putInstance(handOver(instance), flags));
    },
  };

  const snapshot =
    options.atomic === true ? await takeSnapshot(compilation.operations, engine) : null;
  // The undo journal is durable before the first write: from here until it is removed, a load
  // interrupted in any way is rolled back, at the latest when the engine next starts.
  const journal = snapshot === null ? undefined : engine.loadJournal;
  const journalId =
    snapshot === null || journal === undefined
      ? undefined
      : await journal.record(encodeSnapshot(snapshot));
  try {
    checkSignal();
    await applyMof(compilation.operations, target, {
      window: options.window ?? DEFAULT_MOF_WINDOW,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
  } catch (thrown) {
    if (snapshot !== null) {
      let outcome: MofRollbackOutcome;
      try {
        outcome = { kind: 'restored', summary: await restoreSnapshot(snapshot, engine) };
        if (journalId !== undefined) await journal?.remove(journalId);
      } catch (rollbackError) {
        outcome = { kind: 'incomplete', error: rollbackError };
      }
      options.onRollback?.(outcome);
    }
    if (signal?.aborted === true) throw interrupted();
    throw quoteSourceLine(thrown, sources, options.readFile ?? ((path) => readFileSync(path)));
  }
  // The commit point: every put is acknowledged, hence durable; removing the journal entry makes
  // the load permanent.
  if (journalId !== undefined) await journal?.remove(journalId);
  return summary(performance.now() - loadStart);
}
