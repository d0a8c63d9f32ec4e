/**
 * @module The WHERE (and HAVING) expression grammar of WQL:
 *
 * ```
 * or      := and (OR and)*
 * and     := unary (AND unary)*
 * unary   := NOT unary | '(' or ')' | test
 * test    := operand compare-op operand | property [NOT] LIKE string
 *          | property IS [NOT] NULL | property ISA string
 * operand := string | number | TRUE | FALSE | NULL | property
 * property:= name ('.' name)*            (TargetInstance.Name, __CLASS)
 * ```
 */
import type {
  WqlComparisonOperator,
  WqlExpression,
  WqlLiteral,
  WqlOperand,
  WqlPropertyRef,
} from './ast.js';
import { describeToken, type WqlCursor } from './wql-cursor.js';

/** Nesting past this is refused instead of exhausting the stack (WMI caps query size too). */
const MAX_DEPTH = 64;
/** Tests in one expression; evaluation recurses over AND/OR chains, so they are bounded too. */
const MAX_TESTS = 1024;

const LITERAL_WORDS = new Set(['TRUE', 'FALSE', 'NULL']);
/** SQL words that follow an operand where WQL expects a comparison, naming what WQL lacks. */
const UNSUPPORTED_IN_WHERE = new Map([
  ['IN', 'IN (...)'],
  ['BETWEEN', 'BETWEEN'],
]);

/** Parses one expression; the cursor is left on the first token after it. */
export function parseExpression(cursor: WqlCursor): WqlExpression {
  const state = { depth: 0, tests: 0 };
  return parseOr(cursor, state);
}

interface ParseState {
  depth: number;
  tests: number;
}

function parseOr(cursor: WqlCursor, state: ParseState): WqlExpression {
  let left = parseAnd(cursor, state);
  while (cursor.acceptWord('OR')) left = { kind: 'or', left, right: parseAnd(cursor, state) };
  return left;
}

function parseAnd(cursor: WqlCursor, state: ParseState): WqlExpression {
  let left = parseUnary(cursor, state);
  while (cursor.acceptWord('AND')) left = { kind: 'and', left, right: parseUnary(cursor, state) };
  return left;
}

function parseUnary(cursor: WqlCursor, state: ParseState): WqlExpression {
  if (state.depth >= MAX_DEPTH) throw cursor.fail(`expression nests deeper than ${MAX_DEPTH}`);
  state.depth++;
  try {
    if (cursor.acceptWord('NOT')) return { kind: 'not', operand: parseUnary(cursor, state) };
    refuseSubquery(cursor);
    if (cursor.acceptPunct('(')) {
      const inner = parseOr(cursor, state);
      cursor.expectPunct(')');
      return inner;
    }
    return parseTest(cursor, state);
  } finally {
    state.depth--;
  }
}

function parseTest(cursor: WqlCursor, state: ParseState): WqlExpression {
  if (++state.tests > MAX_TESTS)
    throw cursor.fail(`more than ${MAX_TESTS} tests in one expression`);
  const start = cursor.peek();
  const left = parseOperand(cursor);
  const t = cursor.peek();
  const word = t.kind === 'ident' ? t.text.toUpperCase() : '';
  if (t.kind === 'op') {
    cursor.next();
    return {
      kind: 'compare',
      op: t.text as WqlComparisonOperator,
      left,
      right: parseOperand(cursor),
    };
  }
  const property = (): WqlPropertyRef => {
    if (left.kind !== 'property') throw cursor.fail(`${word} needs a property on its left`, start);
    return left;
  };
  if (word === 'LIKE' || (word === 'NOT' && cursor.isWord('LIKE', 1))) {
    const negated = word === 'NOT';
    cursor.next();
    if (negated) cursor.next();
    const prop = property();
    const pattern = cursor.peek();
    if (pattern.kind !== 'string')
      throw cursor.fail(`LIKE needs a string pattern, found ${describeToken(pattern)}`);
    cursor.next();
    const like: WqlExpression = { kind: 'like', property: prop, pattern: pattern.text };
    return negated ? { kind: 'not', operand: like } : like;
  }
  if (word === 'IS') {
    cursor.next();
    const negated = cursor.acceptWord('NOT');
    const prop = property();
    cursor.expectWord('NULL');
    return { kind: 'is-null', property: prop, negated };
  }
  if (word === 'ISA') {
    cursor.next();
    const prop = property();
    const cls = cursor.peek();
    if (cls.kind !== 'string' && cls.kind !== 'ident') {
      throw cursor.fail(`ISA needs a class name, found ${describeToken(cls)}`);
    }
    cursor.next();
    return { kind: 'isa', property: prop, className: cls.text };
  }
  const unsupported = UNSUPPORTED_IN_WHERE.get(word);
  if (unsupported !== undefined) throw cursor.unsupported(unsupported);
  throw cursor.fail(`expected a comparison operator, LIKE, IS or ISA, found ${describeToken(t)}`);
}

/** A literal or a property path. */
export function parseOperand(cursor: WqlCursor): WqlOperand {
  const t = cursor.peek();
  if (t.kind === 'string') {
    cursor.next();
    return { kind: 'string', value: t.text };
  }
  if (t.kind === 'number') {
    cursor.next();
    return numberLiteral(t.text);
  }
  if (t.kind === 'ident' && LITERAL_WORDS.has(t.text.toUpperCase())) {
    cursor.next();
    const word = t.text.toUpperCase();
    return word === 'NULL' ? { kind: 'null' } : { kind: 'boolean', value: word === 'TRUE' };
  }
  if (t.kind === 'ident') {
    if (cursor.peek(1).kind === 'punct' && cursor.peek(1).text === '(') {
      // `EXISTS (SELECT ...)` reads like a call, but it is SQL's EXISTS, not a function.
      if (t.text.toUpperCase() === 'EXISTS') throw cursor.unsupported('EXISTS');
      throw cursor.unsupported(`the function ${t.text}()`);
    }
    return parsePropertyRef(cursor);
  }
  refuseSubquery(cursor);
  throw cursor.fail(`expected a property or a constant, found ${describeToken(t)}`);
}

/**
 * `(SELECT ...)` where an operand or a parenthesised test would start is a subquery: it is named
 * as such (WBEM_E_NOT_SUPPORTED), not reported as a syntax error further on.
 */
function refuseSubquery(cursor: WqlCursor): void {
  if (cursor.isPunct('(') && cursor.isWord('SELECT', 1)) {
    throw cursor.unsupported('a subquery', cursor.peek(1));
  }
}

/** `name ('.' name)*`. */
export function parsePropertyRef(cursor: WqlCursor): WqlPropertyRef {
  const path = [cursor.expectIdent('a property name').text];
  while (cursor.acceptPunct('.')) path.push(cursor.expectIdent('a property name after .').text);
  return { kind: 'property', path };
}

/** `Number` reads every form the lexer passes: decimal, exponent, sign, and `0x` hexadecimal. */
function numberLiteral(text: string): WqlLiteral {
  return { kind: 'number', value: Number(text), text };
}
