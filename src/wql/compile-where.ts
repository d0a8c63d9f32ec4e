/**
 * @module Compiles a WHERE expression into a predicate over CIM objects, once per query, so that
 * LIKE patterns and property paths are prepared before the first object is tested.
 */
import type { CimObject, CimValue } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import type { WqlExpression, WqlOperand } from './ast.js';
import { compareValues } from './compare-values.js';
import { likeMatcher } from './like-pattern.js';
import { isCimObject, type ObjectReader, objectIsA, valueAtPath } from './object-values.js';

export type WqlPredicate = (obj: CimObject) => boolean;

/**
 * The predicate of `where` over one object (an instance, a class, or an event object).
 * @throws {WbemError} WBEM_E_INVALID_QUERY for a LIKE pattern with a range out of order.
 */
export function compileWhere(where: WqlExpression, reader: ObjectReader | undefined): WqlPredicate {
  switch (where.kind) {
    case 'and': {
      const l = compileWhere(where.left, reader);
      const r = compileWhere(where.right, reader);
      return (o) => l(o) && r(o);
    }
    case 'or': {
      const l = compileWhere(where.left, reader);
      const r = compileWhere(where.right, reader);
      return (o) => l(o) || r(o);
    }
    case 'not': {
      const inner = compileWhere(where.operand, reader);
      return (o) => !inner(o);
    }
    case 'compare':
      return compileCompare(where, reader);
    case 'like': {
      const match = likeMatcher(where.pattern);
      const path = where.property.path.map(nameKey);
      return (o) => {
        const v = valueAtPath(o, path, reader);
        return typeof v === 'string' ? match(v) : typeof v === 'number' ? match(String(v)) : false;
      };
    }
    case 'is-null': {
      const path = where.property.path.map(nameKey);
      const negated = where.negated;
      return (o) => {
        const v = valueAtPath(o, path, reader);
        return (v === null || v === undefined) !== negated;
      };
    }
    case 'isa': {
      const path = where.property.path.map(nameKey);
      const classKey = nameKey(where.className);
      return (o) => {
        const v = valueAtPath(o, path, reader);
        return isCimObject(v) && objectIsA(v, classKey, reader);
      };
    }
  }
}

/**
 * A comparison of one property path with a constant, split into the path and a test of the
 * value found there: `predicate(o) === test(valueAtPath(o, path))`. Dispatch to many
 * notification queries reads each path once per event and runs only the tests.
 */
export interface ValueTest {
  /** `nameKey`s of the property path. */
  readonly path: readonly string[];
  readonly test: (value: CimValue | undefined) => boolean;
  /**
   * Set when the test is `= 'text'` or `<> 'text'`: for a string value, `test(v)` is
   * `stringEquals(v, text)`, which a caller testing thousands of queries per event may call
   * directly (each call it saves is felt before V8 has optimised the caller).
   */
  readonly text?: TextComparison;
}

/** A comparison with a string constant, the constant lower-cased once. */
export interface TextComparison {
  readonly text: string;
  readonly lowered: string;
  /** The constant is ASCII: a value of another length cannot equal it, in any case. */
  readonly ascii: boolean;
  /** `=` (else `<>`). */
  readonly equal: boolean;
}

/** `v = text` (or `<>`) for a string `v`, as `ValueTest.test` answers it. */
export function stringEquals(v: string, c: TextComparison): boolean {
  if (c.ascii && v.length !== c.text.length) return !c.equal;
  return (v === c.text || v.toLowerCase() === c.lowered) === c.equal;
}

/** `v = text` (or `<>`) for any value. */
function compareText(v: CimValue | undefined, c: TextComparison): boolean {
  return typeof v === 'string'
    ? stringEquals(v, c)
    : compareValues(v, c.equal ? '=' : '<>', c.text);
}

/**
 * The `ValueTest` of a comparison between a property and a constant; `undefined` for any other
 * expression (two properties, AND/OR/NOT, LIKE, ...).
 */
