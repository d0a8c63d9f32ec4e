/**
 * @module A `ChangeSet` from only the parts an operation fills; the rest empty. Built as a
 * literal (not by spreading `EMPTY_CHANGE_SET`) because it is made once per put.
 */
import type { ChangeSet } from '../model/change-set.js';

const NONE: readonly never[] = [];

/** A change set holding `parts`, every other list empty. */
export function changeSet(parts: Partial<ChangeSet>): ChangeSet {
  return {
    deleteClasses: parts.deleteClasses ?? NONE,
    deleteInstances: parts.deleteInstances ?? NONE,
    deleteInstancesOf: parts.deleteInstancesOf ?? NONE,
    putClasses: parts.putClasses ?? NONE,
    putInstances: parts.putInstances ?? NONE,
    putQualifierDeclarations: parts.putQualifierDeclarations ?? NONE,
    deleteQualifierDeclarations: parts.deleteQualifierDeclarations ?? NONE,
  };
}
