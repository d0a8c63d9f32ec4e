/**
 * @module Qualifier syntax: qualifier lists on elements (`[Key, MaxLen(64) : ToSubclass]`),
 * `Qualifier` declarations (DMTF `Scope(...)`/`Flavor(...)` and WMI flavors after a colon), data
 * types and array suffixes, and `#pragma` statements.
 */
import { CIM_TYPE_BY_NAME } from '../model/cim-type-check.js';
import type {
  MofPragmaNode,
  MofQualifierDeclarationNode,
  MofQualifierNode,
  MofTypeNode,
  MofValueNode,
} from './ast.js';
import type { MofToken } from './lexer.js';
import {
  WBEMMOF_E_EXPECTED_CLOSE_BRACKET,
  WBEMMOF_E_EXPECTED_CLOSE_PAREN,
  WBEMMOF_E_EXPECTED_OPEN_PAREN,
  WBEMMOF_E_EXPECTED_QUALIFIER_NAME,
  WBEMMOF_E_EXPECTED_SEMI,
  WBEMMOF_E_EXPECTED_TYPE_IDENTIFIER,
  WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
  WBEMMOF_E_INVALID_PRAGMA,
  WBEMMOF_E_INVALID_QUALIFIER_SYNTAX,
  WBEMMOF_E_UNRECOGNIZED_TYPE,
} from './mof-status.js';
import { NO_EMBEDDED, parseString, parseValue } from './parse-value.js';
import { KNOWN_PRAGMAS } from './pragmas.js';
import type { TokenCursor } from './token-cursor.js';

/** Flavors of a qualifier written without any: one shared empty list (syntax trees are read-only). */
const NO_FLAVORS: readonly string[] = Object.freeze([]);

const FLAVOR_WORDS = new Set([
  'enableoverride',
  'disableoverride',
  'tosubclass',
  'nottosubclass',
  'toinstance',
  'nottoinstance',
  'restricted',
  'translatable',
  'amended',
]);

export function parsePragma(c: TokenCursor): MofPragmaNode {
  const at = c.take();
  const nameToken = c.identifier(WBEMMOF_E_INVALID_PRAGMA, 'a pragma name');
  const name = nameToken.text.toLowerCase();
  const arity = KNOWN_PRAGMAS.get(name);
  if (arity === undefined) c.fail(WBEMMOF_E_INVALID_PRAGMA, nameToken, 'unknown pragma');
  const args: (string | number)[] = [];
  let first: MofToken | undefined;
  if (c.isPunct('(')) {
    c.take();
    first = c.peek();
    while (!c.isPunct(')')) {
      const t = c.peek();
      if (t.kind === 'string') args.push(parseString(c));
      else if (t.kind === 'integer') args.push(Number(c.take().text));
      else if (t.kind === 'identifier') args.push(c.take().text);
      else c.fail(WBEMMOF_E_INVALID_PRAGMA, t, `expected a pragma argument`);
      if (!c.isPunct(',')) break;
      c.take();
    }
    c.expect(')', WBEMMOF_E_EXPECTED_CLOSE_PAREN);
  }
  if (args.length < arity[0] || args.length > arity[1]) {
    c.fail(
      WBEMMOF_E_INVALID_PRAGMA,
      nameToken,
      `#pragma ${name} takes ${arity[0]} to ${arity[1]} arguments, got ${args.length}`,
    );
  }
  if (
    ['include', 'namespace', 'locale', 'deleteclass', 'deleteinstance', 'amendment'].includes(
      name,
    ) &&
    typeof args[0] !== 'string'
  ) {
    c.fail(WBEMMOF_E_INVALID_PRAGMA, first ?? nameToken, `#pragma ${name} takes a string`);
  }
  return { kind: 'pragma', name, args, line: at.line, column: at.column };
}

export function parseQualifierDeclaration(c: TokenCursor): MofQualifierDeclarationNode {
  const at = c.take();
  const name = c.identifier(WBEMMOF_E_EXPECTED_QUALIFIER_NAME, 'a qualifier name').text;
  c.expect(':', WBEMMOF_E_INVALID_QUALIFIER_SYNTAX);
  const pos = { line: at.line, column: at.column };
  if (c.peek().kind === 'identifier' && FLAVOR_WORDS.has(c.peek().text.toLowerCase())) {
    const flavors = parseFlavorWords(c);
    c.expect(';', WBEMMOF_E_EXPECTED_SEMI);
    return { kind: 'qualifier', name, isArray: false, scopes: [], flavors, ...pos };
  }
  const type = parseDataType(c, false);
  const array = parseArraySuffix(c);
  let value: MofValueNode | undefined;
  if (c.isPunct('=')) {
    c.take();
    value = parseValue(c, NO_EMBEDDED);
  }
  let scopes: string[] = [];
  let flavors: string[] = [];
  if (c.isPunct(':')) {
    c.take();
    flavors = parseFlavorWords(c);
  }
  while (c.isPunct(',')) {
    c.take();
    const word = c.identifier(WBEMMOF_E_INVALID_QUALIFIER_SYNTAX, 'Scope or Flavor');
    const lower = word.text.toLowerCase();
    if (lower !== 'scope' && lower !== 'flavor')
      c.fail(WBEMMOF_E_INVALID_QUALIFIER_SYNTAX, word, 'expected Scope or Flavor');
    c.expect('(', WBEMMOF_E_EXPECTED_OPEN_PAREN);
    const words: string[] = [];
    for (;;) {
      words.push(
        c.identifier(WBEMMOF_E_INVALID_QUALIFIER_SYNTAX, `a ${lower} keyword`).text.toLowerCase(),
      );
      if (!c.isPunct(',')) break;
      c.take();
    }
    c.expect(')', WBEMMOF_E_EXPECTED_CLOSE_PAREN);
    if (lower === 'scope') scopes = words;
    else flavors = flavors.concat(words);
  }
  c.expect(';', WBEMMOF_E_EXPECTED_SEMI);
  return {
    kind: 'qualifier',
    name,
    type,
    isArray: array.isArray,
    ...(array.size === undefined ? {} : { arraySize: array.size }),
    ...(value === undefined ? {} : { value }),
    scopes,
    flavors,
    ...pos,
  };
}

