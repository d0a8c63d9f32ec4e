/**
 * @module The outcome of a successful mutation, as data: what the schema layer decided and what a
 * store must apply as one atomic unit (all of it or none of it).
 */
import type { CimClass } from './cim-class.js';
import type { CimInstance } from './cim-instance.js';
import type { QualifierDeclaration } from './qualifier-declaration.js';

/** A class as stored: its local definition (authoritative) and its resolved view (derived). */
export interface ClassRecord {
  /** Local definition: only members defined or overridden in this class. */
  readonly local: CimClass;
  /** Resolved view: local and inherited members, with `classOrigin`/`propagated` and flavors applied. */
  readonly resolved: CimClass;
}

/** A stored instance and its canonical key (see `model/object-path.ts`). */
export interface InstanceRecord {
  /** Canonical key path of the instance within its class (`Foo.Id="x"`, `Foo=@`). */
  readonly key: string;
  readonly instance: CimInstance;
}

export interface InstanceRef {
  readonly className: string;
  readonly key: string;
}

/**
 * Applied in this order: class deletes (each also drops that class's stored instances), instance
 * deletes, `deleteInstancesOf`, class puts, instance puts, qualifier declaration changes.
 */
export interface ChangeSet {
  readonly deleteClasses: readonly string[];
  readonly deleteInstances: readonly InstanceRef[];
  /** Classes whose stored instances are all removed (force-mode update of a static class). */
  readonly deleteInstancesOf: readonly string[];
  /**
   * New or changed classes: the target first, then each descendant whose record changed. A record
   * that is the very object the store holds for its class (an update that changed nothing) is
   * already stored: a store may skip writing it.
   */
  readonly putClasses: readonly ClassRecord[];
  /** An instance that is the very object the store holds under its key is already stored. */
  readonly putInstances: readonly InstanceRecord[];
  readonly putQualifierDeclarations: readonly QualifierDeclaration[];
  readonly deleteQualifierDeclarations: readonly string[];
}

export const EMPTY_CHANGE_SET: ChangeSet = {
  deleteClasses: [],
  deleteInstances: [],
  deleteInstancesOf: [],
  putClasses: [],
  putInstances: [],
  putQualifierDeclarations: [],
  deleteQualifierDeclarations: [],
};
