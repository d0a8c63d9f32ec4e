/**
 * @module The JSON form of model objects, for programs that print or store them (documented in
 * `docs/json-form.md`; `fromJson` reads it back). `NameMap`s become arrays in member order (each
 * element carries its own `name`, so `__proto__` survives), CIM types become words (`uint32`,
 * `string[]`, `ref:CIM_Foo`, `object:Win32_Foo`) and flavors become MOF flavor words. Classes,
 * instances and qualifier declarations carry a `kind`, so a reader knows which one it holds.
 *
 * @example
 * toJson(cimClass({ name: 'Acme_Disk', properties: [cimProperty('Size', 'uint64')] }));
 * // {"kind": "class", "name": "Acme_Disk", "superclass": null, "qualifiers": [],
 * //  "properties": [{"name": "Size", "type": "uint64", "value": null, "qualifiers": []}], ...}
 */
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import type { CimClass } from './cim-class.js';
import type { CimInstance } from './cim-instance.js';
import { flavorWords, returnTypeName, typeName } from './cim-json-names.js';
import type { CimMethod, CimParameter } from './cim-method.js';
import type { CimTypedElement } from './cim-typed-element.js';
import type { CimValue } from './cim-value.js';
import type { NameMap } from './names.js';
import type { Qualifier } from './qualifier.js';
import type { QualifierDeclaration } from './qualifier-declaration.js';

/** A JSON value as `JSON.parse` returns it. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

type JsonObject = { [key: string]: JsonValue };

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isClass(value: unknown): value is CimClass {
  return isRecord(value) && value['genus'] === WBEM_GENUS_CLASS && value['methods'] instanceof Map;
}

function isInstance(value: unknown): value is CimInstance {
  return (
    isRecord(value) && value['genus'] === WBEM_GENUS_INSTANCE && value['properties'] instanceof Map
  );
}

function isQualifierDeclaration(value: unknown): value is QualifierDeclaration {
  return (
    isRecord(value) &&
    typeof value['name'] === 'string' &&
    typeof value['type'] === 'number' &&
    typeof value['flavor'] === 'number' &&
    Array.isArray(value['scopes'])
  );
}

function valueJson(value: CimValue | undefined): JsonValue {
  // Stryker disable next-line ConditionalExpression: a fast path for null, which toJsonValue below also turns into null
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((item: CimValue) => valueJson(item));
  // Stryker disable next-line ConditionalExpression,StringLiteral: an embedded object left as it is gets the same form from the replacer, one level down
  if (typeof value === 'object') return toJsonValue(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value as string | number | boolean;
}

function qualifiersJson(qualifiers: NameMap<Qualifier> | undefined): JsonValue[] {
  return [...(qualifiers?.values() ?? [])].map((q) => ({
    name: q.name,
    type: typeName({ type: q.type, isArray: q.isArray === true }),
    value: valueJson(q.value),
    flavors: flavorWords(q.flavor),
  }));
}

function typedJson(element: CimTypedElement): JsonObject {
  return {
    name: element.name,
    type: typeName(element),
    // Stryker disable next-line ConditionalExpression: the result goes through JSON.stringify, which drops a field whose value is undefined
    ...(element.arraySize === undefined ? {} : { arraySize: element.arraySize }),
  };
}

function originJson(member: { classOrigin?: string; propagated?: boolean }): JsonObject {
  return {
    // Stryker disable next-line ConditionalExpression: the result goes through JSON.stringify, which drops a field whose value is undefined
    ...(member.classOrigin === undefined ? {} : { classOrigin: member.classOrigin }),
    // Stryker disable next-line ConditionalExpression: as above
    ...(member.propagated === undefined ? {} : { propagated: member.propagated }),
  };
}

function parameterJson(p: CimParameter): JsonValue {
  return {
    ...typedJson(p),
    ...('value' in p ? { value: valueJson(p.value) } : {}),
    qualifiers: qualifiersJson(p.qualifiers),
  };
}

function methodJson(m: CimMethod): JsonValue {
  return {
    name: m.name,
    returnType: returnTypeName(m.returnType, m.returnIsArray === true),
    parameters: [...m.parameters.values()].map(parameterJson),
    qualifiers: qualifiersJson(m.qualifiers),
    ...originJson(m),
  };
}

function systemJson(value: object | undefined): JsonObject {
  return value === undefined ? {} : { systemProperties: JSON.parse(JSON.stringify(value)) };
}

function classJson(cls: CimClass): JsonValue {
  return {
    kind: 'class',
    name: cls.name,
    superclass: cls.superclass,
    qualifiers: qualifiersJson(cls.qualifiers),
    properties: [...cls.properties.values()].map((p) => ({
      ...typedJson(p),
      value: valueJson(p.value),
      qualifiers: qualifiersJson(p.qualifiers),
      ...originJson(p),
    })),
    methods: [...cls.methods.values()].map(methodJson),
    // Stryker disable next-line ConditionalExpression: the result goes through JSON.stringify, which drops a field whose value is undefined
    ...(cls.amended === undefined ? {} : { amended: cls.amended }),
    ...systemJson(cls.systemProperties),
  };
}

function instanceJson(instance: CimInstance): JsonValue {
  return {
    kind: 'instance',
    className: instance.className,
    properties: [...instance.properties.values()].map((p) => ({
      name: p.name,
      value: valueJson(p.value),
    })),
    ...(instance.qualifiers === undefined
      ? {}
      : { qualifiers: qualifiersJson(instance.qualifiers) }),
    ...systemJson(instance.systemProperties),
  };
}

function declarationJson(decl: QualifierDeclaration): JsonValue {
  return {
    kind: 'qualifierDeclaration',
    name: decl.name,
    type: typeName(decl),
    // Stryker disable next-line ConditionalExpression: the result goes through JSON.stringify, which drops a field whose value is undefined
    ...(decl.arraySize === undefined ? {} : { arraySize: decl.arraySize }),
    value: valueJson(decl.value),
    scopes: [...decl.scopes],
    flavors: flavorWords(decl.flavor),
  };
}

/**
 * The JSON form of a class, instance or qualifier declaration (arrays of them too); any other
 * value is returned as `JSON.stringify` would see it, with `Map`s as arrays of their values and
 * bigints as decimal strings.
 */
