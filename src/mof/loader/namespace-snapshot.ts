/**
 * @module `loadMof`'s `atomic` option (`mofcomp --atomic`): the namespace is either fully loaded or left as it was.
 *
 * Chosen design: snapshot, then restore on failure, through the public API only. Before the load,
 * every class of each namespace the MOF writes is read (one deep `createClassEnum`), so are its
 * qualifier declarations (`createQualifierDeclarationEnum`), and so are the stored instances of
 * the existing classes the MOF puts classes or instances of (a force-mode update may delete
 * instances). If any put fails, the namespace is diffed against the snapshot: qualifier
 * declarations the load added are deleted and those it changed are put back; classes the load
 * created are deleted (subtree roots, so `deleteClass` cascades), classes it changed or removed
 * are written back from their local definition in force mode, top-down, and instances the load
 * created are deleted and the snapshot's instances are put back. A namespace the load created is
 * deleted.
 *
 * The alternative, loading into a scratch namespace and swapping, is not possible: the API has
 * no namespace rename, and copying back would be a second full load. Limits, stated plainly: the
 * rollback is itself a series of calls, so other writers of the same namespace during the load
 * can see the intermediate states and events of both the load and its rollback, and can lose
 * their own writes to what the rollback restores; a crash of the
 * process in the middle leaves the partial load (each put is durable on its own).
 */

import type { CimClass } from '../../model/cim-class.js';
import type { CimInstance } from '../../model/cim-instance.js';
import { localDefinition } from '../../model/local-definition.js';
import { nameKey } from '../../model/names.js';
import type { QualifierDeclaration } from '../../model/qualifier-declaration.js';
import { toJson } from '../../model/to-json.js';
import { WBEM_FLAG_DEEP, WBEM_FLAG_UPDATE_FORCE_MODE } from '../../wbem/flags.js';
import { WBEM_E_INVALID_CLASS, WBEM_E_NOT_FOUND } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import type { MofOperation } from '../mof-operation.js';
import { isMissingNamespace } from './connect-namespace.js';
import type { MofLoadEngine, MofLoadServices } from './mof-load-target.js';

/** One namespace as it was before the load. */
interface NamespaceState {
  readonly namespace: string;
  /** The namespace did not exist: the rollback deletes it. */
  readonly absent: boolean;
  readonly classes: ReadonlyMap<string, CimClass>;
  /** The qualifier declarations, by `nameKey`. */
  readonly qualifiers: ReadonlyMap<string, QualifierDeclaration>;
  readonly instances: readonly CimInstance[];
  readonly instancePaths: ReadonlySet<string>;
}

export interface Snapshot {
  readonly namespaces: readonly NamespaceState[];
}

/** Connects to a namespace, creating it when absent (the loader's connection cache). */
export type Connect = (namespace: string) => Promise<MofLoadServices>;

