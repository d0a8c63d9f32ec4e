/**
 * @module DSP0201 elements to the engine's model: `CLASS`, `INSTANCE`, `QUALIFIER`,
 * `QUALIFIER.DECLARATION`, `PROPERTY`/`PROPERTY.ARRAY`/`PROPERTY.REFERENCE`, `METHOD` and the
 * `PARAMETER` family, and the `VALUE.*` elements.
 *
 * Flavors: an attribute the client wrote wins. An attribute it left out takes the flavor of the
 * namespace's declaration of that qualifier when there is one, and the DSP0201 default
 * (OVERRIDABLE, TOSUBCLASS true; TOINSTANCE, TRANSLATABLE false) otherwise. So `Key` sent without
 * `OVERRIDABLE="false"` (pywbem does this) keeps the DisableOverride its declaration gives it,
 * instead of being read as an attempt to make it overridable.
 *
 * Elements marked `PROPAGATED="true"` are inherited. A class is read one of two ways
 * (`ClassReading`): as the definition a client writes (a class written back after a `GetClass`
 * with `LocalOnly="false"` carries inherited elements, and they are dropped so that only what the
 * class itself defines is written), or as the view a server sends (the client side: every element
 * kept, members with `classOrigin` and `propagated`, inherited qualifiers with the
 * `WBEM_FLAVOR_ORIGIN_PROPAGATED` bit, as a local `getClass` returns them).
 */
import {
  CIM_EMPTY,
  CIM_OBJECT,
  CIM_REFERENCE,
  CIM_SINT32,
  type CimClass,
  type CimInstance,
  type CimMethod,
  type CimParameter,
  type CimProperty,
  type CimScalar,
  type CimValue,
  nameMap,
  type Qualifier,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
  WBEM_GENUS_CLASS,
  WBEM_GENUS_INSTANCE,
  WbemError,
  wmiQualifierValue,
} from '../index.js';
import { cimTypeOf, parseValueText } from './cim-value-text.js';
import { attr, decodeReference } from './decode-path.js';
import { rememberEmbeddedText } from './dmtf-embedded.js';
import { childNamed, parseXml, type XmlElement } from './xml-tree.js';

/** What decoding needs from the namespace: the declared flavor of a qualifier, if declared. */
export interface DecodeContext {
  readonly declaredFlavor: (name: string) => number | undefined;
}

/** No declarations known: DSP0201 defaults apply. */
export const NO_DECLARATIONS: DecodeContext = { declaredFlavor: () => undefined };

/**
 * `definition`: what the class itself defines, inherited elements dropped (a request's class).
 * `view`: everything sent, inherited elements marked as such (a reply's class).
 */
export type ClassReading = 'definition' | 'view';

const EMBED_LIMITS = { maxDepth: 64, maxElements: 100_000 };

/**
 * What the optional-member helpers below return when the member is absent. Spreading it adds
 * nothing, like a fresh `{}`, but allocates nothing: a request decodes several per property, and
 * every allocation is garbage the next scavenge of the main thread must step over.
 */
const NONE: Readonly<Record<string, never>> = Object.freeze({});

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

/**
 * The members an element holds, by name. DSP0004 names are unique in their scope (any case): a
 * name given twice is refused, where a map would keep the last one and silently drop the other.
 */
function uniqueNames<T extends { readonly name: string }>(
  items: readonly T[],
  what: string,
): Map<string, T> {
  const map = nameMap(items);
  if (map.size < items.length) {
    const kept = new Set(map.values());
    const dropped = items.find((item) => !kept.has(item)) as T;
    throw invalid(`${what} ${dropped.name} given twice`);
  }
  return map;
}

/** A `true`/`false` attribute (any case), or undefined when absent. */
export function parseBoolAttr(element: XmlElement, name: string): boolean | undefined {
  const v = element.attrs[name];
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  const t = v.toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw invalid(`<${element.name}> ${name}="${v}" is not true or false`);
}

function flavorBit(
  explicit: boolean | undefined,
  declared: number | undefined,
  bit: number,
  dflt: boolean,
): number {
  const on = explicit ?? (declared === undefined ? dflt : (declared & bit) !== 0);
  return on ? bit : 0;
}

/** The `WBEM_FLAVOR_*` bits of a `QUALIFIER` or `QUALIFIER.DECLARATION`. */
export function decodeFlavor(element: XmlElement, declared: number | undefined): number {
  const overridable = parseBoolAttr(element, 'OVERRIDABLE');
  return (
    (overridable === undefined
      ? declared === undefined
        ? 0
        : declared & WBEM_FLAVOR_NOT_OVERRIDABLE
      : overridable
        ? 0
        : WBEM_FLAVOR_NOT_OVERRIDABLE) |
    flavorBit(
      parseBoolAttr(element, 'TOSUBCLASS'),
      declared,
      WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
      true,
    ) |
    flavorBit(
      parseBoolAttr(element, 'TOINSTANCE'),
      declared,
      WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
      false,
    ) |
    flavorBit(parseBoolAttr(element, 'TRANSLATABLE'), declared, WBEM_FLAVOR_AMENDED, false)
  );
}

