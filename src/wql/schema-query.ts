/**
 * @module Schema queries: `SELECT * FROM meta_class [WHERE ...]` over a namespace's classes.
 *
 * The WHERE clause is evaluated on every candidate class, but the candidates are narrowed first
 * when a top-level conjunct pins them: `__THIS ISA 'X'` (X and its descendants), `__CLASS = 'X'`
 * (X), `__SUPERCLASS = 'X'` (X's direct subclasses), `__DYNASTY = 'X'` (the tree under the base
 * class X). So `__THIS ISA 'CIM_ManagedElement'` costs what a deep class enumeration costs.
 */
import type { CimClass } from '../model/cim-class.js';
import { nameKey } from '../model/names.js';
import { WBEM_E_INVALID_CLASS, WBEM_E_NOT_SUPPORTED } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { WqlExpression, WqlSelect } from './ast.js';
import { descendantNames } from './class-walk.js';
import { compileWhere } from './compile-where.js';
import type { WqlReader } from './wql-reader.js';

/** `SELECT * FROM meta_class`: the FROM name of a schema query. */
export function isSchemaQuery(query: WqlSelect): boolean {
  return nameKey(query.from) === 'meta_class';
}

/**
 * The classes a schema query selects, resolved, with their system properties.
 *
 * Mirrors the schema-query branch of `IWbemServices::ExecQuery`.
 * @throws {WbemError} WBEM_E_INVALID_CLASS when `__THIS ISA` names no class;
 * WBEM_E_NOT_SUPPORTED for a property list (parsed trees built by hand can carry one).
 */
export function* runSchemaQuery(
  query: WqlSelect,
  reader: WqlReader,
): Generator<CimClass, void, undefined> {
  if (query.properties !== null) {
    throw new WbemError(WBEM_E_NOT_SUPPORTED, {
      message:
        'a property list in a schema query is not supported by WQL (only SELECT * FROM meta_class)',
    });
  }
  const where = query.where;
  const test = where === undefined ? undefined : compileWhere(where, reader);
  for (const name of candidates(where, reader)) {
    const cls = reader.getClass(name);
    if (cls !== undefined && (test === undefined || test(cls))) yield cls;
  }
}

function* candidates(where: WqlExpression | undefined, reader: WqlReader): Generator<string> {
  const pin = where === undefined ? undefined : findPin(where);
  if (pin === undefined) {
    yield* descendantNames(null, reader);
    return;
  }
  const exists = reader.getClass(pin.className);
  if (pin.kind === 'isa' && exists === undefined) {
    throw new WbemError(WBEM_E_INVALID_CLASS, {
      message: `__THIS ISA names no class: ${pin.className}`,
    });
  }
  if (exists === undefined) return;
  switch (pin.kind) {
    case 'isa':
      yield exists.name;
      yield* descendantNames(exists.name, reader);
      return;
    case 'class':
      yield exists.name;
      return;
    case 'superclass':
      yield* reader.subclassNames(exists.name);
      return;
    case 'dynasty':
      if (exists.superclass !== null) return;
      yield exists.name;
      yield* descendantNames(exists.name, reader);
  }
}

interface Pin {
  readonly kind: 'isa' | 'class' | 'superclass' | 'dynasty';
  readonly className: string;
}

const PINNED_PROPERTIES = new Map<string, Pin['kind']>([
  ['__class', 'class'],
  ['__superclass', 'superclass'],
  ['__dynasty', 'dynasty'],
]);

/** A top-level conjunct that limits the classes to one subtree or one class. */
function findPin(e: WqlExpression): Pin | undefined {
  if (e.kind === 'and') return findPin(e.left) ?? findPin(e.right);
  if (
    e.kind === 'isa' &&
    e.property.path.length === 1 &&
    nameKey(e.property.path[0] as string) === '__this'
  ) {
    return { kind: 'isa', className: e.className };
  }
  if (e.kind === 'compare' && e.op === '=') {
    const [prop, value] = e.left.kind === 'property' ? [e.left, e.right] : [e.right, e.left];
    if (prop.kind !== 'property' || value.kind !== 'string' || prop.path.length !== 1)
      return undefined;
    const kind = PINNED_PROPERTIES.get(nameKey(prop.path[0] as string));
    return kind === undefined ? undefined : { kind, className: value.value };
  }
  return undefined;
}
