/**
 * @module The wire between a `ProviderHost` and one provider sandbox worker. Host → sandbox:
 * `call`. Sandbox → host: `ready` or `load-failed` once, then one `ok` or `fail` per call id.
 * Failures cross as `{ hresult, message }` data, never as thrown objects.
 *
 * ```
 * host                         sandbox (one per provider)
 *  │ spawn(workerData.module) ──▶ import(module), check the default export
 *  │ ◀── ready{capabilities} | load-failed{message}
 *  │ call{id, call} ──────────▶ provider.putClass(...)
 *  │ ◀── ok{id, result} | fail{id, hresult, message}
 * ```
 */

import type { CimClass } from '../model/cim-class.js';
import type { WbemContext } from '../model/wbem-context.js';
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

export interface CallMessage {
  readonly kind: 'call';
  readonly id: number;
  readonly call: ProviderCall;
}

export type SandboxMessage =
  | { readonly kind: 'ready'; readonly name: string; readonly capabilities: ProviderCapabilities }
  | { readonly kind: 'load-failed'; readonly message: string }
  | { readonly kind: 'ok'; readonly id: number; readonly result: unknown }
  | {
      readonly kind: 'fail';
      readonly id: number;
      readonly hresult: number;
      readonly message: string;
    };

const isCapabilities = (value: unknown): value is ProviderCapabilities => {
  if (typeof value !== 'object' || value === null) return false;
  const caps = value as Record<string, unknown>;
  return Object.values(CALL_CAPABILITY).every((key) => typeof caps[key] === 'boolean');
};

/** Narrows whatever a sandbox posted. */
export function isSandboxMessage(value: unknown): value is SandboxMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m['kind']) {
    case 'ready':
      return typeof m['name'] === 'string' && isCapabilities(m['capabilities']);
    case 'load-failed':
      return typeof m['message'] === 'string';
    case 'ok':
      return typeof m['id'] === 'number';
    case 'fail':
      return (
        typeof m['id'] === 'number' &&
        typeof m['hresult'] === 'number' &&
        typeof m['message'] === 'string'
      );
    default:
      return false;
  }
}

/** Narrows whatever the host posted. */
export function isCallMessage(value: unknown): value is CallMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  const call = m['call'] as Record<string, unknown> | null | undefined;
  return (
    m['kind'] === 'call' &&
    typeof m['id'] === 'number' &&
    typeof call === 'object' &&
    call !== null &&
    typeof call['kind'] === 'string' &&
    Object.hasOwn(CALL_CAPABILITY, call['kind'])
  );
}

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
