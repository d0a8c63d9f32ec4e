/**
 * @module Read access to one namespace's stored classes, instances and qualifier declarations:
 * the view the pure schema rules decide over. `store/` implements it; `schema/` only reads it.
 */

import type { ClassRecord } from './change-set.js';
import type { CimInstance } from './cim-instance.js';
import type { QualifierDeclaration } from './qualifier-declaration.js';

/** Read access to one namespace; all name arguments are case-insensitive. */
export interface ClassStoreReader {
  getClass(name: string): ClassRecord | undefined;
  hasClass(name: string): boolean;
  /** Names (stored spelling) of the direct subclasses of `name`; `null` lists the base classes. */
  subclassNames(name: string | null): readonly string[];
  /** Every class name (stored spelling), in no particular order. */
  classNames(): Iterable<string>;
  classCount(): number;
  getInstance(className: string, key: string): CimInstance | undefined;
  /** Stored instances whose `__CLASS` is exactly `className` (not its subclasses). */
  instances(className: string): Iterable<CimInstance>;
  instanceCount(className: string): number;
  getQualifierDeclaration(name: string): QualifierDeclaration | undefined;
  qualifierDeclarations(): Iterable<QualifierDeclaration>;
}
