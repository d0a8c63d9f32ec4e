/**
 * @module `WBEM_FLAG_PROTOTYPE`: instead of running a query, return the class its results would
 * be instances of. For a data query, the FROM class reduced to the selected properties and its
 * keys; for an association query whose `ResultClass` fixes the result class, that class.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimProperty } from '../model/cim-property.js';
import { nameKey } from '../model/names.js';
import { qualifierIsTrue } from '../schema/class-traits.js';
import { WBEM_E_INVALID_CLASS, WBEM_E_NOT_SUPPORTED } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { WqlQuery } from './ast.js';
import { checkDataQuery } from './data-query.js';
import type { WqlReader } from './wql-reader.js';

/**
 * The result class prototype of a query.
 * @throws {WbemError} as `runDataQuery`; WBEM_E_INVALID_CLASS when `ResultClass` names no class;
 * WBEM_E_NOT_SUPPORTED for schema queries and association queries without `ResultClass`, whose
 * results are of many classes.
 */
export function queryPrototype(query: WqlQuery, reader: WqlReader): CimClass {
  if (query.kind !== 'select') {
    const resultClass = query.filter.resultClass;
    if (resultClass === undefined) {
      throw new WbemError(WBEM_E_NOT_SUPPORTED, {
        message:
          'WBEM_FLAG_PROTOTYPE on ASSOCIATORS/REFERENCES OF needs ResultClass (the results are of many classes)',
      });
    }
    const cls = reader.getClass(resultClass);
    if (cls === undefined)
      throw new WbemError(WBEM_E_INVALID_CLASS, { message: `no class ${resultClass}` });
    return cls;
  }
  if (query.from.toLowerCase() === 'meta_class') {
    throw new WbemError(WBEM_E_NOT_SUPPORTED, {
      message:
        'WBEM_FLAG_PROTOTYPE does not apply to schema queries (their results are classes of many kinds)',
    });
  }
  const cls = checkDataQuery(query, reader);
  if (query.properties === null) return cls;
  const keep = new Set(query.properties.map((p) => nameKey(p.path[0] as string)));
  const properties = new Map<string, CimProperty>();
  for (const [k, p] of cls.properties) {
    if (keep.has(k) || qualifierIsTrue(p.qualifiers, 'key')) properties.set(k, p);
  }
  const { genus, name, superclass, qualifiers, methods, systemProperties } = cls;
  return {
    genus,
    name,
    superclass,
    qualifiers,
    properties,
    methods,
    ...(systemProperties === undefined
      ? {}
      : { systemProperties: { ...systemProperties, __PROPERTY_COUNT: properties.size } }),
  };
}
