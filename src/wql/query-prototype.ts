/**
 * @module `WBEM_FLAG_PROTOTYPE`: instead of running a data query, return the class its results
 * would be instances of: the FROM class reduced to the selected properties and its keys.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimProperty } from '../model/cim-property.js';
import { nameKey } from '../model/names.js';
import { qualifierIsTrue } from '../schema/class-traits.js';
import { WBEM_E_NOT_SUPPORTED } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { WqlQuery } from './ast.js';
import { checkDataQuery } from './data-query.js';
import type { WqlReader } from './wql-reader.js';

/**
 * The result class prototype of a data query.
 * @throws {WbemError} as `runDataQuery`; WBEM_E_NOT_SUPPORTED for schema and association queries,
 * whose results are of many classes.
 */
export function queryPrototype(query: WqlQuery, reader: WqlReader): CimClass {
  if (query.kind !== 'select' || query.from.toLowerCase() === 'meta_class') {
    throw new WbemError(WBEM_E_NOT_SUPPORTED, {
      message: 'WBEM_FLAG_PROTOTYPE applies to data queries only (SELECT ... FROM a class)',
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
