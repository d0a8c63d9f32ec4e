/**
 * @module A minimal in-memory class store for schema tests and the core benchmark:
 * `ClassStoreReader` plus `apply(ChangeSet)` in the order `ChangeSet` documents.
 */
import type { ChangeSet, ClassRecord } from '../../../src/model/change-set.js';
import type { CimInstance } from '../../../src/model/cim-instance.js';
import type { ClassStoreReader } from '../../../src/model/class-store-reader.js';
import { nameKey } from '../../../src/model/names.js';
import type { QualifierDeclaration } from '../../../src/model/qualifier-declaration.js';

export class TestStore implements ClassStoreReader {
  readonly classes = new Map<string, ClassRecord>();
  /** parent key ('' for base classes) → child key → child name. */
  readonly children = new Map<string, Map<string, string>>();
  readonly instanceMap = new Map<string, Map<string, CimInstance>>();
  readonly declarations = new Map<string, QualifierDeclaration>();
  applied = 0;

  getClass(name: string): ClassRecord | undefined {
    return this.classes.get(nameKey(name));
  }
  hasClass(name: string): boolean {
    return this.classes.has(nameKey(name));
  }
  subclassNames(name: string | null): readonly string[] {
    const kids = this.children.get(name === null ? '' : nameKey(name));
    return kids === undefined ? [] : [...kids.values()];
  }
  classNames(): Iterable<string> {
    return [...this.classes.values()].map((r) => r.local.name);
  }
  classCount(): number {
    return this.classes.size;
  }
  getInstance(className: string, key: string): CimInstance | undefined {
    return this.instanceMap.get(nameKey(className))?.get(key);
  }
  instances(className: string): Iterable<CimInstance> {
    return [...(this.instanceMap.get(nameKey(className))?.values() ?? [])];
  }
  instanceCount(className: string): number {
    return this.instanceMap.get(nameKey(className))?.size ?? 0;
  }
  getQualifierDeclaration(name: string): QualifierDeclaration | undefined {
    return this.declarations.get(nameKey(name));
  }
  qualifierDeclarations(): Iterable<QualifierDeclaration> {
    return [...this.declarations.values()];
  }

  private unlink(record: ClassRecord): void {
    const parent = record.local.superclass === null ? '' : nameKey(record.local.superclass);
    this.children.get(parent)?.delete(nameKey(record.local.name));
  }

  apply(changes: ChangeSet): void {
    this.applied++;
    for (const name of changes.deleteClasses) {
      const key = nameKey(name);
      const record = this.classes.get(key);
      if (record !== undefined) this.unlink(record);
      this.classes.delete(key);
      this.instanceMap.delete(key);
    }
    for (const ref of changes.deleteInstances)
      this.instanceMap.get(nameKey(ref.className))?.delete(ref.key);
    for (const name of changes.deleteInstancesOf) this.instanceMap.delete(nameKey(name));
    for (const record of changes.putClasses) {
      const key = nameKey(record.local.name);
      const old = this.classes.get(key);
      if (old !== undefined) this.unlink(old);
      this.classes.set(key, record);
      const parent = record.local.superclass === null ? '' : nameKey(record.local.superclass);
      let kids = this.children.get(parent);
      if (kids === undefined) {
        kids = new Map();
        this.children.set(parent, kids);
      }
      kids.set(key, record.local.name);
    }
    for (const { key, instance } of changes.putInstances) {
      const ck = nameKey(instance.className);
      let m = this.instanceMap.get(ck);
      if (m === undefined) {
        m = new Map();
        this.instanceMap.set(ck, m);
      }
      m.set(key, instance);
    }
    for (const d of changes.putQualifierDeclarations) this.declarations.set(nameKey(d.name), d);
    for (const n of changes.deleteQualifierDeclarations) this.declarations.delete(nameKey(n));
  }

  /** A comparable picture of the whole state (records are immutable, so shallow copies do). */
  snapshot(): unknown {
    return {
      classes: new Map(this.classes),
      instances: new Map([...this.instanceMap].map(([k, m]) => [k, new Map(m)])),
      declarations: new Map(this.declarations),
    };
  }
}
