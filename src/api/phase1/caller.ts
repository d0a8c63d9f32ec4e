/**
 * @module The last step of phase 1 for every call of a connection (spec §2.3): the context, then
 * `WBEM_ENABLE` (+ `WBEM_REMOTE_ACCESS` when remote, B96/B100). The caller it returns rides on the
 * request into the actor's turn (write rights, providers, events).
 */
import { validateContext } from '../../model/validate-context.js';
import type { CallAuthority } from '../../runtime/protocol.js';
import { checkConnect } from '../../security/access-checks.js';
import type { NamespaceSecurity } from '../../security/namespace-security.js';

/** Who calls, on which namespace. */
export interface Connection {
  readonly namespace: string;
  readonly principal: string;
  /** The connection was opened as from another machine: `WBEM_REMOTE_ACCESS` is needed too. */
  readonly remote: boolean;
}

/**
 * The principal's rights now (they follow descriptor changes) and the checked context.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a bad context; WBEM_E_ACCESS_DENIED.
 */
export function phase1Caller(
  on: Connection,
  security: NamespaceSecurity,
  ctx: unknown,
): CallAuthority {
  const context = validateContext(ctx);
  const rights = security.rightsOf(on.namespace, on.principal);
  const denied = checkConnect(rights, { remote: on.remote });
  if (denied !== undefined) throw denied;
  return { principal: on.principal, rights, context };
}
