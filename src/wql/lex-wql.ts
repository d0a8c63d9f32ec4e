/**
 * @module WQL tokens. Keywords are plain identifiers here (WQL keywords are case-insensitive and
 * several, such as `Role` or `Within`, are also valid property names); the parser decides.
 */
import { wqlError } from './wql-error.js';

export type WqlTokenKind = 'ident' | 'string' | 'number' | 'op' | 'punct' | 'path' | 'end';

export interface WqlToken {
  readonly kind: WqlTokenKind;
  /** Identifier or operator text, string contents (unescaped), number text, path text. */
  readonly text: string;
  /** 0-based offset of the token's first character. */
  readonly offset: number;
}

const IDENT_START = /[A-Za-z_\u0080-\uFFEF]/;
const IDENT_PART = /[A-Za-z0-9_\u0080-\uFFEF]/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const HEX = /^0[xX][0-9A-Fa-f]+/;
const OPERATORS = ['<=', '>=', '<>', '!=', '=', '<', '>'];
const PUNCT = '(),.*';

/**
 * Splits a WQL statement into tokens, ending with one `end` token.
 * @throws {WbemError} WBEM_E_INVALID_QUERY for an unterminated string or path, or a character
 * WQL does not use.
 */
export function lexWql(query: string): WqlToken[] {
  const tokens: WqlToken[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (IDENT_START.test(c)) {
      const start = i;
      while (i < query.length && IDENT_PART.test(query[i] as string)) i++;
      tokens.push({ kind: 'ident', text: query.slice(start, i), offset: start });
    } else if (c === "'" || c === '"') {
      const [text, end] = readString(query, i);
      tokens.push({ kind: 'string', text, offset: i });
      i = end;
    } else if (c === '{') {
      const [text, end] = readPath(query, i);
      tokens.push({ kind: 'path', text, offset: i });
      i = end;
    } else if (
      /[0-9]/.test(c) ||
      ((c === '-' || c === '+' || c === '.') && /[0-9.]/.test(query[i + 1] ?? ''))
    ) {
      const rest = query.slice(i, i + 400);
      const m = HEX.exec(rest) ?? NUMBER.exec(rest);
      if (m === null) throw wqlError(query, i, 'malformed number');
      if (IDENT_PART.test(query[i + m[0].length] ?? '')) {
        throw wqlError(query, i, 'malformed number');
      }
      tokens.push({ kind: 'number', text: m[0], offset: i });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => query.startsWith(o, i));
      if (op !== undefined) {
        tokens.push({ kind: 'op', text: op, offset: i });
        i += op.length;
      } else if (PUNCT.includes(c)) {
        tokens.push({ kind: 'punct', text: c, offset: i });
        i++;
      } else {
        throw wqlError(query, i, `unexpected character ${JSON.stringify(c)}`);
      }
    }
  }
  tokens.push({ kind: 'end', text: '', offset: query.length });
  return tokens;
}

/** A string in single or double quotes; `\` escapes the next character, as in WMI. */
function readString(query: string, start: number): [string, number] {
  const quote = query[start];
  let out = '';
  let i = start + 1;
  while (i < query.length) {
    const c = query[i] as string;
    if (c === '\\' && i + 1 < query.length) {
      out += query[i + 1];
      i += 2;
    } else if (c === quote) {
      return [out, i + 1];
    } else {
      out += c;
      i++;
    }
  }
  throw wqlError(query, start, 'unterminated string');
}

/** `{path}`: braces inside a quoted key value do not end it. */
function readPath(query: string, start: number): [string, number] {
  let i = start + 1;
  let quote: string | undefined;
  while (i < query.length) {
    const c = query[i] as string;
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '}') {
      return [query.slice(start + 1, i).trim(), i + 1];
    }
    i++;
  }
  throw wqlError(query, start, 'unterminated object path (missing })');
}
