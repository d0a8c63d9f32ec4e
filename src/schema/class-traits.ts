/**
 * @module What a resolved class is, read from its qualifiers: abstract, singleton, dynamic
 * (provider-backed), its key and indexed properties.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimProperty } from '../model/cim-property.js';
import type { NameMap } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';

/** True when the qualifier `key` (lower-case) is present with the value `true`. */
export function qualifierIsTrue(qualifiers: NameMap<Qualifier>, key: string): boolean {
  return qualifiers.get(key)?.value === true;
}

/** `Abstract`: no instances; only below abstract parents. */
export function isAbstract(cls: CimClass): boolean {
  return qualifierIsTrue(cls.qualifiers, 'abstract');
}

/** `Singleton`: one instance, `Class=@`, no keys. */
export function isSingleton(cls: CimClass): boolean {
  return qualifierIsTrue(cls.qualifiers, 'singleton');
}

/** Provider-backed: `Dynamic` or a `Provider` name; the repository stores no instances for it. */
export function isDynamic(cls: CimClass): boolean {
  return (
    qualifierIsTrue(cls.qualifiers, 'dynamic') ||
    typeof cls.qualifiers.get('provider')?.value === 'string'
  );
}

/** The property carries `Key` = true (its own or inherited). */
export function isKeyProperty(p: CimProperty): boolean {
  return qualifierIsTrue(p.qualifiers, 'key');
}

/** Key properties, in declaration order. */
export function keyProperties(cls: CimClass): CimProperty[] {
  const keys: CimProperty[] = [];
  for (const p of cls.properties.values()) if (isKeyProperty(p)) keys.push(p);
  return keys;
}

/** At least one key property. */
export function hasKeys(cls: CimClass): boolean {
  for (const p of cls.properties.values()) if (isKeyProperty(p)) return true;
  return false;
}

/** Lower-case names of the properties carrying `qualifier`, joined: compares key/index sets. */
export function qualifiedSet(cls: CimClass, qualifier: string): string {
  // Stryker disable next-line ArrayDeclaration: qualifiedSet results are only compared with each other, and an extra first entry is the same in both
  const names: string[] = [];
  for (const [key, p] of cls.properties)
    if (qualifierIsTrue(p.qualifiers, qualifier)) names.push(key);
  return names.sort().join(',');
}
