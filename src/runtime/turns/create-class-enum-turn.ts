/**
 * @module The turn of `CreateClassEnum`: the repository's classes, then those of every
 * enumerating provider of the namespace in registration order; for a name given twice the first
 * answer wins.
 */
import type { CimObject } from '../../model/cim-value.js';
import { nameKey } from '../../model/names.js';
import { providersIn } from '../../providers/provider-registry.js';
import { authorityOf, type CreateClassEnumRequest } from '../protocol.js';
import { callInfo, type Outcome, read, type TurnScope } from './turn.js';

/** @throws {WbemError} any HRESULT of the schema or of a provider. */
export function createClassEnumTurn(
  scope: TurnScope,
  m: CreateClassEnumRequest,
): Outcome | Promise<Outcome> {
  const { schema, store, env, providers } = scope;
  const own = schema.createClassEnum(store, m.superclass, m.deep, m.options, env);
  if (!providers.any) return read(own);
  const superclass = typeof m.superclass === 'string' ? m.superclass : null;
  const caller = authorityOf(m);
  return (async () => {
    const out: CimObject[] = [...own];
    const seen = new Set(own.map((c) => nameKey(c.name)));
    for (const registration of providersIn(providers.registry, env.namespace)) {
      if (!(await providers.host.capabilities(registration)).supportsEnumerate) continue;
      const listed = await providers.host.invoke(registration, {
        kind: 'enumerateClasses',
        superclass,
        deep: m.deep,
        context: caller.context,
        info: callInfo(scope, caller),
      });
      for (const cls of listed) {
        if (seen.has(nameKey(cls.name))) continue;
        seen.add(nameKey(cls.name));
        out.push(cls);
      }
    }
    return read(out);
  })();
}