export function compileValueTest(where: WqlExpression): ValueTest | undefined {
  const parts = comparisonWithConstant(where);
  if (parts === undefined) return undefined;
  const { path, op, constant, propertyLeft } = parts;
  if (constant.kind === 'string' && (op === '=' || op === '<>' || op === '!=')) {
    const text = constant.value;
    const comparison: TextComparison = {
      text,
      lowered: text.toLowerCase(),
      ascii: isAscii(text),
      equal: op === '=',
    };
    return { path, test: (v) => compareText(v, comparison), text: comparison };
  }
  const value = constantValue(constant);
  return {
    path,
    test: propertyLeft ? (v) => compareValues(v, op, value) : (v) => compareValues(value, op, v),
  };
}

/** The parts of `property op constant` (either side), or `undefined` for another expression. */
function comparisonWithConstant(where: WqlExpression) {
  if (where.kind !== 'compare') return undefined;
  const propertyLeft = where.left.kind === 'property';
  const [property, constant] = propertyLeft ? [where.left, where.right] : [where.right, where.left];
  if (property.kind !== 'property' || constant.kind === 'property') return undefined;
  return { path: property.path.map(nameKey), op: where.op, constant, propertyLeft };
}

/**
 * Lower-casing never shortens a string and an ASCII constant keeps its length, so a value of
 * another length cannot match it: the usual miss costs no lower-cased copy (an allocation per
 * test, which dominated dispatch to many subscriptions).
 */
function isAscii(text: string): boolean {
  return !/[^ -~\t\n\r]/.test(text);
}

/** `v = text` (or `<>` when not `equal`), `text` lower-cased once per query as `lowered`. */
function textEquals(
  v: CimValue | undefined,
  text: string,
  lowered: string,
  ascii: boolean,
  equal: boolean,
): boolean {
  if (typeof v !== 'string') return compareValues(v, equal ? '=' : '<>', text);
  if (ascii && v.length !== text.length) return !equal;
  return (v === text || v.toLowerCase() === lowered) === equal;
}

/**
 * `property = 'text'` and `property <> 'text'` (either side), the commonest event filter tests,
 * compare against the constant lower-cased once; everything else goes through `compareValues`.
 * One closure per comparison, reading the path with the shared `valueAtPath`: when thousands of
 * queries are tested per event, each extra closure per query is another cache miss.
 */
function compileCompare(
  where: Extract<WqlExpression, { kind: 'compare' }>,
  reader: ObjectReader | undefined,
): WqlPredicate {
  const parts = comparisonWithConstant(where);
  const op = where.op;
  if (
    parts !== undefined &&
    parts.constant.kind === 'string' &&
    (op === '=' || op === '<>' || op === '!=')
  ) {
    const { path } = parts;
    const text = parts.constant.value;
    const lowered = text.toLowerCase();
    const ascii = isAscii(text);
    const equal = op === '=';
    return (o) => textEquals(valueAtPath(o, path, reader), text, lowered, ascii, equal);
  }
  const left = operandReader(where.left, reader);
  const right = operandReader(where.right, reader);
  return (o) => compareValues(left(o), op, right(o));
}

function operandReader(
  operand: WqlOperand,
  reader: ObjectReader | undefined,
): (o: CimObject) => CimValue | bigint | undefined {
  if (operand.kind === 'property') {
    const path = operand.path.map(nameKey);
    return (o) => valueAtPath(o, path, reader);
  }
  const value = constantValue(operand);
  return () => value;
}

function constantValue(operand: Exclude<WqlOperand, { kind: 'property' }>): CimValue | bigint {
  switch (operand.kind) {
    case 'string':
    case 'boolean':
      return operand.value;
    case 'number':
      // Integers past 2^53 stay exact as bigint (a uint64 constant such as 18446744073709551615).
      return Number.isSafeInteger(operand.value) || !/^[+-]?\d+$/.test(operand.text)
        ? operand.value
        : BigInt(operand.text);
    case 'null':
      return null;
  }
}
