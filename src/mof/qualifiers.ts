/**
 * @module Qualifiers in MOF: declarations (`Qualifier Key : boolean = false, Scope(...),
 * Flavor(...)`) → `QualifierDeclaration`, and qualifier lists on elements → `Qualifier`s typed,
 * scoped and flavored by their declaration.
 *
 * Flavors: a declaration starts from DSP0004's default (EnableOverride, ToSubclass, not
 * Translatable) and applies its `Flavor(...)`; a qualifier on an element starts from its
 * declaration's flavor (or that same default when undeclared) and applies the WMI flavor words
 * written after it (`[Key : ToInstance DisableOverride]`). Keywords map to bits per MS-WMIO
 * §2.2.62: ToSubclass ↔ PROPAGATE_TO_DERIVED_CLASS, ToInstance ↔ PROPAGATE_TO_INSTANCE,
 * DisableOverride ↔ NOT_OVERRIDABLE, Translatable/Amended ↔ AMENDED, Restricted clears both
 * propagation bits.
 */

import { CIM_INTEGER_RANGES, CIM_TYPE_BY_NAME } from '../model/cim-type-check.js';
import type { CimValue } from '../model/cim-value.js';
import { type NameMap, nameKey } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import {
  isQualifierScope,
  type QualifierDeclaration,
  type QualifierScope,
} from '../model/qualifier-declaration.js';
import {
  CIM_BOOLEAN,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT32,
  CIM_STRING,
} from '../wbem/cim-type.js';
import type {
  MofNodePosition,
  MofQualifierDeclarationNode,
  MofQualifierNode,
  MofTypeNode,
} from './ast.js';
import { applyFlavors, DEFAULT_FLAVOR } from './flavors.js';
import { MofError } from './mof-error.js';
import {
  WBEMMOF_E_DUPLICATE_QUALIFIER,
  WBEMMOF_E_INVALID_QUALIFIER_SYNTAX,
  WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE,
  WBEMMOF_E_UNRECOGNIZED_TYPE,
} from './mof-status.js';
import { coerceValue, inferValue, type ValueContext } from './values.js';

/** The kind of element a qualifier list sits on, for the scope check. */
export type QualifiedElement = Exclude<QualifierScope, 'any'> | 'instance';

/** Elements each scope admits; DSP0004 treats associations and indications as classes too. */
function inScope(scopes: readonly QualifierScope[], element: QualifiedElement): boolean {
  if (element === 'instance' || scopes.includes('any') || scopes.includes(element)) return true;
  return (element === 'association' || element === 'indication') && scopes.includes('class');
}

/**
 * A `Qualifier` statement with a type (`declared`: `node.type`; the flavor-only form has none)
 * as a model declaration.
 * @throws {MofError} WBEMMOF_E_INVALID_QUALIFIER_SYNTAX for unknown scopes,
 * WBEMMOF_E_UNRECOGNIZED_TYPE for `ref`/`object` types, value type errors from `coerceValue`.
 */
export function qualifierDeclarationToModel(
  node: MofQualifierDeclarationNode,
  declared: MofTypeNode,
  ctx: ValueContext,
): QualifierDeclaration {
  const where = { file: ctx.file, line: node.line, column: node.column };
  const type = CIM_TYPE_BY_NAME.get(declared.name) as number;
  if (type === CIM_REFERENCE || type === CIM_OBJECT) {
    throw new MofError(
      WBEMMOF_E_UNRECOGNIZED_TYPE,
      where,
      `qualifier ${node.name} cannot have type ${declared.name}`,
    );
  }
  for (const scope of node.scopes) {
    if (!isQualifierScope(scope))
      throw new MofError(WBEMMOF_E_INVALID_QUALIFIER_SYNTAX, where, `unknown scope ${scope}`);
  }
  return {
    name: node.name,
    type,
    isArray: node.isArray,
    ...(node.arraySize === undefined ? {} : { arraySize: node.arraySize }),
    value: node.value === undefined ? null : coerceValue(node.value, type, node.isArray, ctx),
    // DSP0221 requires Scope(...); WMI accepts declarations without one, usable anywhere.
    scopes: node.scopes.length === 0 ? ['any'] : (node.scopes as QualifierScope[]),
    flavor: applyFlavors(DEFAULT_FLAVOR, node.flavors, ctx.file, node),
  };
}

/** What qualifier conversion needs beyond value conversion. */
export interface QualifierContext extends ValueContext {
  /** The declaration in force for `name` (case-insensitive), if any. */
  qualifierDeclaration(name: string): QualifierDeclaration | undefined;
  /** Flavor set by WMI's flavor-only statement (`Qualifier Description : Amended;`), if any. */
  flavorDefault(name: string): number | undefined;
  /** How qualifier values are typed on elements; see `QualifierValueTypes`. */
  readonly qualifierValueTypes: QualifierValueTypes;
}

