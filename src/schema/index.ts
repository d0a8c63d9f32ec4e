/**
 * @module The schema layer's operations: pure functions over a namespace's read view that decide
 * what an operation returns or changes. Mutations return a `Mutation` (the atomic `ChangeSet` plus
 * the intrinsic events to raise once it is committed) and never touch the view; failures throw
 * `WbemError` and leave nothing behind.
 *
 * This file is the contract the runtime codes against; the implementations live beside it.
 */
import type { ChangeSet } from '../model/change-set.js';
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import type { WbemEvent } from '../model/wbem-event.js';
import type { SchemaRules } from './decisions.js';

/** Where an operation runs: fills `__NAMESPACE`, `__SERVER`, `__PATH` and event stamps. */
export interface OperationEnv {
  /** Normalised namespace path, `/`-separated (`root/cimv2`). */
  readonly namespace: string;
  /**
   * The namespace as `__NAMESPACE` spells it (`root\cimv2`); derived from `namespace` when absent.
   * An actor computes it once rather than on every object it returns.
   */
  readonly namespaceText?: string;
  /** Machine name for `__SERVER` / `__PATH`. */
  readonly server: string;
  /** `TIME_CREATED` of events: 100-ns ticks since 1601-01-01 UTC, decimal. */
  readonly now: () => string;
  /** Where WMI and DMTF disagree (`decisions.ts`); WMI's rules when absent. */
  readonly rules?: SchemaRules;
}

export interface Mutation {
  readonly changes: ChangeSet;
  readonly events: readonly WbemEvent[];
}

/** `lFlags` of PutClass(Async), parsed once at the boundary. */
export interface PutClassIntent {
  readonly mode: 'create-only' | 'update-only' | 'create-or-update';
  readonly update: 'compatible' | 'safe' | 'force';
  readonly useAmendedQualifiers: boolean;
  readonly ownerUpdate: boolean;
}

/** `lFlags` of PutInstance(Async), parsed once at the boundary. */
export interface PutInstanceIntent {
  readonly mode: 'create-only' | 'update-only' | 'create-or-update';
}

export interface ReadOptions {
  /** `WBEM_FLAG_USE_AMENDED_QUALIFIERS`: return the merged view, marked `amended`. */
  readonly useAmendedQualifiers?: boolean;
}

export { classView } from './class-view.js';
// --- Operations. Each is implemented in its own module beside this file. ---
export { createClassEnum } from './create-class-enum.js';
export { createInstanceEnum } from './create-instance-enum.js';
export {
  DMTF_RULES,
  FORCE_UPDATE_DELETES_INSTANCES,
  MISSING_SUPERCLASS_HRESULT,
  type SchemaRules,
  WMI_RULES,
} from './decisions.js';
export { deleteClass } from './delete-class.js';
export { deleteInstance } from './delete-instance.js';
export { enumerateClassNames } from './enumerate-class-names.js';
export { emptyClass, getClass } from './get-class.js';
export { getInstance } from './get-instance.js';
export {
  type CallFlags,
  type CallVariant,
  type EnumFlags,
  type GetObjectFlags,
  type PutClassFlags,
  type PutInstanceFlags,
  parseClassEnumFlags,
  parseDeleteClassFlags,
  parseDeleteFlags,
  parseEnumFlags,
  parseGetObjectFlags,
  parseInstanceEnumFlags,
  parsePutClassFlags,
  parsePutInstanceFlags,
  putClassFlagsOf,
} from './intent.js';
export {
  createNamespace,
  deleteNamespace,
  getNamespaces,
  NAMESPACE_CLASS,
} from './namespace-instances.js';
export { putClass, putClassFromHeader, readPutClassHeader } from './put-class.js';
export { putInstance } from './put-instance.js';
export {
  deleteQualifierDeclaration,
  enumQualifierDeclarations,
  getQualifierDeclaration,
  putQualifierDeclaration,
} from './qualifier-declarations.js';
export { resolveClass } from './resolve-class.js';
export { isDerivableSystemClass, systemClass, systemClassNames } from './system-classes.js';
export type { ClassHeader } from './validate-class.js';
export type { CimClass, CimInstance, ClassStoreReader, QualifierDeclaration };
