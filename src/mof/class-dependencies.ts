/**
 * @module The classes a class declaration needs before it can be put: its superclass (a hard
 * dependency) and the targets of its `ref` and `CIMTYPE("object:X")` declarations (soft).
 */
import type { MofClassNode } from './ast.js';

/** Superclass (hard) and `ref`/`object:` targets (soft) of a class, with positions. */
export function dependenciesOf(
  node: MofClassNode,
): { name: string; hard: boolean; line: number; column: number }[] {
  const deps: { name: string; hard: boolean; line: number; column: number }[] = [];
  if (node.superclass !== undefined)
    deps.push({ name: node.superclass, hard: true, line: node.line, column: node.column });
  const typed = (
    type: { referenceClass?: string; line: number; column: number },
    qualifiers: readonly { name: string; value?: { kind: string; value?: unknown } }[],
  ): void => {
    if (type.referenceClass !== undefined)
      deps.push({ name: type.referenceClass, hard: false, line: type.line, column: type.column });
    const cimtype = qualifiers.find(
      (q) => q.name.length === 7 && q.name.toLowerCase() === 'cimtype',
    )?.value;
    if (
      cimtype?.kind === 'string' &&
      typeof cimtype.value === 'string' &&
      cimtype.value.toLowerCase().startsWith('object:')
    ) {
      deps.push({
        name: cimtype.value.slice(7),
        hard: false,
        line: type.line,
        column: type.column,
      });
    }
  };
  for (const feature of node.features) {
    if (feature.kind === 'property') typed(feature.type, feature.qualifiers);
    else {
      typed(feature.returnType, feature.qualifiers);
      for (const param of feature.parameters) typed(param.type, param.qualifiers);
    }
  }
  return deps;
}
