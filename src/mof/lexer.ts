/**
 * @module The MOF lexer (DSP0221 2.x plus the WMI extensions): comments, string and char16
 * escapes, every literal form, aliases and `#pragma`, each token with its line and column.
 *
 * It is a flat loop over char codes with no recursion; runs of identifier and string characters
 * are scanned by sticky character-class regexes (linear, no backtracking), so a 5 MB literal or
 * a file of a million tokens costs time linear in its length and no stack.
 */
import { isDigit, isHexDigit, isIdentPart, isIdentStart, scanNumber } from './lex-number.js';
import { MofError } from './mof-error.js';
import { WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, WBEMMOF_E_UNRECOGNIZED_TOKEN } from './mof-status.js';

export type MofTokenKind =
  | 'identifier'
  | 'string'
  | 'char16'
  | 'integer'
  | 'real'
  | 'alias'
  | 'pragma'
  | 'punct'
  | 'eof';

export interface MofToken {
  readonly kind: MofTokenKind;
  /**
   * identifier: the name; string/char16: the unescaped value; integer: the value as signed
   * decimal text; real: the source text; alias: the name without `$`; punct: the character.
   */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const CH_LF = 10;
const CH_CR = 13;
const CH_QUOTE = 34;
const CH_APOS = 39;
const CH_SLASH = 47;
const CH_STAR = 42;

/** Punctuation by char code: the one-character token text, shared by every token of it. */
const PUNCT: readonly (string | undefined)[] = (() => {
  const table: (string | undefined)[] = [];
  for (const ch of '{}[]();,:=') table[ch.charCodeAt(0)] = ch;
  return table;
})();

/** Whitespace other than LF (which moves the line), in the ASCII range, by char code. */
const SPACE = (() => {
  const table = new Uint8Array(128);
  for (const c of [32, 9, CH_CR, 11, 12]) table[c] = 1;
  return table;
})();

/**
 * Splits MOF text into tokens, ending with one `eof` token.
 * @throws {MofError} WBEMMOF_E_UNRECOGNIZED_TOKEN for stray characters and unterminated comments
 * or strings; WBEMMOF_E_ILLEGAL_CONSTANT_VALUE for malformed numbers, escapes and char16 literals.
 */
export function tokenize(text: string, file: string): MofToken[] {
  const next = createLexer(text, file);
  const tokens: MofToken[] = [];
  for (;;) {
    const token = next();
    tokens.push(token);
    if (token.kind === 'eof') return tokens;
  }
}

/**
 * A pull lexer over `text`: each call returns the next token, then `eof` forever. The parser
 * pulls tokens as it goes, so no token array of the whole file is ever held.
 * @throws {MofError} as `tokenize`.
 */
export function createLexer(text: string, file: string): () => MofToken {
  const length = text.length;
  // Runs of characters that need no decision one by one, matched by sticky regexes (one set per
  // lexer: `lastIndex` is state): the regex engine scans them natively, which matters most on a
  // cold start, before the loop below is optimised (a MOF load lexes each file once). Each
  // matches the empty run too, so `test` always succeeds and `lastIndex` is the run's end. Code
  // units from 0x80 up, surrogates included, are identifier characters (`isIdentPart`).
  const IDENT_RUN = /[0-9A-Za-z_\u0080-\uffff]*/y;
  const STRING_RUN = /[^"\\\n\r]*/y;
  const CHAR16_RUN = /[^'\\\n\r]*/y;
  const INDENT_RUN = /[ \t]*/y;
  let pos = 0;
  let line = 1;
  let lineStart = 0;

  const fail = (
    hresult: number,
    at: number,
    atLine: number,
    atLineStart: number,
    reason: string,
  ): never => {
    throw new MofError(hresult, { file, line: atLine, column: at - atLineStart + 1 }, reason);
  };

  return (): MofToken => {
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (c === CH_LF) {
        line++;
        lineStart = pos + 1;
        INDENT_RUN.lastIndex = lineStart;
        INDENT_RUN.test(text);
        pos = INDENT_RUN.lastIndex;
        continue;
      }
      if (c < 128 ? SPACE[c] === 1 : c === 0xfeff) {
        pos++;
        continue;
      }
      const start = pos;
      const column = pos - lineStart + 1;
      // Punctuation first: it is half of all tokens, and no other token starts with these
      // characters (`/`, `-`, `+`, `.`, `$`, `#` and quotes are not in the table).
      const punct = c < 128 ? PUNCT[c] : undefined;
      if (punct !== undefined) {
        pos++;
        return { kind: 'punct', text: punct, line, column };
      }
      if (c === CH_SLASH && text.charCodeAt(pos + 1) === CH_SLASH) {
        const end = text.indexOf('\n', pos);
        pos = end < 0 ? length : end;
        continue;
      }
      if (c === CH_SLASH && text.charCodeAt(pos + 1) === CH_STAR) {
        const end = text.indexOf('*/', pos + 2);
        if (end < 0)
          fail(WBEMMOF_E_UNRECOGNIZED_TOKEN, start, line, lineStart, 'unterminated comment');
        for (let i = text.indexOf('\n', pos); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
          line++;
          lineStart = i + 1;
        }
        pos = end + 2;
        continue;
      }
      if (c === CH_QUOTE || c === CH_APOS) {
        const quote = c;
        let value = '';
        let segment = pos + 1;
        let i = pos + 1;
        const plain = quote === CH_QUOTE ? STRING_RUN : CHAR16_RUN;
        for (;;) {
          plain.lastIndex = i;
          plain.test(text);
          i = plain.lastIndex;
          // Past the end `d` is NaN: the literal is unterminated, as it is at a line break.
          const d = text.charCodeAt(i);
          if (d === quote) break;
          if (i >= length || d === CH_LF || d === CH_CR) {
            fail(
              WBEMMOF_E_UNRECOGNIZED_TOKEN,
              start,
              line,
              lineStart,
              quote === CH_QUOTE ? 'unterminated string' : 'unterminated char16 literal',
            );
          }
          value += text.slice(segment, i);
          const e = text[i + 1];
          i += 2;
          switch (e) {
            case 'b':
              value += '\b';
              break;
            case 't':
              value += '\t';
              break;
            case 'n':
              value += '\n';
              break;
            case 'f':
              value += '\f';
              break;
            case 'r':
              value += '\r';
              break;
            case '"':
              value += '"';
              break;
            case "'":
              value += "'";
              break;
            case '\\':
              value += '\\';
              break;
            case 'x':
            case 'X': {
              let j = i;
              while (j < i + 4 && isHexDigit(text.charCodeAt(j))) j++;
              if (j === i)
                fail(
                  WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
                  i - 2,
                  line,
                  lineStart,
                  `escape \\${e} needs 1 to 4 hex digits`,
                );
              value += String.fromCharCode(Number.parseInt(text.slice(i, j), 16));
              i = j;
              break;
            }
            default:
              fail(
                WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
                i - 2,
                line,
                lineStart,
                `unknown escape \\${e ?? ''}`,
              );
          }
          segment = i;
        }
        value += text.slice(segment, i);
        pos = i + 1;
        if (quote === CH_APOS && value.length !== 1) {
          fail(
            WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
            start,
            line,
            lineStart,
            'a char16 literal holds exactly one character',
          );
        }
        return { kind: quote === CH_QUOTE ? 'string' : 'char16', text: value, line, column };
      }
      if (isIdentStart(c)) {
        IDENT_RUN.lastIndex = pos + 1;
        IDENT_RUN.test(text);
        pos = IDENT_RUN.lastIndex;
        return { kind: 'identifier', text: text.slice(start, pos), line, column };
      }
      const next = text.charCodeAt(pos + 1);
      if (
        isDigit(c) ||
        (c === 46 && isDigit(next)) ||
        ((c === 45 || c === 43) &&
          (isDigit(next) || (next === 46 && isDigit(text.charCodeAt(pos + 2)))))
      ) {
        const [token, end] = scanNumber(text, pos, line, column, (at, reason) =>
          fail(WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, at, line, lineStart, reason),
        );
        pos = end;
        return token;
      }
      if (c === 36) {
        let i = pos + 1;
        while (i < length && isIdentPart(text.charCodeAt(i))) i++;
        if (i === pos + 1)
          fail(
            WBEMMOF_E_UNRECOGNIZED_TOKEN,
            start,
            line,
            lineStart,
            'expected an alias name after $',
          );
        pos = i;
        return { kind: 'alias', text: text.slice(start + 1, i), line, column };
      }
      if (c === 35) {
        let i = pos + 1;
        // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end charCodeAt is NaN, which isIdentPart refuses, so the bound only saves a call
        while (i < length && isIdentPart(text.charCodeAt(i))) i++;
        if (text.slice(pos + 1, i).toLowerCase() !== 'pragma') {
          fail(WBEMMOF_E_UNRECOGNIZED_TOKEN, start, line, lineStart, 'expected #pragma');
        }
        pos = i;
        return { kind: 'pragma', text: '#pragma', line, column };
      }
      fail(
        WBEMMOF_E_UNRECOGNIZED_TOKEN,
        start,
        line,
        lineStart,
        `unexpected character ${JSON.stringify(text[pos])}`,
      );
    }
    return { kind: 'eof', text: '', line, column: pos - lineStart + 1 };
  };
}
