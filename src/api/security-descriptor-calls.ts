/**
 * @module The namespace security descriptor calls of `WbemServices` (`__SystemSecurity::GetSD` /
 * `SetSD`, spec §8.3). Phase 1 of each runs here, on the caller's turn; the actor owning the
 * namespace persists the change.
 */
import { checkOwnerChange, checkReadSD, checkWriteSD } from '../security/access-checks.js';
import {
  SECURITY_DESCRIPTOR_KEY,
  serializeSecurityDescriptor,
} from '../security/descriptor-codec.js';
import { keepOwner, type SecurityDescriptor } from '../security/security-descriptor.js';
import { validateSecurityDescriptor } from '../security/validate-security-descriptor.js';
import type { EngineCore } from './engine-core.js';
import type { Connection } from './phase1/caller.js';

/**
 * GetSD: the effective descriptor of the connection's namespace.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED without `WBEM_ENABLE` (an owner needs none) and
 * `READ_CONTROL` (or `WBEM_REMOTE_ACCESS` when remote).
 */
export function readDescriptor(core: EngineCore, on: Connection): SecurityDescriptor {
  const rights = core.security.rightsOf(on.namespace, on.principal);
  const owner = core.security.owns(on.namespace, on.principal);
  const denied = checkReadSD(rights, { remote: on.remote, owner });
  if (denied !== undefined) throw denied;
  return core.security.effectiveDescriptorOf(on.namespace);
}

/**
 * SetSD: the namespace's actor stores the explicit descriptor durably (keeping the current owner
 * when `sd` names none); it is in force for every connection once the promise resolves.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED without `WBEM_ENABLE` (an owner needs none) and
 * `WRITE_DAC` (or `WBEM_REMOTE_ACCESS` when remote), or when a caller who is not the owner names
 * another owner; WBEM_E_INVALID_PARAMETER for a malformed descriptor.
 */
export async function writeDescriptor(
  core: EngineCore,
  on: Connection,
  sd: unknown,
): Promise<void> {
  let valid: SecurityDescriptor | undefined;
  await core.invoke(on.namespace, () => {
    const rights = core.security.rightsOf(on.namespace, on.principal);
    const owner = core.security.owns(on.namespace, on.principal);
    const denied = checkWriteSD(rights, { remote: on.remote, owner });
    if (denied !== undefined) throw denied;
    const kept = core.security.explicitDescriptorOf(on.namespace)?.owner;
    valid = keepOwner(validateSecurityDescriptor(sd), kept);
    const current = core.security.effectiveDescriptorOf(on.namespace).owner;
    const handOver = checkOwnerChange({ owner, current, requested: valid.owner });
    if (handOver !== undefined) throw handOver;
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
