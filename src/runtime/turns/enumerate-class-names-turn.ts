/**
 * @module The turn of `EnumerateClassNames`: the names `createClassEnumTurn` would answer with,
 * without the classes: the repository's (from its subclass index, no class read), then those of
 * every enumerating provider of the namespace in registration order, a name given twice kept
 * once. A provider can only list whole classes, so its classes are read as `CreateClassEnum`
 * reads them; only their names travel back.
 */
import { nameKey } from '../../model/names.js';
import { providersIn } from '../../providers/provider-registry.js';
import { authorityOf, classNamesParam, type EnumerateClassNamesRequest } from '../protocol.js';
import { callInfo, type Outcome, read, type TurnScope } from './turn.js';

/** @throws {WbemError} any HRESULT of the schema or of a provider. */
export function enumerateClassNamesTurn(
  scope: TurnScope,
  m: EnumerateClassNamesRequest,
): Outcome | Promise<Outcome> {
  const { schema, store, providers, env } = scope;
  const own = schema.enumerateClassNames(store, m.superclass, m.deep);
  if (!providers.any) return read([], classNamesParam(own));
  const superclass = typeof m.superclass === 'string' ? m.superclass : null;
  const caller = authorityOf(m);
  return (async () => {
    const names = [...own];
    const seen = new Set(own.map(nameKey));
    for (const registration of providersIn(providers.registry, env.namespace)) {
      if (!(await providers.host.capabilities(registration)).supportsEnumerate) continue;
      const listed = await providers.host.invoke(registration, {
        kind: 'enumerateClasses',
        superclass,
        deep: m.deep,
        context: caller.context,
        info: callInfo(scope, caller),
      });
      for (const { name } of listed) {
        if (seen.has(nameKey(name))) continue;
        seen.add(nameKey(name));
        names.push(name);
      }
    }
    return read([], classNamesParam(names));
  })();
}
