/**
 * @module The turn of `DeleteClass`: the same rights as PutClass, decided on the stored
 * definition, and then on every subclass and instance the cascade removes; the owning provider is
 * asked before the commit; the deleted classes leave the provider registrations (spec §6.2).
 */
import { checkProviderArchitecture } from '../../model/well-known-context.js';
import { type ClassWritePlan, planClassWrite } from '../../providers/class-write-plan.js';
import { checkClassWrite } from '../../security/access-checks.js';
import { WBEM_FLAG_SEND_STATUS } from '../../wbem/flags.js';
import { authorityOf, type DeleteClassRequest } from '../protocol.js';
import { checkMutationRights } from './mutation-rights.js';
import { callInfo, deny, HOST_BITS, type Outcome, type TurnScope, write } from './turn.js';

/** @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema or of the provider. */
export function deleteClassTurn(
  scope: TurnScope,
  m: DeleteClassRequest,
): Outcome | Promise<Outcome> {
  const { schema, store, env, providers } = scope;
  const caller = authorityOf(m);
  const name = typeof m.name === 'string' && m.name.length > 0 ? m.name : undefined;
  const stored = name === undefined ? undefined : store.getClass(name)?.local;
  // Without a name the plan is read only for its provider, which it has none of.
  // Stryker disable BooleanLiteral,ObjectLiteral
  const plan: ClassWritePlan =
    name === undefined
      ? { dynamic: false }
      : planClassWrite(providers.registry, env.namespace, name, stored, false);
  // Stryker restore BooleanLiteral,ObjectLiteral
  if (name !== undefined) deny(checkClassWrite(caller.rights, plan));
  const mutation = schema.deleteClass(store, m.name, env);
  // Stryker disable next-line ObjectLiteral: an absent `dynamic` reads as false
  if (name === undefined) deny(checkClassWrite(caller.rights, { dynamic: false }));
  checkMutationRights(scope, caller.rights, mutation.changes);
  const dropRegistrations = (): Outcome | Promise<Outcome> => {
    const saving = providers.dropClasses(mutation.changes.deleteClasses);
    return saving === undefined ? write(mutation) : saving.then(() => write(mutation));
  };
  if (plan.provider === undefined) return dropRegistrations();
  deny(checkProviderArchitecture(caller.context, HOST_BITS));
  return providers.host
    .invoke(plan.provider, {
      kind: 'deleteClass',
      // Stryker disable next-line OptionalChaining: the schema refused a class the repository lacks
      className: stored?.name ?? (name as string),
      flags: m.sendStatus ? WBEM_FLAG_SEND_STATUS : 0,
      context: caller.context,
      info: callInfo(scope, caller),
    })
    .then(dropRegistrations);
}
