/**
 * @module The property references of a WHERE or HAVING expression, for the checks that name
 * them (a property the class lacks, HAVING on anything but NumberOfEvents).
 */
import type { WqlExpression, WqlPropertyRef } from './ast.js';

/** Calls `visit` for every property reference in the expression, left to right. */
export function forEachProperty(e: WqlExpression, visit: (p: WqlPropertyRef) => void): void {
  switch (e.kind) {
    case 'and':
    case 'or':
      forEachProperty(e.left, visit);
      forEachProperty(e.right, visit);
      return;
    case 'not':
      forEachProperty(e.operand, visit);
      return;
    case 'compare':
      if (e.left.kind === 'property') visit(e.left);
      if (e.right.kind === 'property') visit(e.right);
      return;
    default:
      visit(e.property);
  }
}
