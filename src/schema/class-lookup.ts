/**
 * @module Class lookups over a namespace: the store's classes plus the system-class overlay
 * (`system-classes.ts`). Every schema operation reads classes through these functions only.
 */
import type { ClassRecord } from '../model/change-set.js';
import { isSystemName } from '../model/cim-name-grammar.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { nameKey } from '../model/names.js';
import { systemClass, systemClassNames, systemSubclassNames } from './system-classes.js';

/** The record of a class (system or stored), case-insensitively. */
export function findClass(view: ClassStoreReader, name: string): ClassRecord | undefined {
  return isSystemName(name) ? systemClass(name) : view.getClass(name);
}

/**
 * Direct subclasses (system ones first); `null`: the top-level classes. A user class has no
 * system subclasses (the overlay lists none under it); a system class may have user ones.
 */
export function subclassNamesOf(view: ClassStoreReader, name: string | null): string[] {
  return [...systemSubclassNames(name), ...view.subclassNames(name)];
}

/** All descendants of `name` (not `name`), parents before children. */
export function descendantNames(view: ClassStoreReader, name: string): string[] {
  const out: string[] = [];
  // Stryker disable next-line ArrayDeclaration: the class is a descendant of none of its descendants (putClass refuses cycles), so it is never met again
  const seen = new Set<string>([nameKey(name)]);
  let frontier = subclassNamesOf(view, name);
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const child of frontier) {
      const key = nameKey(child);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(child);
      next.push(...subclassNamesOf(view, child));
    }
    frontier = next;
  }
  return out;
}

/** Every class of the namespace: system classes first. */
export function allClassNames(view: ClassStoreReader): string[] {
  return [...systemClassNames(), ...view.classNames()];
}

/**
 * Ancestors of a class whose superclass is `superclass`, nearest first (`__DERIVATION`).
 * Bounded by the number of classes, so a corrupt store cannot loop it.
 */
export function ancestry(view: ClassStoreReader, superclass: string | null): string[] {
  const out: string[] = [];
  let current = superclass;
  const limit = view.classCount() + 64;
  // Stryker disable next-line EqualityOperator: a bound against a corrupt store's cycle; one name more or less past it is no matter
  while (current !== null && out.length <= limit) {
    const record = findClass(view, current);
    if (record === undefined) break;
    out.push(record.local.name);
    current = record.local.superclass;
  }
  return out;
}

/**
 * Most classes in one chain: a class may have at most `MAX_CLASS_DEPTH - 1` ancestors. WMI
 * documents no limit; this one exists because every class carries its whole `__DERIVATION`, so
 * a deep enumeration of a chain of depth d returns d²/2 names: at 4,096 that is 8.4 million
 * (about 100 MB of results), the most one call should build. Real schemas are under 20 deep
 * (the DMTF CIM schema 2.41: 10). Exceeding it is WBEM_E_QUOTA_VIOLATION.
 */
export const MAX_CLASS_DEPTH = 4096;

/**
 * `__DERIVATION` for classes asked parents before children (as `descendantNames` lists them): a
 * class whose parent was asked earlier extends the parent's derivation (one lookup) instead of
 * walking the chain again (depth lookups), so a deep enumeration costs the size of its output.
 */
export function derivationMemo(
  view: ClassStoreReader,
): (name: string, superclass: string | null) => readonly string[] {
  const known = new Map<string, readonly string[]>();
  return (name, superclass) => {
    const parent = superclass === null ? undefined : known.get(nameKey(superclass));
    // Stryker disable LogicalOperator,OptionalChaining: a stored class names its superclass as that class is stored (readClassBody takes the stored name), so the lookup returns the same spelling
    const derivation =
      // Stryker disable next-line ConditionalExpression: a fast path; the ancestry of no superclass is [] too
      superclass === null
        ? []
        : parent === undefined
          ? ancestry(view, superclass)
          : [findClass(view, superclass)?.local.name ?? superclass, ...parent];
    // Stryker restore LogicalOperator,OptionalChaining
    known.set(nameKey(name), derivation);
    return derivation;
  };
}

/**
 * Per store, the `__DERIVATION` of the class put last. Building a hierarchy top-down puts each
 * class right after its parent, so the next put extends this one instead of walking the whole
 * chain: a chain of n classes costs n lookups, not n²/2. Only the last one is kept (one array
 * per store), and it is used only while its class is still the stored record (an update or a
 * re-parenting of anything above stores new records), so it can never be stale.
 */
const lastPut = new WeakMap<
  ClassStoreReader,
  { readonly resolved: object; readonly derivation: readonly string[] }
>();

/** `__DERIVATION` of a class to be put below `parent`, nearest first. */
export function derivationBelow(view: ClassStoreReader, parent: ClassRecord): string[] {
  const last = lastPut.get(view);
  const above =
    last !== undefined && last.resolved === parent.resolved
      ? last.derivation
      : ancestry(view, parent.local.superclass);
  return [parent.local.name, ...above];
}

/** Notes the derivation of a class about to be stored (see `derivationBelow`). */
export function rememberDerivation(
  view: ClassStoreReader,
  resolved: object,
  derivation: readonly string[],
): void {
  lastPut.set(view, { resolved, derivation });
}

/**
 * Whether class `name` is `ancestor` or derives from it; `undefined` when `name` is not a class
 * of the namespace (yet).
 */
export function derivesFrom(
  view: ClassStoreReader,
  name: string,
  ancestor: string,
): boolean | undefined {
  const record = findClass(view, name);
  if (record === undefined) return undefined;
  const target = nameKey(ancestor);
  if (nameKey(record.local.name) === target) return true;
  return ancestry(view, record.local.superclass).some((n) => nameKey(n) === target);
}

/**
 * The class name of a class path: `Foo`, or a namespace-qualified `root\cimv2:Foo` /
 * `\\server\root\cimv2:Foo` (the namespace part is the caller's routing, not checked here).
 */
export function classNameOfPath(path: string): string {
  // Without a colon, lastIndexOf gives -1 and the slice is the whole path.
  return path.slice(path.lastIndexOf(':') + 1);
}
