/**
 * @module `loadMof`'s `atomic` option (`mofcomp --atomic`): the snapshot of everything a load can
 * change, and the rollback that puts it back. The snapshot is also the load's undo journal
 * (`load-journal.ts`, docs/atomic-load.md): recorded durably before the first write, replayed
 * at the next start when the load neither committed nor finished rolling back.
 *
 * Before the load, every class of each namespace the MOF writes is read (one deep
 * `createClassEnum`), so are its qualifier declarations and the stored instances of the existing
 * classes the MOF puts, deletes or puts instances of (a force-mode update may delete instances).
 * Nothing is written while the snapshot is taken: a namespace that does not exist yet is noted
 * with its topmost missing ancestor, which the rollback deletes.
 *
 * The rollback diffs each namespace against the snapshot: qualifier declarations the load added
 * are deleted and those it changed are put back; classes the load created are deleted (subtree
 * roots, so `deleteClass` cascades), classes it changed or removed are written back from their
 * local definition in force mode, top-down; instances of the snapshot's classes that the snapshot
 * does not hold are deleted and the snapshot's instances are put back. Every step compares with
 * the repository as it is now, so the rollback can be replayed after a crash in its middle.
 *
 * Limit, stated plainly: the rollback is itself a series of calls, so other writers of the same
 * namespace during the load can see the intermediate states and events of both the load and its
 * rollback, and can lose their own writes to what the rollback restores.
 */

import type { CimClass } from '../../model/cim-class.js';
import type { CimInstance } from '../../model/cim-instance.js';
import { localDefinition } from '../../model/local-definition.js';
import { nameKey } from '../../model/names.js';
import { namespaceSegments } from '../../model/namespace-path.js';
import type { QualifierDeclaration } from '../../model/qualifier-declaration.js';
import { toJson } from '../../model/to-json.js';
import { WBEM_FLAG_DEEP, WBEM_FLAG_UPDATE_FORCE_MODE } from '../../wbem/flags.js';
import { WBEM_E_INVALID_CLASS, WBEM_E_NOT_FOUND } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import type { MofOperation } from '../mof-operation.js';
import { isMissingNamespace } from './connect-namespace.js';
import type { MofLoadEngine, MofLoadServices } from './mof-load-target.js';

/** One existing namespace as it was before the load. */
interface NamespaceState {
  readonly namespace: string;
  readonly classes: ReadonlyMap<string, CimClass>;
  /** The qualifier declarations, by `nameKey`. */
  readonly qualifiers: ReadonlyMap<string, QualifierDeclaration>;
  /** Existing classes whose instances (deep) the load can change: `instances` holds them all. */
  readonly instanceClasses: readonly string[];
  readonly instances: readonly CimInstance[];
  /** `__RELPATH` of each of `instances`, lower-cased. */
  readonly instancePaths: ReadonlySet<string>;
}

/** Everything a load can change, as it was before the load. */
export interface Snapshot {
  /** The namespaces the load writes that existed. */
  readonly namespaces: readonly NamespaceState[];
  /** Topmost missing ancestors of the namespaces the load writes or creates: deleted on rollback. */
  readonly created: readonly string[];
}

async function exists(engine: MofLoadEngine, namespace: string): Promise<boolean> {
  try {
    await engine.connectServer(namespace);
    return true;
  } catch (thrown) {
    if (isMissingNamespace(thrown)) return false;
    throw thrown;
  }
}

/** The shortest prefix of `namespace` that does not exist (`namespace` itself when only it is missing). */
async function topmostMissing(engine: MofLoadEngine, namespace: string): Promise<string> {
  const segments = namespaceSegments(namespace) ?? [namespace];
  for (let depth = 2; depth < segments.length; depth += 1) {
    const prefix = segments.slice(0, depth).join('/');
    if (!(await exists(engine, prefix))) return prefix;
  }
  return namespace;
}

function ignoreMissing(thrown: unknown): void {
  if (
    thrown instanceof WbemError &&
    (thrown.hresult === WBEM_E_NOT_FOUND || thrown.hresult === WBEM_E_INVALID_CLASS)
  ) {
    return;
  }
  throw thrown;
}

function comparable(cls: CimClass): string {
  const { systemProperties: _system, ...rest } = cls;
  return toJson(rest);
}

function relPath(instance: CimInstance): string | null {
  return instance.systemProperties?.__RELPATH ?? null;
}

function writableInstance(instance: CimInstance): CimInstance {
  const { systemProperties: _system, qualifiers: _qualifiers, ...rest } = instance;
  return rest;
}

