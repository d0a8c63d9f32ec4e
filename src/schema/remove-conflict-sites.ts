/**
 * @module Force mode's resolution step (spec §5.3): a subclass's local definition without the
 * elements that conflict with its updated superclass.
 */
import type { CimClass } from '../model/cim-class.js';
import { type NameMap, nameKey } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import type { ConflictSite } from './class-conflicts.js';

function without<T>(map: NameMap<T>, name: string): Map<string, T> {
  const out = new Map(map);
  out.delete(nameKey(name));
  return out;
}

function withoutQualifier<T extends { readonly qualifiers: NameMap<Qualifier> }>(
  map: NameMap<T>,
  member: string,
  name: string,
): NameMap<T> {
  const key = nameKey(member);
  const item = map.get(key);
  if (item === undefined) return map;
  const out = new Map(map);
  out.set(key, { ...item, qualifiers: without(item.qualifiers, name) });
  return out;
}

/** `local` with every site removed; `none` sites are left to the caller (they cannot be fixed). */
export function removeConflictSites(local: CimClass, sites: readonly ConflictSite[]): CimClass {
  let cls = local;
  for (const site of sites) {
    switch (site.kind) {
      case 'classQualifier':
        cls = { ...cls, qualifiers: without(cls.qualifiers, site.name) };
        break;
      case 'property':
        cls = { ...cls, properties: without(cls.properties, site.name) };
        break;
      case 'propertyQualifier':
        cls = { ...cls, properties: withoutQualifier(cls.properties, site.member, site.name) };
        break;
      case 'method':
        cls = { ...cls, methods: without(cls.methods, site.name) };
        break;
      case 'methodQualifier':
        cls = { ...cls, methods: withoutQualifier(cls.methods, site.member, site.name) };
        break;
      // Stryker disable next-line all: re-derivation stops at a `none` site before removing anything
      case 'none':
        break;
    }
  }
  return cls;
}