function embedded(text: string, where: string, ctx: DecodeContext): CimScalar {
  const root = parseXml(text, EMBED_LIMITS);
  // The text is kept: a DMTF-embedded string property stores it as sent (`dmtf-embedded.ts`).
  if (root.name === 'INSTANCE') return rememberEmbeddedText(decodeInstance(root, ctx), text);
  if (root.name === 'CLASS') return rememberEmbeddedText(decodeClass(root, ctx), text);
  throw invalid(`${where}: an embedded object is an INSTANCE or a CLASS`);
}

/** The value of a `VALUE`, `VALUE.ARRAY` or `VALUE.REFERENCE` child of `owner`, or null. */
export function decodeOwnedValue(
  owner: XmlElement,
  type: number,
  isArray: boolean,
  where: string,
  ctx: DecodeContext,
): CimValue {
  const scalar = (el: XmlElement): CimScalar | null => {
    if (el.name === 'VALUE.NULL') return null;
    if (el.name === 'VALUE.REFERENCE') return decodeReference(el);
    if (type === CIM_OBJECT) return embedded(el.text, where, ctx);
    return parseValueText(el.text, type, where);
  };
  const array = childNamed(owner, 'VALUE.ARRAY') ?? childNamed(owner, 'VALUE.REFARRAY');
  const single = owner.children.find(
    (c) => c.name === 'VALUE' || c.name === 'VALUE.REFERENCE' || c.name === 'VALUE.NULL',
  );
  // A value of the other shape is refused rather than read as NULL: the client meant a value.
  // (`VALUE.NULL` is NULL for either shape.)
  if (isArray && single !== undefined && single.name !== 'VALUE.NULL') {
    throw invalid(`${where}: an array's value is a VALUE.ARRAY, not a ${single.name}`);
  }
  if (!isArray && array !== undefined) {
    throw invalid(`${where}: a scalar's value is a VALUE, not a ${array.name}`);
  }
  if (isArray) {
    if (array === undefined) return null;
    // The engine's arrays hold no NULL elements; a VALUE.NULL item is refused rather than lost.
    return array.children.map((item) => {
      const v = scalar(item);
      if (v === null) throw invalid(`${where}: NULL array elements are not supported`);
      return v;
    });
  }
  return single === undefined ? null : scalar(single);
}

/** One `QUALIFIER`. */
export function decodeQualifier(element: XmlElement, ctx: DecodeContext): Qualifier {
  const name = attr(element, 'NAME');
  const sent = cimTypeOf(element.attrs['TYPE'], `qualifier ${name}`);
  const isArray = childNamed(element, 'VALUE.ARRAY') !== undefined;
  const decoded = decodeOwnedValue(element, sent, isArray, `qualifier ${name}`, ctx);
  // WMI's qualifier sets hold sint32, real64, string and boolean only, and the engine refuses
  // other types; DMTF declares MaxLen uint32, Weight real32 and so on, and clients send the
  // declared type. They are stored as the MOF compiler stores them.
  const { type, value } = wmiQualifierValue(sent, isArray, decoded);
  const flavor = decodeFlavor(element, ctx.declaredFlavor(name));
  // Two literal shapes rather than a spread: a request's qualifiers are the most numerous objects
  // it decodes, and one shape per case keeps the code that reads them monomorphic.
  return isArray ? { name, type, isArray: true, value, flavor } : { name, type, value, flavor };
}

function isPropagated(element: XmlElement): boolean {
  return parseBoolAttr(element, 'PROPAGATED') === true;
}

/** The qualifiers of a class or member as `reading` keeps them. */
function qualifiersOf(
  element: XmlElement,
  ctx: DecodeContext,
  reading: ClassReading,
): Map<string, Qualifier> {
  const qualifiers: Qualifier[] = [];
  for (const q of element.children) {
    if (q.name !== 'QUALIFIER') continue;
    if (!isPropagated(q)) qualifiers.push(decodeQualifier(q, ctx));
    else if (reading === 'view') {
      const inherited = decodeQualifier(q, ctx);
      qualifiers.push({ ...inherited, flavor: inherited.flavor | WBEM_FLAVOR_ORIGIN_PROPAGATED });
    }
  }
  return uniqueNames(qualifiers, 'qualifier');
}

