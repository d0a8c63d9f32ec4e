/**
 * @module The wire between a `ProviderHost` and one provider process: comlink calls over the
 * child process's IPC channel (`ipc-endpoint.ts`), advanced (structured clone) serialisation so
 * the `Map`s of class data survive. Failures cross as `WbemError` values rebuilt from
 * `{ hresult, message }` (`wbem-error-handler.ts`).
 *
 * ```
 * host (actor host thread)          provider process (one per provider)
 *  │ fork(entry, [module]) ───────▶ guard signals, expose SandboxApi
 *  │ ◀── SANDBOX_HELLO                (calls sent before it are held back)
 *  │ load() ──────────────────────▶ import(module), check the default export
 *  │ ◀── SandboxLoad | WbemError
 *  │ call(ProviderCall) ──────────▶ provider.putClass(...)
 *  │ ◀── result | WbemError
 * ```
 */

import type { CimClass } from '../model/cim-class.js';
import type { WbemContext } from '../model/wbem-context.js';
import type { WbemError } from '../wbem/wbem-error.js';
import type { ProviderCallInfo, ProviderCapabilities } from './provider-module.js';

export type ProviderCall =
  | {
      readonly kind: 'putClass';
      readonly cls: CimClass;
      readonly flags: number;
      readonly context: WbemContext | null;
      readonly info: ProviderCallInfo;
    }
  | {
      readonly kind: 'deleteClass';
      readonly className: string;
      readonly flags: number;
      readonly context: WbemContext | null;
      readonly info: ProviderCallInfo;
    }
  | {
      readonly kind: 'getClass';
      readonly className: string;
      readonly flags: number;
      readonly context: WbemContext | null;
      readonly info: ProviderCallInfo;
    }
  | {
      readonly kind: 'enumerateClasses';
      readonly superclass: string | null;
      readonly deep: boolean;
      readonly context: WbemContext | null;
      readonly info: ProviderCallInfo;
    };

/** What each call kind resolves to. */
export interface ProviderResults {
  readonly putClass: undefined;
  readonly deleteClass: undefined;
  readonly getClass: CimClass | null;
  readonly enumerateClasses: readonly CimClass[];
}

/** The capability a call kind needs. */
export const CALL_CAPABILITY = {
  putClass: 'supportsPut',
  deleteClass: 'supportsDelete',
  getClass: 'supportsGet',
  enumerateClasses: 'supportsEnumerate',
} as const satisfies Record<ProviderCall['kind'], keyof ProviderCapabilities>;

/** What loading the module gave: the provider's name and what it declares it supports. */
export interface SandboxLoad {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
}

/**
 * What the provider process exposes over comlink. Failures come back as `WbemError` *values*
 * (carried by the `'wbem-error'` transfer handler), never as thrown objects, whose fields comlink
 * would drop.
 */
export interface SandboxApi {
  /** Imports the module once and checks its default export (WBEM_E_PROVIDER_LOAD_FAILURE). */
  load(): Promise<SandboxLoad | WbemError>;
  /** Runs one call; the result, or the provider's failure as a `WbemError`. */
  call(call: ProviderCall): Promise<unknown>;
}

/** The first message of a provider process, sent once it listens for calls. */
export const SANDBOX_HELLO = 'wbemrx-provider-sandbox-hello';

/** A class object as a provider must return it: genus 1, a name, a properties map. */
export function isCimClassShape(value: unknown): value is CimClass {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    c['genus'] === 1 &&
    typeof c['name'] === 'string' &&
    c['properties'] instanceof Map &&
    c['qualifiers'] instanceof Map &&
    c['methods'] instanceof Map
  );
}

/** Whether a load answer has the shape of a `SandboxLoad`. */
export function isSandboxLoad(value: unknown): value is SandboxLoad {
  if (typeof value !== 'object' || value === null) return false;
  const load = value as Record<string, unknown>;
  const caps = load['capabilities'];
  if (typeof load['name'] !== 'string' || typeof caps !== 'object' || caps === null) return false;
  return Object.values(CALL_CAPABILITY).every(
    (key) => typeof (caps as Record<string, unknown>)[key] === 'boolean',
  );
}

/** Whether a call's answer has the shape its kind promises (`ProviderResults`). */
export function isResultOf(kind: ProviderCall['kind'], value: unknown): boolean {
  switch (kind) {
    case 'putClass':
    case 'deleteClass':
      return value === undefined;
    case 'getClass':
      return value === null || isCimClassShape(value);
    case 'enumerateClasses':
      return Array.isArray(value) && value.every(isCimClassShape);
  }
}