async function exists(engine: MofLoadEngine, namespace: string): Promise<boolean> {
  try {
    await engine.connectServer(namespace);
    return true;
  } catch (thrown) {
    if (isMissingNamespace(thrown)) return false;
    throw thrown;
  }
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

function depthOf(name: string, classes: ReadonlyMap<string, CimClass>): number {
  let depth = 0;
  let current = classes.get(nameKey(name));
  while (current?.superclass != null && depth < 1024) {
    depth += 1;
    current = classes.get(nameKey(current.superclass));
  }
  return depth;
}

/**
 * Reads what a load of `operations` can change, per namespace it writes.
 * @throws {WbemError} when a namespace cannot be read.
 */
export async function takeSnapshot(
  operations: readonly MofOperation[],
  engine: MofLoadEngine,
  connect: Connect,
): Promise<Snapshot> {
  const touched = new Map<string, Set<string>>();
  for (const op of operations) {
    const names = touched.get(op.namespace) ?? new Set<string>();
    touched.set(op.namespace, names);
    if (op.kind === 'class') names.add(nameKey(op.cls.name));
    if (op.kind === 'instance') names.add(nameKey(op.instance.className));
    if (op.kind === 'deleteClass') names.add(nameKey(op.className));
    if (op.kind === 'deleteInstance') names.add(nameKey(op.path.split(/[.=]/)[0] ?? ''));
  }
  const namespaces: NamespaceState[] = [];
  for (const [namespace, names] of touched) {
    const absent = !(await exists(engine, namespace));
    const svc = await connect(namespace);
    const list = await svc.createClassEnum(null, WBEM_FLAG_DEEP);
    const classes = new Map(list.map((cls) => [nameKey(cls.name), cls]));
    const declarations = await svc.createQualifierDeclarationEnum();
    const qualifiers = new Map(declarations.map((decl) => [nameKey(decl.name), decl]));
    const instances = new Map<string, CimInstance>();
    for (const name of names) {
      if (!classes.has(name)) continue;
      for (const instance of await svc.createInstanceEnum(name, WBEM_FLAG_DEEP)) {
        instances.set(relPath(instance) ?? `#${instances.size}`, instance);
      }
    }
    namespaces.push({
      namespace,
      absent,
      classes,
      qualifiers,
      instances: [...instances.values()],
      instancePaths: new Set([...instances.keys()].map((path) => path.toLowerCase())),
    });
  }
  return { namespaces };
}

/** What a rollback did. */
export interface RestoreSummary {
  readonly classesDeleted: number;
  readonly classesRestored: number;
  readonly instancesRestored: number;
  readonly instancesDeleted: number;
  readonly qualifiersDeleted: number;
  readonly qualifiersRestored: number;
}

/** Deletes the declarations the load added and puts back those it changed (or removed). */
async function restoreQualifiers(
  svc: MofLoadServices,
  before: ReadonlyMap<string, QualifierDeclaration>,
): Promise<{ deleted: number; restored: number }> {
  const now = new Map(
    (await svc.createQualifierDeclarationEnum()).map((decl) => [nameKey(decl.name), decl]),
  );
  let deleted = 0;
  let restored = 0;
  for (const [key, decl] of now) {
    if (before.has(key)) continue;
    await svc.deleteQualifierDeclaration(decl.name).catch(ignoreMissing);
    deleted += 1;
  }
  for (const [key, decl] of before) {
    const current = now.get(key);
    if (current !== undefined && toJson(current) === toJson(decl)) continue;
    await svc.putQualifierDeclaration(decl);
    restored += 1;
  }
  return { deleted, restored };
}

/**
 * Puts every namespace of `snapshot` back as it was. `createdInstances` are the paths `putInstance`
 * returned during the load, by namespace.
 * @throws {WbemError} when a restoring call fails (the rollback is then incomplete).
 */
export async function restoreSnapshot(
  snapshot: Snapshot,
  engine: MofLoadEngine,
  connect: Connect,
  createdInstances: ReadonlyMap<string, readonly string[]>,
): Promise<RestoreSummary> {
  let classesDeleted = 0;
  let classesRestored = 0;
  let instancesRestored = 0;
  let instancesDeleted = 0;
  let qualifiersDeleted = 0;
  let qualifiersRestored = 0;
  for (const state of snapshot.namespaces) {
    if (state.absent) {
      // A namespace the load created inside another created one is gone with its parent.
      if (await exists(engine, state.namespace)) await engine.deleteNamespace(state.namespace);
      continue;
    }
    const svc = await connect(state.namespace);
    const qualifiers = await restoreQualifiers(svc, state.qualifiers);
    qualifiersDeleted += qualifiers.deleted;
    qualifiersRestored += qualifiers.restored;
    const now = new Map(
      (await svc.createClassEnum(null, WBEM_FLAG_DEEP)).map((c) => [nameKey(c.name), c]),
    );
    const created = [...now.values()].filter((c) => !state.classes.has(nameKey(c.name)));
    const createdKeys = new Set(created.map((c) => nameKey(c.name)));
    for (const cls of created) {
      if (cls.superclass !== null && createdKeys.has(nameKey(cls.superclass))) continue;
      await svc.deleteClass(cls.name).catch(ignoreMissing);
      classesDeleted += 1;
    }
    const changed = [...state.classes.values()]
      .filter((before) => {
        const current = now.get(nameKey(before.name));
        return current === undefined || comparable(current) !== comparable(before);
      })
      .sort((a, b) => depthOf(a.name, state.classes) - depthOf(b.name, state.classes));
    for (const before of changed) {
      await svc.putClass(localDefinition(before), WBEM_FLAG_UPDATE_FORCE_MODE);
      classesRestored += 1;
    }
    // Deletes first: should a returned path not compare equal to its snapshot spelling, the
    // worst case is deleting an instance that the puts below then write back.
    for (const path of createdInstances.get(state.namespace) ?? []) {
      if (state.instancePaths.has(path.toLowerCase())) continue;
      await svc.deleteInstance(path).catch(ignoreMissing);
      instancesDeleted += 1;
    }
    for (const instance of state.instances) {
      await svc.putInstance(writableInstance(instance));
      instancesRestored += 1;
    }
  }
  return {
    classesDeleted,
    classesRestored,
    instancesRestored,
    instancesDeleted,
    qualifiersDeleted,
    qualifiersRestored,
  };
}
