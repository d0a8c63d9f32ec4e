/**
 * @module The engine's model to DSP0201 elements, for responses: `CLASS`, `INSTANCE`,
 * `INSTANCENAME`, `QUALIFIER.DECLARATION` and the values inside them. Each function returns XML
 * text; the operation modules wrap it in `IRETURNVALUE`.
 *
 * Flavor attributes are written only when they differ from the DSP0201 defaults (OVERRIDABLE and
 * TOSUBCLASS true, TOINSTANCE and TRANSLATABLE false), as DSP0201 allows and clients expect.
 */
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_OBJECT,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT32,
  CIM_SINT64,
  CIM_STRING,
  type CimClass,
  type CimInstance,
  type CimMethod,
  type CimProperty,
  type CimScalar,
  type CimValue,
  nameKey,
  parseInstancePath,
  type Qualifier,
  type QualifierDeclaration,
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
} from '../index.js';
import { formatValueText, typeNameOf } from './cim-value-text.js';
import { dmtfEmbeddedKind, isEmbeddedText } from './dmtf-embedded.js';
import { escapeXml, xmlAttr } from './xml-escape.js';

/** DSP0200's shaping parameters of a class or instance read. */
export interface ViewOptions {
  readonly localOnly: boolean;
  readonly includeQualifiers: boolean;
  readonly includeClassOrigin: boolean;
  /** Lower-cased property names to keep; `null` keeps all. */
  readonly propertyList: ReadonlySet<string> | null;
}

function flavorAttrs(flavor: number): string {
  return (
    ((flavor & WBEM_FLAVOR_NOT_OVERRIDABLE) !== 0 ? ' OVERRIDABLE="false"' : '') +
    ((flavor & WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS) === 0 ? ' TOSUBCLASS="false"' : '') +
    ((flavor & WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE) !== 0 ? ' TOINSTANCE="true"' : '') +
    ((flavor & WBEM_FLAVOR_AMENDED) !== 0 ? ' TRANSLATABLE="true"' : '')
  );
}

/** Value elements of a CIM value: `VALUE`, `VALUE.ARRAY`, `VALUE.REFERENCE`, `VALUE.REFARRAY`. */
export function encodeValue(value: CimValue, type: number): string {
  if (value === null) return '';
  if (Array.isArray(value)) {
    const tag = type === CIM_REFERENCE ? 'VALUE.REFARRAY' : 'VALUE.ARRAY';
    return `<${tag}>${value.map((v) => encodeScalar(v, type)).join('')}</${tag}>`;
  }
  return encodeScalar(value as CimScalar, type);
}

function encodeScalar(value: CimScalar, type: number): string {
  if (typeof value === 'object') {
    const xml =
      value.genus === 1 ? encodeClass(value, FULL_VIEW) : encodeInstance(value, null, FULL_VIEW);
    return `<VALUE>${escapeXml(xml)}</VALUE>`;
  }
  if (type === CIM_REFERENCE)
    return `<VALUE.REFERENCE>${encodeObjectPath(String(value))}</VALUE.REFERENCE>`;
  return `<VALUE>${escapeXml(formatValueText(value))}</VALUE>`;
}

const FULL_VIEW: ViewOptions = {
  localOnly: false,
  includeQualifiers: true,
  includeClassOrigin: false,
  propertyList: null,
};

