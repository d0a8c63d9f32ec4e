/**
 * @module The merged view `WBEM_FLAG_USE_AMENDED_QUALIFIERS` reads return: a neutral class with
 * the localized qualifiers of its locale's amendment classes (`[Amendment, Locale(0x409)]` in the
 * `ms_409` child namespace), each flagged `WBEM_FLAVOR_AMENDED`, as WMI merges them.
 *
 * The amendment classes are applied along the *neutral* class's derivation, not along the
 * amendment namespace's own superclass links: an amendment class is written only for a class
 * that has localized text, so `B : A` may have no amendment at all while `A`'s amended
 * `Description : ToSubclass` must still reach `B`. Ancestors contribute only qualifiers that
 * propagate (`ToSubclass`), marked as propagated; the class's own amendment contributes all its
 * local qualifiers; nearer ones replace farther ones, and an amended qualifier replaces a neutral
 * one of the same name.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimMethod, CimParameter } from '../model/cim-method.js';
import type { CimProperty } from '../model/cim-property.js';
import { type NameMap, nameKey } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import {
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_MASK_ORIGIN,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
} from '../wbem/flavor.js';

/** Qualifiers that mark the amendment form itself; never merged into the neutral class. */
const MARKERS = new Set(['amendment', 'locale']);

/** True for a class of the `[Amendment]` form (the only classes an amendment namespace merges from). */
export function isAmendment(cls: CimClass): boolean {
  return cls.qualifiers.get('amendment')?.value === true;
}

/**
 * The amended qualifiers one amendment class gives one element: its local ones (the amendment
 * namespace's own inheritance is ignored, see the module note), only the propagating ones when
 * `inherited`.
 */
function contribution(from: NameMap<Qualifier>, inherited: boolean): Qualifier[] {
  const out: Qualifier[] = [];
  for (const [key, q] of from) {
    if (MARKERS.has(key) || (q.flavor & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0) continue;
    if (inherited && (q.flavor & WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS) === 0) continue;
    const origin = inherited ? WBEM_FLAVOR_ORIGIN_PROPAGATED : 0;
    out.push({
      ...q,
      flavor: (q.flavor & ~WBEM_FLAVOR_MASK_ORIGIN) | WBEM_FLAVOR_AMENDED | origin,
    });
  }
  return out;
}

/** `base` with `layers` applied in order (later layers win). */
function merged(base: NameMap<Qualifier>, layers: readonly Qualifier[][]): NameMap<Qualifier> {
  if (layers.every((layer) => layer.length === 0)) return base;
  const out = new Map(base);
  for (const layer of layers) for (const q of layer) out.set(nameKey(q.name), q);
  return out;
}

/** The amendment chain of one class: farthest ancestor first, each with whether it is inherited. */
interface Layer {
  readonly amendment: CimClass;
  readonly inherited: boolean;
}

function mergeParameters(
  method: CimMethod,
  layers: readonly Layer[],
): NameMap<CimParameter> | undefined {
  let out: Map<string, CimParameter> | undefined;
  for (const [key, p] of method.parameters) {
    const qualifiers = merged(
      p.qualifiers,
      layers.map(({ amendment, inherited }) => {
        const from = amendment.methods.get(nameKey(method.name))?.parameters.get(key);
        return from === undefined ? [] : contribution(from.qualifiers, inherited);
      }),
    );
    if (qualifiers === p.qualifiers) continue;
    out ??= new Map(method.parameters);
    out.set(key, { ...p, qualifiers });
  }
  return out;
}

function mergeMembers<T extends CimProperty | CimMethod>(
  members: NameMap<T>,
  layers: readonly Layer[],
  pick: (amendment: CimClass, key: string) => CimProperty | CimMethod | undefined,
): NameMap<T> {
  let out: Map<string, T> | undefined;
  for (const [key, member] of members) {
    const qualifiers = merged(
      member.qualifiers,
      layers.map(({ amendment, inherited }) => {
        const from = pick(amendment, key);
        return from === undefined ? [] : contribution(from.qualifiers, inherited);
      }),
    );
    const parameters =
      'parameters' in member ? mergeParameters(member as CimMethod, layers) : undefined;
    if (qualifiers === member.qualifiers && parameters === undefined) continue;
    out ??= new Map(members);
    out.set(key, { ...member, qualifiers, ...(parameters === undefined ? {} : { parameters }) });
  }
  return out ?? members;
}

/**
 * `cls` (a neutral class as `getClass` returns it, with its system properties) merged with the
 * amendment classes `amendments` holds (keyed by `nameKey`) for it and its ancestors; `cls`
 * itself when none applies.
 */
export function withAmendedQualifiers(
  cls: CimClass,
  amendments: ReadonlyMap<string, CimClass>,
): CimClass {
  const chain = [cls.name, ...(cls.systemProperties?.__DERIVATION ?? [])];
  const layers: Layer[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const amendment = amendments.get(nameKey(chain[i] as string));
    if (amendment !== undefined) layers.push({ amendment, inherited: i > 0 });
  }
  if (layers.length === 0) return cls;
  return {
    ...cls,
    qualifiers: merged(
      cls.qualifiers,
      layers.map(({ amendment, inherited }) => contribution(amendment.qualifiers, inherited)),
    ),
    properties: mergeMembers(cls.properties, layers, (a, key) => a.properties.get(key)),
    methods: mergeMembers(cls.methods, layers, (a, key) => a.methods.get(key)),
  };
}

/** The class names whose amendments `classes` may need: each class and its ancestors, no system class. */
export function amendmentNames(classes: readonly CimClass[]): Set<string> {
  const names = new Set<string>();
  for (const cls of classes) {
    for (const name of [cls.name, ...(cls.systemProperties?.__DERIVATION ?? [])])
      if (name !== '' && !name.startsWith('__')) names.add(nameKey(name));
  }
  return names;
}