/** In a view, a member's `CLASSORIGIN` and `PROPAGATED`; nothing in a definition. */
function originOf(
  element: XmlElement,
  reading: ClassReading,
): { classOrigin?: string; propagated?: boolean } {
  if (reading === 'definition') return NONE;
  const origin = element.attrs['CLASSORIGIN'];
  return {
    ...(origin === undefined ? {} : { classOrigin: origin }),
    propagated: isPropagated(element),
  };
}

/**
 * The class of an embedded instance. DSP0201 marks the element `EmbeddedObject="instance"` and
 * leaves the class to the `EmbeddedInstance` qualifier (DSP0004); WMI's `CIMTYPE` qualifier
 * (`object:Class`) says the same. An `EmbeddedInstance` attribute, which this server once wrote,
 * is still read.
 */
function embeddedClassOf(
  element: XmlElement,
  qualifiers: ReadonlyMap<string, Qualifier>,
  embedded = isEmbedded(element),
): { embeddedObjectClass?: string } {
  const legacy = element.attrs['EmbeddedInstance'] ?? element.attrs['EMBEDDEDINSTANCE'];
  if (legacy !== undefined) return { embeddedObjectClass: legacy };
  if (!embedded) return NONE;
  const named = qualifiers.get('embeddedinstance')?.value;
  if (typeof named === 'string' && named !== '') return { embeddedObjectClass: named };
  const cimtype = qualifiers.get('cimtype')?.value;
  if (typeof cimtype === 'string' && /^object:./i.test(cimtype))
    return { embeddedObjectClass: cimtype.slice('object:'.length) };
  return NONE;
}

function isEmbedded(element: XmlElement): boolean {
  const e = element.attrs['EmbeddedObject'] ?? element.attrs['EMBEDDEDOBJECT'];
  return (
    e !== undefined ||
    (element.attrs['EmbeddedInstance'] ?? element.attrs['EMBEDDEDINSTANCE']) !== undefined
  );
}

/** `ARRAYSIZE` of a fixed-size array element. */
export function arraySizeOf(element: XmlElement): { arraySize?: number } {
  const text = element.attrs['ARRAYSIZE'];
  if (text === undefined) return NONE;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw invalid(`<${element.name}> ARRAYSIZE="${text}" invalid`);
  return { arraySize: n };
}

/** One `PROPERTY`, `PROPERTY.ARRAY` or `PROPERTY.REFERENCE` of a class. */
export function decodeProperty(
  element: XmlElement,
  ctx: DecodeContext,
  reading: ClassReading = 'definition',
): CimProperty {
  const name = attr(element, 'NAME');
  const where = `property ${name}`;
  const qualifiers = qualifiersOf(element, ctx, reading);
  if (element.name === 'PROPERTY.REFERENCE') {
    const ref = element.attrs['REFERENCECLASS'];
    return {
      name,
      type: CIM_REFERENCE,
      isArray: false,
      ...(ref === undefined ? NONE : { referenceClass: ref }),
      value: decodeOwnedValue(element, CIM_REFERENCE, false, where, ctx),
      qualifiers,
      ...originOf(element, reading),
    };
  }
  const isArray = element.name === 'PROPERTY.ARRAY';
  const type = isEmbedded(element) ? CIM_OBJECT : cimTypeOf(element.attrs['TYPE'], where);
  return {
    name,
    type,
    isArray,
    ...(isArray ? arraySizeOf(element) : NONE),
    ...embeddedClassOf(element, qualifiers),
    value: decodeOwnedValue(element, type, isArray, where, ctx),
    qualifiers,
    ...originOf(element, reading),
  };
}

const PROPERTY_ELEMENTS = new Set(['PROPERTY', 'PROPERTY.ARRAY', 'PROPERTY.REFERENCE']);
const PARAMETER_ELEMENTS = new Set([
  'PARAMETER',
  'PARAMETER.ARRAY',
  'PARAMETER.REFERENCE',
  'PARAMETER.REFARRAY',
]);

function decodeParameter(
  element: XmlElement,
  ctx: DecodeContext,
  reading: ClassReading,
): CimParameter {
  const name = attr(element, 'NAME');
  // A definition keeps every qualifier a parameter carries: parameters are not inherited apart
  // from their method, so a PROPAGATED mark on one changes nothing.
  const sent =
    reading === 'view'
      ? qualifiersOf(element, ctx, reading)
      : uniqueNames(
          element.children
            .filter((c) => c.name === 'QUALIFIER')
            .map((q) => decodeQualifier(q, ctx)),
          'qualifier',
        );
  const isRef = element.name === 'PARAMETER.REFERENCE' || element.name === 'PARAMETER.REFARRAY';
  const isArray = element.name === 'PARAMETER.ARRAY' || element.name === 'PARAMETER.REFARRAY';
  const ref = element.attrs['REFERENCECLASS'];
  // DSP0201 has no EmbeddedObject attribute on a parameter: WMI's CIMTYPE qualifier says
  // `object[:Class]` (this server writes it so); a bare `object` is implied by the type, so that
  // qualifier is not kept.
  const cimtype = sent.get('cimtype')?.value;
  const objectType =
    !isRef &&
    (isEmbedded(element) || (typeof cimtype === 'string' && /^object(:.+)?$/i.test(cimtype)));
  const qualifiers =
    typeof cimtype === 'string' && /^object$/i.test(cimtype) ? withoutCimType(sent) : sent;
  return {
    name,
    type: isRef
      ? CIM_REFERENCE
      : objectType
        ? CIM_OBJECT
        : cimTypeOf(element.attrs['TYPE'], `parameter ${name}`),
    isArray,
    ...(isArray ? arraySizeOf(element) : {}),
    ...(isRef && ref !== undefined ? { referenceClass: ref } : {}),
    ...embeddedClassOf(element, sent, objectType),
    qualifiers,
  };
}