/**
 * `'wmi'`: values are checked against the declared type, then stored the way WMI's qualifier
 * sets hold them (spec §4.3: VT_I4, VT_R8, VT_BSTR, VT_BOOL): integers as sint32 (real64 when
 * outside the sint32 range, string past 2^53), reals as real64, string-like types as string. The
 * engine's PutClass accepts only these. `'declared'`: values keep the declared type (MaxLen
 * stays uint32), for consumers that want the DMTF view.
 */
export type QualifierValueTypes = 'wmi' | 'declared';

/** A qualifier value of CIM type `type` in WMI's storage form. */
export function wmiQualifierValue(
  type: number,
  isArray: boolean,
  value: CimValue,
): { type: number; value: CimValue } {
  if (type === CIM_BOOLEAN) return { type, value };
  if (type === CIM_REAL32 || type === CIM_REAL64) return { type: CIM_REAL64, value };
  if (!CIM_INTEGER_RANGES.has(type)) return { type: CIM_STRING, value };
  const many = isArray && value !== null;
  const items =
    (isArray
      ? (value as readonly (string | number)[] | null)
      : value === null
        ? []
        : [value as string | number]) ?? [];
  const numbers = items.map((item) => Number(item));
  if (numbers.every((n) => n >= -2147483648 && n <= 2147483647))
    return { type: CIM_SINT32, value: many ? numbers : (numbers[0] ?? null) };
  // NULL (no item) stopped above, so there is a first item from here on.
  if (numbers.every((n) => Number.isSafeInteger(n)))
    return { type: CIM_REAL64, value: many ? numbers : (numbers[0] as number) };
  return { type: CIM_STRING, value: many ? items.map(String) : String(items[0]) };
}

/** One qualifier, in WMI storage form when `wmi`; no temporary objects on the common paths. */
function makeQualifier(
  name: string,
  type: number,
  isArray: boolean,
  value: CimValue,
  flavor: number,
  wmi: boolean,
): Qualifier {
  let storedType = type;
  let storedValue = value;
  if (wmi && type !== CIM_BOOLEAN && type !== CIM_STRING) {
    const stored = wmiQualifierValue(type, isArray, value);
    storedType = stored.type;
    storedValue = stored.value;
  }
  return isArray
    ? { name, type: storedType, isArray: true, value: storedValue, flavor }
    : { name, type: storedType, value: storedValue, flavor };
}

/**
 * A qualifier list on one element, typed by the declarations in force.
 * @throws {MofError} WBEMMOF_E_DUPLICATE_QUALIFIER, WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE,
 * WBEMMOF_E_TYPE_MISMATCH / WBEMMOF_E_OUT_OF_RANGE for values that do not fit the declared type.
 */
export function qualifiersToModel(
  nodes: readonly MofQualifierNode[],
  element: QualifiedElement,
  ctx: QualifierContext,
): NameMap<Qualifier> {
  const map = new Map<string, Qualifier>();
  const wmi = ctx.qualifierValueTypes === 'wmi';
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as MofQualifierNode;
    const key = nameKey(node.name);
    if (map.has(key)) {
      throw new MofError(
        WBEMMOF_E_DUPLICATE_QUALIFIER,
        at(ctx, node),
        `qualifier ${node.name} appears twice`,
      );
    }
    const declaration = ctx.qualifierDeclaration(node.name);
    const base = ctx.flavorDefault(node.name) ?? declaration?.flavor ?? DEFAULT_FLAVOR;
    const flavor = applyFlavors(base, node.flavors, ctx.file, node);
    if (declaration === undefined) {
      if (node.value === undefined) {
        map.set(key, { name: node.name, type: CIM_BOOLEAN, value: true, flavor });
      } else {
        const inferred = inferValue(node.value, ctx);
        map.set(
          key,
          makeQualifier(node.name, inferred.type, inferred.isArray, inferred.value, flavor, true),
        );
      }
      continue;
    }
    if (!inScope(declaration.scopes, element)) {
      throw new MofError(
        WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE,
        at(ctx, node),
        `qualifier ${node.name} is not allowed on a ${element} (scope: ${declaration.scopes.join(', ') || 'none'})`,
      );
    }
    let value = declaration.value;
    if (node.value !== undefined)
      value = coerceValue(node.value, declaration.type, declaration.isArray, ctx);
    else if (declaration.type === CIM_BOOLEAN && !declaration.isArray) value = true;
    map.set(
      key,
      makeQualifier(node.name, declaration.type, declaration.isArray, value, flavor, wmi),
    );
  }
  return map;
}

function at(
  ctx: QualifierContext,
  node: MofNodePosition,
): { file: string; line: number; column: number } {
  return { file: ctx.file, line: node.line, column: node.column };
}
