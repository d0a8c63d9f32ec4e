/**
 * @module Character classes of MOF and its numeric literals: decimal, `0x` hex, leading-zero
 * octal, `101b` binary and reals with an exponent. Integer values are exact (bigint) and come
 * out as signed decimal text.
 */
import type { MofToken } from './lexer.js';

/** ASCII character classes by char code: 1 starts an identifier, 2 only continues one. */
const IDENT = (() => {
  const table = new Uint8Array(128);
  for (let c = 65; c <= 90; c++) table[c] = 1;
  for (let c = 97; c <= 122; c++) table[c] = 1;
  table[95] = 1;
  for (let c = 48; c <= 57; c++) table[c] = 2;
  return table;
})();

export function isIdentStart(c: number): boolean {
  return c < 128 ? IDENT[c] === 1 : c >= 0x80;
}

/** `c` is NaN past the end of the text: not part of an identifier. */
export function isIdentPart(c: number): boolean {
  return c < 128 ? (IDENT[c] as number) !== 0 : c >= 0x80;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Integer or real literal at `start`: decimal, 0x hex, leading-zero octal, `101b` binary, reals. */
export function scanNumber(
  text: string,
  start: number,
  line: number,
  column: number,
  fail: (at: number, reason: string) => never,
): [MofToken, number] {
  let i = start;
  let negative = false;
  if (text[i] === '-' || text[i] === '+') {
    negative = text[i] === '-';
    i++;
  }
  const digitsStart = i;
  let kind: 'integer' | 'real' = 'integer';
  let value: bigint;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    i += 2;
    const from = i;
    while (isHexDigit(text.charCodeAt(i))) i++;
    if (i === from) fail(start, 'expected hex digits after 0x');
    value = BigInt(`0x${text.slice(from, i)}`);
  } else {
    while (isDigit(text.charCodeAt(i))) i++;
    const intEnd = i;
    if (text[i] === '.' || text[i] === 'e' || text[i] === 'E') {
      kind = 'real';
      if (text[i] === '.') {
        i++;
        while (isDigit(text.charCodeAt(i))) i++;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '-' || text[i] === '+') i++;
        const expFrom = i;
        while (isDigit(text.charCodeAt(i))) i++;
        if (i === expFrom) fail(start, 'expected digits in the exponent');
      }
      value = 0n;
    } else if (
      (text[i] === 'b' || text[i] === 'B') &&
      /^[01]+$/.test(text.slice(digitsStart, intEnd))
    ) {
      value = BigInt(`0b${text.slice(digitsStart, intEnd)}`);
      i++;
    } else {
      const digits = text.slice(digitsStart, intEnd);
      if (digits.length > 1 && digits[0] === '0') {
        if (!/^[0-7]+$/.test(digits)) fail(start, `invalid octal literal ${digits}`);
        value = BigInt(`0o${digits}`);
      } else {
        value = BigInt(digits);
      }
    }
  }
  if (isIdentPart(text.charCodeAt(i)) || text[i] === '.') {
    fail(start, `malformed number ${JSON.stringify(text.slice(start, i + 1))}`);
  }
  if (kind === 'real') {
    const source = text.slice(start, i);
    if (!Number.isFinite(Number(source))) fail(start, `real literal ${source} is out of range`);
    return [{ kind, text: source, line, column }, i];
  }
  return [{ kind, text: (negative ? -value : value).toString(), line, column }, i];
}