/** Depth of every class of `classes` in one pass (memoised: deep chains stay linear). */
function depths(classes: ReadonlyMap<string, CimClass>): Map<string, number> {
  const depth = new Map<string, number>();
  for (const key of classes.keys()) {
    const chain: string[] = [];
    let current: string | undefined = key;
    while (current !== undefined && !depth.has(current) && !chain.includes(current)) {
      chain.push(current);
      const superclass: string | null | undefined = classes.get(current)?.superclass;
      current =
        superclass == null || !classes.has(nameKey(superclass)) ? undefined : nameKey(superclass);
    }
    let base = current === undefined ? -1 : (depth.get(current) ?? -1);
    for (let i = chain.length - 1; i >= 0; i -= 1) {
      base += 1;
      depth.set(chain[i] as string, base);
    }
  }
  return depth;
}

/** Calls in flight at once for independent rollback steps (the actor batches them per turn). */
const ROLLBACK_WINDOW = 256;

/** Runs `step` over `items`, up to `ROLLBACK_WINDOW` at a time; rejects with the first failure. */
async function inParallel<T>(items: readonly T[], step: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await step(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(ROLLBACK_WINDOW, items.length) }, worker));
}

/** Per namespace, the class names (keys) whose instances the load can change. */
function touchedClasses(operations: readonly MofOperation[]): Map<string, Set<string>> {
  const touched = new Map<string, Set<string>>();
  for (const op of operations) {
    if (op.kind === 'namespace') continue;
    const names = touched.get(op.namespace) ?? new Set<string>();
    touched.set(op.namespace, names);
    if (op.kind === 'class') names.add(nameKey(op.cls.name));
    if (op.kind === 'instance') names.add(nameKey(op.instance.className));
    if (op.kind === 'deleteClass') names.add(nameKey(op.className));
    if (op.kind === 'deleteInstance') names.add(nameKey(op.path.split(/[.=]/)[0] ?? ''));
  }
  return touched;
}

/**
 * Reads what a load of `operations` can change, writing nothing.
 * @throws {WbemError} when a namespace cannot be read.
 */
export async function takeSnapshot(
  operations: readonly MofOperation[],
  engine: MofLoadEngine,
): Promise<Snapshot> {
  const namespaces: NamespaceState[] = [];
  const created = new Set<string>();
  for (const op of operations) {
    if (op.kind !== 'namespace') continue;
    const child = `${op.namespace}/${op.name}`;
    if (!(await exists(engine, child))) created.add(await topmostMissing(engine, child));
  }
  for (const [namespace, names] of touchedClasses(operations)) {
    let svc: MofLoadServices;
    try {
      svc = await engine.connectServer(namespace);
    } catch (thrown) {
      if (!isMissingNamespace(thrown)) throw thrown;
      created.add(await topmostMissing(engine, namespace));
      continue;
    }
    const list = await svc.createClassEnum(null, WBEM_FLAG_DEEP);
    const classes = new Map(list.map((cls) => [nameKey(cls.name), cls]));
    const declarations = await svc.createQualifierDeclarationEnum();
    const qualifiers = new Map(declarations.map((decl) => [nameKey(decl.name), decl]));
    const instanceClasses = [...names].filter((name) => classes.has(name));
    const instances = new Map<string, CimInstance>();
    for (const name of instanceClasses) {
      for (const instance of await svc.createInstanceEnum(name, WBEM_FLAG_DEEP)) {
        instances.set((relPath(instance) ?? `#${instances.size}`).toLowerCase(), instance);
      }
    }
    namespaces.push({
      namespace: svc.namespace,
      classes,
      qualifiers,
      instanceClasses,
      instances: [...instances.values()],
      instancePaths: new Set(instances.keys()),
    });
  }
  return { namespaces, created: [...created] };
}

/** What a rollback did. */
export interface RestoreSummary {
  readonly classesDeleted: number;
  readonly classesRestored: number;
  readonly instancesRestored: number;
  readonly instancesDeleted: number;
  readonly qualifiersDeleted: number;
  readonly qualifiersRestored: number;
  /** Namespaces the load had created, deleted with everything below them. */
  readonly namespacesDeleted: number;
}

