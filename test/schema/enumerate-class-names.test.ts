/**
 * `enumerateClassNames` against `createClassEnum` over the same store: for random class trees
 * (random parents, deep chains, names in varied case) built by the schema's own puts, updates
 * (compatible and force mode, re-parenting included) and deletes, in the memory store and in a
 * durable namespace, the names are exactly the enumerated classes' names, order included, for
 * every class, for the top and for both depths; a refused enumeration is refused alike.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { cimClass, cimProperty } from '../../src/model/cim-builders.js';
import { derivesFrom, findClass } from '../../src/schema/class-lookup.js';
import {
  createClassEnum,
  deleteClass,
  enumerateClassNames,
  type Mutation,
  putClass,
} from '../../src/schema/index.js';
import type { ClassStore } from '../../src/store/class-store.js';
import { DurableRepository } from '../../src/store/durable/durable-repository.js';
import { MemoryClassStore } from '../../src/store/memory-class-store.js';
import { hresultName } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { ENV, FORCE, intent, refusedWith } from './helpers/env.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-names-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Class names, each also tried in other spellings. */
const NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Eps_1', 'Zeta', 'Eta', 'Theta', 'Iota'];
const SPELLINGS = [
  (n: string) => n,
  (n: string) => n.toUpperCase(),
  (n: string) => n.toLowerCase(),
];

type Op =
  | { kind: 'put'; name: number; spelling: number; parent: number | null; force: boolean }
  | { kind: 'chain'; from: number | null; names: number[]; spelling: number }
  | { kind: 'delete'; name: number; spelling: number };

const nameIndex = fc.nat(NAMES.length - 1);
const spelling = fc.nat(SPELLINGS.length - 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      name: nameIndex,
      spelling,
      parent: fc.option(nameIndex, { freq: 3 }),
      force: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('chain' as const),
      from: fc.option(nameIndex, { freq: 2 }),
      names: fc.uniqueArray(nameIndex, { minLength: 2, maxLength: NAMES.length }),
      spelling,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), name: nameIndex, spelling }),
  },
);

const spelled = (index: number, how: number): string =>
  (SPELLINGS[how] ?? SPELLINGS[0])?.(NAMES[index] ?? 'Alpha') ?? 'Alpha';

/** The mutations of one step over `store`: none when the schema refuses it. */
function mutationOf(store: ClassStore, step: Op, at: number): Mutation[] {
  const attempt = (work: () => Mutation): Mutation | undefined => {
    try {
      return work();
    } catch (error) {
      if (error instanceof WbemError) return undefined;
      throw error;
    }
  };
  const put = (name: string, parent: string | null, force: boolean) =>
    attempt(() =>
      putClass(
        store,
        cimClass({
          name,
          superclass: parent,
          properties: [cimProperty(`P${at}`, 'string')],
        }),
        force ? FORCE : intent(),
        ENV,
      ),
    );
  switch (step.kind) {
    case 'put': {
      const parent = step.parent === null ? null : spelled(step.parent, step.spelling);
      const m = put(spelled(step.name, step.spelling), parent, step.force);
      return m === undefined ? [] : [m];
    }
    case 'delete': {
      const m = attempt(() => deleteClass(store, spelled(step.name, step.spelling), ENV));
      return m === undefined ? [] : [m];
    }
    case 'chain': {
      // Applied one link at a time by the caller, so each link sees its parent stored.
      const out: Mutation[] = [];
      let parent = step.from === null ? null : spelled(step.from, step.spelling);
      for (const index of step.names) {
        const name = spelled(index, (index + step.spelling) % SPELLINGS.length);
        const m = put(name, parent, false);
        if (m === undefined) break;
        store.apply(m.changes);
        out.push(m);
        parent = name;
      }
      return out;
    }
  }
}

/** What an enumeration gives: its names, or the HRESULT and message it is refused with. */
function outcome(work: () => readonly string[]): unknown {
  try {
    return work();
  } catch (error) {
    if (error instanceof WbemError) return `${hresultName(error.hresult)}: ${error.message}`;
    throw error;
  }
}

/** Every superclass argument tried: the top, each class in two spellings, absent and system ones. */
const SUPERCLASSES: readonly unknown[] = [
  null,
  '',
  undefined,
  ...NAMES,
  ...NAMES.map((n) => n.toUpperCase()),
  'No_Such_Class',
  '__SystemClass',
  '__Event',
  '__ExtrinsicEvent',
  7,
];

