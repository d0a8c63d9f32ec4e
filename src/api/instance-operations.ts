/**
 * @module The instance operations of `WbemServices`: put, get, delete and enumerate instances, in
 * their promise and async forms.
 */
import type { CimInstance } from '../model/cim-instance.js';
import type { IWbemObjectSink } from '../sink/object-sink.js';
import { ClassOperations } from './class-operations.js';
import {
  prepareCreateInstanceEnum,
  prepareDeleteInstance,
  prepareGetInstance,
  preparePutInstance,
} from './prepare-call.js';
import type { WbemContext } from './services-connection.js';

/** The instance operations of `WbemServices`. */
export class InstanceOperations extends ClassOperations {
  /**
   * Mirrors `IWbemServices::PutInstance`; resolves with the instance's path.
   * @throws {WbemError} WBEM_E_ALREADY_EXISTS, WBEM_E_NOT_FOUND, WBEM_E_INVALID_CLASS, WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_PARAMETER.
   */
  async putInstance(
    instance: CimInstance | null,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<string> {
    const { param } = await this.invoke(() => preparePutInstance(instance, flags, 'sync'), ctx);
    return param ?? '';
  }

  /** Mirrors `IWbemServices::PutInstanceAsync`: the final status carries the path as `param`. */
  putInstanceAsync(
    instance: CimInstance | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.startAsync(sink, () => preparePutInstance(instance, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::GetObject` for an instance path (`Foo.Id="x"`, `Foo=@`).
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_PARAMETER.
   */
  async getInstance(path: string, flags = 0, ctx: WbemContext = null): Promise<CimInstance> {
    const { objects } = await this.invoke(() => prepareGetInstance(path, flags, 'sync'), ctx);
    return objects[0] as CimInstance;
  }

  /**
   * Mirrors `IWbemServices::DeleteInstance`.
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_PARAMETER.
   */
  async deleteInstance(path: string, flags = 0, ctx: WbemContext = null): Promise<void> {
    await this.invoke(() => prepareDeleteInstance(path, flags, 'sync'), ctx);
  }

  /** Mirrors `IWbemServices::DeleteInstanceAsync`. @returns the phase-1 HRESULT. */
  deleteInstanceAsync(
    path: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.startAsync(sink, () => prepareDeleteInstance(path, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::CreateInstanceEnum` (deep by default).
   * @throws {WbemError} WBEM_E_INVALID_CLASS, WBEM_E_INVALID_PARAMETER.
   */
  async createInstanceEnum(
    className: string,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<CimInstance[]> {
    const { objects } = await this.invoke(
      () => prepareCreateInstanceEnum(className, flags, 'sync'),
      ctx,
    );
    return objects as CimInstance[];
  }

  /** Mirrors `IWbemServices::CreateInstanceEnumAsync`. @returns the phase-1 HRESULT. */
  createInstanceEnumAsync(
    className: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.startAsync(sink, () => prepareCreateInstanceEnum(className, flags, 'async'), ctx);
  }
}
