/**
 * @module Qualifier flavor bits (`WBEM_FLAVOR_TYPE`), valued exactly as `wbemcli.h`.
 *
 * MOF keywords map onto them as MS-WMIO §2.2.62 says: `ToInstance` ↔ PROPAGATE_TO_INSTANCE,
 * `ToSubclass` ↔ PROPAGATE_TO_DERIVED_CLASS, `DisableOverride` ↔ NOT_OVERRIDABLE,
 * `Amended`/`Translatable` ↔ AMENDED, `Restricted` ↔ no propagation bit.
 */

export const WBEM_FLAVOR_DONT_PROPAGATE = 0x0;
export const WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE = 0x1;
export const WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS = 0x2;
export const WBEM_FLAVOR_MASK_PROPAGATION = 0xf;
export const WBEM_FLAVOR_OVERRIDABLE = 0x0;
export const WBEM_FLAVOR_NOT_OVERRIDABLE = 0x10;
export const WBEM_FLAVOR_MASK_PERMISSIONS = 0x10;
export const WBEM_FLAVOR_ORIGIN_LOCAL = 0x0;
export const WBEM_FLAVOR_ORIGIN_PROPAGATED = 0x20;
export const WBEM_FLAVOR_ORIGIN_SYSTEM = 0x40;
export const WBEM_FLAVOR_MASK_ORIGIN = 0x60;
export const WBEM_FLAVOR_NOT_AMENDED = 0x0;
export const WBEM_FLAVOR_AMENDED = 0x80;
export const WBEM_FLAVOR_MASK_AMENDED = 0x80;

/** Bits a caller may set on a qualifier it writes; origin bits are output only. */
export const WBEM_FLAVOR_MASK_WRITABLE =
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE |
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS |
  WBEM_FLAVOR_NOT_OVERRIDABLE |
  WBEM_FLAVOR_AMENDED;
