/**
 * `orderClasses` on its own: levels for hard (superclass) and soft (reference) edges, the release
 * of a soft cycle, and the superclass cycles it refuses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClassDependency, type OrderNode, orderClasses } from '../../src/mof/class-order.js';
import { WBEM_E_CIRCULAR_REFERENCE } from '../../src/wbem/status.js';
import { throwsMof } from './helpers/mof-assert.js';

/** A node per entry: `name: superclass` and `~target` for a reference. */
function nodes(spec: Record<string, readonly string[]>): OrderNode[] {
  return Object.entries(spec).map(([name, deps], i) => ({
    key: name,
    name,
    source: { file: 'x.mof', line: i + 1, column: 1 },
    dependencies: deps.map(
      (d): ClassDependency =>
        d.startsWith('~') ? { key: d.slice(1), hard: false } : { key: d, hard: true },
    ),
  }));
}

const levelsOf = (spec: Record<string, readonly string[]>) => {
  const levels = orderClasses(nodes(spec));
  return Object.fromEntries(Object.keys(spec).map((name, i) => [name, levels[i]]));
};

describe('orderClasses', () => {
  it('puts each class a level after the classes it depends on', () => {
    assert.deepEqual(levelsOf({ C: ['B'], B: ['A'], A: [], D: ['~C', 'A'] }), {
      C: 2,
      B: 1,
      A: 0,
      D: 3,
    });
  });

  it('counts a class named both as superclass and as reference target', () => {
    assert.deepEqual(levelsOf({ B: ['~A', 'A', '~A'], A: [] }), { B: 1, A: 0 });
  });

  it('ignores dependencies outside the compilation and a reference to the class itself', () => {
    assert.deepEqual(levelsOf({ A: ['Elsewhere', '~Other', '~A'], B: ['A'] }), { A: 0, B: 1 });
    assert.deepEqual(levelsOf({ A: ['~A'], B: [] }), { A: 0, B: 0 });
  });

  it('releases the first class of a reference cycle that has no superclass pending', () => {
    // A and B reference each other: A, first in source order, goes first.
    assert.deepEqual(levelsOf({ A: ['~B'], B: ['~A'] }), { A: 0, B: 1 });
    // D waits for its superclass E; once E is placed D is the first class free of superclasses
    // in the cycle, so it is released before F.
    assert.deepEqual(levelsOf({ D: ['~F', 'E'], F: ['~D'], E: [] }), { D: 1, F: 2, E: 0 });
    // A class released early is not placed again when the class it references arrives.
    assert.deepEqual(levelsOf({ A: ['~B'], B: ['~A'], C: ['B'] }), { A: 0, B: 1, C: 2 });
    // K's reference to M, placed first, does not free K of its superclass L: L is released,
    // and K follows it.
    assert.deepEqual(levelsOf({ K: ['L', '~M'], M: [], L: ['~N'], N: ['~L'] }), {
      K: 2,
      M: 0,
      L: 1,
      N: 2,
    });
    // G's superclass H is itself in the cycle: H is released, then G.
    assert.deepEqual(levelsOf({ G: ['H'], H: ['~G'] }), { G: 1, H: 0 });
  });

  it('refuses a class that is its own superclass, and a superclass cycle, at a class of it', () => {
    const own = throwsMof(() => orderClasses(nodes({ A: [], B: ['B'] })), {
      hresult: WBEM_E_CIRCULAR_REFERENCE,
      line: 2,
      column: 1,
    });
    assert.equal(own.reason, 'class B is its own ancestor');
    const cycle = throwsMof(() => orderClasses(nodes({ A: [], B: ['C'], C: ['B'] })), {
      hresult: WBEM_E_CIRCULAR_REFERENCE,
      line: 2,
      column: 1,
    });
    assert.equal(cycle.reason, 'class B is its own ancestor');
  });
});
