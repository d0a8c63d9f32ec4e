/**
 * @module `ASSOCIATORS OF {path}` and `REFERENCES OF {path}` over the namespace's association
 * classes (those with the `Association` qualifier).
 *
 * For an instance path, association instances are followed through their reference values,
 * matched to instances by key values. For a class path (or with `SchemaOnly`) the schema is
 * followed instead: an association class refers to class C through a reference property whose
 * declared class C is, or derives from; the classes at its other references are C's associators.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { CimProperty } from '../model/cim-property.js';
import type { CimObject } from '../model/cim-value.js';
import { nameKey, sameName } from '../model/names.js';
import { qualifierIsTrue } from '../schema/class-traits.js';
import { CIM_REFERENCE } from '../wbem/cim-type.js';
import { WBEM_E_INVALID_CLASS, WBEM_E_INVALID_QUERY, WBEM_E_NOT_FOUND } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { WqlAssociationFilter, WqlAssociationQuery } from './ast.js';
import { descendantNames } from './class-walk.js';
import { projectInstance } from './data-query.js';
import { objectIsA } from './object-values.js';
import { pathNames } from './references-path.js';
import type { WqlReader } from './wql-reader.js';

const CLASS_PATH = /^[A-Za-z_\u0080-\uFFEF][A-Za-z0-9_\u0080-\uFFEF]*$/;

/**
 * The associators or references of the object at `query.path`, each once.
 *
 * Mirrors `IWbemServices::ExecQuery` with `ASSOCIATORS OF` / `REFERENCES OF`.
 * @throws {WbemError} WBEM_E_INVALID_CLASS for a class path naming no class; WBEM_E_NOT_FOUND
 * for an instance path naming no instance; WBEM_E_INVALID_QUERY for `SchemaOnly` on an instance
 * path (WMI: SchemaOnly asks about class definitions, so it needs a class path).
 */
