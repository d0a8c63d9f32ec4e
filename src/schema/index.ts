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

/** Where an operation runs: fills `__NAMESPACE`, `__SERVER`, `__PATH` and event stamps. */
export interface OperationEnv {
  /** Normalised namespace path, `/`-separated (`root/cimv2`). */
  readonly namespace: string;
  /** Machine name for `__SERVER` / `__PATH`. */
  readonly server: string;
  /** `TIME_CREATED` of events: 100-ns ticks since 1601-01-01 UTC, decimal. */
  readonly now: () => string;
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

export type { CimClass, CimInstance, ClassStoreReader, QualifierDeclaration };

// --- Operation signatures. Each stub below is replaced by a re-export of its implementation. ---
import { WBEM_E_NOT_SUPPORTED } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

const pending = (what: string): never => {
  throw new WbemError(WBEM_E_NOT_SUPPORTED, { message: `${what} is not implemented yet` });
};

/**
 * Parses PutClass(Async) `lFlags`. `variant` selects the method's flag table (spec §1.2).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for unknown bits or forbidden combinations.
 */
export function parsePutClassFlags(_flags: number, _variant: 'async' | 'sync'): PutClassIntent {
  return pending('parsePutClassFlags');
}

/**
 * Phase 2 of PutClass: every check of spec §2.3 after the phase-1 ones, then the change set.
 * `cls` is whatever the caller passed (validated here: any shape gets a defined HRESULT).
 */
export function putClass(
  _view: ClassStoreReader,
  _cls: unknown,
  _intent: PutClassIntent,
  _env: OperationEnv,
): Mutation {
  return pending('putClass');
}

/** DeleteClass: the class, its subclasses and their instances; system classes refused. */
export function deleteClass(_view: ClassStoreReader, _name: unknown, _env: OperationEnv): Mutation {
  return pending('deleteClass');
}

/** GetObject for a class: the resolved view with system properties. `null` name: empty class. */
export function getClass(
  _view: ClassStoreReader,
  _name: unknown,
  _options: ReadOptions,
  _env: OperationEnv,
): CimClass {
  return pending('getClass');
}

/** CreateClassEnum: deep or shallow, from a class or (null/'') from the top. */
export function createClassEnum(
  _view: ClassStoreReader,
  _superclass: unknown,
  _deep: boolean,
  _options: ReadOptions,
  _env: OperationEnv,
): CimClass[] {
  return pending('createClassEnum');
}

/** PutInstance: returns the mutation and the new instance's relative path (the sink's strParam). */
export function putInstance(
  _view: ClassStoreReader,
  _instance: unknown,
  _intent: PutInstanceIntent,
  _env: OperationEnv,
): Mutation & { readonly path: string } {
  return pending('putInstance');
}

/** GetObject for an instance path (`Foo.Id="x"`, `Foo=@`). */
export function getInstance(
  _view: ClassStoreReader,
  _path: unknown,
  _env: OperationEnv,
): CimInstance {
  return pending('getInstance');
}

export function deleteInstance(
  _view: ClassStoreReader,
  _path: unknown,
  _env: OperationEnv,
): Mutation {
  return pending('deleteInstance');
}

/** CreateInstanceEnum: instances of the class and (deep) of its subclasses. */
export function createInstanceEnum(
  _view: ClassStoreReader,
  _className: unknown,
  _deep: boolean,
  _env: OperationEnv,
): CimInstance[] {
  return pending('createInstanceEnum');
}

/** Qualifier declarations of the namespace (what MOF `Qualifier` statements write). */
export function putQualifierDeclaration(
  _view: ClassStoreReader,
  _declaration: unknown,
  _env: OperationEnv,
): Mutation {
  return pending('putQualifierDeclaration');
}
