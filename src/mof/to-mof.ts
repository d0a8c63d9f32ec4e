/**
 * @module The MOF writer: classes, qualifier declarations, instances and whole namespaces as MOF
 * text that this compiler and mofcomp load back to the same repository, in WMI's own style
 * (class names as embedded-object types, `object ref`, parameter defaults, flavors written only
 * where they differ from what the qualifier gets anyway).
 *
 * Classes are written as their local definitions: inherited members and qualifiers (which a
 * resolved class from `getClass` carries) are left out, so the output recompiles to the classes
 * that were put. One thing has no MOF form that loads: a method returning an array (possible
 * through the API) is written as DSP0221 writes it, `uint32[] Name()`, which this compiler, like
 * mofcomp, refuses with WBEMMOF_E_NO_ARRAYS_RETURNED.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { CimMethod, CimParameter } from '../model/cim-method.js';
import type { CimProperty } from '../model/cim-property.js';
import { type NameMap, nameKey } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import { CIM_OBJECT, CIM_REFERENCE, CIM_TYPE_NAMES } from '../wbem/cim-type.js';
import { WBEM_FLAVOR_MASK_ORIGIN } from '../wbem/flavor.js';
import { DEFAULT_FLAVOR } from './flavors.js';
import {
  arrayText,
  flavorWords,
  instanceValueText,
  type PropertyTypeOf,
  qualifierText,
  quote,
  typeText,
  valueText,
} from './mof-literals.js';

/** What to write; every part is optional. */
export interface MofExport {
  /** Written as `#pragma namespace("\\\\.\\root\\x")` at the top. */
  readonly namespace?: string;
  /**
   * Also create `namespace` first: `instance of __Namespace` in its parent, as `.mfl` amendment
   * files begin, so the text loads into a repository that lacks the namespace.
   */
  readonly createNamespace?: boolean;
  readonly qualifiers?: readonly QualifierDeclaration[];
  /** Local definitions or resolved views (`getClass`); written parents and used types first. */
  readonly classes?: readonly CimClass[];
  readonly instances?: readonly CimInstance[];
}

/** A line ending and indentation; the rest is fixed. */
export interface ToMofOptions {
  /** `'\r\n'` for Windows tools; default `'\n'`. */
  readonly newline?: string;
  /** Classes outside the export, for typing instance values and embedded instances. */
  readonly classOf?: (name: string) => CimClass | undefined;
}

const isLocal = (q: Qualifier): boolean => (q.flavor & WBEM_FLAVOR_MASK_ORIGIN) === 0;

/** The flavor a qualifier gets when written without flavor words. */
type BaseFlavor = (name: string) => number;

function qualifierList(
  qualifiers: NameMap<Qualifier>,
  base: BaseFlavor,
  skip?: (q: Qualifier) => boolean,
): string[] {
  const out: string[] = [];
  for (const q of qualifiers.values())
    if (isLocal(q) && !(skip?.(q) ?? false)) out.push(qualifierText(q, base(q.name)));
  return out;
}

function block(items: readonly string[], indent: string): string {
  if (items.length === 0) return '';
  const oneLine = `${indent}[${items.join(', ')}]`;
  if (oneLine.length <= 100) return `${oneLine}\n`;
  return `${indent}[${items.join(`,\n${indent} `)}]\n`;
}

/** The `CIMTYPE` the compiler adds by itself for this element's type, when it adds one. */
function impliedCimType(element: {
  readonly type: number;
  readonly referenceClass?: string;
  readonly embeddedObjectClass?: string;
}): string | undefined {
  if (element.type === CIM_OBJECT && element.embeddedObjectClass !== undefined)
    return `object:${element.embeddedObjectClass}`;
  if (element.type === CIM_REFERENCE && element.referenceClass === undefined) return 'ref';
  return undefined;
}

function isImplied(q: Qualifier, implied: string | undefined): boolean {
  return (
    implied !== undefined &&
    nameKey(q.name) === 'cimtype' &&
    typeof q.value === 'string' &&
    nameKey(q.value) === nameKey(implied) &&
    (q.flavor & ~WBEM_FLAVOR_MASK_ORIGIN) === DEFAULT_FLAVOR
  );
}

