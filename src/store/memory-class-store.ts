/**
 * @module `MemoryClassStore`: one namespace's classes, instances and qualifier declarations in
 * Maps keyed by `nameKey`, with a maintained children index. It is the memory store of the engine
 * and the in-memory mirror of the durable store.
 *
 * Records are kept by reference, never copied: the model is immutable data, and copying would put
 * a cost on the put hot path that nothing needs.
 */
import type { ChangeSet, ClassRecord } from '../model/change-set.js';
import type { CimInstance } from '../model/cim-instance.js';
import { nameKey } from '../model/names.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import { WBEM_E_SHUTTING_DOWN } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { checkChangeSet } from './check-change-set.js';
import type { ClassStore } from './class-store.js';

const NO_NAMES: readonly string[] = Object.freeze([]);
const NO_INSTANCES: ReadonlyMap<string, CimInstance> = new Map();
/** Children-index key of the base classes (`subclassNames(null)`); no CIM name is empty. */
const ROOT = '';

function superKey(superclass: string | null): string {
  return superclass === null ? ROOT : nameKey(superclass);
}

/**
 * A `ClassStore` held entirely in memory.
 *
 * `apply` checks the whole change set first and only then mutates; the mutation steps cannot
 * throw, so a refused change set leaves the store untouched.
 */
export class MemoryClassStore implements ClassStore {
  readonly #classes = new Map<string, ClassRecord>();
  /**
   * superclass key (`ROOT` for base classes) → its children's keys: the one key itself while
   * there is one child (most classes have at most one: a Set per class would be a large part of
   * what each stored class keeps alive), a Set in insertion order from the second child on.
   */
  readonly #children = new Map<string, string | Set<string>>();
  /** class key → instance key → instance. */
  readonly #instances = new Map<string, Map<string, CimInstance>>();
  readonly #qualifiers = new Map<string, QualifierDeclaration>();
  #closed = false;

  getClass(name: string): ClassRecord | undefined {
    return this.#classes.get(nameKey(name));
  }

  hasClass(name: string): boolean {
    return this.#classes.has(nameKey(name));
  }

  subclassNames(name: string | null): readonly string[] {
    const children = this.#children.get(superKey(name));
    if (children === undefined) return NO_NAMES;
    if (typeof children === 'string') return [this.#storedName(children)];
    const names: string[] = [];
    for (const key of children) names.push(this.#storedName(key));
    return names;
  }

  /** The stored spelling of an indexed child (always stored: the index follows `#classes`). */
  #storedName(key: string): string {
    return (this.#classes.get(key) as ClassRecord).local.name;
  }

  classNames(): Iterable<string> {
    return [...this.#classes.values()].map((record) => record.local.name);
  }

  classCount(): number {
    return this.#classes.size;
  }

  getInstance(className: string, key: string): CimInstance | undefined {
    return this.#instances.get(nameKey(className))?.get(key);
  }

  instances(className: string): Iterable<CimInstance> {
    return [...(this.#instances.get(nameKey(className)) ?? NO_INSTANCES).values()];
  }

  instanceCount(className: string): number {
    return this.#instances.get(nameKey(className))?.size ?? 0;
  }

  /** Keys of the stored instances of exactly `className` (what a class delete drops). */
  instanceKeys(className: string): readonly string[] {
    return [...(this.#instances.get(nameKey(className)) ?? NO_INSTANCES).keys()];
  }

  getQualifierDeclaration(name: string): QualifierDeclaration | undefined {
    return this.#qualifiers.get(nameKey(name));
  }

  qualifierDeclarations(): Iterable<QualifierDeclaration> {
    return [...this.#qualifiers.values()];
  }

  /**
   * Applies a change set atomically, in the order documented on `ChangeSet`.
   *
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER when the change set is malformed (nothing applied);
   * WBEM_E_SHUTTING_DOWN after `close()`.
   */
  apply(changes: ChangeSet): void {
    if (this.#closed) throw new WbemError(WBEM_E_SHUTTING_DOWN, { message: 'store is closed' });
    checkChangeSet(changes);
    for (const name of changes.deleteClasses) this.#deleteClass(nameKey(name));
    for (const ref of changes.deleteInstances) {
      const classKey = nameKey(ref.className);
      const byKey = this.#instances.get(classKey);
      if (byKey?.delete(ref.key) && byKey.size === 0) {
        this.#instances.delete(classKey);
      }
    }
    for (const name of changes.deleteInstancesOf) this.#instances.delete(nameKey(name));
    for (const record of changes.putClasses) this.#putClass(record);
    for (const { key, instance } of changes.putInstances) {
      const classKey = nameKey(instance.className);
      let byKey = this.#instances.get(classKey);
      if (byKey === undefined) {
        byKey = new Map();
        this.#instances.set(classKey, byKey);
      }
      byKey.set(key, instance);
    }
    for (const decl of changes.putQualifierDeclarations) {
      this.#qualifiers.set(nameKey(decl.name), decl);
    }
    for (const name of changes.deleteQualifierDeclarations) this.#qualifiers.delete(nameKey(name));
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #deleteClass(key: string): void {
    const existing = this.#classes.get(key);
    if (existing === undefined) return;
    this.#classes.delete(key);
    this.#unlinkChild(superKey(existing.local.superclass), key);
    this.#instances.delete(key);
  }

  #putClass(record: ClassRecord): void {
    const key = nameKey(record.local.name);
    const parent = superKey(record.local.superclass);
    const existing = this.#classes.get(key);
    if (existing !== undefined) {
      const oldParent = superKey(existing.local.superclass);
      if (oldParent !== parent) this.#unlinkChild(oldParent, key);
    }
    this.#classes.set(key, record);
    const children = this.#children.get(parent);
    if (children === undefined) {
      this.#children.set(parent, key);
    } else if (typeof children === 'string') {
      if (children !== key) this.#children.set(parent, new Set([children, key]));
    } else {
      children.add(key);
    }
  }

  #unlinkChild(parent: string, child: string): void {
    const children = this.#children.get(parent);
    if (children === child) {
      this.#children.delete(parent);
    } else if (typeof children === 'object' && children.delete(child) && children.size === 0) {
      this.#children.delete(parent);
    }
  }
}
