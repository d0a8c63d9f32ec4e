/**
 * @module Instance identity (spec §6.4): the canonical key path of an instance from its class's
 * key properties, and the canonical form of a path a caller gave.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { CimProperty } from '../model/cim-property.js';
import { checkCimValue } from '../model/cim-type-check.js';
import type { CimValue } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import { formatInstancePath, type InstancePath } from '../model/object-path.js';
import {
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_REFERENCE,
  CIM_SINT64,
  CIM_STRING,
  CIM_UINT64,
} from '../wbem/cim-type.js';
import { WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import { WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE } from '../wbem/flavor.js';
import { WBEM_E_ILLEGAL_NULL, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_NO_KEY } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { isSingleton, keyProperties } from './class-traits.js';
import { systemProperties as systemPropertiesOf } from './class-view.js';
import type { OperationEnv } from './index.js';

type KeyScalar = string | number | boolean;

/**
 * The canonical path of an instance of `cls` whose effective values are `effectiveValue(property)`.
 * @throws {WbemError} WBEM_E_NO_KEY (keyless class, or no key value at all), WBEM_E_ILLEGAL_NULL
 * (some key values missing).
 */
export function instanceKey(cls: CimClass, effectiveValue: (p: CimProperty) => CimValue): string {
  if (isSingleton(cls)) return formatInstancePath(cls.name, []);
  const keys = keyProperties(cls);
  if (keys.length === 0) {
    throw new WbemError(WBEM_E_NO_KEY, {
      message: `class ${cls.name} has no key properties and is not a singleton`,
    });
  }
  const bound = keys.map((p) => ({ name: p.name, type: p.type, value: effectiveValue(p) }));
  const missing = bound.filter((k) => k.value === null);
  if (missing.length === bound.length) {
    throw new WbemError(WBEM_E_NO_KEY, {
      message: `the instance of ${cls.name} has no key values`,
    });
  }
  if (missing.length > 0) {
    throw new WbemError(WBEM_E_ILLEGAL_NULL, {
      // Stryker disable next-line OptionalChaining: `missing` has an element here
      message: `key ${cls.name}.${missing[0]?.name} is NULL`,
    });
  }
  return formatInstancePath(cls.name, bound as { name: string; type: number; value: KeyScalar }[]);
}

const STRINGISH = new Set([CIM_STRING, CIM_DATETIME, CIM_REFERENCE, CIM_CHAR16]);

function coerce(value: KeyScalar, p: CimProperty, path: string): KeyScalar {
  let v: KeyScalar = value;
  if (STRINGISH.has(p.type) || p.type === CIM_SINT64 || p.type === CIM_UINT64) v = String(value);
  else if (
    // Stryker disable next-line ConditionalExpression: the pattern refuses a boolean's text, and a number's Number is itself; the typeof narrows the type
    typeof value === 'string' &&
    /^-?\d+$/.test(value)
  )
    v = Number(value);
  if (checkCimValue(v, p.type, false) !== undefined) {
    throw new WbemError(WBEM_E_INVALID_OBJECT_PATH, {
      message: `key ${p.name} in ${path} does not fit its type`,
    });
  }
  return v;
}

/**
 * The canonical key path, under `cls`'s name, of a parsed path naming `cls` or an ancestor.
 * @throws {WbemError} WBEM_E_INVALID_OBJECT_PATH when the keys do not match the class's keys.
 */
export function canonicalKey(cls: CimClass, parsed: InstancePath, text: string): string {
  const bad = (why: string): never => {
    throw new WbemError(WBEM_E_INVALID_OBJECT_PATH, { message: `${why}: ${text.slice(0, 300)}` });
  };
  if (isSingleton(cls))
    return parsed.singleton ? formatInstancePath(cls.name, []) : bad('the class is a singleton');
  if (parsed.singleton) return bad(`${cls.name} is not a singleton`);
  const keys = keyProperties(cls);
  if (keys.length === 0) return bad(`${cls.name} has no keys`);
  if (parsed.keys.length !== keys.length) return bad('the path does not give every key');
  const byName = new Map(keys.map((p) => [nameKey(p.name), p]));
  const bound = parsed.keys.map((b) => {
    // An unnamed key (`Foo="x"`) stands alone, and the count matched: the class has one key.
    const p = b.name === '' ? keys[0] : byName.get(nameKey(b.name));
    if (p === undefined) return bad(`${b.name} is not a key of ${cls.name}`);
    return { name: p.name, type: p.type, value: coerce(b.value, p, text) };
  });
  if (new Set(bound.map((b) => nameKey(b.name))).size !== bound.length) bad('a key is given twice');
  return formatInstancePath(cls.name, bound);
}

/** The instance as readers see it: every class property (stored value or default), plus system properties. */
export function instanceView(
  cls: CimClass,
  stored: CimInstance,
  key: string,
  derivation: readonly string[],
  env: OperationEnv,
): CimInstance {
  const properties = new Map<string, { name: string; value: CimValue }>();
  for (const [k, p] of cls.properties) {
    const own = stored.properties.get(k);
    properties.set(k, { name: p.name, value: own === undefined ? p.value : own.value });
  }
  const qualifiers = new Map(
    [...cls.qualifiers].filter(
      ([, q]) => (q.flavor & WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE) !== 0,
    ),
  );
  const systemProperties = systemPropertiesOf(WBEM_GENUS_INSTANCE, cls, derivation, key, env);
  return {
    genus: WBEM_GENUS_INSTANCE,
    className: cls.name,
    properties,
    qualifiers,
    systemProperties,
  };
}
