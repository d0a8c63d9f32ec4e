/**
 * @module Reads the JSON form `toJson` writes (documented in `docs/json-form.md`) back into model
 * objects, so class definitions, instances and qualifier declarations can be kept as plain JSON
 * files. The reader checks shape only (each field's JSON type, type and flavor words); whether a
 * class is valid CIM stays the schema's job at `putClass`.
 *
 * @example
 * const cls = fromJson(readFileSync('acme-disk.json', 'utf8'));
 * await svc.putClass(cls as CimClass);
 */
import { CIM_EMPTY, CIM_OBJECT, CIM_REAL32, CIM_REAL64 } from '../wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import { WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_SYNTAX } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { CimClass } from './cim-class.js';
import type { CimInstance, CimInstanceProperty } from './cim-instance.js';
import {
  parseFlavorWords,
  parseTypeName,
  type TypeParts,
  VOID_TYPE_NAME,
} from './cim-json-names.js';
import type { CimMethod, CimParameter } from './cim-method.js';
import type { CimProperty } from './cim-property.js';
import type { CimScalar, CimValue } from './cim-value.js';
import { nameMap } from './names.js';
import type { Qualifier } from './qualifier.js';
import { isQualifierScope, type QualifierDeclaration } from './qualifier-declaration.js';
import type { SystemProperties } from './system-properties.js';

/** What `fromJson` returns for one JSON object. */
export type CimJsonObject = CimClass | CimInstance | QualifierDeclaration;

type Json = Readonly<Record<string, unknown>>;

function fail(at: string, message: string): never {
  throw new WbemError(WBEM_E_INVALID_OBJECT, { message: `${at}: ${message}` });
}

function record(value: unknown, at: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(at, 'expected an object');
  }
  return value as Json;
}

function list(value: unknown, at: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(at, 'expected an array');
  return value;
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string') fail(at, 'expected a string');
  return value;
}

function optionalText(value: unknown, at: string): string | undefined {
  return value === undefined ? undefined : text(value, at);
}

function optionalBoolean(value: unknown, at: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') fail(at, 'expected true or false');
  return value as boolean | undefined;
}

function typeOf(value: unknown, at: string): TypeParts {
  const parts = parseTypeName(text(value, at));
  if (parts === undefined) {
    fail(at, `'${String(value)}' is not a CIM type (e.g. uint32, string[], ref:CIM_Foo)`);
  }
  return parts;
}

function flavorOf(value: unknown, at: string): number {
  const words = list(value, at).map((w, i) => text(w, `${at}[${i}]`));
  const flavor = parseFlavorWords(words);
  if (flavor === undefined) {
    fail(
      at,
      `unknown flavor in ${JSON.stringify(words)} (ToInstance, ToSubclass, DisableOverride, Amended)`,
    );
  }
  return flavor;
}

const NON_FINITE: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);

function scalarOf(value: unknown, type: number | undefined, at: string): CimScalar {
  // Stryker disable next-line ConditionalExpression: NON_FINITE holds only strings, so another value comes back as it is
  if (typeof value === 'string' && (type === CIM_REAL32 || type === CIM_REAL64)) {
    return NON_FINITE.get(value) ?? value;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const object = readObject(value, at);
    if (type !== undefined && type !== CIM_OBJECT) fail(at, 'an embedded object needs type object');
    if (!('genus' in object)) fail(at, 'a qualifier declaration cannot be a value');
    return object;
  }
  return fail(at, 'expected a string, number, boolean or object');
}

function readValue(value: unknown, type: number | undefined, at: string): CimValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v, i) => scalarOf(v, type, `${at}[${i}]`));
  return scalarOf(value, type, at);
}

function qualifiersOf(value: unknown, at: string): Map<string, Qualifier> {
  return nameMap(
    list(value, at).map((item, i): Qualifier => {
      const here = `${at}[${i}]`;
      const q = record(item, here);
      const { type, isArray } = typeOf(q['type'], `${here}.type`);
      return {
        name: text(q['name'], `${here}.name`),
        type,
        ...(isArray ? { isArray: true } : {}),
        value: readValue(q['value'], type, `${here}.value`),
        flavor: flavorOf(q['flavors'], `${here}.flavors`),
      };
    }),
  );
}

function arraySizeOf(value: unknown, at: string): { arraySize?: number } {
  if (value === undefined) return {};
  // Stryker disable next-line ConditionalExpression: a fast path; Number.isSafeInteger refuses anything but a number
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(at, 'expected a non-negative integer');
  }
  return { arraySize: value };
}

function typedOf(json: Json, at: string) {
  const parts = typeOf(json['type'], `${at}.type`);
  return {
    name: text(json['name'], `${at}.name`),
    ...parts,
    ...arraySizeOf(json['arraySize'], `${at}.arraySize`),
    qualifiers: qualifiersOf(json['qualifiers'], `${at}.qualifiers`),
  };
}

function originOf(json: Json, at: string): { classOrigin?: string; propagated?: boolean } {
  const classOrigin = optionalText(json['classOrigin'], `${at}.classOrigin`);
  const propagated = optionalBoolean(json['propagated'], `${at}.propagated`);
  return {
    ...(classOrigin === undefined ? {} : { classOrigin }),
    ...(propagated === undefined ? {} : { propagated }),
  };
}

