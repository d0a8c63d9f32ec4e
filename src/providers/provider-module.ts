/**
 * @module What a class provider module exports: the contract between the engine and user code
 * that serves classes of a namespace (WMI's class providers, `__ClassProviderRegistration`).
 *
 * A provider is an ES module whose default export is a `ClassProvider`. The engine loads it in a
 * child process of its own, under Node's permission model (it reads its own folder and what its
 * registration grants), never in the engine's process, and calls it inside the namespace actor's
 * turn with a time limit. A method reports failure by throwing a `WbemError`
 * (or a bare HRESULT number); anything else thrown counts as `WBEM_E_PROVIDER_FAILURE`.
 *
 * @example
 * // acme-provider.js
 * export default {
 *   name: 'AcmeClassProvider',
 *   capabilities: { supportsPut: true, supportsDelete: false, supportsGet: true, supportsEnumerate: true },
 *   async putClass(cls, flags, ctx, call) { await acmeBackend.define(cls); },
 *   getClass(name) { return acmeBackend.lookup(name) ?? null; },
 *   enumerateClasses(superclass, deep) { return acmeBackend.all(superclass, deep); },
 * };
 */

import type { CimClass } from '../model/cim-class.js';
import type { WbemContext } from '../model/wbem-context.js';

/** MS-WMI `SupportsPut`/`SupportsDelete`/`SupportsGet`/`SupportsEnumeration`. */
export interface ProviderCapabilities {
  readonly supportsPut: boolean;
  readonly supportsDelete: boolean;
  readonly supportsGet: boolean;
  readonly supportsEnumerate: boolean;
}

/** Who is calling and where; passed as the last argument of every provider method. */
export interface ProviderCallInfo {
  /** Normalised namespace path (`root/cimv2`). */
  readonly namespace: string;
  /** The principal the call runs for. */
  readonly principal: string;
}

/** The default export of a provider module. */
export interface ClassProvider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  /**
   * PutClass of a class this provider serves, after the engine's own checks passed and before the
   * repository commits it. Throwing vetoes the write. `flags` are the caller's `lFlags`.
   */
  putClass?(
    cls: CimClass,
    flags: number,
    ctx: WbemContext | null,
    call: ProviderCallInfo,
  ): void | Promise<void>;
  /** DeleteClass of a class this provider serves; throwing vetoes the delete. */
  deleteClass?(
    className: string,
    flags: number,
    ctx: WbemContext | null,
    call: ProviderCallInfo,
  ): void | Promise<void>;
  /** GetObject of a class the repository does not hold; `null` when the provider has none. */
  getClass?(
    className: string,
    flags: number,
    ctx: WbemContext | null,
    call: ProviderCallInfo,
  ): CimClass | null | Promise<CimClass | null>;
  /** CreateClassEnum: the provider's classes under `superclass` (`null`: from the top). */
  enumerateClasses?(
    superclass: string | null,
    deep: boolean,
    ctx: WbemContext | null,
    call: ProviderCallInfo,
  ): readonly CimClass[] | Promise<readonly CimClass[]>;
}

/** Capability flag → the method it promises. */
export const CAPABILITY_METHODS = {
  supportsPut: 'putClass',
  supportsDelete: 'deleteClass',
  supportsGet: 'getClass',
  supportsEnumerate: 'enumerateClasses',
} as const satisfies Record<keyof ProviderCapabilities, keyof ClassProvider>;
