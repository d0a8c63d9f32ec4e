/**
 * @module Data queries (`SELECT * | p1, p2 FROM Class [WHERE ...]`) over a namespace's instances,
 * as a generator so the caller can deliver results in slices.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance, CimInstanceProperty } from '../model/cim-instance.js';
import { nameKey } from '../model/names.js';
import { qualifierIsTrue } from '../schema/class-traits.js';
import { WBEM_E_INVALID_CLASS, WBEM_E_INVALID_QUERY } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { WqlPropertyRef, WqlSelect } from './ast.js';
import { compileWhere } from './compile-where.js';
import { forEachProperty } from './expression-properties.js';
import { propertyOf, SYSTEM_PROPERTY_KEYS } from './object-values.js';
import type { WqlReader } from './wql-reader.js';

/**
 * The instances of `query.from` (and of its subclasses) that satisfy its WHERE clause, projected
 * onto the selected properties.
 *
 * Mirrors the data-query branch of `IWbemServices::ExecQuery`.
 * @throws {WbemError} WBEM_E_INVALID_CLASS when `FROM` names no class; WBEM_E_INVALID_QUERY for a
 * property the class does not have, or `WITHIN`/`GROUP` (notification-only clauses).
 */
export function* runDataQuery(
  query: WqlSelect,
  reader: WqlReader,
): Generator<CimInstance, void, undefined> {
  const cls = checkDataQuery(query, reader);
  const test = query.where === undefined ? undefined : compileWhere(query.where, reader);
  const selected = query.properties?.map((p) => p.path[0] as string);
  for (const instance of reader.instancesOf(cls.name, true)) {
    if (test !== undefined && !test(instance)) continue;
    yield selected === undefined ? instance : projectInstance(instance, selected, reader);
  }
}

/**
 * The class a data query reads, after checking its clauses against it.
 * @throws {WbemError} as `runDataQuery`.
 */
export function checkDataQuery(query: WqlSelect, reader: WqlReader): CimClass {
  if (query.within !== undefined || query.group !== undefined) {
    throw new WbemError(WBEM_E_INVALID_QUERY, {
      message: `${query.within !== undefined ? 'WITHIN' : 'GROUP WITHIN'} belongs to notification queries, not to a data query on ${query.from}`,
    });
  }
  const cls = reader.getClass(query.from);
  if (cls === undefined) {
    throw new WbemError(WBEM_E_INVALID_CLASS, {
      message: `no class ${query.from} in this namespace`,
    });
  }
  for (const p of query.properties ?? []) checkProperty(cls, p);
  if (query.where !== undefined) forEachProperty(query.where, (p) => checkProperty(cls, p));
  return cls;
}

/** WMI checks names against the FROM class: a property only a subclass declares is an error. */
function checkProperty(cls: CimClass, p: WqlPropertyRef): void {
  const first = nameKey(p.path[0] as string);
  if (SYSTEM_PROPERTY_KEYS.has(first) || cls.properties.has(first)) return;
  throw new WbemError(WBEM_E_INVALID_QUERY, {
    message: `class ${cls.name} has no property ${p.path.join('.')}`,
  });
}

/**
 * The instance with only the selected properties plus its keys (so `__PATH`/`__RELPATH` still
 * name it), as WMI returns a projected result; `__PROPERTY_COUNT` counts what is left.
 * System properties are always present and never count.
 */
export function projectInstance(
  instance: CimInstance,
  selected: readonly string[],
  reader: Pick<WqlReader, 'getClass'>,
): CimInstance {
  const cls = reader.getClass(instance.className);
  // A selected system property (`__PATH`) is no property: it is skipped below, undeclared.
  const keep = new Set(selected.map(nameKey));
  for (const [k, p] of cls?.properties ?? []) if (qualifierIsTrue(p.qualifiers, 'key')) keep.add(k);
  const properties = new Map<string, CimInstanceProperty>();
  for (const k of keep) {
    const declared = cls?.properties.get(k) ?? instance.properties.get(k);
    if (declared === undefined) continue;
    properties.set(k, { name: declared.name, value: propertyOf(instance, k, reader) ?? null });
  }
  const { genus, className, qualifiers, systemProperties } = instance;
  return {
    genus,
    className,
    properties,
    ...(qualifiers === undefined ? {} : { qualifiers }),
    ...(systemProperties === undefined
      ? {}
      : { systemProperties: { ...systemProperties, __PROPERTY_COUNT: properties.size } }),
  };
}
