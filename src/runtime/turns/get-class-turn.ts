/**
 * @module The turn of `GetObject` for a class: the repository first; a class it does not hold is
 * asked of its owning provider when that provider supports GetObject.
 */
import { classProviderFor } from '../../providers/provider-registry.js';
import { WBEM_E_NOT_FOUND } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { authorityOf, type GetClassRequest } from '../protocol.js';
import { callInfo, type Outcome, read, type TurnScope } from './turn.js';

/** @throws {WbemError} WBEM_E_NOT_FOUND, any HRESULT of the schema or of the provider. */
export function getClassTurn(scope: TurnScope, m: GetClassRequest): Outcome | Promise<Outcome> {
  const { schema, store, env, providers } = scope;
  try {
    return read([schema.getClass(store, m.name, m.options, env)]);
  } catch (thrown) {
    const notFound = thrown instanceof WbemError && thrown.hresult === WBEM_E_NOT_FOUND;
    if (!notFound || typeof m.name !== 'string' || !providers.any) throw thrown;
    const owner = classProviderFor(providers.registry, env.namespace, m.name);
    if (owner === undefined) throw thrown;
    const className = m.name;
    const caller = authorityOf(m);
    return (async () => {
      const caps = await providers.host.capabilities(owner);
      if (!caps.supportsGet) throw thrown;
      const found = await providers.host.invoke(owner, {
        kind: 'getClass',
        className,
        flags: 0,
        context: caller.context,
        info: callInfo(scope, caller),
      });
      if (found === null) throw thrown;
      return read([found]);
    })();
  }
}
