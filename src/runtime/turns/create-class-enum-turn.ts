/**
 * @module The turn of `CreateClassEnum`: the repository's classes, then those of every
 * enumerating provider of the namespace in registration order; for a name given twice the first
 * answer wins.
 */
import type { CimClass } from '../../model/cim-class.js';
import { nameKey } from '../../model/names.js';
import { providersIn } from '../../providers/provider-registry.js';
import {
  authorityOf,
  type CreateClassEnumRequest,
  type EnumerateClassNamesRequest,
} from '../protocol.js';
import { callInfo, type Outcome, read, type TurnScope } from './turn.js';

/** @throws {WbemError} any HRESULT of the schema or of a provider. */
export function createClassEnumTurn(
  scope: TurnScope,
  m: CreateClassEnumRequest,
): Outcome | Promise<Outcome> {
  const { schema, store, env, providers } = scope;
  const own = schema.createClassEnum(store, m.superclass, m.deep, m.options, env);
  if (!providers.any) return read(own);
  const seen = new Set(own.map((c) => nameKey(c.name)));
  return providerClasses(scope, m, seen).then((listed) => read([...own, ...listed]));
}

/**
 * The classes the namespace's enumerating providers list for `m`, in registration order, but
 * those whose name key is in `seen` (which gains every name listed): what a class enumeration
 * adds after the repository's classes.
 * @throws {WbemError} any HRESULT of a provider.
 */
export async function providerClasses(
  scope: TurnScope,
  m: CreateClassEnumRequest | EnumerateClassNamesRequest,
  seen: Set<string>,
): Promise<CimClass[]> {
  const { providers, env } = scope;
  const superclass = typeof m.superclass === 'string' ? m.superclass : null;
  const caller = authorityOf(m);
  const out: CimClass[] = [];
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
  return out;
}
