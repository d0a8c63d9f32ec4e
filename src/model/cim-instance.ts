/**
 * @module A CIM instance of a class (static instances stored in the repository).
 */
import type { WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import type { CimValue } from './cim-value.js';
import type { NameMap } from './names.js';
import type { Qualifier } from './qualifier.js';
import type { SystemProperties } from './system-properties.js';

export interface CimInstanceProperty {
  readonly name: string;
  readonly value: CimValue;
}

export interface CimInstance {
  readonly genus: typeof WBEM_GENUS_INSTANCE;
  /** `__CLASS` of the instance. */
  readonly className: string;
  /** Property values; properties not listed take the class default. */
  readonly properties: NameMap<CimInstanceProperty>;
  /** Output only: qualifiers propagated from the class (`ToInstance`), plus local ones. */
  readonly qualifiers?: NameMap<Qualifier>;
  /** Output only. */
  readonly systemProperties?: SystemProperties;
}
