/**
 * @module DMTF's embedded objects in string properties. DSP0004 declares an embedded instance as a
 * `string` property with an `EmbeddedInstance("Class")` qualifier (an embedded object of any kind
 * with `EmbeddedObject`), and DSP0201 carries its value as the CIM-XML of the object, the
 * property marked `EmbeddedObject="instance"` or `"object"`. WMI keeps such a property a string
 * (its own embedded objects are `object:Class`), and so does the engine, as the MOF compiler
 * loads the DMTF schema. On the wire the server speaks DSP0201: the value a client sends is
 * stored as the CIM-XML text it came in, and such a property goes out marked whenever its value
 * is that text (or NULL), so a client that follows DSP0201 (pywbem) reads and writes an object.
 * A value that is other text (put through the API, say) goes out as a plain string: marking it
 * would make such clients refuse the whole response.
 */
import {
  CIM_STRING,
  type CimClass,
  type CimInstance,
  type CimInstanceProperty,
  type CimValue,
  type Qualifier,
  WBEM_E_INVALID_PARAMETER,
  WbemError,
} from '../index.js';

/** The CIM-XML text each embedded object decoded from a request came in, by the decoded object. */
const SENT_TEXT = new WeakMap<object, string>();

/** Records the text `value` was decoded from (`decode-cim.ts`); returns `value`. */
export function rememberEmbeddedText<T extends object>(value: T, text: string): T {
  SENT_TEXT.set(value, text);
  return value;
}

/** `instance` or `object` for a string property or parameter that DMTF's qualifiers embed. */
export function dmtfEmbeddedKind(member: {
  readonly type: number;
  readonly qualifiers: ReadonlyMap<string, Qualifier>;
}): 'instance' | 'object' | undefined {
  if (member.type !== CIM_STRING) return undefined;
  const named = member.qualifiers.get('embeddedinstance')?.value;
  if (typeof named === 'string' && named !== '') return 'instance';
  return member.qualifiers.get('embeddedobject')?.value === true ? 'object' : undefined;
}

const CIM_XML_OBJECT = /^\s*<(INSTANCE|CLASS)[\s>]/;

/** Whether `value` may go out marked as embedded: NULL, or the CIM-XML of objects. */
export function isEmbeddedText(value: CimValue): boolean {
  const looks = (item: unknown): boolean => typeof item === 'string' && CIM_XML_OBJECT.test(item);
  return value === null || (Array.isArray(value) ? value.every(looks) : looks(value));
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a decoded instance holds an embedded object anywhere among its property values. */
export function holdsEmbeddedObjects(inst: CimInstance): boolean {
  for (const p of inst.properties.values()) {
    if (isObject(p.value) || (Array.isArray(p.value) && p.value.some(isObject))) return true;
  }
  return false;
}

function sentText(value: object, where: string): string {
  const text = SENT_TEXT.get(value);
  if (text === undefined) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${where}: an embedded object that did not come from the request`,
    });
  }
  return text;
}

/**
 * `inst` with the objects sent for the DMTF-embedded string properties of `cls` replaced by the
 * CIM-XML text they came in; other properties as they are (the engine judges them).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for an object the request decoding did not make.
 */
export function embeddedAsText(inst: CimInstance, cls: CimClass): CimInstance {
  let properties: Map<string, CimInstanceProperty> | undefined;
  for (const [key, p] of inst.properties) {
    const declared = cls.properties.get(key);
    if (declared === undefined || dmtfEmbeddedKind(declared) === undefined) continue;
    const where = `${inst.className}.${p.name}`;
    let value: CimValue | undefined;
    if (isObject(p.value)) value = sentText(p.value, where);
    else if (Array.isArray(p.value) && p.value.some(isObject)) {
      value = (p.value as readonly unknown[]).map((item) =>
        isObject(item) ? sentText(item, where) : item,
      ) as CimValue;
    }
    if (value === undefined) continue;
    properties ??= new Map(inst.properties);
    properties.set(key, { name: p.name, value });
  }
  return properties === undefined ? inst : { ...inst, properties };
}
