/**
 * @module The access checks of spec §8.2/§6.4 as pure functions over a rights mask, named after the
 * place the spec puts them. Each returns the `WbemError` to report, or `undefined` when access is
 * granted, like the schema's update rules. Phase 1 checks run in `WbemServices` before a call is
 * accepted (their HRESULT is the call's return value); phase 2 checks run inside the namespace
 * actor's turn (their HRESULT arrives through the sink).
 */
import { sameName } from '../model/names.js';
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_METHOD_EXECUTE,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_REMOTE_ACCESS,
  WBEM_WRITE_PROVIDER,
  WRITE_DAC,
} from '../wbem/security.js';
import { WBEM_E_ACCESS_DENIED } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

/** The phase each check belongs to (spec §2.2). */
export const ACCESS_CHECK_PHASE = {
  checkConnect: 1,
  checkConnectServer: 1,
  checkOwnerChange: 1,
  checkReadSD: 1,
  checkWriteSD: 1,
  checkSubscribe: 1,
  checkMethodExecute: 2,
  checkClassWrite: 2,
  checkInstanceWrite: 2,
  checkAnyInstanceWrite: 2,
} as const;

/** The rights a check can demand, by the name a refusal gives them (as spelled in `wbemcli.h`). */
const RIGHTS = {
  WBEM_ENABLE,
  WBEM_REMOTE_ACCESS,
  WBEM_FULL_WRITE_REP,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_WRITE_PROVIDER,
  WBEM_METHOD_EXECUTE,
  READ_CONTROL,
  WRITE_DAC,
} as const;

function demand(
  rights: number,
  needed: keyof typeof RIGHTS,
  what: string,
  subject?: string,
): WbemError | undefined {
  const bit = RIGHTS[needed];
  if ((rights & bit) === bit) return undefined;
  const about = subject === undefined ? what : `${what} (${subject})`;
  return new WbemError(WBEM_E_ACCESS_DENIED, {
    message: `${about} needs ${needed}, which the caller does not hold on this namespace`,
  });
}

export interface ConnectCheckOptions {
  /** The caller is on another machine: `WBEM_REMOTE_ACCESS` is needed too. Default false. */
  readonly remote?: boolean;
}

/**
 * Phase 1 of every `IWbemServices` call (and of `connectServer`): `WBEM_ENABLE`, plus
 * `WBEM_REMOTE_ACCESS` for a remote caller (spec §8.2.1, behaviours 96 and 100).
 * Reads (GetObject, CreateClassEnum, instance reads) need nothing more.
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkConnect(
  rights: number,
  options: ConnectCheckOptions = {},
): WbemError | undefined {
  return (
    demand(rights, 'WBEM_ENABLE', 'using this namespace') ??
    (options.remote === true
      ? demand(rights, 'WBEM_REMOTE_ACCESS', 'using this namespace from a remote machine')
      : undefined)
  );
}

export interface ClassWriteCheckOptions {
  /** The class is provider-backed (`Dynamic` qualifier or a registered class provider). */
  readonly dynamic: boolean;
  /** Names the class and why the write reaches it, for the refusal's message. */
  readonly subject?: string;
}

/**
 * Phase 2 of PutClass and DeleteClass: a static class needs `WBEM_FULL_WRITE_REP`, a dynamic one
 * `WBEM_WRITE_PROVIDER`; `WBEM_PARTIAL_WRITE_REP` is never enough (spec §8.2.2, §6.2,
 * behaviours 97-99).
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkClassWrite(
  rights: number,
  options: ClassWriteCheckOptions,
): WbemError | undefined {
  return options.dynamic
    ? demand(
        rights,
        'WBEM_WRITE_PROVIDER',
        'writing a dynamic (provider-backed) class',
        options.subject,
      )
    : demand(rights, 'WBEM_FULL_WRITE_REP', 'writing a static class', options.subject);
}

export interface InstanceWriteCheckOptions {
  /** The instance's class is provider-backed. */
  readonly dynamic: boolean;
  /** The instance's class derives from a system class (`__` name). */
  readonly systemDerived: boolean;
  /** Names the instance and why the write reaches it, for the refusal's message. */
  readonly subject?: string;
}

/**
 * Phase 2 of PutInstance and DeleteInstance (spec §6.4): dynamic → `WBEM_WRITE_PROVIDER`;
 * derived from a system class → `WBEM_FULL_WRITE_REP`; otherwise `WBEM_FULL_WRITE_REP` or
 * `WBEM_PARTIAL_WRITE_REP`.
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkInstanceWrite(
  rights: number,
  options: InstanceWriteCheckOptions,
): WbemError | undefined {
  const { subject } = options;
  if (options.dynamic)
    return demand(rights, 'WBEM_WRITE_PROVIDER', 'writing an instance of a dynamic class', subject);
  if (options.systemDerived)
    return demand(
      rights,
      'WBEM_FULL_WRITE_REP',
      'writing an instance of a system-derived class',
      subject,
    );
  if ((rights & (WBEM_FULL_WRITE_REP | WBEM_PARTIAL_WRITE_REP)) !== 0) return undefined;
  return demand(rights, 'WBEM_PARTIAL_WRITE_REP', 'writing a static instance', subject);
}

export interface DescriptorCheckOptions extends ConnectCheckOptions {
  /**
   * The caller owns the namespace (`NamespaceSecurity.owns`): it holds `READ_CONTROL |
   * WRITE_DAC` implicitly and needs no `WBEM_ENABLE` for the descriptor calls, so a descriptor
   * that denies everyone `WBEM_ENABLE` can still be repaired. Default false.
   */
  readonly owner?: boolean;
}

