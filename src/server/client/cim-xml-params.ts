/**
 * @module The `IPARAMVALUE` elements of a client's intrinsic method call.
 */
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