export function toJsonValue(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(jsonData(value, '')) ?? 'null') as JsonValue;
}

/** Pretty-printed JSON form (see `toJsonValue`) of any model value, followed by a newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(jsonData(value, ''), null, 2)}\n`;
}

/** Past this depth a value is handed to `JSON.stringify` with the replacer, cycles and all. */
const MAX_DATA_DEPTH = 256;

/**
 * `value` with every model object in its JSON form, `Map`s as arrays and bigints as strings, as
 * `JSON.stringify` with `replacer` would write it (`toJSON` first, then the replacer, then the
 * members), so that the text is then written without a replacer. A replacer is called for every
 * member of every value, strings and numbers included: on a namespace's classes it took half
 * of `wbemrx query --json`.
 */
function jsonData(value: unknown, key: string, depth = 0): unknown {
  let v = value;
  if ((typeof v === 'object' && v !== null) || typeof v === 'bigint') {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = toJSON.call(v, key);
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'object' || v === null) return v;
  // Boxed primitives: `JSON.stringify` unboxes them itself (and refuses a boxed bigint).
  if (v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt)
    return v;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the replacer writes the same text, only slower
  if (depth >= MAX_DATA_DEPTH) return JSON.parse(JSON.stringify(v, replacer));
  if (isClass(v)) return classJson(v);
  if (isInstance(v)) return instanceJson(v);
  if (isQualifierDeclaration(v)) return declarationJson(v);
  const next = depth + 1;
  if (v instanceof Map) v = [...v.values()];
  if (Array.isArray(v)) return v.map((item: unknown, i) => jsonData(item, String(i), next));
  // A null prototype keeps a member named `__proto__` a member.
  const out: Record<string, unknown> = Object.create(null);
  const record = v as Record<string, unknown>;
  for (const name of Object.keys(record)) out[name] = jsonData(record[name], name, next);
  return out;
}

function replacer(_key: string, value: unknown): unknown {
  if (isClass(value)) return classJson(value);
  if (isInstance(value)) return instanceJson(value);
  if (isQualifierDeclaration(value)) return declarationJson(value);
  if (value instanceof Map) return [...value.values()];
  if (typeof value === 'bigint') return value.toString();
  return value;
}
