/**
 * @module Walking a namespace's class tree through a `WqlReader`.
 */
import type { WqlReader } from './wql-reader.js';

/**
 * Names of every class under `root` (all classes for `null`), parents before children, depth
 * first, without recursion (hierarchies can be deep).
 */
export function* descendantNames(
  root: string | null,
  reader: Pick<WqlReader, 'subclassNames'>,
): Generator<string> {
  const stack = [...reader.subclassNames(root)].reverse();
  while (stack.length > 0) {
    const name = stack.pop() as string;
    yield name;
    const children = reader.subclassNames(name);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as string);
  }
}
