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
    case 'compare': {
      const left = operandReader(where.left, reader);
      const right = operandReader(where.right, reader);
      const op = where.op;
      return (o) => compareValues(left(o), op, right(o));
    }
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
      const className = where.className;
      return (o) => {
        const v = valueAtPath(o, path, reader);
        return isCimObject(v) && objectIsA(v, className, reader);
      };
    }
  }
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
