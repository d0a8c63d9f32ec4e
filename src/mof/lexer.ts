/**
 * @module The MOF lexer (DSP0221 2.x plus the WMI extensions): comments, string and char16
 * escapes, every literal form, aliases and `#pragma`, each token with its line and column.
 *
 * It is a flat loop over char codes with no recursion and no regular expressions on the hot
 * path, so a 5 MB literal or a file of a million tokens costs time linear in its length and no
 * stack.
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
const CH_BACKSLASH = 92;
const CH_SLASH = 47;
const CH_STAR = 42;

const PUNCT = new Set(['{', '}', '[', ']', '(', ')', ';', ',', ':', '=']);

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === CH_LF || c === CH_CR || c === 11 || c === 12 || c === 0xfeff;
}

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
        pos++;
        line++;
        lineStart = pos;
        continue;
      }
      if (isSpace(c)) {
        pos++;
        continue;
      }
      const start = pos;
      const column = pos - lineStart + 1;
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
        for (;;) {
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
          if (d !== CH_BACKSLASH) {
            i++;
            continue;
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
        let i = pos + 1;
        while (i < length && isIdentPart(text.charCodeAt(i))) i++;
        pos = i;
        return { kind: 'identifier', text: text.slice(start, i), line, column };
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
        while (i < length && isIdentPart(text.charCodeAt(i))) i++;
        if (text.slice(pos + 1, i).toLowerCase() !== 'pragma') {
          fail(WBEMMOF_E_UNRECOGNIZED_TOKEN, start, line, lineStart, 'expected #pragma');
        }
        pos = i;
        return { kind: 'pragma', text: '#pragma', line, column };
      }
      const ch = text[pos] as string;
      if (PUNCT.has(ch)) {
        pos++;
        return { kind: 'punct', text: ch, line, column };
      }
      fail(
        WBEMMOF_E_UNRECOGNIZED_TOKEN,
        start,
        line,
        lineStart,
        `unexpected character ${JSON.stringify(ch)}`,
      );
    }
    return { kind: 'eof', text: '', line, column: pos - lineStart + 1 };
  };
}
