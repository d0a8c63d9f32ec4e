/**
 * @module Reading a WQL property path from a CIM object: its own and system properties, the
 * pseudo-property `__THIS`, and properties of embedded objects (`TargetInstance.Name`).
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { CimObject, CimValue } from '../model/cim-value.js';
import {
  type DerivationChain,
  lazyDerivation,
  lazyDerivationLength,
} from '../model/derivation-chain.js';
import { nameKey } from '../model/names.js';
import { WBEM_GENUS_CLASS } from '../wbem/flags.js';
import type { WqlReader } from './wql-reader.js';

/** The classes an object path step may need: defaults of instances, ancestry of classes. */
export type ObjectReader = Partial<Pick<WqlReader, 'getClass' | 'derivation'>>;

export function isCimObject(value: unknown): value is CimObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'genus' in value;
}

export function isCimClass(value: CimObject): value is CimClass {
  return value.genus === WBEM_GENUS_CLASS;
}

/** `__CLASS` of a class or an instance. */
export function classNameOf(obj: CimObject): string {
  return isCimClass(obj) ? obj.name : (obj as CimInstance).className;
}

/** Ancestors (nearest first) of the object's class: its `__DERIVATION`, else the reader's. */
export function derivationOf(obj: CimObject, reader: ObjectReader | undefined): readonly string[] {
  return obj.systemProperties?.__DERIVATION ?? reader?.derivation?.(classNameOf(obj)) ?? [];
}

/** True when the object's class is `className` or derives from it (WQL `ISA`). */
export function objectIsA(
  obj: CimObject,
  className: string,
  reader: ObjectReader | undefined,
): boolean {
  const want = nameKey(className);
  if (sameKey(classNameOf(obj), want)) return true;
  // A long chain is walked as a chain; a short one as the array, as cheap as ever (the usual
  // hierarchy, and the event dispatch path, where each event's class meets many subscriptions).
  const system = obj.systemProperties;
  if (system !== undefined && (lazyDerivationLength(system) ?? 0) > SHORT_CHAIN) {
    const chain = lazyDerivation(system);
    if (chain !== undefined) return chainHas(chain, want);
  }
  for (const ancestor of derivationOf(obj, reader)) if (sameKey(ancestor, want)) return true;
  return false;
}

/**
 * For each link of a long chain, whether the chain from it holds the class last asked for. The
 * classes of one hierarchy share their links, so `ISA` over all of them (a schema query over a
 * chain of d classes) looks at each link once instead of walking d links per class, and never
 * builds the `__DERIVATION` arrays the chains stand for.
 */
const linkHas = new WeakMap<DerivationChain, { readonly want: string; readonly has: boolean }>();

/** Derivations up to this long are read as arrays. */
const SHORT_CHAIN = 32;

function chainHas(chain: DerivationChain | null, want: string): boolean {
  const walked: DerivationChain[] = [];
  let has = false;
  for (let at: DerivationChain | null = chain; at !== null; at = at.next) {
    const known = linkHas.get(at);
    if (known?.want === want) {
      has = known.has;
      break;
    }
    if (sameKey(at.name, want)) {
      has = true;
      linkHas.set(at, { want, has });
      break;
    }
    walked.push(at);
  }
  for (const link of walked) linkHas.set(link, { want, has });
  return has;
}

/**
 * `nameKey(name) === key`, without lowering a name of another length (the usual miss, on the
 * event dispatch path). Lowering never shortens a name and lengthens it only for `İ` (U+0130,
 * which becomes two characters), so a shorter name can match only when it holds one.
 */
function sameKey(name: string, key: string): boolean {
  if (name === key) return true;
  if (name.length !== key.length && !(name.length < key.length && name.includes('\u0130'))) {
    return false;
  }
  return nameKey(name) === key;
}

/**
 * The value of one property (or system property) of an object; `undefined` when the object has
 * no such property. A property an instance leaves unset takes its class default.
 */
export function propertyOf(
  obj: CimObject,
  name: string,
  reader: ObjectReader | undefined,
): CimValue | undefined {
  return propertyByKey(obj, nameKey(name), reader);
}

/** `propertyOf` with the name already a `nameKey`, for paths prepared once per query. */
export function propertyByKey(
  obj: CimObject,
  key: string,
  reader: ObjectReader | undefined,
): CimValue | undefined {
  if (key.startsWith('__')) return systemProperty(obj, key, reader);
  if (isCimClass(obj)) return obj.properties.get(key)?.value;
  const own = obj.properties.get(key);
  if (own !== undefined) return own.value;
  return reader?.getClass?.(obj.className)?.properties.get(key)?.value;
}

/**
 * Follows a dotted path of `nameKey`s through embedded objects; `undefined` when a step is
 * missing.
 */
export function valueAtPath(
  obj: CimObject,
  keys: readonly string[],
  reader: ObjectReader | undefined,
): CimValue | undefined {
  return valueAlongPath(obj, keys, 0, reader);
}

/**
 * `valueAtPath` from `keys[from]` on, starting at `value` (the value `keys[from - 1]` led to):
 * `undefined` when a step meets something that is not an object.
 */
export function valueAlongPath(
  value: CimValue | undefined,
  keys: readonly string[],
  from: number,
  reader: ObjectReader | undefined,
): CimValue | undefined {
  let current = value;
  // By index: an iterator per read is what cold dispatch code pays most for here.
  for (let i = from; i < keys.length; i++) {
    if (!isCimObject(current)) return undefined;
    current = propertyByKey(current, keys[i] as string, reader);
  }
  return current;
}

function systemProperty(
  obj: CimObject,
  key: string,
  reader: ObjectReader | undefined,
): CimValue | undefined {
  if (key === '__this') return obj;
  const sys = obj.systemProperties;
  switch (key) {
    case '__class':
      return classNameOf(obj);
    case '__genus':
      return obj.genus;
    case '__superclass':
      return (
        sys?.__SUPERCLASS ??
        (isCimClass(obj) ? obj.superclass : (derivationOf(obj, reader)[0] ?? null))
      );
    case '__derivation':
      return [...derivationOf(obj, reader)];
    case '__dynasty': {
      const derivation = derivationOf(obj, reader);
      return sys?.__DYNASTY ?? derivation[derivation.length - 1] ?? classNameOf(obj);
    }
    case '__property_count':
      return sys?.__PROPERTY_COUNT ?? obj.properties.size;
    case '__relpath':
      return sys?.__RELPATH ?? (isCimClass(obj) ? obj.name : null);
    case '__path':
      return sys?.__PATH ?? null;
    case '__namespace':
      return sys?.__NAMESPACE ?? null;
    case '__server':
      return sys?.__SERVER ?? null;
    default:
      return undefined;
  }
}

/** The system property names WQL can name in any query, lower-case. */
export const SYSTEM_PROPERTY_KEYS: ReadonlySet<string> = new Set([
  '__this',
  '__class',
  '__genus',
  '__superclass',
  '__derivation',
  '__dynasty',
  '__property_count',
  '__relpath',
  '__path',
  '__namespace',
  '__server',
]);
