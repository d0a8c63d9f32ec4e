/**
 * @module What the MOF loader needs of the engine: the public `WbemEngine` and `WbemServices`
 * satisfy these interfaces as they are. They are stated here, structurally, so the loader depends
 * on the calls it makes rather than on the API's classes (which sit above `mof/` in the layers).
 */
import type { CimClass } from '../../model/cim-class.js';
import type { CimInstance } from '../../model/cim-instance.js';
import type { QualifierDeclaration } from '../../model/qualifier-declaration.js';
import type { LoadJournal } from './load-journal.js';

/** The `IWbemServices` calls of a load and of its `atomic` snapshot and rollback. */
export interface MofLoadServices {
  /** Normalised path of the namespace the services are connected to. */
  readonly namespace: string;
  putClass(cls: CimClass, flags?: number): Promise<void>;
  deleteClass(name: string): Promise<void>;
  createClassEnum(superclass: string | null, flags?: number): Promise<CimClass[]>;
  /**
   * One class (rejects with WBEM_E_NOT_FOUND when absent). Optional for services written before
   * it: without it, a load learns which classes exist by enumerating the whole namespace.
   */
  getClass?(name: string): Promise<CimClass>;
  /**
   * The names `createClassEnum` would return, without the classes. Optional for services written
   * before it: without it, a load learns which classes exist from `createClassEnum`.
   */
  enumerateClassNames?(superclass: string | null, flags?: number): Promise<string[]>;
  putInstance(instance: CimInstance, flags?: number): Promise<string>;
  deleteInstance(path: string): Promise<void>;
  createInstanceEnum(className: string, flags?: number): Promise<CimInstance[]>;
  putQualifierDeclaration(declaration: QualifierDeclaration): Promise<void>;
  deleteQualifierDeclaration(name: string): Promise<void>;
  createQualifierDeclarationEnum(): Promise<QualifierDeclaration[]>;
}

/** The engine calls of a load: connecting, and creating or (on rollback) deleting namespaces. */
export interface MofLoadEngine {
  connectServer(namespace: string): Promise<MofLoadServices>;
  createNamespace(parent: string, name: string): Promise<string>;
  deleteNamespace(namespace: string): Promise<void>;
  /**
   * Where an `atomic` load records its undo journal, for a durable repository: a load interrupted
   * even by SIGKILL is then rolled back when the engine next starts. Absent for memory storage
   * (nothing outlives the process there).
   */
  readonly loadJournal?: LoadJournal | undefined;
}
