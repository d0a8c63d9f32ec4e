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

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0x80 && c <= 0xffef);
}

/**
 * True for a DMTF-style identifier (no leading `_`). Linear in the length of `name`; a loop
 * rather than a regular expression because it runs for every member of every put.
 */
export function isCimIdentifier(name: string): boolean {
  const n = name.length;
  // Stryker disable next-line ConditionalExpression: for '' charCodeAt(0) is NaN, which isLetter refuses as well
  if (n === 0 || !isLetter(name.charCodeAt(0))) return false;
  for (let i = 1; i < n; i++) {
    const c = name.charCodeAt(i);
    if (!(isLetter(c) || (c >= 48 && c <= 57) || c === 95)) return false;
  }
  return true;
}

/** True for a name reserved for WMI system classes and properties (`__` prefix). */
export function isSystemName(name: string): boolean {
  return name.charCodeAt(0) === 95 && name.charCodeAt(1) === 95;
}

/** True for a name WQL accepts as a class: an identifier, optionally behind `__`. */
export function isClassNameSyntax(name: string): boolean {
  return isCimIdentifier(isSystemName(name) ? name.slice(2) : name);
}
