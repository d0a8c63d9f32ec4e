/**
 * @module DSP0201 object names to the engine's path strings: `INSTANCENAME` (with `KEYBINDING`,
 * `KEYVALUE` or `VALUE.REFERENCE` keys), the `*PATH` wrappers, `VALUE.REFERENCE` and the
 * namespace elements.
 */
import {
  CIM_BOOLEAN,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT64,
  CIM_STRING,
  CIM_UINT64,
  formatInstancePath,
  WBEM_E_INVALID_PARAMETER,
  WbemError,
} from '../index.js';
import { cimTypeOf, parseValueText } from './cim-value-text.js';
import { childNamed, childrenNamed, type XmlElement } from './xml-tree.js';

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

/**
 * A required attribute.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER when it is missing.
 */
export function attr(element: XmlElement, name: string): string {
  const value = element.attrs[name];
  if (value === undefined) throw invalid(`<${element.name}> has no ${name} attribute`);
  return value;
}

/** `root/cimv2` from `<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/>...`. */
export function decodeLocalNamespace(element: XmlElement): string {
  const parts = childrenNamed(element, 'NAMESPACE').map((n) => attr(n, 'NAME'));
  if (parts.length === 0) throw invalid('<LOCALNAMESPACEPATH> names no namespace');
  return parts.join('/');
}

export interface DecodedKey {
  readonly name: string;
  readonly value: string | number | boolean;
  readonly type: number;
}

function decodeKeyValue(
  element: XmlElement,
  where: string,
): { value: string | number | boolean; type: number } {
  const valueType = element.attrs['VALUETYPE'] ?? 'string';
  const typeName = element.attrs['TYPE'];
  if (typeName !== undefined) {
    const type = cimTypeOf(typeName, where);
    return { value: parseValueText(element.text, type, where) as string | number | boolean, type };
  }
  if (valueType === 'boolean') {
    return {
      value: parseValueText(element.text, CIM_BOOLEAN, where) as boolean,
      type: CIM_BOOLEAN,
    };
  }
  if (valueType === 'numeric') {
    // DSP0201's numeric text: a decimal or hexadecimal integer, or a real. Not the other forms
    // JavaScript's `Number` reads (`0b11`, `0o7`, `Infinity`).
    const text = element.text.trim();
    if (/^[+-]?(\d+|0x[0-9a-f]+)$/i.test(text)) {
      const magnitude = BigInt(text.replace(/^[+-]/, ''));
      const big = text.startsWith('-') ? -magnitude : magnitude;
      const n = Number(big);
      return { value: Number.isSafeInteger(n) ? n : big.toString(), type: CIM_SINT64 };
    }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) || !Number.isFinite(Number(text)))
      throw invalid(`${where}: '${text.slice(0, 40)}' is not numeric`);
    return { value: Number(text), type: CIM_REAL64 };
  }
  if (valueType !== 'string') throw invalid(`${where}: VALUETYPE '${valueType}' unknown`);
  return { value: element.text, type: CIM_STRING };
}

/** The class name and typed keys of an `INSTANCENAME`. */
export function decodeInstanceKeys(element: XmlElement): {
  className: string;
  keys: DecodedKey[];
} {
  const className = attr(element, 'CLASSNAME');
  const keys: DecodedKey[] = [];
  for (const child of element.children) {
    if (child.name === 'KEYBINDING') {
      const name = attr(child, 'NAME');
      const where = `key ${name} of ${className}`;
      const kv = childNamed(child, 'KEYVALUE');
      const ref = childNamed(child, 'VALUE.REFERENCE');
      if (kv !== undefined) keys.push({ name, ...decodeKeyValue(kv, where) });
      else if (ref !== undefined)
        keys.push({ name, value: decodeReference(ref), type: CIM_REFERENCE });
      else throw invalid(`${where} has no value`);
    } else if (child.name === 'KEYVALUE') {
      keys.push({ name: '', ...decodeKeyValue(child, `key of ${className}`) });
    } else if (child.name === 'VALUE.REFERENCE') {
      keys.push({ name: '', value: decodeReference(child), type: CIM_REFERENCE });
    }
  }
  return { className, keys };
}

/** `Class.Key="v"` (or `Class=@`) from an `INSTANCENAME`. */
export function decodeInstanceName(element: XmlElement): string {
  const { className, keys } = decodeInstanceKeys(element);
  if (keys.length === 1 && keys[0]?.name === '') {
    return `${className}=${quoteBare(keys[0])}`;
  }
  return formatInstancePath(className, keys);
}

function quoteBare(key: DecodedKey): string {
  if (typeof key.value === 'boolean') return key.value ? 'TRUE' : 'FALSE';
  // A 64-bit integer is decoded as its decimal text; it is still a number, written bare as in a
  // named key (`A.K=5`), not quoted as a string.
  if (typeof key.value === 'number' || key.type === CIM_SINT64 || key.type === CIM_UINT64)
    return String(key.value);
  return `"${key.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The path string of a `VALUE.REFERENCE` (or of a bare path element): namespace-qualified
 * (`root/cimv2:Class.Key="v"`) when the element names a namespace; the host is dropped, since
 * the engine's references are local to it.
 */
export function decodeReference(element: XmlElement): string {
  const inner = element.name === 'VALUE.REFERENCE' ? element.children[0] : element;
  if (inner === undefined) throw invalid('<VALUE.REFERENCE> is empty');
  switch (inner.name) {
    case 'CLASSNAME':
      return attr(inner, 'NAME');
    case 'INSTANCENAME':
      return decodeInstanceName(inner);
    case 'LOCALCLASSPATH':
    case 'LOCALINSTANCEPATH':
    case 'CLASSPATH':
    case 'INSTANCEPATH': {
      const nsPath =
        childNamed(inner, 'LOCALNAMESPACEPATH') ??
        childNamed(childNamed(inner, 'NAMESPACEPATH') ?? inner, 'LOCALNAMESPACEPATH');
      const target = childNamed(inner, 'INSTANCENAME') ?? childNamed(inner, 'CLASSNAME');
      if (target === undefined) throw invalid(`<${inner.name}> names no object`);
      const local = decodeReference(target);
      return nsPath === undefined ? local : `${decodeLocalNamespace(nsPath)}:${local}`;
    }
    default:
      throw invalid(`<${inner.name}> is not an object path`);
  }
}
