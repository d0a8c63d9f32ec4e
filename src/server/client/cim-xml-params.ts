/**
 * @module A client's intrinsic method call: the request envelope, its `IPARAMVALUE` elements,
 * the instance path a ModifyInstance names, and the check that an instance sent holds only
 * properties of its class.
 */
import {
  type CimClass,
  type CimInstance,
  formatInstancePath,
  nameKey,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_PROPERTY,
  WbemError,
} from '../../index.js';
import { escapeXml, xmlAttr } from '../xml-escape.js';

/** DSP0200's shaping parameters of a read. */
export interface ReadOptions {
  readonly localOnly?: boolean;
  readonly includeQualifiers?: boolean;
  readonly includeClassOrigin?: boolean;
  /** Property names to keep. */
  readonly propertyList?: readonly string[];
}

/** A boolean parameter; nothing when `value` is undefined (the server's default applies). */
export const boolParam = (name: string, value: boolean | undefined): string =>
  value === undefined
    ? ''
    : `<IPARAMVALUE${xmlAttr('NAME', name)}><VALUE>${value ? 'TRUE' : 'FALSE'}</VALUE></IPARAMVALUE>`;

export const stringParam = (name: string, value: string): string =>
  `<IPARAMVALUE${xmlAttr('NAME', name)}><VALUE>${escapeXml(value)}</VALUE></IPARAMVALUE>`;

/** A `CLASSNAME` parameter; nothing when `value` is undefined. */
export const classNameParam = (name: string, value: string | undefined): string =>
  value === undefined
    ? ''
    : `<IPARAMVALUE${xmlAttr('NAME', name)}><CLASSNAME${xmlAttr('NAME', value)}/></IPARAMVALUE>`;

/** A parameter holding already encoded XML. */
export const xmlParam = (name: string, inner: string): string =>
  `<IPARAMVALUE${xmlAttr('NAME', name)}>${inner}</IPARAMVALUE>`;

/** LocalOnly, IncludeQualifiers, IncludeClassOrigin and PropertyList, as given. */
export function readParams(o: ReadOptions): string {
  const list =
    o.propertyList === undefined
      ? ''
      : xmlParam(
          'PropertyList',
          `<VALUE.ARRAY>${o.propertyList.map((p) => `<VALUE>${escapeXml(p)}</VALUE>`).join('')}</VALUE.ARRAY>`,
        );
  return (
    boolParam('LocalOnly', o.localOnly) +
    boolParam('IncludeQualifiers', o.includeQualifiers) +
    boolParam('IncludeClassOrigin', o.includeClassOrigin) +
    list
  );
}

/** The DSP0200 request body of one intrinsic call to `namespace`. */
export function requestBody(
  method: string,
  namespace: string,
  messageId: string,
  params: string,
): string {
  const ns = namespace
    .split('/')
    .map((n) => `<NAMESPACE${xmlAttr('NAME', n)}/>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE${xmlAttr('ID', messageId)} PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL${xmlAttr('NAME', method)}><LOCALNAMESPACEPATH>${ns}</LOCALNAMESPACEPATH>${params}</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>`;
}

/**
 * The path of `instance` from the key properties of its class (resolved, so inherited keys
 * count).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER when a key has no scalar value.
 */
export function instancePathOf(instance: CimInstance, cls: CimClass): string {
  const keys = [...cls.properties.values()]
    .filter((p) => p.qualifiers.get('key')?.value === true)
    .map((p) => {
      const v = instance.properties.get(nameKey(p.name))?.value;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw new WbemError(WBEM_E_INVALID_PARAMETER, {
          message: `${instance.className} needs a value for its key ${p.name}`,
        });
      }
      return { name: p.name, value: v, type: p.type };
    });
  return formatInstancePath(instance.className, keys);
}

/**
 * An instance is written with its class's property types, so a property the class lacks would
 * be left out of the request and never reach the server; it is refused here as the engine's
 * PutInstance refuses it.
 * @throws {WbemError} WBEM_E_INVALID_PROPERTY.
 */
export function checkInstanceProperties(instance: CimInstance, cls: CimClass): void {
  for (const p of instance.properties.values()) {
    if (!cls.properties.has(nameKey(p.name))) {
      throw new WbemError(WBEM_E_INVALID_PROPERTY, {
        message: `${cls.name} has no property ${JSON.stringify(p.name.slice(0, 300))}`,
      });
    }
  }
}
