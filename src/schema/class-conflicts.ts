/**
 * @module Definition checks of a class against its parent (spec §4.5, §9 37-49): the defects a
 * new definition can have once inheritance is applied. Each defect names the local element that
 * causes it, so the same list serves three callers: `putClass` refuses with the first defect's
 * code, safe mode maps it to an update code for a subclass, and force mode removes the element
 * from the subclass and tries again (spec §5.3).
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimMethod } from '../model/cim-method.js';
import type { CimProperty } from '../model/cim-property.js';
import { canBeKeyType } from '../model/cim-type-check.js';
import { modelEquals } from '../model/cim-value-equals.js';
import { type NameMap, sameName } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import { WBEM_MAX_USER_PROPERTIES } from '../wbem/flags.js';
import {
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
} from '../wbem/flavor.js';
import {
  WBEM_E_CANNOT_BE_ABSTRACT,
  WBEM_E_CANNOT_BE_KEY,
  WBEM_E_CANNOT_BE_SINGLETON,
  WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE,
  WBEM_E_OVERRIDE_NOT_ALLOWED,
  WBEM_E_PROPAGATED_METHOD,
  WBEM_E_TOO_MANY_PROPERTIES,
  WBEM_E_TYPE_MISMATCH,
} from '../wbem/status.js';
import {
  hasKeys,
  isAbstract,
  isKeyProperty,
  isSingleton,
  qualifierIsTrue,
} from './class-traits.js';
import { type SchemaRules, WMI_RULES } from './decisions.js';

/** The local element a defect comes from; `none` when no single element can be removed. */
export type ConflictSite =
  | { readonly kind: 'classQualifier'; readonly name: string }
  | { readonly kind: 'property'; readonly name: string }
  | { readonly kind: 'propertyQualifier'; readonly member: string; readonly name: string }
  | { readonly kind: 'method'; readonly name: string }
  | { readonly kind: 'methodQualifier'; readonly member: string; readonly name: string }
  | { readonly kind: 'none' };

/** One defect: its creation-time code, a message, and the local element that causes it. */
export interface Conflict {
  readonly hresult: number;
  readonly message: string;
  readonly site: ConflictSite;
}

/** True when a local qualifier illegally overrides an inherited `DisableOverride` one. */
function overridesLocked(inherited: Qualifier | undefined, own: Qualifier): boolean {
  if (inherited === undefined) return false;
  if ((inherited.flavor & WBEM_FLAVOR_NOT_OVERRIDABLE) === 0) return false;
  if ((inherited.flavor & WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS) === 0) return false;
  return inherited.type !== own.type || !modelEquals(inherited.value, own.value);
}

/**
 * Locked-qualifier overrides of one element. `member` names the property or method (`null`: the
 * class itself); sites and messages are built only for a conflict, since this runs for every
 * overriding member of every put.
 */
function lockedQualifiers(
  inherited: NameMap<Qualifier>,
  own: NameMap<Qualifier>,
  kind: 'propertyQualifier' | 'methodQualifier' | 'classQualifier',
  member: string | null,
  cls: string,
  out: Conflict[],
): void {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a fast path; with either side empty the loop finds nothing
  if (inherited.size === 0 || own.size === 0) return;
  for (const key of own.keys()) {
    const q = own.get(key) as Qualifier;
    if (overridesLocked(inherited.get(key), q)) {
      out.push({
        hresult: WBEM_E_OVERRIDE_NOT_ALLOWED,
        message: `${member === null ? cls : `${cls}.${member}`} overrides qualifier ${q.name}, which its superclass marks DisableOverride`,
        site:
          kind === 'classQualifier'
            ? { kind, name: q.name }
            : { kind, member: member as string, name: q.name },
      });
    }
  }
}

/** Same signature: return type, and the same parameters with the same types, IDs and directions. */
export function sameSignature(a: CimMethod, b: CimMethod): boolean {
  if (a.returnType !== b.returnType || (a.returnIsArray ?? false) !== (b.returnIsArray ?? false))
    return false;
  if (a.parameters.size !== b.parameters.size) return false;
  for (const [key, p] of a.parameters) {
    const q = b.parameters.get(key);
    if (q === undefined || p.type !== q.type || p.isArray !== q.isArray) return false;
    if (!sameName(p.referenceClass ?? '', q.referenceClass ?? '')) return false;
    for (const k of ['id', 'in', 'out']) {
      if (!modelEquals(p.qualifiers.get(k)?.value ?? null, q.qualifiers.get(k)?.value ?? null))
        return false;
    }
  }
  return true;
}

/**
 * Every defect of `local` (resolved as `resolved`) under `parent` (its superclass's resolved
 * view; `null` for a base class), in a fixed order: keys on unsuitable types, overrides (type,
 * signature, locked qualifiers), new keys below a keyed parent, abstract, singleton, property
 * count.
 *
 * An override may narrow a reference (`CIM_View REF` over `CIM_ManagedElement REF`, as the DMTF
 * schema does); `derivesFrom(name, ancestor)` answers whether the narrower class derives from the
 * inherited one, `undefined` when it cannot tell (a class not stored yet), which is accepted.
 */
