/**
 * @module Classification of an update (spec §5.1): how the submitted local definition differs
 * from the stored one. `cosmetic` differences are confined to the qualifiers of the A3 allow-list
 * (`Description`, `DisplayName`, and any qualifier with the Amended flavor on either side).
 */
import type { CimClass } from '../model/cim-class.js';
import { modelEquals } from '../model/cim-value-equals.js';
import type { NameMap } from '../model/names.js';
import { sameName } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import { WBEM_FLAVOR_AMENDED } from '../wbem/flavor.js';
import { sameSignature } from './class-conflicts.js';

/** The four kinds of spec §5.1. */
export type ChangeKind = 'unchanged' | 'cosmetic' | 'structural' | 'important';

const COSMETIC_NAMES = new Set(['description', 'displayname']);
// Stryker disable next-line all: only the structural/important split reads these (see isStructural)
const STRUCTURAL_CLASS_QUALIFIERS = ['singleton', 'dynamic', 'abstract'];
// Stryker disable next-line all: as above
const STRUCTURAL_PROPERTY_QUALIFIERS = ['key', 'indexed'];

function isCosmetic(key: string, q: Qualifier | undefined): boolean {
  return COSMETIC_NAMES.has(key) || (q !== undefined && (q.flavor & WBEM_FLAVOR_AMENDED) !== 0);
}

/**
 * `modelEquals` of two model elements with `name` (spelling may change) and, when `qualifiers` is
 * set, the qualifier sets (compared separately) left out: what comparing copies with those
 * fields blanked gives, without making the copies (this runs per member of every update).
 */
function equalExcept(a: object, b: object, qualifiers: boolean): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of Object.keys(ra)) {
    if (key === 'name' || (qualifiers && key === 'qualifiers')) continue;
    if (!modelEquals(ra[key], rb[key])) return false;
  }
  for (const key of Object.keys(rb)) {
    // Stryker disable next-line all: `name` and `qualifiers` are always in `a` too, so skipping them here changes nothing
    if (key === 'name' || (qualifiers && key === 'qualifiers')) continue;
    if (!(key in ra) && rb[key] !== undefined) return false;
  }
  return true;
}

/** Equality of two qualifier sets, optionally ignoring the cosmetic ones. */
function qualifiersEqual(
  a: NameMap<Qualifier>,
  b: NameMap<Qualifier>,
  ignoreCosmetic: boolean,
): boolean {
  // Stryker disable next-line ConditionalExpression: a fast path; comparing the entries gives the same answer
  if (a === b) return true;
  // keys() and get(): destructured entries allocate an array per entry (see resolve-class.ts).
  for (const key of a.keys()) {
    const q = a.get(key) as Qualifier;
    const other = b.get(key);
    // Stryker disable next-line ConditionalExpression: a fast path; comparing the entries gives the same answer
    if (other === q) continue;
    if (ignoreCosmetic && (isCosmetic(key, q) || isCosmetic(key, other))) continue;
    // Stryker disable next-line BooleanLiteral: a qualifier has no qualifiers field to leave out
    if (other === undefined || !equalExcept(q, other, false)) return false;
  }
  for (const key of b.keys()) {
    if (a.has(key)) continue;
    if (!(ignoreCosmetic && isCosmetic(key, b.get(key) as Qualifier))) return false;
  }
  return true;
}

// Stryker disable all: only the structural/important split calls this (see isStructural)
function flagChanged(
  a: NameMap<Qualifier>,
  b: NameMap<Qualifier>,
  keys: readonly string[],
): boolean {
  return keys.some((k) => (a.get(k)?.value === true) !== (b.get(k)?.value === true));
}
// Stryker restore all

/** Member maps equal apart from qualifiers (compared separately) and name spelling. */
function membersEqual<T extends { readonly qualifiers: NameMap<Qualifier>; readonly name: string }>(
  a: NameMap<T>,
  b: NameMap<T>,
  ignoreCosmetic: boolean,
): boolean {
  // Stryker disable next-line ConditionalExpression: a fast path; comparing the entries gives the same answer
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const key of a.keys()) {
    const m = a.get(key) as T;
    const other = b.get(key);
    if (other === undefined) return false;
    // Stryker disable next-line ConditionalExpression: a fast path; comparing the members gives the same answer
    if (other === m) continue;
    if (!equalExcept(m, other, true)) return false;
    if (!qualifiersEqual(m.qualifiers, other.qualifiers, ignoreCosmetic)) return false;
  }
  return true;
}

// Stryker disable all: whether a change is structural or other-important decides no outcome
// (spec §5.2 treats both alike, and A14 makes safe mode refuse both with instances); the one rule
// that reads the kind asks only for unchanged or cosmetic, so no fault in this split can show.
function isStructural(old: CimClass, next: CimClass): boolean {
  if (!sameName(old.superclass ?? '', next.superclass ?? '')) return true;
  if (flagChanged(old.qualifiers, next.qualifiers, STRUCTURAL_CLASS_QUALIFIERS)) return true;
  if (old.properties.size !== next.properties.size || old.methods.size !== next.methods.size)
    return true;
  for (const [key, p] of old.properties) {
    const q = next.properties.get(key);
    if (q === undefined || q.type !== p.type || q.isArray !== p.isArray) return true;
    if (q.referenceClass !== p.referenceClass || q.embeddedObjectClass !== p.embeddedObjectClass)
      return true;
    if (flagChanged(p.qualifiers, q.qualifiers, STRUCTURAL_PROPERTY_QUALIFIERS)) return true;
  }
  for (const [key, m] of old.methods) {
    const n = next.methods.get(key);
    if (n === undefined || !sameSignature(m, n)) return true;
  }
  return false;
}

/** How `next` differs from `old` (both local definitions of the same class). */
export function classifyChange(old: CimClass, next: CimClass): ChangeKind {
  const sameShape =
    sameName(old.superclass ?? '', next.superclass ?? '') &&
    membersEqual(old.properties, next.properties, true) &&
    membersEqual(old.methods, next.methods, true) &&
    qualifiersEqual(old.qualifiers, next.qualifiers, true);
  if (sameShape) {
    const identical =
      membersEqual(old.properties, next.properties, false) &&
      membersEqual(old.methods, next.methods, false) &&
      qualifiersEqual(old.qualifiers, next.qualifiers, false);
    return identical ? 'unchanged' : 'cosmetic';
  }
  return isStructural(old, next) ? 'structural' : 'important';
  // Stryker restore all
}
