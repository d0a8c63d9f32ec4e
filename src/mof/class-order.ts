/**
 * @module Orders the classes of one compilation so each comes after the classes it depends on,
 * in levels (Kahn's algorithm, one wave per level).
 *
 * Superclass edges are hard: a cycle among them is an error. `ref`/`object:` edges are soft:
 * two classes may legitimately reference each other, so when only soft edges are left in a
 * cycle the first remaining class in source order is released and its forward references stay
 * forward (the target arrives in a later level of the same compilation).
 */
import { WBEM_E_CIRCULAR_REFERENCE } from '../wbem/status.js';
import { MofError, type MofPosition } from './mof-error.js';

export interface ClassDependency {
  /** Key of the class depended on (namespace + name key). */
  readonly key: string;
  /** Superclass (true) or reference/embedded-object target (false). */
  readonly hard: boolean;
}

export interface OrderNode {
  readonly key: string;
  readonly name: string;
  readonly source: MofPosition;
  /** Only dependencies inside this compilation; the caller has checked the rest exist. */
  readonly dependencies: readonly ClassDependency[];
}

/**
 * Level of each node (index-aligned with `nodes`), levels counting from 0.
 * @throws {MofError} WBEM_E_CIRCULAR_REFERENCE when superclasses form a cycle.
 */
export function orderClasses(nodes: readonly OrderNode[]): number[] {
  const index = new Map<string, number>();
  for (const [i, node] of nodes.entries()) index.set(node.key, i);
  const dependents: number[][] = nodes.map(() => []);
  const pending = new Int32Array(nodes.length);
  const pendingHard = new Int32Array(nodes.length);
  nodes.forEach((node, i) => {
    // Every edge counts, a class named twice (`class B : A { A ref R; }`) too: each is added to
    // the count once and taken off it once.
    for (const dep of node.dependencies) {
      const j = index.get(dep.key);
      if (j === undefined) continue;
      if (j === i) {
        // A reference to its own class is fine; its own superclass is the shortest cycle.
        if (dep.hard) {
          throw new MofError(
            WBEM_E_CIRCULAR_REFERENCE,
            node.source,
            `class ${node.name} is its own ancestor`,
          );
        }
        continue;
      }
      (dependents[j] as number[]).push(i * 2 + (dep.hard ? 1 : 0));
      pending[i] = (pending[i] as number) + 1;
      if (dep.hard) pendingHard[i] = (pendingHard[i] as number) + 1;
    }
  });
  const levels = new Array<number>(nodes.length).fill(-1);
  let placed = 0;
  let level = 0;
  let wave: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (pending[i] === 0) wave.push(i);
  while (placed < nodes.length) {
    if (wave.length === 0) {
      let release = -1;
      for (let i = 0; i < nodes.length && release < 0; i++) {
        if (levels[i] === -1 && pendingHard[i] === 0) release = i;
      }
      if (release < 0) {
        const stuck = nodes.find((_, i) => levels[i] === -1) as OrderNode;
        throw new MofError(
          WBEM_E_CIRCULAR_REFERENCE,
          stuck.source,
          `class ${stuck.name} is its own ancestor`,
        );
      }
      wave = [release];
    }
    const next: number[] = [];
    for (const i of wave) {
      levels[i] = level;
      placed++;
    }
    for (const i of wave) {
      for (const edge of dependents[i] as number[]) {
        const j = edge >> 1;
        if (levels[j] !== -1) continue;
        pending[j] = (pending[j] as number) - 1;
        if ((edge & 1) === 1) pendingHard[j] = (pendingHard[j] as number) - 1;
        if (pending[j] === 0) next.push(j);
      }
    }
    // A level is the same whatever order its wave is in: no sort.
    wave = next;
    level++;
  }
  return levels;
}
