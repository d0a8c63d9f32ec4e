/**
 * @module Object paths of MOF instances, for `$Alias` references: `Class.Key1="v",Key2=5`, or
 * `Class=@` when the class has no keys this compilation knows of.
 */
import type { CimInstance } from '../model/cim-instance.js';
import type { CimScalar, CimValue } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';

function literal(value: CimValue): string {
  if (typeof value === 'string')
    return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).toUpperCase();
  if (value === null) return 'NULL';
  return '""';
}

/** The relative path of `instance`, given the key property names of its class (in order). */
export function instancePath(instance: CimInstance, keys: readonly string[]): string {
  const parts: string[] = [];
  for (const key of keys) {
    const prop = instance.properties.get(nameKey(key));
    if (prop === undefined) continue;
    const value = prop.value as CimScalar | null;
    parts.push(`${key}=${literal(value)}`);
  }
  if (parts.length === 0) return `${instance.className}=@`;
  return `${instance.className}.${parts.join(',')}`;
}
