/**
 * @module What compiling MOF produces: an ordered list of puts, each with its namespace, its
 * flags and the MOF position of the declaration it came from.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import type { MofPosition } from './mof-error.js';

interface OperationBase {
  /** Normalised namespace path (`root/cimv2`), from `#pragma namespace` or the default. */
  readonly namespace: string;
  /** The declaration this operation comes from. */
  readonly source: MofPosition;
}

export interface MofQualifierOperation extends OperationBase {
  readonly kind: 'qualifier';
  readonly declaration: QualifierDeclaration;
}

export interface MofClassOperation extends OperationBase {
  readonly kind: 'class';
  readonly cls: CimClass;
  /** PutClass flags from `#pragma classflags` (`WBEM_FLAG_*`), OR-ed onto the compile default. */
  readonly flags: number;
  /**
   * Topological level: every class this one depends on (superclass, `ref` and `object:`
   * targets in this compilation) has a lower level, so classes of one level may be put
   * concurrently.
   */
  readonly level: number;
}

export interface MofInstanceOperation extends OperationBase {
  readonly kind: 'instance';
  readonly instance: CimInstance;
  /** PutInstance flags from `#pragma instanceflags`. */
  readonly flags: number;
  readonly alias?: string;
}

export type MofOperation = MofQualifierOperation | MofClassOperation | MofInstanceOperation;

/** The result of `compileMof`: qualifier declarations, then classes by level, then instances. */
export interface MofCompilation {
  readonly operations: readonly MofOperation[];
  /** Every file read, in the order it was compiled. */
  readonly files: readonly string[];
  readonly qualifierCount: number;
  readonly classCount: number;
  readonly instanceCount: number;
}
