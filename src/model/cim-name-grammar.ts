/**
 * @module The name grammar of classes, properties, methods and qualifiers (spec §4.7): the WQL
 * `CLASS-NAME` production read the DMTF way. A first character `[A-Za-z]` or U+0080–U+FFEF, then
 * the same plus digits and `_`; system names (`__NAMESPACE`) are such an identifier behind a
 * `__` prefix.
 */

/** Longest class name `PutClass` accepts (spec §10 A10: `WBEM_E_QUOTA_VIOLATION` beyond it). */
export const MAX_CLASS_NAME_LENGTH = 255;
/** Longest property, method or qualifier name (`WBEM_E_*_NAME_TOO_WIDE` beyond it). */
export const MAX_MEMBER_NAME_LENGTH = 255;

const IDENTIFIER = /^[A-Za-z\u0080-\uFFEF][A-Za-z0-9_\u0080-\uFFEF]*$/;

/** True for a DMTF-style identifier (no leading `_`). Linear in the length of `name`. */
export function isCimIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** True for a name reserved for WMI system classes and properties (`__` prefix). */
export function isSystemName(name: string): boolean {
  return name.charCodeAt(0) === 95 && name.charCodeAt(1) === 95;
}

/** True for a name WQL accepts as a class: an identifier, optionally behind `__`. */
export function isClassNameSyntax(name: string): boolean {
  return isCimIdentifier(isSystemName(name) ? name.slice(2) : name);
}
