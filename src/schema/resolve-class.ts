/**
 * @module Inheritance resolution: a class's resolved view from its local definition and its
 * parent's resolved view (pywbem `_resolve_class`). Runs once per stored class per put; reads
 * then serve the stored view as is.
 *
 * Rules: properties and methods of the parent come first, in the parent's order, marked
 * `propagated: true` with the parent's `classOrigin`; a local member of the same name overrides
 * (keeps the origin, `propagated: false`); new local members follow with `classOrigin` = this
 * class. Qualifiers flow only with `WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS` and arrive with
 * `WBEM_FLAVOR_ORIGIN_PROPAGATED` set; a local qualifier of the same name replaces the inherited
 * one. `Key` on a property always flows: keys are part of instance identity, which a subclass
 * inherits whatever flavor the parent chose (spec §4.5).
 *
 * Hot path: an inherited member that is already `propagated` in the parent is reused as the same
 * object (its qualifiers already carry the origin bit and all propagate again), so a deep chain
 * allocates only for the members its parent defined itself. Re-derivation resolves all the
 * subclasses of one parent against one `Inheritance`, so siblings share even those. Every stored
 * class keeps its views alive, and the collector's cost grows with them: sharing is the main
 * lever on the put rate.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimMethod, CimParameter } from '../model/cim-method.js';
import type { CimProperty } from '../model/cim-property.js';
import { copyMethod, copyParameter, copyProperty, copyQualifier } from '../model/model-copy.js';
import { EMPTY_NAME_MAP, type NameMap } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import {
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
} from '../wbem/flavor.js';

/** The qualifiers a subclass inherits, origin bit set. `keepKey`: property level. */
export function inheritedQualifiers(
  source: NameMap<Qualifier>,
  keepKey: boolean,
): NameMap<Qualifier> {
  let out: Map<string, Qualifier> | undefined;
  // keys() and get(), not entries: destructuring `[key, q]` allocates an array per entry even in
  // optimised code, and this runs for every inherited member of every put.
  for (const key of source.keys()) {
    const q = source.get(key) as Qualifier;
    if (
      (q.flavor & WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS) === 0 &&
      !(keepKey && key === 'key')
    ) {
      continue;
    }
    out ??= new Map();
    out.set(
      key,
      (q.flavor & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0
        ? q
        : copyQualifier(q, q.flavor | WBEM_FLAVOR_ORIGIN_PROPAGATED),
    );
  }
  return out ?? EMPTY_NAME_MAP;
}

/**
 * Inherited qualifiers (`propagated`, origin bit set) with the local ones over them; either map
 * itself when the other is empty, so that a class whose qualifiers neither flow in nor are its own
 * keeps one map.
 */
function withLocal(propagated: NameMap<Qualifier>, local: NameMap<Qualifier>): NameMap<Qualifier> {
  if (propagated.size === 0) return local;
  if (local.size === 0) return propagated;
  const out = new Map(propagated);
  for (const key of local.keys()) out.set(key, local.get(key) as Qualifier);
  return out;
}

function mergeQualifiers(
  inherited: NameMap<Qualifier>,
  local: NameMap<Qualifier>,
  keepKey: boolean,
): NameMap<Qualifier> {
  return withLocal(inheritedQualifiers(inherited, keepKey), local);
}

function propagateProperty(p: CimProperty, parentName: string): CimProperty {
  if (p.propagated === true) return p;
  return copyProperty(
    p,
    inheritedQualifiers(p.qualifiers, true),
    p.classOrigin ?? parentName,
    true,
  );
}

function propagateMethod(m: CimMethod, parentName: string): CimMethod {
  if (m.propagated === true) return m;
  return copyMethod(
    m,
    m.parameters,
    inheritedQualifiers(m.qualifiers, false),
    m.classOrigin ?? parentName,
    true,
  );
}

function overrideParameters(
  inherited: NameMap<CimParameter>,
  local: NameMap<CimParameter>,
): NameMap<CimParameter> {
  const out = new Map<string, CimParameter>();
  for (const [key, p] of local) {
    const base = inherited.get(key);
    out.set(
      key,
      base === undefined
        ? p
        : copyParameter(p, mergeQualifiers(base.qualifiers, p.qualifiers, false)),
    );
  }
  return out;
}

function ownProperty(p: CimProperty, className: string): CimProperty {
  return p.classOrigin === className && p.propagated === false
    ? p
    : copyProperty(p, p.qualifiers, className, false);
}

function ownMethod(m: CimMethod, className: string): CimMethod {
  return m.classOrigin === className && m.propagated === false
    ? m
    : copyMethod(m, m.parameters, m.qualifiers, className, false);
}

/** A base class's own members, tagged; the local map itself when every member already is. */
function ownMembers<T>(
  members: NameMap<T>,
  className: string,
  own: (member: T, className: string) => T,
): NameMap<T> {
  let out: Map<string, T> | undefined;
  for (const key of members.keys()) {
    const m = members.get(key) as T;
    const tagged = own(m, className);
    if (tagged !== m && out === undefined) {
      out = new Map();
      for (const k of members.keys()) {
        if (k === key) break;
        out.set(k, members.get(k) as T);
      }
    }
    out?.set(key, tagged);
  }
  return out ?? members;
}

/** A local property that overrides the parent's `p`: keeps the origin, merges qualifiers. */
function overrideProperty(own: CimProperty, p: CimProperty, parentName: string): CimProperty {
  return copyProperty(
    own,
    mergeQualifiers(p.qualifiers, own.qualifiers, true),
    p.classOrigin ?? parentName,
    false,
    p.name,
  );
}

function overrideMethod(own: CimMethod, m: CimMethod, parentName: string): CimMethod {
  return copyMethod(
    own,
    overrideParameters(m.parameters, own.parameters),
    mergeQualifiers(m.qualifiers, own.qualifiers, false),
    m.classOrigin ?? parentName,
    false,
    m.name,
  );
}

/**
 * The resolved methods. Most classes neither declare nor inherit a method: they share the one
 * empty map, and a class that only inherits shares its parent's map when every entry of it is
 * already propagated, rather than keeping a copy alive per class.
 */
function resolveMethods(
  local: CimClass,
  parent: CimClass,
  inherited: NameMap<CimMethod> | null,
): NameMap<CimMethod> {
  const localMethods = local.methods;
  const parentMethods = parent.methods;
  if (parentMethods.size === 0) return ownMembers(localMethods, local.name, ownMethod);
  if (localMethods.size === 0 && allPropagated(parentMethods)) return parentMethods;
  const methods = new Map<string, CimMethod>();
  for (const [key, m] of parentMethods) {
    const own = localMethods.get(key);
    methods.set(
      key,
      own !== undefined
        ? overrideMethod(own, m, parent.name)
        : inherited === null
          ? propagateMethod(m, parent.name)
          : (inherited.get(key) as CimMethod),
    );
  }
  for (const [key, m] of localMethods) {
    if (!methods.has(key)) methods.set(key, ownMethod(m, local.name));
  }
  return methods;
}

/**
 * Whether a local member overrides an inherited one. Only a choice of path: the override branches
 * below resolve a member nobody overrides as the other branches do, with a look-up per inherited
 * member that the others save.
 */
function overridesAny(local: NameMap<unknown>, inherited: NameMap<unknown>): boolean {
  for (const key of local.keys()) if (inherited.has(key)) return true;
  // Stryker disable next-line BooleanLiteral: the override branch resolves a member nobody overrides as the other branch does
  return false;
}

function allPropagated(members: NameMap<{ readonly propagated?: boolean }>): boolean {
  for (const m of members.values()) if (m.propagated !== true) return false;
  return true;
}

/**
 * The resolved view of `local` under `parent` (the parent's resolved view; `null` for a base
 * class). Pure and deterministic: resolving stored local definitions from scratch gives back
 * the stored resolved views.
 */
export function resolveClass(local: CimClass, parent: CimClass | null): CimClass {
  if (parent === null) {
    return {
      genus: local.genus,
      name: local.name,
      superclass: null,
      qualifiers: local.qualifiers,
      properties: ownMembers(local.properties, local.name, ownProperty),
      methods: ownMembers(local.methods, local.name, ownMethod),
    };
  }
  const parentName = parent.name;
  const properties = new Map<string, CimProperty>();
  const localProperties = local.properties;
  const parentProperties = parent.properties;
  // forEach: measurably cheaper than for-of over entries on this hot loop (no entry arrays).
  // Overrides are rare: one look-up per local property decides whether the inherited entries
  // need one each.
  if (overridesAny(localProperties, parentProperties)) {
    parentProperties.forEach((p, key) => {
      const own = localProperties.get(key);
      properties.set(
        key,
        own === undefined ? propagateProperty(p, parentName) : overrideProperty(own, p, parentName),
      );
    });
    localProperties.forEach((p, key) => {
      if (!properties.has(key)) properties.set(key, ownProperty(p, local.name));
    });
  } else {
    parentProperties.forEach((p, key) => {
      properties.set(key, propagateProperty(p, parentName));
    });
    localProperties.forEach((p, key) => {
      properties.set(key, ownProperty(p, local.name));
    });
  }
  return {
    genus: local.genus,
    name: local.name,
    superclass: local.superclass,
    qualifiers: mergeQualifiers(parent.qualifiers, local.qualifiers, false),
    properties,
    methods: resolveMethods(local, parent, null),
  };
}

/**
 * A parent's members and qualifiers as every subclass inherits them, computed once for all the
 * subclasses re-derived under it: siblings then share the propagated member objects instead of
 * each holding its own copies.
 */
export interface Inheritance {
  readonly parent: CimClass;
  readonly properties: NameMap<CimProperty>;
  readonly methods: NameMap<CimMethod>;
  readonly qualifiers: NameMap<Qualifier>;
}

/** What subclasses of `parent` (a resolved view) inherit from it. */
export function inheritanceOf(parent: CimClass): Inheritance {
  const parentName = parent.name;
  const properties = new Map<string, CimProperty>();
  parent.properties.forEach((p, key) => {
    properties.set(key, propagateProperty(p, parentName));
  });
  const methods = new Map<string, CimMethod>();
  for (const [key, m] of parent.methods) methods.set(key, propagateMethod(m, parentName));
  return {
    parent,
    properties,
    methods,
    qualifiers: inheritedQualifiers(parent.qualifiers, false),
  };
}

/** `resolveClass(local, inheritance.parent)`, sharing the inherited members. */
export function resolveUnder(local: CimClass, inheritance: Inheritance): CimClass {
  const parent = inheritance.parent;
  const parentName = parent.name;
  const properties = new Map<string, CimProperty>();
  const localProperties = local.properties;
  const parentProperties = parent.properties;
  if (overridesAny(localProperties, parentProperties)) {
    inheritance.properties.forEach((inherited, key) => {
      const own = localProperties.get(key);
      properties.set(
        key,
        own === undefined
          ? inherited
          : overrideProperty(own, parentProperties.get(key) as CimProperty, parentName),
      );
    });
    localProperties.forEach((p, key) => {
      if (!properties.has(key)) properties.set(key, ownProperty(p, local.name));
    });
  } else {
    inheritance.properties.forEach((inherited, key) => {
      properties.set(key, inherited);
    });
    localProperties.forEach((p, key) => {
      properties.set(key, ownProperty(p, local.name));
    });
  }
  return {
    genus: local.genus,
    name: local.name,
    superclass: local.superclass,
    qualifiers: withLocal(inheritance.qualifiers, local.qualifiers),
    properties,
    methods: resolveMethods(local, parent, inheritance.methods),
  };
}
