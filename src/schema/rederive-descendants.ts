/**
 * @module Re-derivation of a class's descendants after its resolved view changed (spec §5.3):
 * each subclass is resolved again under its updated parent, parents before children. In safe
 * mode the first conflict is the outcome (mapped to the update codes of §5.3); in force mode
 * conflicting local elements are removed from the subclass until it fits. A subtree whose root
 * resolves to the same view is not visited: nothing below it can change.
 */
import type { ClassRecord } from '../model/change-set.js';
import type { CimClass } from '../model/cim-class.js';
import type { CimMethod } from '../model/cim-method.js';
import type { CimProperty } from '../model/cim-property.js';
import { modelEqualsOrdered } from '../model/cim-value-equals.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { nameKey } from '../model/names.js';
import {
  WBEM_E_CANNOT_BE_ABSTRACT,
  WBEM_E_CANNOT_BE_SINGLETON,
  WBEM_E_CANNOT_CHANGE_INDEX_INHERITANCE,
  WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE,
  WBEM_E_CLASS_HAS_CHILDREN,
  WBEM_E_OVERRIDE_NOT_ALLOWED,
  WBEM_E_PROPAGATED_METHOD,
  WBEM_E_TYPE_MISMATCH,
  WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED,
  WBEM_E_UPDATE_PROPAGATED_METHOD,
  WBEM_E_UPDATE_TYPE_MISMATCH,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { type Conflict, type ConflictSite, findConflicts } from './class-conflicts.js';
import { derivesFrom } from './class-lookup.js';
import { qualifiedSet } from './class-traits.js';
import { type SchemaRules, WMI_RULES } from './decisions.js';
import { removeConflictSites } from './remove-conflict-sites.js';
import { inheritanceOf, resolveUnder } from './resolve-class.js';

/** Creation-time codes and the update codes a subclass conflict reports instead (§5.3). */
const UPDATE_CODES: ReadonlyMap<number, number> = new Map([
  [WBEM_E_TYPE_MISMATCH, WBEM_E_UPDATE_TYPE_MISMATCH],
  [WBEM_E_OVERRIDE_NOT_ALLOWED, WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED],
  [WBEM_E_PROPAGATED_METHOD, WBEM_E_UPDATE_PROPAGATED_METHOD],
  [WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE, WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE],
  [WBEM_E_CANNOT_CHANGE_INDEX_INHERITANCE, WBEM_E_CANNOT_CHANGE_INDEX_INHERITANCE],
  [WBEM_E_CANNOT_BE_ABSTRACT, WBEM_E_CANNOT_BE_ABSTRACT],
  [WBEM_E_CANNOT_BE_SINGLETON, WBEM_E_CANNOT_BE_SINGLETON],
]);

function updateError(subclass: string, conflict: Conflict): WbemError {
  return new WbemError(UPDATE_CODES.get(conflict.hresult) ?? WBEM_E_CLASS_HAS_CHILDREN, {
    message: `subclass ${subclass} conflicts with the update: ${conflict.message}`,
  });
}

/** What re-deriving a class's descendants produced. */
export interface Rederivation {
  /** Descendants whose local or resolved view changed, parents before children. */
  readonly changed: readonly ClassRecord[];
  /** Descendants whose local definition force mode had to alter. */
  readonly altered: readonly string[];
  /** Safe mode: the first conflict; force mode: a conflict no removal can fix. */
  readonly error?: WbemError;
}

/** What changed between a parent's old and new views, computed once for all its children. */
interface ParentChange {
  readonly oldView: CimClass;
  readonly newView: CimClass;
  readonly keysChanged: boolean;
  readonly indexChanged: boolean;
}

function parentChange(oldView: CimClass, newView: CimClass): ParentChange {
  return {
    oldView,
    newView,
    keysChanged: qualifiedSet(oldView, 'key') !== qualifiedSet(newView, 'key'),
    indexChanged: qualifiedSet(oldView, 'indexed') !== qualifiedSet(newView, 'indexed'),
  };
}

/** Conflicts that exist only because the parent changed (not visible in the new view alone). */
function inheritanceConflicts(local: CimClass, change: ParentChange, force: boolean): Conflict[] {
  const out: Conflict[] = [];
  const { oldView: oldParent, newView: newParent } = change;
  // keys() and get(): destructured entries would allocate an array per member of every child.
  for (const key of local.properties.keys()) {
    if (oldParent.properties.has(key) && !newParent.properties.has(key)) {
      const name = (local.properties.get(key) as CimProperty).name;
      out.push({
        hresult: WBEM_E_CLASS_HAS_CHILDREN,
        message: `${local.name}.${name} overrides a removed property`,
        site: { kind: 'property', name },
      });
    }
  }
  for (const key of local.methods.keys()) {
    if (oldParent.methods.has(key) && !newParent.methods.has(key)) {
      const name = (local.methods.get(key) as CimMethod).name;
      out.push({
        hresult: WBEM_E_CLASS_HAS_CHILDREN,
        message: `${local.name}.${name} overrides a removed method`,
        site: { kind: 'method', name },
      });
    }
  }
  // In force mode a changed key set is no conflict of its own: a subclass's own keys below a keyed
  // parent are, and findConflicts reports each with its Key qualifier as the site.
  if (!force && change.keysChanged) {
    out.push({
      hresult: WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE,
      message: `the key set of ${newParent.name} changed`,
      // Stryker disable next-line ObjectLiteral,StringLiteral: only safe mode pushes this conflict, and safe mode stops at the first conflict without reading its site
      site: { kind: 'none' },
    });
  }
  if (!force && change.indexChanged) {
    out.push({
      hresult: WBEM_E_CANNOT_CHANGE_INDEX_INHERITANCE,
      message: `the Indexed set of ${newParent.name} changed`,
      // Stryker disable next-line ObjectLiteral,StringLiteral: as above, a safe-mode conflict only
      site: { kind: 'none' },
    });
  }
  return out;
}

const MAX_FORCE_ROUNDS = 16;

/**
 * Re-derives the descendants of `target` whose parent views changed from `oldTarget` to
 * `newTarget` (both resolved views of the target); `force` for force mode, else safe mode.
 */
export function rederiveDescendants(
  view: ClassStoreReader,
  target: string,
  oldTarget: CimClass,
  newTarget: CimClass,
  force: boolean,
  rules: SchemaRules = WMI_RULES,
): Rederivation {
  const changed: ClassRecord[] = [];
  // Stryker disable next-line ArrayDeclaration: its only reader (force mode) looks for stored instances of each listed class, and a listed name that is no class has none
  const altered: string[] = [];
  const refCheck = (name: string, ancestor: string): boolean | undefined =>
    derivesFrom(view, name, ancestor);
  let frontier: { name: string; oldView: CimClass; newView: CimClass }[] = [
    { name: target, oldView: oldTarget, newView: newTarget },
  ];
  // Stryker disable next-line ArrayDeclaration: the target is a child of none of its descendants (putClass refuses cycles), so it is never met again
  const seen = new Set<string>([nameKey(target)]);
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const parent of frontier) {
      // Most re-derived classes are leaves: look for children before comparing views.
      const children = view.subclassNames(parent.name);
      // Stryker disable next-line LogicalOperator: a skipped subtree only saves work; re-deriving children under an unchanged view changes none of them
      if (children.length === 0 || modelEqualsOrdered(parent.oldView, parent.newView)) continue;
      const change = parentChange(parent.oldView, parent.newView);
      const inheritance = inheritanceOf(parent.newView);
      for (const childName of children) {
        const key = nameKey(childName);
        if (seen.has(key)) continue;
        seen.add(key);
        const record = view.getClass(childName);
        if (record === undefined) continue;
        let local = record.local;
        let resolved = resolveUnder(local, inheritance);
        // A new array per child, so the conflicts the new view shows are appended in place.
        let conflicts = inheritanceConflicts(local, change, force);
        conflicts.push(...findConflicts(local, resolved, parent.newView, refCheck, rules));
        for (let round = 0; conflicts.length > 0; round++) {
          const first = conflicts[0] as Conflict;
          const stuck = conflicts.find((c) => c.site.kind === 'none');
          if (!force || stuck !== undefined || round >= MAX_FORCE_ROUNDS) {
            return {
              changed,
              altered,
              error: updateError(record.local.name, force ? (stuck ?? first) : first),
            };
          }
          local = removeConflictSites(
            local,
            conflicts.map((c): ConflictSite => c.site),
          );
          resolved = resolveUnder(local, inheritance);
          conflicts = findConflicts(local, resolved, parent.newView, refCheck, rules);
        }
        const isAltered = local !== record.local;
        if (isAltered) altered.push(record.local.name);
        if (isAltered || !modelEqualsOrdered(resolved, record.resolved)) {
          changed.push({ local, resolved });
          next.push({ name: record.local.name, oldView: record.resolved, newView: resolved });
        }
      }
    }
    frontier = next;
  }
  return { changed, altered };
}
