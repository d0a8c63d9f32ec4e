/**
 * @module Phase 1 of `registerProvider` and `unregisterProvider` (a `__Win32Provider` write): the
 * registration is checked and bound to the connection's namespace.
 */

import { namespaceKey } from '../../model/namespace-path.js';
import type { ProviderRegistration } from '../../providers/provider-registration.js';
import { validateProviderRegistration } from '../../providers/provider-registration.js';
import { WBEM_E_INVALID_PROVIDER_REGISTRATION } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import type { PreparedCall } from './prepared-call.js';

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
 * Phase 1 of `registerProvider`: the registration is checked and bound to the namespace.
 * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION for a malformed registration or one
 * naming another namespace.
 */
export function phase1RegisterProvider(namespace: string, registration: unknown): PreparedCall {
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
export function phase1UnregisterProvider(name: unknown): PreparedCall {
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
