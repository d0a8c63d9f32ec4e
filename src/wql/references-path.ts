/**
 * @module Whether a reference value (an object path) names a given instance: the way association
 * instances are followed, through key values rather than path spelling.
 */
import type { CimInstance } from '../model/cim-instance.js';
import { nameKey, sameName } from '../model/names.js';
import { type InstancePath, parseInstancePath } from '../model/object-path.js';
import { qualifierIsTrue } from '../schema/class-traits.js';
import { compareValues } from './compare-values.js';
import { objectIsA, propertyOf } from './object-values.js';
import type { WqlReader } from './wql-reader.js';

/** A path parsed once, or `undefined` when the text is not an instance path. */
export function tryParsePath(path: string): InstancePath | undefined {
  try {
    return parseInstancePath(path);
  } catch {
    return undefined;
  }
}

/**
 * True when `ref` names `target`: the path's class is the target's class or one of its ancestors
 * or descendants (a reference may be typed to the key-defining superclass), and its key values
 * equal the target's (strings case-insensitively, numbers by value). A path that does not parse
 * names nothing.
 */
export function pathNames(
  ref: string,
  target: CimInstance,
  reader: Pick<WqlReader, 'getClass' | 'derivation'>,
): boolean {
  const parsed = tryParsePath(ref);
  if (parsed === undefined) return false;
  if (!sameName(parsed.className, target.className)) {
    const related =
      objectIsA(target, parsed.className, reader) ||
      reader.derivation(parsed.className).some((a) => sameName(a, target.className));
    if (!related) return false;
  }
  const cls = reader.getClass(target.className);
  const keys = [...(cls?.properties.values() ?? [])].filter((p) =>
    qualifierIsTrue(p.qualifiers, 'key'),
  );
  // A singleton path (`Foo=@`) binds no keys, so it names only an instance of a class without
  // keys; a bare value (`Foo=1`) is one binding, so it reaches the loop only for one key.
  if (parsed.keys.length !== keys.length) return false;
  for (const binding of parsed.keys) {
    const name = binding.name === '' ? (keys[0]?.name as string) : binding.name;
    if (!keys.some((k) => nameKey(k.name) === nameKey(name))) return false;
    if (!compareValues(propertyOf(target, name, reader), '=', binding.value)) return false;
  }
  return true;
}
