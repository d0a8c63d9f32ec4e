/**
 * @module The turn of `EnumerateClassNames`: the names `createClassEnumTurn` would answer with,
 * without the classes: the repository's (from its subclass index, no class read), then those of
 * every enumerating provider of the namespace (`providerClasses`). A provider can only list whole
 * classes, so its classes are read as `CreateClassEnum` reads them; only their names travel back.
 */
import { nameKey } from '../../model/names.js';
import { classNamesParam, type EnumerateClassNamesRequest } from '../protocol.js';
import { providerClasses } from './create-class-enum-turn.js';
import { type Outcome, read, type TurnScope } from './turn.js';

/** @throws {WbemError} any HRESULT of the schema or of a provider. */
export function enumerateClassNamesTurn(
  scope: TurnScope,
  m: EnumerateClassNamesRequest,
): Outcome | Promise<Outcome> {
  const { schema, store, providers } = scope;
  const own = schema.enumerateClassNames(store, m.superclass, m.deep);
  if (!providers.any) return read([], classNamesParam(own));
  return providerClasses(scope, m, new Set(own.map(nameKey))).then((listed) =>
    read([], classNamesParam([...own, ...listed.map((c) => c.name)])),
  );
}