function propertyMof(p: CimProperty, base: BaseFlavor, typeOf: PropertyTypeOf): string {
  const implied = impliedCimType(p);
  const head = block(
    qualifierList(p.qualifiers, base, (q) => isImplied(q, implied)),
    '    ',
  );
  const value = p.value === null ? '' : ` = ${valueText(p.value, p.type, typeOf, '    ')}`;
  return `${head}    ${typeText(p)} ${p.name}${arrayText(p)}${value};\n`;
}

function parameterMof(p: CimParameter, base: BaseFlavor, typeOf: PropertyTypeOf): string {
  const implied = impliedCimType(p);
  const items = qualifierList(p.qualifiers, base, (q) => isImplied(q, implied));
  const head = items.length === 0 ? '' : `[${items.join(', ')}] `;
  const value =
    p.value === undefined || p.value === null
      ? ''
      : ` = ${valueText(p.value, p.type, typeOf, '        ')}`;
  return `${head}${typeText(p)} ${p.name}${arrayText(p)}${value}`;
}

const parameterId = (p: CimParameter): number => {
  const id = p.qualifiers.get('id')?.value;
  return typeof id === 'number' ? id : Number.MAX_SAFE_INTEGER;
};

function methodMof(m: CimMethod, base: BaseFlavor, typeOf: PropertyTypeOf): string {
  const declared = m.qualifiers.get('cimtype')?.value;
  const embedded =
    m.returnType === CIM_OBJECT && typeof declared === 'string' && /^object:/i.test(declared)
      ? declared.slice(7)
      : undefined;
  const implied = embedded === undefined ? undefined : `object:${embedded}`;
  const head = block(
    qualifierList(m.qualifiers, base, (q) => isImplied(q, implied)),
    '    ',
  );
  // CIM_EMPTY, no return value, has no type name.
  const returns = embedded ?? CIM_TYPE_NAMES.get(m.returnType) ?? 'void';
  const params = [...m.parameters.values()]
    .sort((a, b) => parameterId(a) - parameterId(b))
    .map((p) => parameterMof(p, base, typeOf));
  const list = params.length === 0 ? '' : `\n        ${params.join(',\n        ')}\n    `;
  return `${head}    ${returns}${m.returnIsArray === true ? '[]' : ''} ${m.name}(${list});\n`;
}

function baseFlavorOf(declarations: readonly QualifierDeclaration[]): BaseFlavor {
  const flavors = new Map(declarations.map((d) => [nameKey(d.name), d.flavor]));
  return (name) => flavors.get(nameKey(name)) ?? DEFAULT_FLAVOR;
}

function typeLookup(
  classes: readonly CimClass[],
  classOf: ((name: string) => CimClass | undefined) | undefined,
): PropertyTypeOf {
  const byName = new Map(classes.map((c) => [nameKey(c.name), c]));
  const find = (name: string): CimClass | undefined => byName.get(nameKey(name)) ?? classOf?.(name);
  return (className, property) => {
    // Up the whole chain (a repository allows thousands of levels); a class seen twice ends a
    // superclass cycle, which hand-built input can hold.
    const seen = new Set<CimClass>();
    for (let cls = find(className); cls !== undefined && !seen.has(cls); ) {
      const p = cls.properties.get(nameKey(property));
      if (p !== undefined) return { type: p.type, isArray: p.isArray };
      seen.add(cls);
      cls = cls.superclass === null ? undefined : find(cls.superclass);
    }
    return undefined;
  };
}

/** A `class` declaration (local members and qualifiers only). */
export function classDeclarationMof(
  cls: CimClass,
  base: BaseFlavor = () => DEFAULT_FLAVOR,
  typeOf: PropertyTypeOf = () => undefined,
): string {
  const head = block(qualifierList(cls.qualifiers, base), '');
  const superclass = cls.superclass === null ? '' : ` : ${cls.superclass}`;
  const properties = [...cls.properties.values()]
    .filter((p) => p.propagated !== true)
    .map((p) => propertyMof(p, base, typeOf));
  const methods = [...cls.methods.values()]
    .filter((m) => m.propagated !== true)
    .map((m) => methodMof(m, base, typeOf));
  return `${head}class ${cls.name}${superclass}\n{\n${[...properties, ...methods].join('')}};\n`;
}

