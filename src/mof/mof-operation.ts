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

/** `#pragma deleteclass("X", FAIL|NOFAIL)`: the class, its subclasses and their instances. */
export interface MofDeleteClassOperation extends OperationBase {
  readonly kind: 'deleteClass';
  readonly className: string;
  /** `FAIL`: a class that does not exist stops the load; `NOFAIL`: it is skipped. */
  readonly failIfMissing: boolean;
}

/** `#pragma deleteinstance("Cls.Key=1", FAIL|NOFAIL)`. */
export interface MofDeleteInstanceOperation extends OperationBase {
  readonly kind: 'deleteInstance';
  readonly path: string;
  readonly failIfMissing: boolean;
}

/**
 * `instance of __Namespace { Name = "x"; }`: creates `namespace/x` (nothing when it exists, as a
 * PutInstance without CREATE_ONLY would).
 */
export interface MofNamespaceOperation extends OperationBase {
  readonly kind: 'namespace';
  readonly name: string;
}

/** Operations that must run alone and in source order: each splits the load into segments. */
export type MofBarrierOperation =
  | MofDeleteClassOperation
  | MofDeleteInstanceOperation
  | MofNamespaceOperation;

export type MofOperation =
  | MofQualifierOperation
  | MofClassOperation
  | MofInstanceOperation
  | MofBarrierOperation;

/**
 * The result of `compileMof`: segments in source order, split by the barrier operations
 * (`deleteclass`, `deleteinstance`, `__Namespace` instances); within a segment, qualifier
 * declarations, then classes by level, then instances.
 */
export interface MofCompilation {
  readonly operations: readonly MofOperation[];
  /** True when a file carries `#pragma autorecover` (WMI re-runs such files on repository recovery). */
  readonly autorecover: boolean;
  /** Locales named by `#pragma amendment`, lower-cased (`ms_409`); their classes went to `<ns>/<locale>`. */
  readonly amendments: readonly string[];
  /** Every file read, in the order it was compiled. */
  readonly files: readonly string[];
  readonly qualifierCount: number;
  readonly classCount: number;
  readonly instanceCount: number;
}
