import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { modelEquals, modelEqualsOrdered } from '../../src/model/cim-value-equals.js';
import { nameKey } from '../../src/model/names.js';
import type { Mutation, PutClassIntent } from '../../src/schema/index.js';
import {
  deleteClass,
  putClass,
  putInstance,
  resolveClass,
  systemClass,
} from '../../src/schema/index.js';
import { MemoryClassStore } from '../../src/store/memory-class-store.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { ENV } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const NAMES = ['A', 'B', 'C', 'D', 'E'];
const PROPS = ['p', 'q', 'k'];
const TYPES = ['uint32', 'string', 'boolean'];

const propArb = fc.record({
  name: fc.constantFrom(...PROPS),
  type: fc.constantFrom(...TYPES, 'string', 'string'),
  key: fc.boolean(),
  locked: fc.constantFrom(0, 0x2, 0x12),
});

const classArb = fc.record({
  name: fc.constantFrom(...NAMES, 'a', 'b'),
  superclass: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
    { weight: 1, arbitrary: fc.constant('__ExtrinsicEvent') },
  ),
  abstract: fc.boolean(),
  q: fc.option(
    fc.record({ value: fc.integer({ min: 0, max: 2 }), flavor: fc.constantFrom(0, 0x2, 0x12) }),
    { nil: null },
  ),
  props: fc.array(propArb, { maxLength: 3 }),
});

const intentArb = fc.record({
  mode: fc.constantFrom<PutClassIntent['mode']>(
    'create-or-update',
    'create-or-update',
    'create-only',
    'update-only',
  ),
  update: fc.constantFrom<PutClassIntent['update']>('compatible', 'safe', 'force'),
  useAmendedQualifiers: fc.boolean(),
  ownerUpdate: fc.constant(false),
});

const opArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('put' as const), cls: classArb, intent: intentArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('keyed' as const),
      name: fc.constantFrom(...NAMES),
      intent: intentArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      name: fc.constantFrom(...NAMES, '__SystemClass'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('instance' as const),
      name: fc.constantFrom(...NAMES),
      id: fc.constantFrom('x', 'y'),
    }),
  },
);

type ClassSpecArb = typeof classArb extends fc.Arbitrary<infer T> ? T : never;

function build(spec: ClassSpecArb): CimClass {
  const seen = new Set<string>();
  return cimClass({
    name: spec.name,
    superclass: spec.superclass,
    qualifiers: [
      ...(spec.abstract ? [qualifier('Abstract', true)] : []),
      ...(spec.q === null ? [] : [qualifier('Q', spec.q.value, { flavor: spec.q.flavor })]),
    ],
    properties: spec.props
      .filter((p) => !seen.has(p.name) && seen.add(p.name) !== undefined)
      .map((p) =>
        cimProperty(p.name, p.type, {
          qualifiers: [
            ...(p.key ? [qualifier('Key', true)] : []),
            qualifier('Units', 'u', { flavor: p.locked }),
          ],
        }),
      ),
  });
}

/** Every stored record is consistent with the stored local definitions. */
function checkInvariants(store: TestStore): void {
  const fromScratch = new Map<string, CimClass>();
  const resolve = (name: string, depth: number): CimClass => {
    const key = nameKey(name);
    const cached = fromScratch.get(key);
    if (cached !== undefined) return cached;
    const sys = systemClass(name);
    if (sys !== undefined) return sys.resolved;
    const record = store.getClass(name);
    assert.ok(record !== undefined, `superclass ${name} exists`);
    assert.ok(depth <= store.classCount(), 'derivation is acyclic');
    const parent =
      record.local.superclass === null ? null : resolve(record.local.superclass, depth + 1);
    const resolved = resolveClass(record.local, parent);
    fromScratch.set(key, resolved);
    return resolved;
  };
  for (const [key, record] of store.classes) {
    assert.equal(nameKey(record.local.name), key);
    assert.ok(
      modelEqualsOrdered(record.resolved, resolve(record.local.name, 0)),
      `resolved view of ${record.local.name} is up to date, members in order`,
    );
    const parentKey = record.local.superclass === null ? '' : nameKey(record.local.superclass);
    assert.ok(
      store.children.get(parentKey)?.has(key),
      `${record.local.name} is indexed under its superclass`,
    );
  }
  for (const className of store.instanceMap.keys())
    assert.ok(store.classes.has(className), `instances of ${className} have a class`);
}

describe('PutClass (property-based)', () => {
  it('random sequences of put / update / delete / instance puts only ever fail with WbemError, and keep the store consistent', () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 40, size: 'medium' }), (ops) => {
        const store = new TestStore();
        // The engine's memory store applies the same change sets and must end up the same.
        const memory = new MemoryClassStore();
        for (const op of ops) {
          const before = store.snapshot();
          let mutation: Mutation | undefined;
          try {
            if (op.kind === 'put') mutation = putClass(store, build(op.cls), op.intent, ENV);
            else if (op.kind === 'keyed') {
              const keyed = cimClass({
                name: op.name,
                properties: [cimProperty('k', 'string', { qualifiers: [qualifier('Key', true)] })],
              });
              mutation = putClass(store, keyed, op.intent, ENV);
            } else if (op.kind === 'delete') mutation = deleteClass(store, op.name, ENV);
            else
              mutation = putInstance(
                store,
                cimInstance(op.name, { k: op.id }),
                { mode: 'create-or-update' },
                ENV,
              );
          } catch (e) {
            if (!(e instanceof WbemError)) throw e;
            outcomes.set(
              `${op.kind} ${e.message.split(':')[0]}`,
              (outcomes.get(`${op.kind} ${e.message.split(':')[0]}`) ?? 0) + 1,
            );
          }
          if (mutation !== undefined)
            outcomes.set(`${op.kind} ok`, (outcomes.get(`${op.kind} ok`) ?? 0) + 1);
          if (mutation === undefined) {
            assert.ok(modelEquals(store.snapshot(), before), 'a failed operation changed nothing');
          } else {
            assert.ok(mutation.events.length >= 1);
            store.apply(mutation.changes);
            memory.apply(mutation.changes);
          }
          checkInvariants(store);
        }
        assert.deepEqual([...memory.classNames()].sort(), [...store.classNames()].sort());
        for (const name of store.classNames()) {
          assert.equal(memory.getClass(name), store.getClass(name));
          assert.equal(memory.instanceCount(name), store.instanceCount(name));
          assert.deepEqual(
            [...memory.subclassNames(name)].sort(),
            [...store.subclassNames(name)].sort(),
          );
        }
      }),
      { numRuns: 300 },
    );
    // The generators must reach both outcomes of every operation, or the invariants prove little.
    for (const expected of ['put ok', 'keyed ok', 'delete ok', 'instance ok'])
      assert.ok((outcomes.get(expected) ?? 0) > 0, expected);
    assert.ok(
      [...outcomes.keys()].filter((k) => k.startsWith('put WBEM_E')).length >= 5,
      [...outcomes.keys()].join(', '),
    );
    if (process.argv.includes('--show-outcomes')) console.log(outcomes);
  });

  it('arbitrary JSON-like values as class objects only ever fail with WbemError', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }), (a, b) => {
        for (const input of [
          a,
          { genus: 1, name: 'X', properties: a, qualifiers: b },
          { genus: 1, name: 'Y', properties: [a], methods: [b] },
        ]) {
          try {
            putClass(
              new TestStore(),
              input,
              {
                mode: 'create-or-update',
                update: 'compatible',
                useAmendedQualifiers: false,
                ownerUpdate: false,
              },
              ENV,
            );
          } catch (e) {
            if (!(e instanceof WbemError)) throw e;
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