function propertyOf(item: unknown, at: string): CimProperty {
  const json = record(item, at);
  const typed = typedOf(json, at);
  return {
    ...typed,
    value: readValue(json['value'], typed.type, `${at}.value`),
    ...originOf(json, at),
  };
}

function parameterOf(item: unknown, at: string): CimParameter {
  const json = record(item, at);
  const typed = typedOf(json, at);
  return {
    ...typed,
    ...('value' in json ? { value: readValue(json['value'], typed.type, `${at}.value`) } : {}),
  };
}

function methodOf(item: unknown, at: string): CimMethod {
  const json = record(item, at);
  const returnText = text(json['returnType'] ?? VOID_TYPE_NAME, `${at}.returnType`);
  const returns =
    returnText === VOID_TYPE_NAME
      ? { type: CIM_EMPTY, isArray: false }
      : typeOf(returnText, `${at}.returnType`);
  return {
    name: text(json['name'], `${at}.name`),
    returnType: returns.type,
    ...(returns.isArray ? { returnIsArray: true } : {}),
    parameters: nameMap(
      list(json['parameters'], `${at}.parameters`).map((p, i) =>
        parameterOf(p, `${at}.parameters[${i}]`),
      ),
    ),
    qualifiers: qualifiersOf(json['qualifiers'], `${at}.qualifiers`),
    ...originOf(json, at),
  };
}

function systemOf(json: Json, at: string): { systemProperties?: SystemProperties } {
  const value = json['systemProperties'];
  if (value === undefined) return {};
  return {
    systemProperties: record(value, `${at}.systemProperties`) as unknown as SystemProperties,
  };
}

function classOf(json: Json, at: string): CimClass {
  const superclass = json['superclass'] ?? null;
  const amended = optionalBoolean(json['amended'], `${at}.amended`);
  return {
    genus: WBEM_GENUS_CLASS,
    name: text(json['name'], `${at}.name`),
    superclass: superclass === null ? null : text(superclass, `${at}.superclass`),
    qualifiers: qualifiersOf(json['qualifiers'], `${at}.qualifiers`),
    properties: nameMap(
      list(json['properties'], `${at}.properties`).map((p, i) =>
        propertyOf(p, `${at}.properties[${i}]`),
      ),
    ),
    methods: nameMap(
      list(json['methods'], `${at}.methods`).map((m, i) => methodOf(m, `${at}.methods[${i}]`)),
    ),
    ...(amended === undefined ? {} : { amended }),
    ...systemOf(json, at),
  };
}

function instanceOf(json: Json, at: string): CimInstance {
  const properties = list(json['properties'], `${at}.properties`).map(
    (item, i): CimInstanceProperty => {
      const here = `${at}.properties[${i}]`;
      const p = record(item, here);
      return {
        name: text(p['name'], `${here}.name`),
        value: readValue(p['value'], undefined, `${here}.value`),
      };
    },
  );
  return {
    genus: WBEM_GENUS_INSTANCE,
    className: text(json['className'], `${at}.className`),
    properties: nameMap(properties),
    ...(json['qualifiers'] === undefined
      ? {}
      : { qualifiers: qualifiersOf(json['qualifiers'], `${at}.qualifiers`) }),
    ...systemOf(json, at),
  };
}

function declarationOf(json: Json, at: string): QualifierDeclaration {
  const { type, isArray } = typeOf(json['type'], `${at}.type`);
  const scopes = list(json['scopes'], `${at}.scopes`).map((s, i) => {
    if (!isQualifierScope(s)) fail(`${at}.scopes[${i}]`, `'${String(s)}' is not a qualifier scope`);
    return s;
  });
  return {
    name: text(json['name'], `${at}.name`),
    type,
    isArray,
    ...arraySizeOf(json['arraySize'], `${at}.arraySize`),
    value: readValue(json['value'], type, `${at}.value`),
    scopes,
    flavor: flavorOf(json['flavors'], `${at}.flavors`),
  };
}

function readObject(value: unknown, at: string): CimJsonObject {
  const json = record(value, at);
  switch (json['kind']) {
    case 'class':
      return classOf(json, at);
    case 'instance':
      return instanceOf(json, at);
    case 'qualifierDeclaration':
      return declarationOf(json, at);
    default:
      return fail(`${at}.kind`, "expected 'class', 'instance' or 'qualifierDeclaration'");
  }
}

/**
 * Reads the JSON form of a class, instance or qualifier declaration (`kind` says which), or an
 * array of them, from JSON text or from an already parsed value.
 * @throws {WbemError} WBEM_E_INVALID_SYNTAX when the text is not JSON; WBEM_E_INVALID_OBJECT,
 * naming the field (`properties[2].type`), when a field has the wrong shape or an unknown type
 * or flavor word.
 */
export function fromJson(json: unknown): CimJsonObject | CimJsonObject[] {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new WbemError(WBEM_E_INVALID_SYNTAX, {
        message: `not JSON: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
  }
  if (Array.isArray(value)) return value.map((item, i) => readObject(item, `[${i}]`));
  return readObject(value, '$');
}