/** One `QUALIFIER`. */
export function encodeQualifier(q: Qualifier): string {
  const propagated = (q.flavor & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0;
  return `<QUALIFIER${xmlAttr('NAME', q.name)}${xmlAttr('TYPE', typeNameOf(q.type))}${propagated ? ' PROPAGATED="true"' : ''}${flavorAttrs(q.flavor)}>${encodeValue(q.value, q.type)}</QUALIFIER>`;
}

function qualifiersOf(qualifiers: ReadonlyMap<string, Qualifier>, view: ViewOptions): string {
  if (!view.includeQualifiers) return '';
  let out = '';
  for (const q of qualifiers.values()) {
    if (view.localOnly && (q.flavor & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0) continue;
    out += encodeQualifier(q);
  }
  return out;
}

function originAttrs(
  origin: string | undefined,
  propagated: boolean | undefined,
  view: ViewOptions,
): string {
  return (
    (view.includeClassOrigin ? xmlAttr('CLASSORIGIN', origin) : '') +
    (propagated === true ? ' PROPAGATED="true"' : '')
  );
}

/**
 * DSP0201's only marker of an embedded object: `EmbeddedObject="instance"` for WMI's
 * `object:Class` (its class is in the `CIMTYPE` qualifier), `"object"` for a bare `object`.
 * Clients refuse any other attribute on a `PROPERTY` or `PARAMETER` (pywbem fails the response).
 */
function embeddedAttr(type: number, embeddedClass: string | undefined): string {
  if (type !== CIM_OBJECT) return '';
  return embeddedClass === undefined ? ' EmbeddedObject="object"' : ' EmbeddedObject="instance"';
}

function encodeProperty(
  p: CimProperty,
  value: CimValue,
  view: ViewOptions,
  qualifiers: string,
): string {
  const origin = originAttrs(p.classOrigin, p.propagated, view);
  const name = xmlAttr('NAME', p.name);
  if (p.type === CIM_REFERENCE && !p.isArray) {
    return `<PROPERTY.REFERENCE${name}${xmlAttr('REFERENCECLASS', p.referenceClass)}${origin}>${qualifiers}${encodeValue(value, p.type)}</PROPERTY.REFERENCE>`;
  }
  const dmtf = dmtfEmbeddedKind(p);
  const type =
    xmlAttr('TYPE', typeNameOf(p.type)) +
    (dmtf !== undefined && isEmbeddedText(value)
      ? ` EmbeddedObject="${dmtf}"`
      : embeddedAttr(p.type, p.embeddedObjectClass));
  if (p.isArray) {
    const size = p.arraySize === undefined ? '' : xmlAttr('ARRAYSIZE', String(p.arraySize));
    return `<PROPERTY.ARRAY${name}${type}${size}${origin}>${qualifiers}${encodeValue(value, p.type)}</PROPERTY.ARRAY>`;
  }
  return `<PROPERTY${name}${type}${origin}>${qualifiers}${encodeValue(value, p.type)}</PROPERTY>`;
}

/**
 * DSP0201 gives `PARAMETER` no `EmbeddedObject` attribute (pywbem refuses the response that has
 * one), so an embedded object parameter is a string whose `CIMTYPE` qualifier, WMI's own, says
 * `object` or `object:Class`; the engine keeps that qualifier for `object:Class` and implies it
 * for `object`, written here.
 */
function cimTypeMarker(embeddedClass: string | undefined): string {
  const value = embeddedClass === undefined ? 'object' : `object:${embeddedClass}`;
  return `<QUALIFIER NAME="CIMTYPE" TYPE="string"><VALUE>${escapeXml(value)}</VALUE></QUALIFIER>`;
}

function encodeMethod(m: CimMethod, view: ViewOptions): string {
  let params = '';
  for (const p of m.parameters.values()) {
    const q = view.includeQualifiers
      ? [...p.qualifiers.values()].map(encodeQualifier).join('')
      : '';
    const name = xmlAttr('NAME', p.name);
    const size = p.arraySize === undefined ? '' : xmlAttr('ARRAYSIZE', String(p.arraySize));
    if (p.type === CIM_REFERENCE) {
      const tag = p.isArray ? 'PARAMETER.REFARRAY' : 'PARAMETER.REFERENCE';
      params += `<${tag}${name}${xmlAttr('REFERENCECLASS', p.referenceClass)}${p.isArray ? size : ''}>${q}</${tag}>`;
    } else {
      const tag = p.isArray ? 'PARAMETER.ARRAY' : 'PARAMETER';
      const marker =
        view.includeQualifiers && p.type === CIM_OBJECT && !p.qualifiers.has('cimtype')
          ? cimTypeMarker(p.embeddedObjectClass)
          : '';
      params += `<${tag}${name}${xmlAttr('TYPE', typeNameOf(p.type))}${p.isArray ? size : ''}>${q}${marker}</${tag}>`;
    }
  }
  const type = m.returnType === 0 ? '' : xmlAttr('TYPE', typeNameOf(m.returnType));
  return `<METHOD${xmlAttr('NAME', m.name)}${type}${originAttrs(m.classOrigin, m.propagated, view)}>${qualifiersOf(m.qualifiers, view)}${params}</METHOD>`;
}

/** A `CLASS` shaped by DSP0200's LocalOnly, IncludeQualifiers, IncludeClassOrigin, PropertyList. */
export function encodeClass(cls: CimClass, view: ViewOptions): string {
  let body = qualifiersOf(cls.qualifiers, view);
  for (const p of cls.properties.values()) {
    if (view.localOnly && p.propagated === true) continue;
    if (view.propertyList !== null && !view.propertyList.has(nameKey(p.name))) continue;
    body += encodeProperty(p, p.value, view, qualifiersOf(p.qualifiers, view));
  }
  for (const m of cls.methods.values()) {
    if (view.localOnly && m.propagated === true) continue;
    body += encodeMethod(m, view);
  }
  return `<CLASS${xmlAttr('NAME', cls.name)}${xmlAttr('SUPERCLASS', cls.superclass ?? undefined)}>${body}</CLASS>`;
}

/**
 * An `INSTANCE`. With its class, every property the class declares is written with its type (the
 * class default where the instance has no value); without (embedded objects), the instance's own
 * values, typed from their JavaScript form.
 */
export function encodeInstance(inst: CimInstance, cls: CimClass | null, view: ViewOptions): string {
  let body = '';
  if (cls === null) {
    for (const p of inst.properties.values()) {
      body += encodeProperty(
        {
          name: p.name,
          type: inferType(p.value),
          isArray: Array.isArray(p.value),
          value: p.value,
          qualifiers: new Map(),
        },
        p.value,
        view,
        '',
      );
    }
  } else {
    for (const p of cls.properties.values()) {
      const key = nameKey(p.name);
      if (view.propertyList !== null && !view.propertyList.has(key)) continue;
      if (view.localOnly && p.propagated === true) continue;
      const own = inst.properties.get(key);
      body += encodeProperty(p, own === undefined ? p.value : own.value, view, '');
    }
  }
  return `<INSTANCE${xmlAttr('CLASSNAME', inst.className)}>${body}</INSTANCE>`;
}

/**
 * A number is typed by every value it has: an integer past sint32's range is sint64, and an array
 * holding any fraction is real64. A `TYPE` its value does not fit (sint32 for 4294967295, for 2.5)
 * makes a DSP0201 client refuse the whole response.
 */
function inferType(value: CimValue): number {
  const sample = Array.isArray(value) ? value[0] : value;
  if (typeof sample === 'boolean') return CIM_BOOLEAN;
  if (typeof sample === 'number') {
    const numbers = (Array.isArray(value) ? value : [value]) as readonly number[];
    if (!numbers.every(Number.isInteger)) return CIM_REAL64;
    return numbers.every((n) => n >= -2_147_483_648 && n <= 2_147_483_647)
      ? CIM_SINT32
      : CIM_SINT64;
  }
  if (typeof sample === 'object' && sample !== null) return CIM_OBJECT;
  return CIM_STRING;
}

/** Key CIM types by lower-cased key name, from the class when known. */
export type KeyTypes = ReadonlyMap<string, number>;

/** An `INSTANCENAME` from a relative path (`Foo.Id="x"`, `Foo=@`). */
export function encodeInstanceName(path: string, keyTypes: KeyTypes | null = null): string {
  const parsed = parseInstancePath(path);
  let keys = '';
  for (const k of parsed.keys) {
    const type = keyTypes?.get(nameKey(k.name));
    let inner: string;
    if (type === CIM_REFERENCE) {
      inner = `<VALUE.REFERENCE>${encodeObjectPath(String(k.value))}</VALUE.REFERENCE>`;
    } else if (typeof k.value === 'boolean' || type === CIM_BOOLEAN) {
      inner = `<KEYVALUE VALUETYPE="boolean">${formatValueText(k.value)}</KEYVALUE>`;
    } else if (
      typeof k.value === 'number' ||
      (type !== undefined && type !== CIM_STRING && type !== CIM_DATETIME && type !== CIM_CHAR16)
    ) {
      const t = type === undefined ? '' : xmlAttr('TYPE', typeNameOf(type));
      inner = `<KEYVALUE VALUETYPE="numeric"${t}>${escapeXml(String(k.value))}</KEYVALUE>`;
    } else {
      inner = `<KEYVALUE VALUETYPE="string">${escapeXml(String(k.value))}</KEYVALUE>`;
    }
    keys += k.name === '' ? inner : `<KEYBINDING${xmlAttr('NAME', k.name)}>${inner}</KEYBINDING>`;
  }
  return `<INSTANCENAME${xmlAttr('CLASSNAME', parsed.className)}>${keys}</INSTANCENAME>`;
}

/** `<LOCALNAMESPACEPATH>` of `root/cimv2`. */
export function encodeLocalNamespace(namespace: string): string {
  return `<LOCALNAMESPACEPATH>${namespace
    .split(/[\\/]/)
    .map((n) => `<NAMESPACE${xmlAttr('NAME', n)}/>`)
    .join('')}</LOCALNAMESPACEPATH>`;
}

/** The contents of a `VALUE.REFERENCE` for a reference value. */
export function encodeObjectPath(path: string): string {
  let parsed: ReturnType<typeof parseInstancePath>;
  try {
    parsed = parseInstancePath(path);
  } catch {
    const colon = path.lastIndexOf(':');
    const name = path.slice(colon + 1);
    const cls = `<CLASSNAME${xmlAttr('NAME', name)}/>`;
    // A WMI path's `\\host\` prefix is no namespace component: it is dropped, as an instance
    // path's is (`parseInstancePath`), rather than written as empty and host NAMESPACE elements.
    const namespace = path.slice(0, colon).replace(/^\\\\[^\\/]*[\\/]/, '');
    return colon === -1
      ? cls
      : `<LOCALCLASSPATH>${encodeLocalNamespace(namespace)}${cls}</LOCALCLASSPATH>`;
  }
  // The INSTANCENAME holds the class and keys only, whatever namespace the path names.
  const name = encodeInstanceName(path);
  return parsed.namespace === undefined
    ? name
    : `<LOCALINSTANCEPATH>${encodeLocalNamespace(parsed.namespace)}${name}</LOCALINSTANCEPATH>`;
}

const SCOPE_ATTR: Readonly<Record<string, string>> = {
  class: 'CLASS',
  association: 'ASSOCIATION',
  indication: 'INDICATION',
  property: 'PROPERTY',
  reference: 'REFERENCE',
  method: 'METHOD',
  parameter: 'PARAMETER',
};

/** A `QUALIFIER.DECLARATION`. */
export function encodeQualifierDeclaration(d: QualifierDeclaration): string {
  const any = d.scopes.includes('any');
  const scope = Object.entries(SCOPE_ATTR)
    .map(([s, a]) =>
      any || d.scopes.includes(s as QualifierDeclaration['scopes'][number]) ? ` ${a}="true"` : '',
    )
    .join('');
  const size = d.arraySize === undefined ? '' : xmlAttr('ARRAYSIZE', String(d.arraySize));
  return `<QUALIFIER.DECLARATION${xmlAttr('NAME', d.name)}${xmlAttr('TYPE', typeNameOf(d.type))}${d.isArray ? ' ISARRAY="true"' : ''}${size}${flavorAttrs(d.flavor)}><SCOPE${scope}/>${encodeValue(d.value, d.type)}</QUALIFIER.DECLARATION>`;
}
