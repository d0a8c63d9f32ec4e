/**
 * @module The turn of `PutClass` (spec §2.3 phase 2): genus and name, static or dynamic and the
 * write right (B97-B99, through the sink) of both the incoming and the stored definition, the
 * schema's rules, the right of everything the resulting change touches, then the owning provider
 * unless `WBEM_FLAG_OWNER_UPDATE`. A provider failure commits nothing.
 */

import type { CimClass } from '../../model/cim-class.js';
import { checkProviderArchitecture } from '../../model/well-known-context.js';
import { planClassWrite } from '../../providers/class-write-plan.js';
import { putClassFlagsOf } from '../../schema/intent.js';
import { checkClassWrite } from '../../security/access-checks.js';
import { WBEM_FULL_WRITE_REP, WBEM_WRITE_PROVIDER } from '../../wbem/security.js';
import { authorityOf, type PutClassRequest } from '../protocol.js';
import { ClassFacts, checkMutationRights } from './mutation-rights.js';
import { callInfo, deny, HOST_BITS, type Outcome, type TurnScope, write } from './turn.js';

/**
 * Every right a class or instance write can demand (static, dynamic, system-derived or not): a
 * caller holding both passes each check of a change set, so its walk over the change set (with a
 * provider look-up per class) is skipped. Every create paid it, for nothing, under full rights.
 */
const EVERY_WRITE_RIGHT = WBEM_FULL_WRITE_REP | WBEM_WRITE_PROVIDER;

/** @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema or of the provider. */
export function putClassTurn(scope: TurnScope, m: PutClassRequest): Outcome | Promise<Outcome> {
  const { schema, store, env, providers } = scope;
  const caller = authorityOf(m);
  // The class object is read once, here: genus and name, then the right, then the rest.
  const header = schema.readPutClassHeader(m.cls);
  // Its `Dynamic` and `Provider` qualifiers decide the right (B97-B99), as given by the caller.
  const incoming = header.raw.qualifiers instanceof Map ? (m.cls as CimClass) : undefined;
  const plan = planClassWrite(
    providers.registry,
    env.namespace,
    header.name,
    incoming,
    m.intent.ownerUpdate,
  );
  deny(checkClassWrite(caller.rights, plan));
  // An update rewrites the stored class, so its own kind counts as well: a static class put again
  // as [Dynamic] still needs the static right.
  const facts = new ClassFacts(scope);
  const stored = facts.stored(header.name);
  if (stored !== undefined)
    deny(
      checkClassWrite(caller.rights, {
        dynamic: facts.dynamic(header.name, stored),
        subject: `class ${stored.name}, as stored`,
      }),
    );
  // Events go back only to a watched namespace (the actor drops them otherwise): not built then.
  const mutation = schema.putClassFromHeader(store, header, m.intent, env, m.wantsEvents);
  // Stryker disable next-line ConditionalExpression: a shortcut; every check passes under both rights
  if ((caller.rights & EVERY_WRITE_RIGHT) !== EVERY_WRITE_RIGHT)
    checkMutationRights(scope, caller.rights, mutation.changes, facts);
  if (plan.provider === undefined) return write(mutation);
  deny(checkProviderArchitecture(caller.context, HOST_BITS));
  return providers.host
    .invoke(plan.provider, {
      kind: 'putClass',
      cls: m.cls as CimClass,
      flags: putClassFlagsOf(m.intent, m.sendStatus),
      context: caller.context,
      info: callInfo(scope, caller),
    })
    .then(() => write(mutation));
}