/** `WBEM_ENABLE` (unless an owner), plus `WBEM_REMOTE_ACCESS` for a remote caller. */
function checkReach(rights: number, options: DescriptorCheckOptions): WbemError | undefined {
  if (options.owner !== true) return checkConnect(rights, options);
  return options.remote === true
    ? demand(rights, 'WBEM_REMOTE_ACCESS', 'using this namespace from a remote machine')
    : undefined;
}

/**
 * Phase 1 of `connectServer`: as `checkConnect`, except that the namespace's owner is admitted
 * without `WBEM_ENABLE`. Such a connection serves only the descriptor calls; every other call
 * still runs `checkConnect` (B96).
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkConnectServer(
  rights: number,
  options: DescriptorCheckOptions = {},
): WbemError | undefined {
  return checkReach(rights, options);
}

/**
 * The early part of DeleteInstance's phase 2, before the path is resolved: a path may name an
 * ancestor of the instance's class, so the right is decided on the instance found
 * (`checkInstanceWrite`), and only a caller who may write no instance at all is refused here.
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkAnyInstanceWrite(rights: number): WbemError | undefined {
  if ((rights & (WBEM_FULL_WRITE_REP | WBEM_PARTIAL_WRITE_REP | WBEM_WRITE_PROVIDER)) !== 0)
    return undefined;
  return demand(rights, 'WBEM_PARTIAL_WRITE_REP', 'deleting an instance');
}

/**
 * Phase 1 of `getSecurityDescriptor` (`__SystemSecurity::GetSD`): `WBEM_ENABLE` (an owner needs
 * none) and `READ_CONTROL`, plus `WBEM_REMOTE_ACCESS` for a remote caller.
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkReadSD(
  rights: number,
  options: DescriptorCheckOptions = {},
): WbemError | undefined {
  return (
    checkReach(rights, options) ?? demand(rights, 'READ_CONTROL', 'reading the security descriptor')
  );
}

/**
 * Phase 1 of `setSecurityDescriptor` (`__SystemSecurity::SetSD`): `WBEM_ENABLE` (an owner needs
 * none) and `WRITE_DAC`, plus `WBEM_REMOTE_ACCESS` for a remote caller.
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkWriteSD(
  rights: number,
  options: DescriptorCheckOptions = {},
): WbemError | undefined {
  return (
    checkReach(rights, options) ?? demand(rights, 'WRITE_DAC', 'changing the security descriptor')
  );
}

export interface OwnerChangeCheckOptions {
  /** The caller owns the namespace (`NamespaceSecurity.owns`). */
  readonly owner: boolean;
  /** The namespace's owner now (its own or the nearest above it). */
  readonly current: string | undefined;
  /** The owner the new descriptor names; `undefined` keeps the current one. */
  readonly requested: string | undefined;
}

/**
 * Phase 1 of `setSecurityDescriptor` when the descriptor names an owner: `WRITE_DAC` changes the
 * entries, but only the owner may hand ownership on (Windows asks `WRITE_OWNER`, which no
 * `WBEM_*` right carries). Otherwise a caller with `WRITE_DAC` could make itself owner and keep
 * `READ_CONTROL | WRITE_DAC` through any later deny.
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkOwnerChange(options: OwnerChangeCheckOptions): WbemError | undefined {
  const { requested, current } = options;
  if (requested === undefined || options.owner) return undefined;
  if (current !== undefined && sameName(requested, current)) return undefined;
  return new WbemError(WBEM_E_ACCESS_DENIED, {
    message: `naming ${requested} owner of the namespace needs ownership of it, which the caller does not hold`,
  });
}

/**
 * Phase 1 of subscribing to a namespace's intrinsic events (a temporary subscription, like
 * `ExecNotificationQueryAsync`): `WBEM_ENABLE`, plus `WBEM_REMOTE_ACCESS` for a remote caller.
 * `WBEM_RIGHT_SUBSCRIBE` governs event-provider and filter descriptors, which this engine does
 * not model, so it is not required here.
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkSubscribe(
  rights: number,
  options: ConnectCheckOptions = {},
): WbemError | undefined {
  return checkConnect(rights, options);
}

/**
 * Phase 2 of ExecMethod: `WBEM_METHOD_EXECUTE`.
 * @returns WBEM_E_ACCESS_DENIED as a `WbemError`, or `undefined` when granted.
 */
export function checkMethodExecute(rights: number): WbemError | undefined {
  return demand(rights, 'WBEM_METHOD_EXECUTE', 'executing a method');
}