export function findConflicts(
  local: CimClass,
  resolved: CimClass,
  parent: CimClass | null,
  derivesFrom: (name: string, ancestor: string) => boolean | undefined = () => undefined,
  rules: SchemaRules = WMI_RULES,
): Conflict[] {
  const out: Conflict[] = [];
  const cls = local.name;
  /** Local key properties the parent does not have as keys: a conflict if the parent has keys. */
  let newKeys: CimProperty[] | undefined;
  // keys() and get() rather than destructured entries, which allocate an array per property.
  const properties = local.properties;
  for (const key of properties.keys()) {
    const p = properties.get(key) as CimProperty;
    const keyFlag = p.qualifiers.get('key');
    if (keyFlag?.value === true && !canBeKeyType(p.type, p.isArray)) {
      out.push({
        hresult: WBEM_E_CANNOT_BE_KEY,
        message: `${cls}.${p.name}: Key is not allowed on ${p.isArray ? 'an array' : 'this type'}`,
        site: { kind: 'propertyQualifier', member: p.name, name: keyFlag.name },
      });
    }
    const base = parent?.properties.get(key);
    if (keyFlag?.value === true && (base === undefined || !isKeyProperty(base))) {
      newKeys ??= [];
      newKeys.push(p);
    }
    if (base === undefined) continue;
    if (
      base.type !== p.type ||
      base.isArray !== p.isArray ||
      (rules.referenceOverride === 'narrow' &&
        base.referenceClass !== undefined &&
        p.referenceClass !== undefined &&
        !sameName(base.referenceClass, p.referenceClass) &&
        derivesFrom(p.referenceClass, base.referenceClass) === false)
    ) {
      out.push({
        hresult: WBEM_E_TYPE_MISMATCH,
        message: `${cls}.${p.name} redefines an inherited property with another type`,
        site: { kind: 'property', name: p.name },
      });
      continue;
    }
    lockedQualifiers(base.qualifiers, p.qualifiers, 'propertyQualifier', p.name, cls, out);
    if (isKeyProperty(base) && keyFlag !== undefined && keyFlag.value !== true) {
      out.push({
        hresult: WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE,
        message: `${cls}.${p.name} drops Key from an inherited key property`,
        site: { kind: 'propertyQualifier', member: p.name, name: keyFlag.name },
      });
    }
  }
  if (parent !== null) {
    for (const key of local.methods.keys()) {
      const m = local.methods.get(key) as CimMethod;
      const base = parent.methods.get(key);
      if (base === undefined) continue;
      if (!sameSignature(base, m)) {
        out.push({
          hresult: WBEM_E_PROPAGATED_METHOD,
          message: `${cls}.${m.name} redeclares an inherited method with another signature`,
          site: { kind: 'method', name: m.name },
        });
        continue;
      }
      lockedQualifiers(base.qualifiers, m.qualifiers, 'methodQualifier', m.name, cls, out);
    }
    lockedQualifiers(parent.qualifiers, local.qualifiers, 'classQualifier', null, cls, out);
    if (newKeys !== undefined && hasKeys(parent)) {
      for (const p of newKeys) {
        out.push({
          hresult: WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE,
          message: `${cls}.${p.name} adds a key below a keyed superclass`,
          site: { kind: 'propertyQualifier', member: p.name, name: 'Key' },
        });
      }
    }
    if (rules.abstractBelowConcrete === 'refuse' && isAbstract(resolved) && !isAbstract(parent)) {
      out.push({
        hresult: WBEM_E_CANNOT_BE_ABSTRACT,
        message: `${cls} is abstract but its superclass ${parent.name} is not`,
        // The parent is not abstract, so the Abstract that makes the class so is its own.
        site: { kind: 'classQualifier', name: 'Abstract' },
      });
    }
  }
  if (isSingleton(resolved)) {
    if (hasKeys(resolved)) {
      // The last local key, or else the class's Singleton: without a local key the keys are
      // inherited, so the parent is keyed and (being stored, so valid) no singleton, and the
      // Singleton that makes the class one is its own.
      let site: ConflictSite = { kind: 'classQualifier', name: 'Singleton' };
      for (const p of local.properties.values()) {
        if (qualifierIsTrue(p.qualifiers, 'key'))
          site = { kind: 'propertyQualifier', member: p.name, name: 'Key' };
      }
      out.push({
        hresult: WBEM_E_CANNOT_BE_SINGLETON,
        message: `${cls} is a singleton with key properties`,
        site,
      });
    } else if (
      parent !== null &&
      !isSingleton(parent) &&
      (hasKeys(parent) || (!isAbstract(parent) && rules.singletonBelowKeylessConcrete === 'refuse'))
    ) {
      out.push({
        hresult: WBEM_E_CANNOT_BE_SINGLETON,
        message: `${cls} is a singleton below ${parent.name}, which is concrete or keyed`,
        // The parent is no singleton, so the Singleton that makes the class one is its own.
        site: { kind: 'classQualifier', name: 'Singleton' },
      });
    }
  }
  if (resolved.properties.size > WBEM_MAX_USER_PROPERTIES) {
    out.push({
      hresult: WBEM_E_TOO_MANY_PROPERTIES,
      message: `${cls} has ${resolved.properties.size} properties (limit ${WBEM_MAX_USER_PROPERTIES})`,
      site: { kind: 'none' },
    });
  }
  return out;
}
