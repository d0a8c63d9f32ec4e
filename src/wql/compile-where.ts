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
 * `property = 'text'` and `property <> 'text'` (either side), the commonest event filter tests,
 * compare against the constant lower-cased once; everything else goes through `compareValues`.
 */
function compileCompare(
  where: Extract<WqlExpression, { kind: 'compare' }>,
  reader: ObjectReader | undefined,
): WqlPredicate {
  const op = where.op;
  const [property, constant] =
    where.left.kind === 'property' ? [where.left, where.right] : [where.right, where.left];
  if (
    property.kind === 'property' &&
    constant.kind === 'string' &&
    (op === '=' || op === '<>' || op === '!=')
  ) {
    const path = property.path.map(nameKey);
    const text = constant.value;
    const lowered = text.toLowerCase();
    const equal = op === '=';
    // Lower-casing never shortens a string and an ASCII constant keeps its length, so a value of
    // another length cannot match it: the usual miss costs no lower-cased copy (an allocation per
    // test, which dominated dispatch to many subscriptions).
    const ascii = !/[^ -~\t\n\r]/.test(text);
    return (o) => {
      const v = valueAtPath(o, path, reader);
      if (typeof v !== 'string') return compareValues(v, op, text);
      if (ascii && v.length !== text.length) return !equal;
      return (v === text || v.toLowerCase() === lowered) === equal;
    };
  }
  const left = operandReader(where.left, reader);
  const right = operandReader(where.right, reader);
  return (o) => compareValues(left(o), op, right(o));
}

function operandReader(
  operand: WqlOperand,
  reader: ObjectReader | undefined,
): (o: CimObject) => CimValue | bigint | undefined {
  switch (operand.kind) {
    case 'property': {
      const path = operand.path.map(nameKey);
      return (o) => valueAtPath(o, path, reader);
    }
    case 'string':
    case 'boolean': {
      const value = operand.value;
      return () => value;
    }
    case 'number': {
      // Integers past 2^53 stay exact as bigint (a uint64 constant such as 18446744073709551615).
      const value =
        Number.isSafeInteger(operand.value) || !/^[+-]?\d+$/.test(operand.text)
          ? operand.value
          : BigInt(operand.text);
      return () => value;
    }
    case 'null':
      return () => null;
  }
}