function withoutCimType(qualifiers: ReadonlyMap<string, Qualifier>): Map<string, Qualifier> {
  const out = new Map(qualifiers);
  out.delete('cimtype');
  return out;
}

/**
 * DSP0004 orders parameters by position; WMI needs an `ID` qualifier on each. When a client sends
 * none (CIM clients never do), the positions become the IDs, as the MOF compiler does.
 */
function withParameterIds(parameters: CimParameter[]): CimParameter[] {
  if (parameters.some((p) => p.qualifiers.has('id'))) return parameters;
  return parameters.map((p, id) => {
    const qualifiers = new Map(p.qualifiers);
    qualifiers.set('id', {
      name: 'ID',
      type: CIM_SINT32,
      value: id,
      flavor: WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
    });
    return { ...p, qualifiers };
  });
}

/**
 * One `METHOD`; no `TYPE` means a method without a return value. A definition's parameters get
 * their positions as IDs when none has one; a view's are taken as sent.
 */
export function decodeMethod(
  element: XmlElement,
  ctx: DecodeContext,
  reading: ClassReading = 'definition',
): CimMethod {
  const name = attr(element, 'NAME');
  const typeName = element.attrs['TYPE'];
  const parameters = element.children
    .filter((c) => PARAMETER_ELEMENTS.has(c.name))
    .map((p) => decodeParameter(p, ctx, reading));
  return {
    name,
    returnType: typeName === undefined ? CIM_EMPTY : cimTypeOf(typeName, `method ${name}`),
    parameters: uniqueNames(
      reading === 'view' ? parameters : withParameterIds(parameters),
      'parameter',
    ),
    qualifiers: qualifiersOf(element, ctx, reading),
    ...originOf(element, reading),
  };
}

/**
 * A `CLASS`, as the class itself defines it (inherited members dropped) or, with `view`, as
 * the server sent it.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for malformed content.
 */
export function decodeClass(
  element: XmlElement,
  ctx: DecodeContext,
  reading: ClassReading = 'definition',
): CimClass {
  if (element.name !== 'CLASS') throw invalid(`expected <CLASS>, got <${element.name}>`);
  const name = attr(element, 'NAME');
  // One pass sorts the members; qualifiers, properties and methods are decoded in that order, so
  // that the first fault reported does not depend on where it sits in the document.
  const properties: XmlElement[] = [];
  const methods: XmlElement[] = [];
  const keep = (c: XmlElement): boolean => reading === 'view' || !isPropagated(c);
  for (const c of element.children) {
    if (PROPERTY_ELEMENTS.has(c.name)) {
      if (keep(c)) properties.push(c);
    } else if (c.name === 'METHOD' && keep(c)) {
      methods.push(c);
    }
  }
  return {
    genus: WBEM_GENUS_CLASS,
    name,
    superclass: element.attrs['SUPERCLASS'] ?? null,
    qualifiers: qualifiersOf(element, ctx, reading),
    properties: uniqueNames(
      properties.map((p) => decodeProperty(p, ctx, reading)),
      'property',
    ),
    methods: uniqueNames(
      methods.map((m) => decodeMethod(m, ctx, reading)),
      'method',
    ),
  };
}

/**
 * An `INSTANCE`: its property values (types from each `PROPERTY`'s TYPE).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for malformed content.
 */
export function decodeInstance(element: XmlElement, ctx: DecodeContext): CimInstance {
  if (element.name !== 'INSTANCE') throw invalid(`expected <INSTANCE>, got <${element.name}>`);
  const properties = element.children
    .filter((c) => PROPERTY_ELEMENTS.has(c.name))
    .map((p) => {
      const d = decodeProperty(p, ctx);
      return { name: d.name, value: d.value };
    });
  return {
    genus: WBEM_GENUS_INSTANCE,
    className: attr(element, 'CLASSNAME'),
    properties: uniqueNames(properties, 'property'),
  };
}
