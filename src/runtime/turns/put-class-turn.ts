/**
 * @module The turn of `PutClass`: static or dynamic and the write right (B97-B99, through the
 * sink), the schema's rules, then the owning provider unless `WBEM_FLAG_OWNER_UPDATE`. A provider
 * failure commits nothing.
 */
import { checkProviderArchitecture } from '../../context/well-known-context.js';
import type { CimClass } from '../../model/cim-class.js';
import { planClassWrite } from '../../providers/class-write-plan.js';
import { putClassFlagsOf } from '../../schema/intent.js';
import { checkClassWrite } from '../../security/access-checks.js';
import { WBEM_GENUS_CLASS } from '../../wbem/flags.js';
import { authorityOf, type PutClassRequest } from '../protocol.js';
import { callInfo, deny, HOST_BITS, type Outcome, type TurnScope, write } from './turn.js';

/** A class argument far enough along the spec's order (genus, then name) to be rights-checked. */
function classTarget(value: unknown): { name: string; cls?: CimClass } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const name = record['name'];
  if (record['genus'] !== WBEM_GENUS_CLASS || typeof name !== 'string' || name.length === 0)
    return undefined;
  return record['qualifiers'] instanceof Map ? { name, cls: value as CimClass } : { name };
}

/** @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema or of the provider. */
export function putClassTurn(scope: TurnScope, m: PutClassRequest): Outcome | Promise<Outcome> {
  const { schema, store, env, providers } = scope;
  const caller = authorityOf(m);
  const target = classTarget(m.cls);
  const plan =
    target === undefined
      ? { dynamic: false }
      : planClassWrite(
          providers.registry,
          env.namespace,
          target.name,
          target.cls,
          m.intent.ownerUpdate,
        );
  if (target !== undefined) deny(checkClassWrite(caller.rights, plan));
  const mutation = schema.putClass(store, m.cls, m.intent, env);
  // Input the schema accepted without a recognisable name still needs the static write right.
  if (target === undefined) deny(checkClassWrite(caller.rights, { dynamic: false }));
  if (!('provider' in plan) || plan.provider === undefined) return write(mutation);
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
