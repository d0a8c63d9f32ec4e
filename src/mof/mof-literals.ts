/**
 * @module The pieces of MOF text every writer shares: literals typed by their CIM type, flavor
 * keywords relative to the flavor a qualifier would get anyway, data types and array suffixes.
 */
import type { CimInstance } from '../model/cim-instance.js';
import { CIM_INTEGER_RANGES } from '../model/cim-type-check.js';
import type { CimScalar, CimValue } from '../model/cim-value.js';
import type { Qualifier } from '../model/qualifier.js';
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_TYPE_NAMES,
} from '../wbem/cim-type.js';
import {
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
} from '../wbem/flavor.js';

/** Writes the value of property `name` of an embedded instance of `className`; types it. */
export type PropertyTypeOf = (
  className: string,
  name: string,
) => { type: number; isArray: boolean } | undefined;

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
  ['\b', '\\b'],
  ['\f', '\\f'],
]);

/** What a literal quoted with `"` or `'` must escape: the quote, `\\` and control characters. */
const NEEDS_ESCAPE: Readonly<Record<'"' | "'", RegExp>> = {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  '"': /["\\\x00-\x1f\x7f]/g,
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  "'": /['\\\x00-\x1f\x7f]/g,
};

/** One character `NEEDS_ESCAPE` found: a quote, `\\` or a control character. */
function escapeOne(ch: string): string {
  const known = ESCAPES.get(ch);
  if (known !== undefined) return known;
  if (ch === '"' || ch === "'" || ch === '\\') return `\\${ch}`;
  return `\\x${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with MOF's escapes. A regular expression rather than a loop over characters: most text
 * (descriptions) needs none, and the loop cost a cold `get-class` milliseconds.
 */
function escapeText(text: string, quoteChar: '"' | "'"): string {
  return text.replace(NEEDS_ESCAPE[quoteChar], escapeOne);
}

/** A MOF string literal. */
export function quote(text: string): string {
  return `"${escapeText(text, '"')}"`;
}

function realText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n);
}

function untypedScalar(
  value: CimScalar,
  typeOf: PropertyTypeOf | undefined,
  indent: string,
): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  return value.genus === 2 ? instanceValueText(value as CimInstance, typeOf, indent) : 'NULL';
}

function scalarText(
  value: CimScalar,
  type: number | undefined,
  typeOf: PropertyTypeOf | undefined,
  indent: string,
): string {
  if (type === undefined || type === CIM_OBJECT) return untypedScalar(value, typeOf, indent);
  if (type === CIM_BOOLEAN) return value === true ? 'TRUE' : 'FALSE';
  if (type === CIM_CHAR16 && typeof value === 'string') return `'${escapeText(value, "'")}'`;
  if ((type === CIM_REAL32 || type === CIM_REAL64) && typeof value === 'number')
    return realText(value);
  // sint64/uint64 values are decimal strings: written bare, as numbers.
  if (typeof value === 'string' && CIM_INTEGER_RANGES.has(type)) return value;
  return untypedScalar(value, typeOf, indent);
}

/** The MOF literal of `value` as a `type` value (the literal's own type when unknown). */
export function valueText(
  value: CimValue,
  type?: number,
  typeOf?: PropertyTypeOf,
  indent = '',
): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value))
    return `{${(value as readonly CimScalar[]).map((item) => scalarText(item, type, typeOf, indent)).join(', ')}}`;
  return scalarText(value as CimScalar, type, typeOf, indent);
}

/** An embedded instance value, its properties typed through `typeOf` when it knows the class. */
export function instanceValueText(
  instance: CimInstance,
  typeOf: PropertyTypeOf | undefined,
  indent: string,
): string {
  const inner = `${indent}    `;
  const lines = [...instance.properties.values()].map((p) => {
    const declared = typeOf?.(instance.className, p.name);
    return `${inner}${p.name} = ${valueText(p.value, declared?.type, typeOf, inner)};\n`;
  });
  return `instance of ${instance.className}\n${indent}{\n${lines.join('')}${indent}}`;
}

/**
 * Flavor keywords that turn `base` (what the qualifier gets without any: its declaration's
 * flavor, or DSP0004's default) into `flavor`; origin bits are not flavors and are ignored.
 */
export function flavorWords(flavor: number, base: number): string[] {
  const words: string[] = [];
  const bit = (mask: number, on: string, off: string): void => {
    if ((flavor & mask) !== 0 && (base & mask) === 0) words.push(on);
    else if ((flavor & mask) === 0 && (base & mask) !== 0) words.push(off);
  };
  bit(WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE, 'ToInstance', 'NotToInstance');
  bit(WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS, 'ToSubclass', 'NotToSubclass');
  bit(WBEM_FLAVOR_NOT_OVERRIDABLE, 'DisableOverride', 'EnableOverride');
  if ((flavor & WBEM_FLAVOR_AMENDED) !== 0 && (base & WBEM_FLAVOR_AMENDED) === 0)
    words.push('Amended');
  return words;
}

/** An amendment's `LOCALE`, a Windows LCID, which mofcomp and `.mfl` files write in hex (`0x409`). */
function isLcid(qualifier: Qualifier): qualifier is Qualifier & { readonly value: number } {
  return (
    qualifier.name.toLowerCase() === 'locale' &&
    typeof qualifier.value === 'number' &&
    Number.isSafeInteger(qualifier.value) &&
    qualifier.value >= 0
  );
}

/** `Name`, `Name(value)` or `Name{...}`, then ` : Flavors` when they differ from `base`. */
export function qualifierText(qualifier: Qualifier, base: number): string {
  const words = flavorWords(qualifier.flavor, base);
  const flavors = words.length === 0 ? '' : ` : ${words.join(' ')}`;
  if (qualifier.value === true) return `${qualifier.name}${flavors}`;
  if (isLcid(qualifier)) return `${qualifier.name}(0x${qualifier.value.toString(16)})${flavors}`;
  // WMI stores integer qualifier values past the sint32 range as real64: written as integers
  // they compile back to exactly that, where `5000000000.0` would not fit an integer declaration.
  const items = Array.isArray(qualifier.value) ? qualifier.value : [qualifier.value];
  const wide =
    qualifier.type === CIM_REAL64 &&
    items.every(
      (n) => typeof n === 'number' && Number.isSafeInteger(n) && Math.abs(n) > 2147483647,
    );
  const type = wide ? undefined : qualifier.type;
  const value = Array.isArray(qualifier.value)
    ? valueText(qualifier.value, type)
    : `(${valueText(qualifier.value, type)})`;
  return `${qualifier.name}${value}${flavors}`;
}

/** The MOF data type of a typed element: `uint32`, `Cls ref`, `object ref`, `Win32_Foo`. */
export function typeText(element: {
  readonly type: number;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
}): string {
  if (element.type === CIM_REFERENCE) return `${element.referenceClass ?? 'object'} ref`;
  if (element.type === CIM_OBJECT && element.embeddedObjectClass !== undefined)
    return element.embeddedObjectClass;
  return CIM_TYPE_NAMES.get(element.type) ?? `cimtype(${element.type})`;
}

/** `[]`, `[16]` or nothing. */
export function arrayText(element: {
  readonly isArray: boolean;
  readonly arraySize?: number;
}): string {
  if (!element.isArray) return '';
  return element.arraySize === undefined ? '[]' : `[${element.arraySize}]`;
}
