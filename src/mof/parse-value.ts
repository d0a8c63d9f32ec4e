/**
 * @module MOF values: literals (adjacent strings joined), `{...}` arrays, `$Alias` and embedded
 * `instance of` values, the last parsed by the caller's callback and nested at most
 * `WBEM_MAX_OBJECT_NESTING` deep.
 */
import { WBEM_MAX_OBJECT_NESTING } from '../wbem/flags.js';
import type { MofInstanceNode, MofValueNode } from './ast.js';
import type { MofToken } from './lexer.js';
import {
  WBEMMOF_E_EXPECTED_CLOSE_BRACE,
  WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
  WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
  WBEMMOF_E_UNEXPECTED_ARRAY_INIT,
} from './mof-status.js';
import type { TokenCursor } from './token-cursor.js';

/** Parses an embedded `instance of` whose first token is `first`. */
export type EmbeddedParser = (c: TokenCursor, first: MofToken) => MofInstanceNode;

/** For values that cannot hold an embedded instance (qualifier values, pragma arguments). */
export const NO_EMBEDDED: EmbeddedParser = (c, first) =>
  c.fail(WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, first, 'an embedded instance is not allowed here');

export function parseString(c: TokenCursor): string {
  let value = c.take().text;
  while (c.peek().kind === 'string') value += c.take().text;
  return value;
}

/** A value: literal, `{array}`, `$Alias` or an embedded `instance of`. */
export function parseValue(c: TokenCursor, embedded: EmbeddedParser): MofValueNode {
  const t = c.peek();
  // Positions are written out, not spread from a shared object: one allocation per node.
  const line = t.line;
  const column = t.column;
  if (c.isPunct('{')) {
    c.take();
    const items: MofValueNode[] = [];
    while (!c.isPunct('}')) {
      if (c.isPunct('{')) c.fail(WBEMMOF_E_UNEXPECTED_ARRAY_INIT, c.peek(), 'arrays do not nest');
      items.push(parseValue(c, embedded));
      if (!c.isPunct(',')) break;
      c.take();
    }
    c.expect('}', WBEMMOF_E_EXPECTED_CLOSE_BRACE);
    return { kind: 'array', items, line, column };
  }
  if (c.isWord('instance') && c.isWord('of', 1)) {
    if (c.nesting >= WBEM_MAX_OBJECT_NESTING) {
      c.fail(
        WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
        t,
        `embedded objects nest deeper than ${WBEM_MAX_OBJECT_NESTING}`,
      );
    }
    c.nesting++;
    const instance = embedded(c, t);
    c.nesting--;
    return { kind: 'instance', instance, line, column };
  }
  switch (t.kind) {
    case 'string':
      return { kind: 'string', value: parseString(c), line, column };
    case 'char16':
      c.take();
      return { kind: 'char16', value: t.text, line, column };
    case 'integer':
      c.take();
      return { kind: 'integer', value: t.text, line, column };
    case 'real':
      c.take();
      return { kind: 'real', value: Number(t.text), line, column };
    case 'alias':
      c.take();
      return { kind: 'alias', name: t.text, line, column };
    case 'identifier': {
      const lower = t.text.toLowerCase();
      c.take();
      if (lower === 'true' || lower === 'false')
        return { kind: 'boolean', value: lower === 'true', line, column };
      if (lower === 'null') return { kind: 'null', line, column };
      return c.fail(WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, t, 'expected a value');
    }
    default:
      return c.fail(WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, t, 'expected a value');
  }
}
