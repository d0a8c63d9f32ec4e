/**
 * @module Terse constructors for model data, for tests, MOF output and embedders:
 * `cimClass({ name, superclass, qualifiers: [...], properties: [...], methods: [...] })`.
 * They only shape data (lists become `NameMap`s, types may be MOF keywords); validation is the
 * schema layer's job, so a builder never throws, whatever it is given (from JavaScript, types
 * unchecked): what it cannot shape it passes on for the put to refuse with an HRESULT (an
 * unknown type becomes `NaN`, a list that is not an array stays as it is, an element without a
 * string name is kept under a key of its own).
 *
 * @example
 * cimClass({
 *   name: 'Acme_Disk',
 *   qualifiers: [qualifier('Description', 'A disk')],
 *   properties: [cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] })],
 * });
 */
import { CIM_BOOLEAN, CIM_EMPTY, CIM_REAL64, CIM_SINT32, CIM_STRING } from '../wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import type { CimClass } from './cim-class.js';
import type { CimInstance, CimInstanceProperty } from './cim-instance.js';
import type { CimMethod, CimParameter } from './cim-method.js';
import type { CimProperty } from './cim-property.js';
import { parseCimTypeName } from './cim-type-check.js';
import type { CimValue } from './cim-value.js';
import { nameKey } from './names.js';
import type { Qualifier } from './qualifier.js';

/** An object under construction, its keys set in their final order. */
type Draft<T> = { -readonly [K in keyof T]?: T[K] };

/** A CIMTYPE number, or a MOF keyword (`'uint32'`, `'string[]'` for an array). */
export type CimTypeSpec = number | string;

function typeOf(spec: CimTypeSpec): { type: number; isArray: boolean } {
  if (typeof spec === 'number') return { type: spec, isArray: false };
  if (typeof spec !== 'string') return { type: Number.NaN, isArray: false };
  return parseCimTypeName(spec) ?? { type: Number.NaN, isArray: false };
}

/**
 * `nameMap` that never throws: a list that is not an array is passed on as it is, and an element
 * that has no string name is kept under a key no name has, so that the schema sees and refuses it.
 */
function members<T extends { readonly name: string }>(
  items: readonly T[] | undefined,
): Map<string, T> {
  if (items === undefined || items === null) return new Map<string, T>();
  if (!Array.isArray(items)) return items as unknown as Map<string, T>;
  const map = new Map<string, T>();
  // Stryker disable next-line EqualityOperator: one step past the end reads a hole, which is skipped
  for (let index = 0; index < items.length; index++) {
    const item: unknown = items[index];
    // A hole is skipped, as `forEach` does.
    // Stryker disable next-line ConditionalExpression: a hole always reads as undefined
    if (item === undefined && !(index in items)) continue;
    const name =
      typeof item === 'object' && item !== null ? (item as { name?: unknown }).name : undefined;
    map.set(typeof name === 'string' ? nameKey(name) : `\u0000${index}`, item as T);
  }
  return map;
}

/** The options bag, or an empty one for `null` and non-objects. */
function bag<T extends object>(options: T | null | undefined): Partial<T> {
  // Stryker disable next-line ConditionalExpression: a primitive has none of the options' fields
  return typeof options === 'object' && options !== null ? options : {};
}

export interface QualifierOptions {
  /** `WBEM_FLAVOR_*` bits; default 0 (overridable, not propagated), as WMI's API. */
  readonly flavor?: number;
  /** CIM type; inferred from the value when omitted (see `qualifier`). */
  readonly type?: number;
}

/**
 * A qualifier. The type is inferred from the value as WMI's VARIANT mapping does: boolean →
 * boolean, string → string, an integer in sint32 range → sint32, any other number → real64,
 * arrays by their first element.
 */
export function qualifier(
  name: string,
  value: CimValue,
  options: QualifierOptions = {},
): Qualifier {
  const o = bag(options);
  const isArray = Array.isArray(value);
  const sample = isArray ? (value as readonly unknown[])[0] : value;
  const type = o.type ?? inferQualifierType(sample);
  const flavor = o.flavor ?? 0;
  // Literals rather than conditional spreads: each spread builds a throwaway object and leaves
  // the result in a slower shape, and a user builds ten of these per class.
  return isArray ? { name, type, isArray: true, value, flavor } : { name, type, value, flavor };
}

function inferQualifierType(sample: unknown): number {
  if (typeof sample === 'boolean') return CIM_BOOLEAN;
  if (typeof sample === 'number') {
    return Number.isInteger(sample) && sample >= -2147483648 && sample <= 2147483647
      ? CIM_SINT32
      : CIM_REAL64;
  }
  return CIM_STRING;
}

