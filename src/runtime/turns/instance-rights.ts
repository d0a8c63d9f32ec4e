/**
 * @module The write right of a PutInstance (spec §6.4), decided on the stored class the instance
 * names, before the schema reads the instance: dynamic → `WBEM_WRITE_PROVIDER`; derived from a
 * system class → `WBEM_FULL_WRITE_REP`; otherwise full or partial write. The instance the write
 * then changes is checked again with the rest of the mutation (`mutation-rights.ts`).
 */
import { nameKey } from '../../model/names.js';
import { isDynamicClass } from '../../providers/provider-registry.js';
import { checkInstanceWrite } from '../../security/access-checks.js';
import { deny, type TurnScope } from './turn.js';

/** @throws {WbemError} WBEM_E_ACCESS_DENIED. */
export function checkInstanceRights(scope: TurnScope, className: unknown, rights: number): void {
  const { store, env, providers } = scope;
  if (typeof className !== 'string') {
    // Stryker disable next-line ObjectLiteral: absent flags read as false
    deny(checkInstanceWrite(rights, { dynamic: false, systemDerived: false }));
    return;
  }
  let systemDerived = false;
  const seen = new Set<string>();
  for (let at: string | null | undefined = className; at; ) {
    if (at.startsWith('__')) systemDerived = true;
    if (seen.has(nameKey(at))) break;
    seen.add(nameKey(at));
    at = store.getClass(at)?.local.superclass;
  }
  const stored = store.getClass(className)?.local;
  const dynamic = isDynamicClass(providers.registry, env.namespace, className, stored);
  deny(checkInstanceWrite(rights, { dynamic, systemDerived }));
}