export function parseFlavorWords(c: TokenCursor): string[] {
  const words: string[] = [];
  while (c.peek().kind === 'identifier' && FLAVOR_WORDS.has(c.peek().text.toLowerCase())) {
    words.push(c.take().text.toLowerCase());
    if (
      c.isPunct(',') &&
      c.peek(1).kind === 'identifier' &&
      FLAVOR_WORDS.has(c.peek(1).text.toLowerCase())
    )
      c.take();
  }
  if (words.length === 0) c.fail(WBEMMOF_E_INVALID_QUALIFIER_SYNTAX, c.peek(), 'expected a flavor');
  return words;
}

export function parseQualifierList(c: TokenCursor): MofQualifierNode[] {
  c.take();
  const list: MofQualifierNode[] = [];
  for (;;) {
    const nameToken = c.identifier(WBEMMOF_E_EXPECTED_QUALIFIER_NAME, 'a qualifier name');
    let value: MofValueNode | undefined;
    if (c.isPunct('(')) {
      c.take();
      value = parseValue(c, NO_EMBEDDED);
      c.expect(')', WBEMMOF_E_EXPECTED_CLOSE_PAREN);
    } else if (c.isPunct('{')) {
      value = parseValue(c, NO_EMBEDDED);
    }
    let flavors: readonly string[] = NO_FLAVORS;
    if (c.isPunct(':')) {
      c.take();
      flavors = parseFlavorWords(c);
    }
    const { text: name, line, column } = nameToken;
    // Literal objects rather than a conditional spread: no temporary object per qualifier.
    list.push(
      value === undefined
        ? { name, flavors, line, column }
        : { name, value, flavors, line, column },
    );
    if (!c.isPunct(',')) break;
    c.take();
  }
  c.expect(']', WBEMMOF_E_EXPECTED_CLOSE_BRACKET);
  return list;
}

/**
 * `sint32`, `Cls REF`, `object REF` (WMI's weakly typed reference), `object`, and, where
 * `classTypes`, a class name as the type of an embedded object (`Win32_Foo Setting`; the class is
 * checked when the declarations are resolved); `void` only where `allowVoid` (return types).
 */
export function parseDataType(c: TokenCursor, allowVoid: boolean, classTypes = false): MofTypeNode {
  const t = c.identifier(WBEMMOF_E_EXPECTED_TYPE_IDENTIFIER, 'a data type');
  const lower = t.text.toLowerCase();
  if (c.isWord('ref')) {
    c.take();
    return lower === 'object'
      ? { name: 'ref', line: t.line, column: t.column }
      : { name: 'ref', referenceClass: t.text, line: t.line, column: t.column };
  }
  // Keywords, never a class: `ref` alone is no type (a reference names its class, or `object`,
  // before it), and `void` is a type only where a method's return type is read.
  if (lower === 'ref' || (lower === 'void' && !allowVoid))
    return c.fail(WBEMMOF_E_UNRECOGNIZED_TYPE, t, 'expected a data type');
  if (CIM_TYPE_BY_NAME.has(lower) || lower === 'void') {
    return { name: lower, line: t.line, column: t.column };
  }
  if (classTypes && c.peek().kind === 'identifier') {
    return { name: 'object', embeddedClass: t.text, line: t.line, column: t.column };
  }
  return c.fail(WBEMMOF_E_UNRECOGNIZED_TYPE, t, 'expected a data type');
}

/** The array suffix of a scalar and of an unsized array: shared, as most declarations are one of them. */
const SCALAR: { readonly isArray: boolean; readonly size?: number } = { isArray: false };
const UNSIZED: { readonly isArray: boolean; readonly size?: number } = { isArray: true };

export function parseArraySuffix(c: TokenCursor): {
  readonly isArray: boolean;
  readonly size?: number;
} {
  if (!c.isPunct('[')) return SCALAR;
  c.take();
  let size: number | undefined;
  if (c.peek().kind === 'integer') {
    const t = c.take();
    size = Number(t.text);
    if (!Number.isSafeInteger(size) || size <= 0)
      c.fail(WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, t, 'expected a positive array size');
  }
  c.expect(']', WBEMMOF_E_EXPECTED_CLOSE_BRACKET);
  return size === undefined ? UNSIZED : { isArray: true, size };
}
