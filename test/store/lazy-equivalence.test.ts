/**
 * Property: a durable namespace read lazily (point reads, key ranges, pending writes, a cache
 * small enough to evict) answers every read exactly as the same namespace loaded whole, and as a
 * memory store given the same change sets, after any sequence of puts and deletes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { open } from 'lmdb';
import type { ChangeSet } from '../../src/model/change-set.js';
import { nameKey } from '../../src/model/names.js';
import type { ClassStoreReader } from '../../src/store/class-store.js';
import { DurableRepository } from '../../src/store/durable/durable-repository.js';
import { loadNamespace } from '../../src/store/durable/load-namespace.js';
import { createRecordCodec } from '../../src/store/durable/record-codec.js';
import { MemoryClassStore } from '../../src/store/memory-class-store.js';
import { CIM_STRING } from '../../src/wbem/cim-type.js';
import { changes, classRecord, declaration, instanceRecord, property } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-lazy-'));
after(() => rmSync(root, { recursive: true, force: true }));

const NAMESPACE = 'root/Lazy';
/** Spellings that differ only in case name the same class. */
const CLASS_NAMES = ['Alpha', 'ALPHA', 'Beta', 'beta', 'Gamma', 'Delta_1', 'Ünïcode', 'x'];
const SUPERCLASSES = [null, 'Alpha', 'Beta', 'Gamma', 'Missing'];
const IDS = ['1', '2', '3'];
const DECLARATIONS = ['Key', 'KEY', 'Abstract', 'Description'];
/** Every name a read is tried with: stored ones, other spellings, absent ones. */
const READ_NAMES = [...new Set([...CLASS_NAMES, ...SUPERCLASSES.filter((s) => s !== null)])];

type Op =
  | { kind: 'putClass'; name: string; superclass: string | null; tag: number }
  | { kind: 'deleteClass'; name: string }
  | { kind: 'putInstance'; className: string; id: string; tag: number }
  | { kind: 'deleteInstance'; className: string; id: string }
  | { kind: 'deleteInstancesOf'; className: string }
  | { kind: 'putDeclaration'; name: string }
  | { kind: 'deleteDeclaration'; name: string };

const className = fc.constantFrom(...CLASS_NAMES);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('putClass' as const),
      name: className,
      superclass: fc.constantFrom(...SUPERCLASSES),
      tag: fc.nat(3),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('deleteClass' as const), name: className }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('putInstance' as const),
      className,
      id: fc.constantFrom(...IDS),
      tag: fc.nat(3),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deleteInstance' as const),
      className,
      id: fc.constantFrom(...IDS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('deleteInstancesOf' as const), className }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('putDeclaration' as const),
      name: fc.constantFrom(...DECLARATIONS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deleteDeclaration' as const),
      name: fc.constantFrom(...DECLARATIONS),
    }),
  },
);

/** One change set of a few operations; `after` says what the store does once it is applied. */
const step = fc.record({
  ops: fc.array(op, { minLength: 1, maxLength: 4 }),
  after: fc.constantFrom('none', 'none', 'flush', 'reopen'),
});

function toChangeSet(ops: readonly Op[]): ChangeSet {
  const cs = {
    deleteClasses: [] as string[],
    deleteInstances: [] as { className: string; key: string }[],
    deleteInstancesOf: [] as string[],
    putClasses: [] as ReturnType<typeof classRecord>[],
    putInstances: [] as ReturnType<typeof instanceRecord>[],
    putQualifierDeclarations: [] as ReturnType<typeof declaration>[],
    deleteQualifierDeclarations: [] as string[],
  };
  for (const o of ops) {
    switch (o.kind) {
      case 'putClass':
        cs.putClasses.push(
          classRecord(o.name, o.superclass, [property('Tag', CIM_STRING, String(o.tag))]),
        );
        break;
      case 'deleteClass':
        cs.deleteClasses.push(o.name);
        break;
      case 'putInstance':
        cs.putInstances.push(instanceRecord(o.className, o.id, { Tag: String(o.tag) }));
        break;
      case 'deleteInstance':
        cs.deleteInstances.push({
          className: o.className,
          key: instanceRecord(o.className, o.id).key,
        });
        break;
      case 'deleteInstancesOf':
        cs.deleteInstancesOf.push(o.className);
        break;
      case 'putDeclaration':
        cs.putQualifierDeclarations.push(declaration(o.name));
        break;
      case 'deleteDeclaration':
        cs.deleteQualifierDeclarations.push(o.name);
        break;
    }
  }
  return changes(cs);
}

/** Every read of the interface, over every name tried; `ordered` keeps list order as returned. */
function everyRead(store: ClassStoreReader, ordered: boolean): unknown {
  const list = <T>(items: Iterable<T>, by: (item: T) => string): T[] => {
    const out = [...items];
    return ordered ? out : out.sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0));
  };
  return {
    classCount: store.classCount(),
    classNames: [...store.classNames()].sort(),
    base: list(store.subclassNames(null), nameKey),
    classes: READ_NAMES.map((name) => ({
      name,
      has: store.hasClass(name),
      record: store.getClass(name),
      children: list(store.subclassNames(name), nameKey),
      instances: list(
        store.instances(name),
        (i) => `${i.className}|${String(i.properties.get('id')?.value)}`,
      ),
      instanceCount: store.instanceCount(name),
      byKey: IDS.map((id) => store.getInstance(name, instanceRecord(name, id).key)),
    })),
    declarations: list(store.qualifierDeclarations(), (d) => nameKey(d.name)),
    byName: DECLARATIONS.map((name) => store.getQualifierDeclaration(name)),
  };
}

/** The namespace as loaded whole from the closed data directory. */
function loadedWhole(dir: string): MemoryClassStore {
  const file = join(dir, 'store.mdb');
  const db = open<Buffer, Buffer>({
    path: file,
    noSubdir: true,
    readOnly: true,
    encoding: 'binary',
    keyEncoding: 'binary',
  });
  try {
    return loadNamespace(db, createRecordCodec(), nameKey(NAMESPACE), file);
  } finally {
    db.close().catch(() => {});
  }
}

describe('DurableClassStore read lazily', () => {
  let run = 0;
  it('answers every read exactly as the namespace loaded whole when puts and deletes are random', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const dir = join(root, `run-${run++}`);
        const options = { cacheEntries: 2 };
        let repo = new DurableRepository(dir, options);
        let store = repo.openNamespace(NAMESPACE);
        const model = new MemoryClassStore();
        try {
          for (const { ops, after: then } of steps) {
            const cs = toChangeSet(ops);
            model.apply(cs);
            store.apply(cs);
            if (then === 'flush') await store.flush();
            if (then === 'reopen') {
              await repo.close();
              repo = new DurableRepository(dir, options);
              store = repo.openNamespace(NAMESPACE);
            }
            // Pending or committed, reads match the memory store's.
            assert.deepEqual(everyRead(store, false), everyRead(model, false));
          }
          await repo.close();
          const whole = loadedWhole(dir);
          repo = new DurableRepository(dir, options);
          store = repo.openNamespace(NAMESPACE);
          assert.deepEqual(everyRead(store, true), everyRead(whole, true));
          assert.deepEqual(everyRead(store, false), everyRead(model, false));
        } finally {
          await repo.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });
});
