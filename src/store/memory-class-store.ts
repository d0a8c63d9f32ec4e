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
import type { ClassStore } from './class-store.js';

/** One replaced entry: the previous value (undefined: there was none). */
type Undo =
  | { readonly kind: 'class'; readonly key: string; readonly before: ClassRecord | undefined }
  | {
      readonly kind: 'instances';
      readonly classKey: string;
      readonly before: Map<string, CimInstance>;
    }
  | {
      readonly kind: 'instance';
      readonly classKey: string;
      readonly key: string;
      readonly before: CimInstance | undefined;
    }
  | {
      readonly kind: 'qualifier';
      readonly key: string;
      readonly before: QualifierDeclaration | undefined;
    };

const NO_NAMES: readonly string[] = Object.freeze([]);
const NO_INSTANCES: ReadonlyMap<string, CimInstance> = new Map();
/** Children-index key of the base classes (`subclassNames(null)`); no CIM name is empty. */
// Stryker disable next-line StringLiteral: any key that no lower-cased name equals will do, and this one holds capitals
const ROOT = '';

function superKey(superclass: string | null): string {
  return superclass === null ? ROOT : nameKey(superclass);
}

/**
 * A `ClassStore` held entirely in memory.
 *
 * `apply` trusts the change set's shape (see `ClassStore`); its mutation steps cannot throw, so
 * a change set is applied whole. Each step notes what it replaced in an undo journal, which a
 * successful `flush()` clears and `rollback()` replays backwards.
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
  /** What the changes since the last flush replaced, in application order. */
  // Stryker disable next-line ArrayDeclaration: an entry that is no undo step matches no case of rollback's switch
  #undo: Undo[] = [];
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
   * @throws {WbemError} WBEM_E_SHUTTING_DOWN after `close()` (nothing applied).
   */
  apply(changes: ChangeSet): void {
    if (this.#closed) throw new WbemError(WBEM_E_SHUTTING_DOWN, { message: 'store is closed' });
    for (const name of changes.deleteClasses) this.#deleteClass(nameKey(name));
    for (const ref of changes.deleteInstances) {
      this.#setInstance(nameKey(ref.className), ref.key, undefined);
    }
    for (const name of changes.deleteInstancesOf) this.#dropInstances(nameKey(name));
    for (const record of changes.putClasses) this.#putClass(record);
    for (const { key, instance } of changes.putInstances) {
      this.#setInstance(nameKey(instance.className), key, instance);
    }
    for (const decl of changes.putQualifierDeclarations) {
      this.#setQualifier(nameKey(decl.name), decl);
    }
    for (const name of changes.deleteQualifierDeclarations) {
      this.#setQualifier(nameKey(name), undefined);
    }
  }

  readonly flushNeverFails = true;

  /** Nothing to make durable: the changes so far become what `rollback` returns to. */
  flush(): Promise<void> {
    // Stryker disable next-line ArrayDeclaration: as on #undo's declaration
    this.#undo = [];
    return Promise.resolve();
  }

  rollback(): void {
    const undo = this.#undo;
    // Stryker disable next-line ArrayDeclaration: as on #undo's declaration
    this.#undo = [];
    for (let at = undo.length - 1; at >= 0; at--) {
      const step = undo[at] as Undo;
      switch (step.kind) {
        case 'class':
          this.#restoreClass(step.key, step.before);
          break;
        case 'instances':
          // Noted only when the class had instances (`#dropInstances`).
          this.#instances.set(step.classKey, step.before);
          break;
        case 'instance':
          this.#restoreInstance(step.classKey, step.key, step.before);
          break;
        case 'qualifier':
          if (step.before === undefined) this.#qualifiers.delete(step.key);
          else this.#qualifiers.set(step.key, step.before);
          break;
      }
    }
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #setInstance(classKey: string, key: string, instance: CimInstance | undefined): void {
    const before = this.#instances.get(classKey)?.get(key);
    if (before === undefined && instance === undefined) return;
    this.#undo.push({ kind: 'instance', classKey, key, before });
    this.#restoreInstance(classKey, key, instance);
  }

  #restoreInstance(classKey: string, key: string, instance: CimInstance | undefined): void {
    let byKey = this.#instances.get(classKey);
    if (instance === undefined) {
      // Stryker disable next-line OptionalChaining: rollback replays backwards, so the map of an instance restored to absent exists
      if (byKey?.delete(key) && byKey.size === 0) this.#instances.delete(classKey);
      return;
    }
    if (byKey === undefined) {
      byKey = new Map();
      this.#instances.set(classKey, byKey);
    }
    byKey.set(key, instance);
  }

  /** Drops a class's instance map whole; the map itself is kept for `rollback`, never mutated. */
  #dropInstances(classKey: string): void {
    const before = this.#instances.get(classKey);
    if (before === undefined) return;
    this.#undo.push({ kind: 'instances', classKey, before });
    this.#instances.delete(classKey);
  }

  #setQualifier(key: string, decl: QualifierDeclaration | undefined): void {
    const before = this.#qualifiers.get(key);
    if (before === undefined && decl === undefined) return;
    this.#undo.push({ kind: 'qualifier', key, before });
    if (decl === undefined) this.#qualifiers.delete(key);
    else this.#qualifiers.set(key, decl);
  }

  /** Puts back a class record (or its absence) with its place in the children index. */
  #restoreClass(key: string, record: ClassRecord | undefined): void {
    const current = this.#classes.get(key);
    if (current !== undefined) {
      this.#classes.delete(key);
      this.#unlinkChild(superKey(current.local.superclass), key);
    }
    if (record !== undefined) this.#linkClass(key, record);
  }

  #deleteClass(key: string): void {
    const existing = this.#classes.get(key);
    if (existing === undefined) return;
    this.#undo.push({ kind: 'class', key, before: existing });
    this.#classes.delete(key);
    this.#unlinkChild(superKey(existing.local.superclass), key);
    this.#dropInstances(key);
  }

  #putClass(record: ClassRecord): void {
    const key = nameKey(record.local.name);
    const existing = this.#classes.get(key);
    this.#undo.push({ kind: 'class', key, before: existing });
    if (existing !== undefined) {
      const oldParent = superKey(existing.local.superclass);
      if (oldParent !== superKey(record.local.superclass)) this.#unlinkChild(oldParent, key);
    }
    this.#linkClass(key, record);
  }

  #linkClass(key: string, record: ClassRecord): void {
    const parent = superKey(record.local.superclass);
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
