/**
 * @module The namespace administration calls of `WbemServices` that are not `IWbemServices`
 * methods: the namespace security descriptor (`__SystemSecurity::GetSD`/`SetSD`, spec §8.3) and
 * class provider registrations (`__Win32Provider`). Phase 1 of each runs here, on the caller's
 * turn; the actor owning the namespace persists the change.
 */

import { namespaceKey } from '../model/namespace-path.js';
import type { ProviderRegistration } from '../providers/provider-registration.js';
import { validateProviderRegistration } from '../providers/provider-registration.js';
import { checkConnect, checkReadSD, checkWriteSD } from '../security/access-checks.js';
import {
  SECURITY_DESCRIPTOR_KEY,
  serializeSecurityDescriptor,
} from '../security/descriptor-codec.js';
import type { SecurityDescriptor } from '../security/security-descriptor.js';
import { validateSecurityDescriptor } from '../security/validate-security-descriptor.js';
import { WBEM_E_INVALID_PROVIDER_REGISTRATION } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { EngineCore } from './engine-core.js';
import type { PreparedCall } from './prepare-call.js';

/** The connection an administration call is made on. */
export interface Connection {
  readonly namespace: string;
  readonly principal: string;
  readonly remote: boolean;
}

/** A provider registration as `registerProvider` takes it: the namespace is the connection's. */
export type ProviderRegistrationInput = Omit<ProviderRegistration, 'namespace'> & {
  readonly namespace?: string;
};

const pathKeyOf = (path: string): string =>
  namespaceKey(
    path
      .split(/[\\/]/)
      .filter((p) => p.length > 0)
      .join('/'),
  );

/**
 * GetSD: the effective descriptor of the connection's namespace.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED without `WBEM_ENABLE` and `READ_CONTROL` (or
 * `WBEM_REMOTE_ACCESS` when remote).
 */
export function readDescriptor(core: EngineCore, on: Connection): SecurityDescriptor {
  const rights = core.security.rightsOf(on.namespace, on.principal);
  const denied = checkConnect(rights, { remote: on.remote }) ?? checkReadSD(rights);
  if (denied !== undefined) throw denied;
  return core.security.effectiveDescriptorOf(on.namespace);
}

/**
 * SetSD: the namespace's actor stores the explicit descriptor durably; it is in force for every
 * connection once the promise resolves.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED without `WBEM_ENABLE` and `WRITE_DAC` (or
 * `WBEM_REMOTE_ACCESS` when remote); WBEM_E_INVALID_PARAMETER for a malformed descriptor.
 */
export async function writeDescriptor(
  core: EngineCore,
  on: Connection,
  sd: unknown,
): Promise<void> {
  let valid: SecurityDescriptor | undefined;
  await core.invoke(on.namespace, () => {
    const rights = core.security.rightsOf(on.namespace, on.principal);
    const denied = checkConnect(rights, { remote: on.remote }) ?? checkWriteSD(rights);
    if (denied !== undefined) throw denied;
    valid = validateSecurityDescriptor(sd);
    return {
      operation: 'SetSD',
      sendStatus: false,
      request: {
        kind: 'writeMeta',
        key: SECURITY_DESCRIPTOR_KEY,
        value: serializeSecurityDescriptor(valid),
      },
      caller: { principal: on.principal, rights, context: null },
    };
  });
  if (valid !== undefined) core.security.setDescriptor(on.namespace, valid);
}

/**
 * Phase 1 of `registerProvider`: the registration is checked and bound to the namespace.
 * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION for a malformed registration or one
 * naming another namespace.
 */
export function prepareRegisterProvider(namespace: string, registration: unknown): PreparedCall {
  if (typeof registration !== 'object' || registration === null)
    throw new WbemError(WBEM_E_INVALID_PROVIDER_REGISTRATION, {
      message: 'registration must be an object',
    });
  const own = (registration as { namespace?: unknown }).namespace;
  if (own !== undefined && (typeof own !== 'string' || pathKeyOf(own) !== pathKeyOf(namespace)))
    throw new WbemError(WBEM_E_INVALID_PROVIDER_REGISTRATION, {
      message: `the registration names namespace ${String(own)}, not ${namespace}`,
    });
  const checked = validateProviderRegistration({ ...registration, namespace });
  return {
    operation: 'PutInstance',
    sendStatus: false,
    request: { kind: 'registerProvider', registration: checked },
  };
}

/**
 * Phase 1 of `unregisterProvider`.
 * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION for an empty or non-string name.
 */
export function prepareUnregisterProvider(name: unknown): PreparedCall {
  if (typeof name !== 'string' || name.length === 0)
    throw new WbemError(WBEM_E_INVALID_PROVIDER_REGISTRATION, {
      message: 'the provider name must be a non-empty string',
    });
  return {
    operation: 'DeleteInstance',
    sendStatus: false,
    request: { kind: 'unregisterProvider', name },
  };
}