export interface PropertyOptions {
  readonly value?: CimValue;
  readonly isArray?: boolean;
  readonly arraySize?: number;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
  readonly qualifiers?: readonly Qualifier[];
}

/** A property declaration; `type` may be a MOF keyword (`'string[]'` makes an array). */
export function cimProperty(
  name: string,
  type: CimTypeSpec,
  options: PropertyOptions = {},
): CimProperty {
  const o = bag(options);
  const t = typeOf(type);
  const isArray = o.isArray ?? t.isArray;
  const value = o.value ?? null;
  const qualifiers = members(o.qualifiers);
  // Stryker disable ConditionalExpression,BlockStatement: a fast path; the general one below builds the same object
  if (
    o.arraySize === undefined &&
    o.referenceClass === undefined &&
    o.embeddedObjectClass === undefined
  ) {
    return { name, type: t.type, isArray, value, qualifiers };
  }
  // Stryker restore ConditionalExpression,BlockStatement
  // Keys in the order of the common shape above, the optional ones where they belong.
  const property: Draft<CimProperty> = { name, type: t.type, isArray };
  if (o.arraySize !== undefined) property.arraySize = o.arraySize;
  if (o.referenceClass !== undefined) property.referenceClass = o.referenceClass;
  if (o.embeddedObjectClass !== undefined) property.embeddedObjectClass = o.embeddedObjectClass;
  property.value = value;
  property.qualifiers = qualifiers;
  return property as CimProperty;
}

export interface ParameterOptions {
  readonly isArray?: boolean;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
  readonly qualifiers?: readonly Qualifier[];
}

/** A method parameter. Give it `In`/`Out` and an `ID` qualifier, or use `inParameter`. */
export function cimParameter(
  name: string,
  type: CimTypeSpec,
  options: ParameterOptions = {},
): CimParameter {
  const o = bag(options);
  const t = typeOf(type);
  const parameter: Draft<CimParameter> = { name, type: t.type, isArray: o.isArray ?? t.isArray };
  if (o.referenceClass !== undefined) parameter.referenceClass = o.referenceClass;
  if (o.embeddedObjectClass !== undefined) parameter.embeddedObjectClass = o.embeddedObjectClass;
  parameter.qualifiers = members(o.qualifiers);
  return parameter as CimParameter;
}

/** A parameter qualified `In` (or `Out`, or both) with the given `ID`. */
export function idParameter(
  name: string,
  type: CimTypeSpec,
  id: number,
  direction: 'in' | 'out' | 'inout' = 'in',
): CimParameter {
  const qualifiers = [qualifier('ID', id)];
  if (direction !== 'out') qualifiers.push(qualifier('In', true));
  if (direction !== 'in') qualifiers.push(qualifier('Out', true));
  return cimParameter(name, type, { qualifiers });
}

export interface MethodOptions {
  readonly returnIsArray?: boolean;
  readonly parameters?: readonly CimParameter[];
  readonly qualifiers?: readonly Qualifier[];
}

/** A method; `returnType` `CIM_EMPTY` (0) or `'void'` for none. */
export function cimMethod(
  name: string,
  returnType: CimTypeSpec,
  options: MethodOptions = {},
): CimMethod {
  const o = bag(options);
  const t = returnType === 'void' ? { type: CIM_EMPTY, isArray: false } : typeOf(returnType);
  const returnIsArray = o.returnIsArray ?? t.isArray;
  const parameters = members(o.parameters);
  const qualifiers = members(o.qualifiers);
  return returnIsArray
    ? { name, returnType: t.type, returnIsArray: true, parameters, qualifiers }
    : { name, returnType: t.type, parameters, qualifiers };
}

export interface ClassSpec {
  readonly name: string;
  readonly superclass?: string | null;
  readonly qualifiers?: readonly Qualifier[];
  readonly properties?: readonly CimProperty[];
  readonly methods?: readonly CimMethod[];
}

/** A class definition (genus 1) from lists of members. */
export function cimClass(spec: ClassSpec): CimClass {
  const c = bag(spec);
  return {
    genus: WBEM_GENUS_CLASS,
    name: c.name as string,
    superclass: c.superclass ?? null,
    qualifiers: members(c.qualifiers),
    properties: members(c.properties),
    methods: members(c.methods),
  };
}

/** An instance (genus 2) from a record of property values. */
export function cimInstance(
  className: string,
  values: Readonly<Record<string, CimValue>> = {},
): CimInstance {
  const given = bag(values) as Readonly<Record<string, CimValue>>;
  // One Map filled from the bag's own keys: no entry pairs or member list in between.
  const properties = new Map<string, CimInstanceProperty>();
  for (const name of Object.keys(given)) {
    properties.set(nameKey(name), { name, value: given[name] as CimValue });
  }
  return { genus: WBEM_GENUS_INSTANCE, className, properties };
}
