/**
 * @module The class reads and writes of `WbemServices` other than `PutClass`: get, delete and
 * enumerate classes, `GetObject` for any path, and qualifier declarations.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import type { IWbemObjectSink } from '../sink/object-sink.js';
import {
  prepareCreateClassEnum,
  prepareCreateQualifierDeclarationEnum,
  prepareDeleteClass,
  prepareDeleteQualifierDeclaration,
  prepareGetClass,
  prepareGetObject,
  prepareGetQualifierDeclaration,
  preparePutQualifierDeclaration,
} from './prepare-call.js';
import { PutClassForms } from './put-class-forms.js';
import type { WbemContext } from './services-connection.js';

/** The class operations of `WbemServices`. */
export class ClassOperations extends PutClassForms {
  /**
   * Mirrors `IWbemServices::GetObject` for a class: the resolved class with system properties;
   * `null` gives an empty class.
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_PARAMETER.
   */
  async getClass(name: string | null, flags = 0, ctx: WbemContext = null): Promise<CimClass> {
    const { objects } = await this.invoke(() => prepareGetClass(name, flags, 'sync'), ctx);
    return objects[0] as CimClass;
  }

  /**
   * Mirrors `IWbemServices::GetObjectAsync`: `path` is a class name (or null for an empty class)
   * or an instance path (`Foo.Id="x"`, `Foo=@`); one `indicate` with the object, then the final
   * status. @returns the phase-1 HRESULT (WBEM_E_INVALID_PARAMETER, WBEM_E_SHUTTING_DOWN, ...).
   */
  getObjectAsync(
    path: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.startAsync(sink, () => prepareGetObject(path, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::GetObject` for any object path (class name or instance path).
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_PARAMETER.
   */
  async getObject(
    path: string | null,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<CimClass | CimInstance> {
    const { objects } = await this.invoke(() => prepareGetObject(path, flags, 'sync'), ctx);
    return objects[0] as CimClass | CimInstance;
  }

  /**
   * Mirrors `IWbemServices::DeleteClass`: the class, its subclasses and their instances.
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OPERATION (system class), WBEM_E_INVALID_PARAMETER.
   */
  async deleteClass(name: string, flags = 0, ctx: WbemContext = null): Promise<void> {
    await this.invoke(() => prepareDeleteClass(name, flags, 'sync'), ctx);
  }

  /** Mirrors `IWbemServices::DeleteClassAsync`. @returns the phase-1 HRESULT. */
  deleteClassAsync(
    name: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.startAsync(sink, () => prepareDeleteClass(name, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::CreateClassEnum` (`WBEM_FLAG_DEEP` / `WBEM_FLAG_SHALLOW`).
   * @throws {WbemError} WBEM_E_INVALID_CLASS (unknown superclass), WBEM_E_INVALID_PARAMETER.
   */
  async createClassEnum(
    superclass: string | null,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<CimClass[]> {
    const { objects } = await this.invoke(
      () => prepareCreateClassEnum(superclass, flags, 'sync'),
      ctx,
    );
    return objects as CimClass[];
  }

  /** Mirrors `IWbemServices::CreateClassEnumAsync`: `indicate` batches, then the final status. */
  createClassEnumAsync(
    superclass: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.startAsync(sink, () => prepareCreateClassEnum(superclass, flags, 'async'), ctx);
  }

  /**
   * Declares a qualifier type in the namespace (MOF `Qualifier` statement; WMI has no
   * `IWbemServices` method for it).
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_QUALIFIER_TYPE, WBEM_E_INVALID_FLAVOR,
   * WBEM_E_ACCESS_DENIED without `WBEM_FULL_WRITE_REP`.
   */
  async putQualifierDeclaration(declaration: QualifierDeclaration, flags = 0): Promise<void> {
    await this.invoke(() => preparePutQualifierDeclaration(declaration, flags));
  }

  /**
   * One qualifier declaration, by name in any case (CIM `GetQualifier`).
   * @throws {WbemError} WBEM_E_NOT_FOUND when none is declared under that name,
   * WBEM_E_INVALID_PARAMETER for a null, empty or malformed name,
   * WBEM_E_QUALIFIER_NAME_TOO_WIDE, WBEM_E_ACCESS_DENIED without `WBEM_ENABLE`.
   */
  async getQualifierDeclaration(
    name: string,
    ctx: WbemContext = null,
  ): Promise<QualifierDeclaration> {
    const { objects } = await this.invoke(() => prepareGetQualifierDeclaration(name), ctx);
    return objects[0] as unknown as QualifierDeclaration;
  }

  /**
   * Removes a qualifier declaration, by name in any case (CIM `DeleteQualifier`); classes that
   * use the qualifier keep their values.
   * @throws {WbemError} WBEM_E_NOT_FOUND when none is declared under that name,
   * WBEM_E_INVALID_PARAMETER for a null, empty or malformed name,
   * WBEM_E_QUALIFIER_NAME_TOO_WIDE, WBEM_E_ACCESS_DENIED without `WBEM_FULL_WRITE_REP`.
   */
  async deleteQualifierDeclaration(name: string, ctx: WbemContext = null): Promise<void> {
    await this.invoke(() => prepareDeleteQualifierDeclaration(name), ctx);
  }

  /**
   * Every qualifier declaration of the namespace (CIM `EnumerateQualifiers`).
   * @throws {WbemError} WBEM_E_ACCESS_DENIED without `WBEM_ENABLE`.
   */
  async createQualifierDeclarationEnum(ctx: WbemContext = null): Promise<QualifierDeclaration[]> {
    const { objects } = await this.invoke(() => prepareCreateQualifierDeclarationEnum(), ctx);
    return objects as unknown as QualifierDeclaration[];
  }
}
