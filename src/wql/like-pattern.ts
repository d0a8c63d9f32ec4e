/**
 * @module WQL's LIKE: `%` any run of characters, `_` one character, `[abc]`/`[a-f]` one of a set
 * or range, `[^a-f]` one character outside it. Matching is case-insensitive, as WMI compares
 * strings; `[%]` or `[_]` matches the character itself.
 */
import { WBEM_E_INVALID_QUERY } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

/**
 * Compiles a LIKE pattern to a predicate over whole strings.
 * @throws {WbemError} WBEM_E_INVALID_QUERY for a set whose range is out of order (`[z-a]`).
 */
export function likeMatcher(pattern: string): (text: string) => boolean {
  let regex: RegExp;
  try {
    regex = new RegExp(`^${likeToRegexSource(pattern)}$`, 'isu');
  } catch (thrown) {
    // A set such as `[z-a]` is a range out of order.
    throw new WbemError(WBEM_E_INVALID_QUERY, {
      message: `invalid LIKE pattern ${JSON.stringify(pattern.slice(0, 80))}`,
      cause: thrown,
    });
  }
  return (text) => regex.test(text);
}

/** The regular-expression source equivalent to a LIKE pattern (unanchored). */
export function likeToRegexSource(pattern: string): string {
  let out = '';
  const chars = [...pattern];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i] as string;
    if (c === '%') {
      out += '.*';
      i++;
    } else if (c === '_') {
      out += '.';
      i++;
    } else if (c === '[') {
      // The set's first character may be `]` (or `^]`), so the closing bracket is searched after it.
      const negated = chars[i + 1] === '^';
      const first = i + (negated ? 2 : 1);
      // A `[` the pattern does not close (a search past its end finds nothing) is literal.
      const close = chars.indexOf(']', first + 1);
      if (close === -1) {
        out += '\\[';
        i++;
      } else {
        out += `[${negated ? '^' : ''}${chars.slice(first, close).map(setChar).join('')}]`;
        i = close + 1;
      }
    } else {
      out += escapeChar(c);
      i++;
    }
  }
  return out;
}

/** Inside a set, only `-` between two characters keeps its meaning (a range). */
function setChar(c: string, index: number, all: readonly string[]): string {
  if (c === '-' && index > 0 && index < all.length - 1) return '-';
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(c) ? `\\${c}` : c;
}
