/**
 * @module The classes a class declaration needs before it can be put: its superclass (a hard
 * dependency) and the targets of its `ref`, class-typed and `CIMTYPE("object:X")` declarations
 * (soft).
 */
import type { MofClassNode, MofQualifierNode, MofTypeNode } from './ast.js';

/** Why a class needs another: the rules for a missing target differ per kind. */
export type DependencyKind = 'superclass' | 'reference' | 'object';

export interface MofClassDependency {
  readonly name: string;
  readonly kind: DependencyKind;
  readonly line: number;
  readonly column: number;
}

function cimTypeObjectClass(qualifiers: readonly MofQualifierNode[]): string | undefined {
  const value = qualifiers.find(
    (q) => q.name.length === 7 && q.name.toLowerCase() === 'cimtype',
  )?.value;
  if (value?.kind === 'string' && value.value.toLowerCase().startsWith('object:'))
    return value.value.slice(7);
  return undefined;
}

/** Superclass (hard) and reference/embedded-object targets (soft) of a class, with positions. */
export function dependenciesOf(node: MofClassNode): MofClassDependency[] {
  const deps: MofClassDependency[] = [];
  if (node.superclass !== undefined)
    deps.push({ name: node.superclass, kind: 'superclass', line: node.line, column: node.column });
  const typed = (type: MofTypeNode, qualifiers: readonly MofQualifierNode[]): void => {
    const { line, column } = type;
    if (type.referenceClass !== undefined)
      deps.push({ name: type.referenceClass, kind: 'reference', line, column });
    const embedded = type.embeddedClass ?? cimTypeObjectClass(qualifiers);
    if (embedded !== undefined) deps.push({ name: embedded, kind: 'object', line, column });
  };
  const { features } = node;
  for (let i = 0; i < features.length; i++) {
    const feature = features[i] as MofClassNode['features'][number];
    if (feature.kind === 'property') typed(feature.type, feature.qualifiers);
    else {
      typed(feature.returnType, feature.qualifiers);
      const { parameters } = feature;
      for (let j = 0; j < parameters.length; j++) {
        const param = parameters[j] as (typeof parameters)[number];
        typed(param.type, param.qualifiers);
      }
    }
  }
  return deps;
}
