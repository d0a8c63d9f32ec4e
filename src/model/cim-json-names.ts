/**
 * @module The words of the JSON form (`toJson`/`fromJson`): CIM types as MOF spells them
 * (`uint32`, `string[]`, `ref:CIM_Foo`, `object:Win32_Foo`) and flavors as MOF flavor keywords
 * (`ToSubclass`, `DisableOverride`, ...), so a JSON class file reads like its MOF.
 */
import { CIM_EMPTY, CIM_OBJECT, CIM_REFERENCE, CIM_TYPE_NAMES } from '../wbem/cim-type.js';
import {
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
  WBEM_FLAVOR_ORIGIN_SYSTEM,
} from '../wbem/flavor.js';
import { parseCimTypeName } from './cim-type-check.js';

/** A typed element's type as one word: `uint32`, `string[]`, `ref:CIM_Foo`, `object:Win32_Foo`. */
export interface TypeParts {
  readonly type: number;
  readonly isArray: boolean;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
}

/** The word for a method with no return value. */
export const VOID_TYPE_NAME = 'void';

/** Flavor bits and their words, in the order they are written. */
const FLAVOR_WORDS: readonly (readonly [number, string])[] = [
  [WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE, 'ToInstance'],
  [WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS, 'ToSubclass'],
  [WBEM_FLAVOR_NOT_OVERRIDABLE, 'DisableOverride'],
  [WBEM_FLAVOR_AMENDED, 'Amended'],
  [WBEM_FLAVOR_ORIGIN_PROPAGATED, 'Propagated'],
  [WBEM_FLAVOR_ORIGIN_SYSTEM, 'System'],
];

/** `uint32`, `string[]`, `ref:CIM_Foo`; an unknown CIMTYPE is written as its number (`cim:4095`). */
export function typeName(parts: TypeParts): string {
  const base = CIM_TYPE_NAMES.get(parts.type) ?? `cim:${parts.type}`;
  const target =
    parts.type === CIM_REFERENCE
      ? parts.referenceClass
      : parts.type === CIM_OBJECT
        ? parts.embeddedObjectClass
        : undefined;
  return `${base}${target === undefined ? '' : `:${target}`}${parts.isArray ? '[]' : ''}`;
}

/** The inverse of `typeName`; `undefined` when `text` is not a type word. */
export function parseTypeName(text: string): TypeParts | undefined {
  const isArray = text.endsWith('[]');
  const body = isArray ? text.slice(0, -2) : text;
  const colon = body.indexOf(':');
  // Stryker disable next-line EqualityOperator: a word starting with ':' has no base either way
  const base = colon < 0 ? body : body.slice(0, colon);
  // Stryker disable next-line EqualityOperator: as above, so the target is never read
  const target = colon < 0 ? undefined : body.slice(colon + 1);
  if (base === 'cim') {
    // Stryker disable next-line Regex,StringLiteral: anything but digits makes Number() NaN, which is refused below
    const type = /^\d+$/.test(target ?? '') ? Number(target) : Number.NaN;
    return Number.isSafeInteger(type) ? { type, isArray } : undefined;
  }
  const parsed = parseCimTypeName(base);
  if (parsed === undefined || base.trim() !== base || base.endsWith('[]')) return undefined;
  if (target === undefined) return { type: parsed.type, isArray };
  if (target === '') return undefined;
  if (parsed.type === CIM_REFERENCE) return { type: parsed.type, isArray, referenceClass: target };
  if (parsed.type === CIM_OBJECT)
    return { type: parsed.type, isArray, embeddedObjectClass: target };
  return undefined;
}

/** A method's return type word: `void` for `CIM_EMPTY`. */
export function returnTypeName(type: number, isArray: boolean): string {
  return type === CIM_EMPTY && !isArray ? VOID_TYPE_NAME : typeName({ type, isArray });
}

/** Flavor bits as words; bits without a word are kept as one hex word (`0x100`). */
export function flavorWords(flavor: number): string[] {
  const words: string[] = [];
  let rest = flavor >>> 0;
  for (const [bit, word] of FLAVOR_WORDS) {
    if ((rest & bit) !== 0) {
      words.push(word);
      rest &= ~bit;
    }
  }
  if (rest !== 0) words.push(`0x${(rest >>> 0).toString(16)}`);
  return words;
}

/** The inverse of `flavorWords` (words in any case); `undefined` for an unknown word. */
export function parseFlavorWords(words: readonly string[]): number | undefined {
  let flavor = 0;
  for (const word of words) {
    const found = FLAVOR_WORDS.find(([, w]) => w.toLowerCase() === word.toLowerCase());
    if (found !== undefined) {
      flavor |= found[0];
      continue;
    }
    if (!/^0x[0-9a-f]+$/i.test(word)) return undefined;
    // Stryker disable next-line MethodExpression: parseInt with radix 16 also skips a leading 0x
    flavor |= Number.parseInt(word.slice(2), 16);
  }
  return flavor >>> 0;
}