/** Deletes the declarations the load added and puts back those it changed (or removed). */
async function restoreQualifiers(
  svc: MofLoadServices,
  before: ReadonlyMap<string, QualifierDeclaration>,
): Promise<{ deleted: number; restored: number }> {
  const now = new Map(
    (await svc.createQualifierDeclarationEnum()).map((decl) => [nameKey(decl.name), decl]),
  );
  const added = [...now].filter(([key]) => !before.has(key)).map(([, decl]) => decl.name);
  const changed = [...before].filter(([key, decl]) => {
    const current = now.get(key);
    return current === undefined || toJson(current) !== toJson(decl);
  });
  await inParallel(added, (name) => svc.deleteQualifierDeclaration(name).catch(ignoreMissing));
  await inParallel(changed, ([, decl]) => svc.putQualifierDeclaration(decl));
  const deleted = added.length;
  const restored = changed.length;
  return { deleted, restored };
}

/** Puts the classes back: deletes those the load created, rewrites those it changed, top-down. */
async function restoreClasses(
  svc: MofLoadServices,
  state: NamespaceState,
): Promise<{ deleted: number; restored: number }> {
  const now = new Map(
    (await svc.createClassEnum(null, WBEM_FLAG_DEEP)).map((c) => [nameKey(c.name), c]),
  );
  const created = [...now.values()].filter((c) => !state.classes.has(nameKey(c.name)));
  const createdKeys = new Set(created.map((c) => nameKey(c.name)));
  // Subtree roots are disjoint, so their cascading deletes are independent.
  const roots = created.filter(
    (cls) => cls.superclass === null || !createdKeys.has(nameKey(cls.superclass)),
  );
  await inParallel(roots, (cls) => svc.deleteClass(cls.name).catch(ignoreMissing));
  const depth = depths(state.classes);
  const changed = [...state.classes.values()]
    .filter((before) => {
      const current = now.get(nameKey(before.name));
      return current === undefined || comparable(current) !== comparable(before);
    })
    .sort((a, b) => (depth.get(nameKey(a.name)) ?? 0) - (depth.get(nameKey(b.name)) ?? 0));
  for (const before of changed) {
    await svc.putClass(localDefinition(before), WBEM_FLAG_UPDATE_FORCE_MODE);
  }
  return { deleted: roots.length, restored: changed.length };
}

/** Deletes the instances the snapshot does not hold, then puts the snapshot's back. */
async function restoreInstances(
  svc: MofLoadServices,
  state: NamespaceState,
): Promise<{ deleted: number; restored: number }> {
  const extra = new Set<string>();
  for (const name of state.instanceClasses) {
    let current: CimInstance[];
    try {
      current = await svc.createInstanceEnum(name, WBEM_FLAG_DEEP);
    } catch (thrown) {
      ignoreMissing(thrown);
      continue;
    }
    for (const instance of current) {
      const path = relPath(instance);
      if (path !== null && !state.instancePaths.has(path.toLowerCase())) extra.add(path);
    }
  }
  await inParallel([...extra], (path) => svc.deleteInstance(path).catch(ignoreMissing));
  await inParallel(state.instances, async (instance) => {
    await svc.putInstance(writableInstance(instance));
  });
  return { deleted: extra.size, restored: state.instances.length };
}

/**
 * Puts the repository back as `snapshot` found it. Replaying it again (after a crash in its
 * middle) is harmless: every step compares with the repository as it is now.
 * @throws {WbemError} when a restoring call fails (the rollback is then incomplete).
 */
export async function restoreSnapshot(
  snapshot: Snapshot,
  engine: MofLoadEngine,
): Promise<RestoreSummary> {
  let namespacesDeleted = 0;
  // Shortest first: deleting a namespace deletes the created ones below it.
  for (const namespace of [...snapshot.created].sort((a, b) => a.length - b.length)) {
    if (!(await exists(engine, namespace))) continue;
    await engine.deleteNamespace(namespace);
    namespacesDeleted += 1;
  }
  const summary = {
    classesDeleted: 0,
    classesRestored: 0,
    instancesRestored: 0,
    instancesDeleted: 0,
    qualifiersDeleted: 0,
    qualifiersRestored: 0,
    namespacesDeleted,
  };
  for (const state of snapshot.namespaces) {
    const svc = await engine.connectServer(state.namespace);
    const qualifiers = await restoreQualifiers(svc, state.qualifiers);
    summary.qualifiersDeleted += qualifiers.deleted;
    summary.qualifiersRestored += qualifiers.restored;
    const classes = await restoreClasses(svc, state);
    summary.classesDeleted += classes.deleted;
    summary.classesRestored += classes.restored;
    const instances = await restoreInstances(svc, state);
    summary.instancesDeleted += instances.deleted;
    summary.instancesRestored += instances.restored;
  }
  return summary;
}