/** A `Qualifier` declaration in DSP0221's form, flavors relative to DSP0004's default. */
export function qualifierDeclarationMof(d: QualifierDeclaration): string {
  const type = CIM_TYPE_NAMES.get(d.type) ?? 'string';
  const array = d.isArray ? (d.arraySize === undefined ? '[]' : `[${d.arraySize}]`) : '';
  const value = d.value === null ? '' : ` = ${valueText(d.value, d.type)}`;
  const words = flavorWords(d.flavor, DEFAULT_FLAVOR).map((w) =>
    w === 'Amended' ? 'Translatable' : w,
  );
  const flavor = words.length === 0 ? '' : `,\n    Flavor(${words.join(', ')})`;
  return `Qualifier ${d.name} : ${type}${array}${value},\n    Scope(${d.scopes.join(', ')})${flavor};\n`;
}

/** An `instance of` declaration, values typed by the class when `typeOf` knows it. */
export function instanceMof(
  instance: CimInstance,
  typeOf: PropertyTypeOf = () => undefined,
): string {
  return `${instanceValueText(instance, typeOf, '')};\n`;
}

/** Classes ordered so each follows its superclass and the classes it embeds or references. */
export function dependencyOrder(classes: readonly CimClass[]): CimClass[] {
  const byName = new Map(classes.map((c) => [nameKey(c.name), c]));
  const done = new Set<string>();
  const out: CimClass[] = [];
  // A depth-first walk on a stack of its own, not the call stack: a chain may be thousands of
  // classes deep. Each entry holds a class, the names it needs and how many were visited.
  const stack: { cls: CimClass; needs: (string | null)[]; next: number }[] = [];
  const enter = (cls: CimClass): void => {
    const key = nameKey(cls.name);
    if (done.has(key)) return;
    done.add(key);
    const needs = [cls.superclass];
    for (const p of cls.properties.values())
      needs.push(p.referenceClass ?? p.embeddedObjectClass ?? null);
    stack.push({ cls, needs, next: 0 });
  };
  for (const root of classes) {
    enter(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      if (top.next === top.needs.length) {
        stack.pop();
        out.push(top.cls);
        continue;
      }
      const name = top.needs[top.next++] ?? null;
      const dep = name === null ? undefined : byName.get(nameKey(name));
      if (dep !== undefined) enter(dep);
    }
  }
  return out;
}

/** The `#pragma namespace` line for `root/x`, written as WMI writes it. */
export function namespacePragma(namespace: string): string {
  return `#pragma namespace(${quote(`\\\\.\\${namespace.replaceAll('/', '\\')}`)})\n`;
}

/**
 * MOF text of a namespace's contents: `#pragma namespace`, qualifier declarations, classes in
 * dependency order, instances.
 *
 * Mirrors what `winmgmt /backup` cannot give and WMI's `GetObjectText` gives per object.
 */
export function toMof(content: MofExport, options: ToMofOptions = {}): string {
  const qualifiers = content.qualifiers ?? [];
  const classes = dependencyOrder(content.classes ?? []);
  const base = baseFlavorOf(qualifiers);
  const typeOf = typeLookup(classes, options.classOf);
  const parts: string[] = [];
  if (content.namespace !== undefined) {
    const at = content.namespace.lastIndexOf('/');
    if (content.createNamespace === true && at > 0) {
      const name = content.namespace.slice(at + 1);
      parts.push(
        `${namespacePragma(content.namespace.slice(0, at))}instance of __Namespace\n{\n    Name = ${quote(name)};\n};\n`,
      );
    }
    parts.push(namespacePragma(content.namespace));
  }
  for (const d of qualifiers) parts.push(qualifierDeclarationMof(d));
  for (const cls of classes) parts.push(classDeclarationMof(cls, base, typeOf));
  for (const instance of content.instances ?? []) parts.push(instanceMof(instance, typeOf));
  const text = parts.join('\n');
  // Stryker disable next-line ConditionalExpression,StringLiteral: replacing \n by \n gives the same text, so the shortcut only saves a copy
  return options.newline === undefined || options.newline === '\n'
    ? text
    : text.replaceAll('\n', options.newline);
}

/** MOF text as bytes: UTF-8 without a mark (default), or UTF-16LE with one, as Windows writes it. */
export function encodeMof(text: string, encoding: 'utf-8' | 'utf-16le' = 'utf-8'): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 + i * 2] = unit & 0xff;
    bytes[3 + i * 2] = unit >> 8;
  }
  return bytes;
}