export function* runAssociationQuery(
  query: WqlAssociationQuery,
  reader: WqlReader,
): Generator<CimObject, void, undefined> {
  if (query.filter.classDefsOnly && query.filter.schemaOnly) {
    throw new WbemError(WBEM_E_INVALID_QUERY, {
      message: 'ClassDefsOnly and SchemaOnly cannot be used together',
    });
  }
  const local = query.path.replace(/^(?:\\\\[^\\/]*[\\/])?[^"':]*:/, '');
  if (CLASS_PATH.test(local)) {
    const cls = reader.getClass(local);
    if (cls === undefined)
      throw new WbemError(WBEM_E_INVALID_CLASS, { message: `no class ${local}` });
    yield* schemaAssociations(query, cls, reader);
    return;
  }
  if (query.filter.schemaOnly) {
    throw new WbemError(WBEM_E_INVALID_QUERY, {
      message: `SchemaOnly needs a class path, not {${query.path}}`,
    });
  }
  const target = reader.getInstance(query.path);
  if (target === undefined)
    throw new WbemError(WBEM_E_NOT_FOUND, { message: `no instance {${query.path}}` });
  yield* instanceAssociations(query, target, reader);
}

/** Association classes passing the filter's checks on the association itself. */
function* associationClasses(query: WqlAssociationQuery, reader: WqlReader): Generator<CimClass> {
  const f = query.filter;
  const assocClass = query.kind === 'associators' ? f.assocClass : f.resultClass;
  const assocQualifier =
    query.kind === 'associators' ? f.requiredAssocQualifier : f.requiredQualifier;
  for (const name of descendantNames(null, reader)) {
    const cls = reader.getClass(name);
    if (cls === undefined || !qualifierIsTrue(cls.qualifiers, 'association')) continue;
    if (assocClass !== undefined && !objectIsA(cls, assocClass, reader)) continue;
    if (assocQualifier !== undefined && !cls.qualifiers.has(nameKey(assocQualifier))) continue;
    yield cls;
  }
}

function referenceProperties(cls: CimClass): CimProperty[] {
  return [...cls.properties.values()].filter((p) => p.type === CIM_REFERENCE && !p.isArray);
}

/** The endpoint checks of ASSOCIATORS OF (ResultClass, RequiredQualifier). */
function endpointPasses(f: WqlAssociationFilter, endpoint: CimObject, reader: WqlReader): boolean {
  if (f.resultClass !== undefined && !objectIsA(endpoint, f.resultClass, reader)) return false;
  if (f.requiredQualifier === undefined) return true;
  const cls = endpoint.genus === 1 ? endpoint : reader.getClass(endpoint.className);
  return cls?.qualifiers.has(nameKey(f.requiredQualifier)) ?? false;
}

function* schemaAssociations(
  query: WqlAssociationQuery,
  target: CimClass,
  reader: WqlReader,
): Generator<CimObject, void, undefined> {
  const f = query.filter;
  const seen = new Set<string>();
  for (const assoc of associationClasses(query, reader)) {
    const refs = referenceProperties(assoc);
    for (const role of refs) {
      if (f.role !== undefined && !sameName(role.name, f.role)) continue;
      if (role.referenceClass !== undefined && !objectIsA(target, role.referenceClass, reader))
        continue;
      if (query.kind === 'references') {
        if (!seen.has(nameKey(assoc.name))) {
          seen.add(nameKey(assoc.name));
          yield assoc;
        }
        continue;
      }
      for (const other of refs) {
        if (other === role || other.referenceClass === undefined) continue;
        if (f.resultRole !== undefined && !sameName(other.name, f.resultRole)) continue;
        const endpoint = reader.getClass(other.referenceClass);
        if (endpoint === undefined || seen.has(nameKey(endpoint.name))) continue;
        if (!endpointPasses(f, endpoint, reader)) continue;
        seen.add(nameKey(endpoint.name));
        yield endpoint;
      }
    }
  }
}

function* instanceAssociations(
  query: WqlAssociationQuery,
  target: CimInstance,
  reader: WqlReader,
): Generator<CimObject, void, undefined> {
  const f = query.filter;
  const seen = new Set<unknown>();
  const once = (key: unknown): boolean => !seen.has(key) && seen.add(key) !== undefined;
  const shaped = (obj: CimInstance): CimObject => {
    if (f.classDefsOnly) return reader.getClass(obj.className) ?? obj;
    return f.keysOnly ? projectInstance(obj, [], reader) : obj;
  };
  for (const assoc of associationClasses(query, reader)) {
    const refs = referenceProperties(assoc);
    for (const link of reader.instancesOf(assoc.name, false)) {
      for (const role of refs) {
        if (f.role !== undefined && !sameName(role.name, f.role)) continue;
        const value = link.properties.get(nameKey(role.name))?.value;
        if (typeof value !== 'string' || !pathNames(value, target, reader)) continue;
        if (query.kind === 'references') {
          if (once(f.classDefsOnly ? `c:${nameKey(link.className)}` : identity(link)))
            yield shaped(link);
          break;
        }
        for (const other of refs) {
          if (other === role) continue;
          if (f.resultRole !== undefined && !sameName(other.name, f.resultRole)) continue;
          const far = link.properties.get(nameKey(other.name))?.value;
          const endpoint = typeof far === 'string' ? reader.getInstance(far) : undefined;
          if (endpoint === undefined || !endpointPasses(f, endpoint, reader)) continue;
          if (once(f.classDefsOnly ? `c:${nameKey(endpoint.className)}` : identity(endpoint))) {
            yield shaped(endpoint);
          }
        }
      }
    }
  }
}

/** What makes an instance the same result twice: its relative path, else the object itself. */
function identity(instance: CimInstance): unknown {
  const relpath = instance.systemProperties?.__RELPATH;
  return relpath === null || relpath === undefined ? instance : `i:${relpath.toLowerCase()}`;
}