/**
 * Each listed class is spelled as stored; below a superclass, each derives from it and comes
 * after its own superclass (from the top the order is the store's: spec §6.3 leaves it open).
 */
function parentsFirst(store: ClassStore, names: readonly string[], superclass: unknown): void {
  const below = typeof superclass === 'string' && superclass !== '';
  const listed = new Set<string>();
  for (const name of names) {
    const record = findClass(store, name);
    assert.equal(record?.local.name, name, 'listed as stored');
    if (!below) continue;
    const parent = record?.local.superclass ?? null;
    assert.ok(parent !== null && derivesFrom(store, name, superclass), `${name} is below`);
    if (parent.toLowerCase() !== superclass.toLowerCase())
      assert.ok(listed.has(parent.toLowerCase()), `${parent} before ${name}`);
    listed.add(name.toLowerCase());
  }
}

/** Checks every superclass and both depths; returns what the store listed, for comparing stores. */
function checkAll(store: ClassStore): unknown[] {
  const seen: unknown[] = [];
  for (const superclass of SUPERCLASSES) {
    for (const deep of [true, false]) {
      const names = outcome(() => enumerateClassNames(store, superclass, deep));
      const classes = outcome(() =>
        createClassEnum(store, superclass, deep, {}, ENV).map((c) => c.name),
      );
      assert.deepEqual(names, classes, `superclass ${String(superclass)}, deep ${deep}`);
      if (Array.isArray(names)) parentsFirst(store, names, superclass);
      // Stores order siblings each their own way (insertion, key order): compared as sets.
      seen.push(Array.isArray(names) ? [...names].sort() : names);
    }
  }
  return seen;
}

describe('EnumerateClassNames (schema)', () => {
  let run = 0;

  it('lists exactly the names of the classes createClassEnum returns, in its order, when random trees are put, updated and deleted in the memory and the durable store', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const repo = new DurableRepository(join(root, `run-${run++}`), { cacheEntries: 4 });
        const durable = repo.openNamespace('root/Names');
        const memory = new MemoryClassStore();
        try {
          for (const [at, step] of ops.entries()) {
            // A chain applies its links to the memory store as it goes; the others do not.
            for (const m of mutationOf(memory, step, at)) {
              if (step.kind !== 'chain') memory.apply(m.changes);
              durable.apply(m.changes);
            }
            assert.deepEqual(checkAll(durable), checkAll(memory), 'the two stores list alike');
          }
          await durable.flush();
        } finally {
          await repo.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('fails with WBEM_E_INVALID_PARAMETER when deep is not a boolean', () => {
    const store = new MemoryClassStore();
    assert.throws(
      () => enumerateClassNames(store, null, 1),
      (e: unknown) =>
        e instanceof WbemError && hresultName(e.hresult) === 'WBEM_E_INVALID_PARAMETER',
    );
  });

  it('fails with WBEM_E_INVALID_CLASS when the superclass does not exist', () => {
    const store = new MemoryClassStore();
    assert.throws(
      () => enumerateClassNames(store, 'Nowhere', true),
      (e: unknown) => e instanceof WbemError && hresultName(e.hresult) === 'WBEM_E_INVALID_CLASS',
    );
  });

  it('quotes a missing superclass up to 300 characters', () => {
    const long = 'N'.repeat(400);
    assert.deepEqual(
      refusedWith(() => enumerateClassNames(new MemoryClassStore(), long, true)),
      ['WBEM_E_INVALID_CLASS', `class ${JSON.stringify(long.slice(0, 300))} does not exist`],
    );
  });

  it('reads no class record but the superclass when it lists a durable namespace', async () => {
    const repo = new DurableRepository(join(root, 'no-reads'));
    const store = repo.openNamespace('root/Names');
    try {
      for (const [name, parent] of [
        ['Top', null],
        ['Mid', 'Top'],
        ['Leaf', 'Mid'],
      ] as const) {
        store.apply(putClass(store, cimClass({ name, superclass: parent }), intent(), ENV).changes);
      }
      let reads = 0;
      const counting = new Proxy(store, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (key === 'getClass' && typeof value === 'function') {
            return (name: string) => {
              reads++;
              return value.call(target, name);
            };
          }
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      assert.deepEqual(enumerateClassNames(counting, 'top', true), ['Mid', 'Leaf']);
      assert.equal(reads, 1, 'only the superclass itself, to learn that it exists');
      reads = 0;
      assert.ok(enumerateClassNames(counting, null, true).includes('Leaf'));
      assert.equal(reads, 0);
    } finally {
      await repo.close();
    }
  });
});
