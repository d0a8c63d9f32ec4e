/**
 * @module Escaping text for CIM-XML responses: element content and double-quoted attribute values.
 *
 * XML 1.0 cannot carry most C0 control characters at all, not even as character references, so
 * they are written as U+FFFD: a response that a client's parser refuses would lose every value in
 * it, not just the one odd character.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const SPECIAL = /[&<>"\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const SPECIAL_ALL = /[&<>"\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
/**
 * An attribute value also escapes tab and line feed: its reader turns each into a space (XML 1.0
 * §3.3.3), so a MESSAGE ID echoed with a line feed would not be the ID the client sent.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const ATTR_SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const ATTR_SPECIAL_ALL = /[&<>"\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function replacement(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case '\r':
      // A literal CR would be normalised away by the client's parser.
      return '&#13;';
    case '\t':
      return '&#9;';
    case '\n':
      return '&#10;';
    default:
      return '\ufffd';
  }
}

/** Escapes text for element content. */
export function escapeXml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, replacement) : text;
}

/** Escapes text for a double-quoted attribute value, whitespace kept as it is. */
export function escapeXmlAttr(text: string): string {
  return ATTR_SPECIAL.test(text) ? text.replace(ATTR_SPECIAL_ALL, replacement) : text;
}

/** ` NAME="value"` with the value escaped, or `''` when the value is undefined. */
export function xmlAttr(name: string, value: string | undefined): string {
  return value === undefined ? '' : ` ${name}="${escapeXmlAttr(value)}"`;
}
