/**
 * @module Canonical qualifier sets: a qualifier set read from input is replaced by an equal one
 * read before, so that the classes of a repository share one object for each small set they
 * repeat (`[Key]`, `[read]`, `[Override("Name")]`, `[Units("Bytes")]`, `[MaxLen(256)]`).
 *
 * Why: every stored class keeps its qualifier sets for as long as it exists, and a set is a `Map`
 * with its own table and a copy of each qualifier, about 300 bytes even for one qualifier. In a
 * repository written by a program, or by MOF whose `Description`s are amended away as Windows
 * stores them, most property qualifier sets repeat, and a class of 10 such properties kept about
 * 4.6 KB of which 2.7 KB were these sets. What a host keeps is what its collector copies: the
 * scavenges of a host that stores classes are its longest pauses, and the engine's latency tail
 * (bench/RESULTS.md, "Qualifier sets shared").
 *
 * Sharing is safe because a stored qualifier set is never changed (a `NameMap` is read-only; an
 * update stores a new set), and because a set is only replaced by one equal in every field, in
 * the same order: name as spelled, type, flavor and value (`-0` apart from `0`). So a caller can
 * tell the sharing only by identity, which the model does not promise.
 *
 * The sets are kept in a trie, one level per qualifier: name, then type and flavor, then value.
 * A lookup is three `Map` reads per qualifier and builds no key. Only small scalar sets are kept:
 * up to `MAX_QUALIFIERS` qualifiers, strings up to `MAX_TEXT` characters, no list. A long
 * `Description` is written once per element, and lists (`ValueMap`, `MappingStrings`) mostly
 * belong to one property: keeping them only grew the trie, and cost the DMTF schema's load about
 * 25 ms for the few it shared. The trie is bounded (`MAX_NODES`); when full it starts again
 * empty, with the set being read: the sets read before are no longer shared with later ones, and
 * no set's content changes.
 */
import type { NameMap } from '../model/names.js';
import type { Qualifier } from '../model/qualifier.js';

/** Qualifiers in a set kept (more are rarely repeated). */
export const MAX_QUALIFIERS = 4;
/** Characters in a string value kept. */
export const MAX_TEXT = 128;
/**
 * Trie nodes (one per qualifier of a distinct set prefix) before the trie starts again. At this
 * bound the trie and the sets only it holds take about 4.5 MB of a thread's heap (4,096 distinct
 * one-qualifier sets of 100-character strings, measured).
 */
export const MAX_NODES = 4096;

/** One step of the trie: the qualifiers read so far are the path from the root. */
class Node {
  /** The set that ends here, once read. */
  set: NameMap<Qualifier> | undefined;
  /** Qualifier name → type and flavor → value → the node below; created on need. */
  next: Map<string, Map<number, Map<unknown, Node>>> | undefined;
}

let root = new Node();
let nodes = 0;

/** The set equal to `set` read earlier, or `set` itself (kept for later ones when small). */
export function canonicalQualifierSet(set: NameMap<Qualifier>): NameMap<Qualifier> {
  if (set.size > MAX_QUALIFIERS || !isKept(set)) return set;
  let node = root;
  for (const q of set.values()) {
    // A Map tells values apart by SameValueZero, so -0 needs a mark of its own: any that is not
    // a number (the type, a level up, keeps it from meeting a string).
    // Stryker disable next-line StringLiteral,UnaryOperator: any mark that is not a number keeps -0 apart from 0
    const value = Object.is(q.value, -0) ? '-0' : q.value;
    const shape = q.type | (q.flavor << 16);
    node.next ??= new Map();
    let byShape = node.next.get(q.name);
    if (byShape === undefined) {
      byShape = new Map();
      node.next.set(q.name, byShape);
    }
    let byValue = byShape.get(shape);
    if (byValue === undefined) {
      byValue = new Map();
      byShape.set(shape, byValue);
    }
    let below = byValue.get(value);
    if (below === undefined) {
      if (nodes === MAX_NODES) {
        root = new Node();
        nodes = 0;
        return canonicalQualifierSet(set);
      }
      nodes++;
      below = new Node();
      byValue.set(value, below);
    }
    node = below;
  }
  if (node.set !== undefined) return node.set;
  node.set = set;
  return set;
}

/** No list, and every string within `MAX_TEXT`: checked before the trie grows by a set it will not keep. */
function isKept(set: NameMap<Qualifier>): boolean {
  for (const q of set.values()) {
    if (q.isArray === true) return false;
    if (typeof q.value === 'string' && q.value.length > MAX_TEXT) return false;
  }
  return true;
}
