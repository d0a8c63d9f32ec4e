/**
 * @module A CIM class: the object `PutClass` writes and `GetObject` returns.
 */
import type { WBEM_GENUS_CLASS } from '../wbem/flags.js';
import type { CimMethod } from './cim-method.js';
import type { CimProperty } from './cim-property.js';
import type { NameMap } from './names.js';
import type { Qualifier } from './qualifier.js';
import type { SystemProperties } from './system-properties.js';

export interface CimClass {
  readonly genus: typeof WBEM_GENUS_CLASS;
  /** `__CLASS`. */
  readonly name: string;
  /** `__SUPERCLASS`; `null` for a base class. */
  readonly superclass: string | null;
  readonly qualifiers: NameMap<Qualifier>;
  readonly properties: NameMap<CimProperty>;
  readonly methods: NameMap<CimMethod>;
  /**
   * Set on a class read with `WBEM_FLAG_USE_AMENDED_QUALIFIERS` (a merged, localised view):
   * writing it back without that flag fails with `WBEM_E_AMENDED_OBJECT`.
   */
  readonly amended?: boolean;
  /** Output only: filled by `getClass`/`createClassEnum`; ignored on input. */
  readonly systemProperties?: SystemProperties;
}
