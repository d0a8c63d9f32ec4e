/**
 * @module `#pragma amendment("MS_409")`: a class splits into its neutral form (amended qualifiers
 * removed) for the namespace itself and an amendment class for the locale's child namespace
 * (`<ns>/ms_409`), which holds only the amended (`Amended`/`Translatable`) qualifiers, marked
 * `[Amendment, Locale(0x409)]`, as WMI's repository keeps localized qualifiers and as the
 * `.mfl` files that `mofcomp -Amendment` writes declare them.
 *
 * The amendment class keeps the members that carry amended qualifiers, with their types (no
 * default values) and, for methods, their parameters' `ID`/`In`/`Out` so signatures still match
 * the classes above them.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimMethod, CimParameter } from '../model/cim-method.js';
import type { CimProperty } from '../model/cim-property.js';
import type { NameMap } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import { CIM_BOOLEAN, CIM_SINT32 } from '../wbem/cim-type.js';
import { WBEM_FLAVOR_AMENDED } from '../wbem/flavor.js';
import { DEFAULT_FLAVOR } from './flavors.js';

const isAmended = (q: Qualifier): boolean => (q.flavor & WBEM_FLAVOR_AMENDED) !== 0;
const SIGNATURE = new Set(['id', 'in', 'out']);

function pick(
  qualifiers: NameMap<Qualifier>,
  keep: (key: string, q: Qualifier) => boolean,
): Map<string, Qualifier> {
  const out = new Map<string, Qualifier>();
  for (const [key, q] of qualifiers) if (keep(key, q)) out.set(key, q);
  return out;
}

const hasAmended = (qualifiers: NameMap<Qualifier>): boolean =>
  [...qualifiers.values()].some(isAmended);

const methodHasAmended = (m: CimMethod): boolean =>
  hasAmended(m.qualifiers) || [...m.parameters.values()].some((p) => hasAmended(p.qualifiers));

/** True for the `[Amendment]` class form, which is compiled as written. */
export function isAmendmentClass(cls: CimClass): boolean {
  return cls.qualifiers.get('amendment')?.value === true;
}

/** `cls` without its amended qualifiers: what the neutral namespace stores. */
export function neutralClass(cls: CimClass): CimClass {
  const neutral = (q: NameMap<Qualifier>) => pick(q, (_, item) => !isAmended(item));
  const properties = new Map<string, CimProperty>();
  for (const [key, p] of cls.properties)
    properties.set(key, { ...p, qualifiers: neutral(p.qualifiers) });
  const methods = new Map<string, CimMethod>();
  for (const [key, m] of cls.methods) {
    const parameters = new Map<string, CimParameter>();
    for (const [pk, p] of m.parameters)
      parameters.set(pk, { ...p, qualifiers: neutral(p.qualifiers) });
    methods.set(key, { ...m, parameters, qualifiers: neutral(m.qualifiers) });
  }
  return { ...cls, qualifiers: neutral(cls.qualifiers), properties, methods };
}

/** The `LOCALE` value of a child namespace name: `ms_409` → 0x409. */
export function localeIdOf(child: string): number {
  return Number.parseInt(child.slice(3), 16);
}

/**
 * The amendment class of `cls` for locale namespace `child` (`ms_409`); `superclass` is the
 * superclass when its own amendment class is compiled too, else `null`.
 */
export function amendmentClass(cls: CimClass, child: string, superclass: string | null): CimClass {
  const amended = (q: NameMap<Qualifier>) => pick(q, (_, item) => isAmended(item));
  const qualifiers = amended(cls.qualifiers);
  qualifiers.set('amendment', {
    name: 'Amendment',
    type: CIM_BOOLEAN,
    value: true,
    flavor: DEFAULT_FLAVOR,
  });
  qualifiers.set('locale', {
    name: 'Locale',
    type: CIM_SINT32,
    value: localeIdOf(child),
    flavor: DEFAULT_FLAVOR,
  });
  const properties = new Map<string, CimProperty>();
  for (const [key, p] of cls.properties) {
    if (!hasAmended(p.qualifiers)) continue;
    const { value: _value, ...shape } = p;
    properties.set(key, { ...shape, value: null, qualifiers: amended(p.qualifiers) });
  }
  const methods = new Map<string, CimMethod>();
  for (const [key, m] of cls.methods) {
    if (!methodHasAmended(m)) continue;
    const parameters = new Map<string, CimParameter>();
    for (const [pk, p] of m.parameters) {
      const { value: _value, ...shape } = p;
      parameters.set(pk, {
        ...shape,
        qualifiers: pick(p.qualifiers, (k, item) => SIGNATURE.has(k) || isAmended(item)),
      });
    }
    methods.set(key, { ...m, parameters, qualifiers: amended(m.qualifiers) });
  }
  return { genus: cls.genus, name: cls.name, superclass, qualifiers, properties, methods };
}
