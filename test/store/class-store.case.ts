/**
 * @module The `ClassStore` conformance suite: every store implementation runs it (Hono's
 * `runTest({ newRouter })` pattern), so the memory store and the durable store behave the same.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ChangeSet } from '../../src/model/change-set.js';
import type { ClassStore } from '../../src/store/class-store.js';
import { WBEM_E_INVALID_PARAMETER, WBEM_E_SHUTTING_DOWN } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import {
  changes,
  classRecord,
  declaration,
  instanceRecord,
  intricateClassRecord,
  snapshot,
} from './store-fixtures.js';

export interface StoreUnderTest {
  readonly store: ClassStore;
  /** Closes the store (and whatever holds it) and opens the same namespace afresh. */
  readonly reopen?: () => Promise<ClassStore>;
  /** Releases everything the store used; called once after each test. */
  readonly cleanup: () => Promise<void>;
}

function isWbemError(hresult: number) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, hresult >>> 0, error.message);
    return true;
  };
}

/** A store with Foo ← Bar ← Baz, Other, two instances of Foo and one of Bar, one declaration. */
function seed(store: ClassStore): void {
  store.apply(
    changes({
      putClasses: [
        classRecord('Foo'),
        classRecord('Bar', 'Foo'),
        classRecord('Baz', 'Bar'),
        classRecord('Other'),
      ],
      putInstances: [instanceRecord('Foo', 1), instanceRecord('Foo', 2), instanceRecord('Bar', 1)],
      putQualifierDeclarations: [declaration('Abstract')],
    }),
  );
}

export function runClassStoreSuite(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`ClassStore conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: ClassStore;

    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    /** For a persistent store: reopens it and checks that it reads back exactly as before. */
    async function survivesReopen(): Promise<void> {
      if (subject.reopen === undefined) return;
      await store.flush();
      const before = snapshot(store);
      store = await subject.reopen();
      assert.deepEqual(snapshot(store), before);
    }

    describe('classes', () => {
      it('returns a put class by any case of its name', () => {
        const record = classRecord('Foo');
        store.apply(changes({ putClasses: [record] }));
        for (const spelling of ['Foo', 'foo', 'FOO']) {
          assert.equal(store.getClass(spelling), record);
          assert.equal(store.hasClass(spelling), true);
        }
        assert.equal(store.getClass('Fooo'), undefined);
        assert.equal(store.hasClass('Bar'), false);
        assert.equal(store.classCount(), 1);
        assert.deepEqual([...store.classNames()], ['Foo']);
      });

      it('keeps one class and the latest spelling when a class is put again in another case', async () => {
        store.apply(changes({ putClasses: [classRecord('Foo')] }));
        store.apply(changes({ putClasses: [classRecord('FOO')] }));
        assert.equal(store.classCount(), 1);
        assert.deepEqual([...store.classNames()], ['FOO']);
        assert.deepEqual(store.subclassNames(null), ['FOO']);
        await survivesReopen();
      });

      const awkward = [
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'toString',
        'valueOf',
        '__ExtrinsicEvent',
      ];
      it('stores names that are Object.prototype members as plain data', async () => {
        store.apply(
          changes({
            putClasses: awkward.map((n) => classRecord(n)),
            putInstances: awkward.map((n) => ({ ...instanceRecord(n, 1), key: n })),
            putQualifierDeclarations: awkward.map((n) => declaration(n)),
          }),
        );
        assert.equal(store.classCount(), awkward.length);
        for (const n of awkward) {
          assert.equal(store.getClass(n.toUpperCase())?.local.name, n);
          assert.equal(store.getInstance(n, n)?.className, n);
          assert.equal(store.getQualifierDeclaration(n)?.name, n);
          assert.deepEqual(store.subclassNames(n), []);
        }
        assert.equal(store.getClass('__defineGetter__'), undefined);
        assert.equal(store.instanceCount('isPrototypeOf'), 0);
        await survivesReopen();
      });
    });

    describe('subclassNames', () => {
      it('lists base classes for null and direct subclasses for a name, in any case', () => {
        seed(store);
        assert.deepEqual([...store.subclassNames(null)].sort(), ['Foo', 'Other']);
        assert.deepEqual(store.subclassNames('FOO'), ['Bar']);
        assert.deepEqual(store.subclassNames('bar'), ['Baz']);
        assert.deepEqual(store.subclassNames('Baz'), []);
        assert.deepEqual(store.subclassNames('Missing'), []);
      });

      it('indexes subclasses of a superclass that is not stored (system classes)', async () => {
        store.apply(
          changes({
            putClasses: [
              classRecord('MyEvent', '__ExtrinsicEvent'),
              classRecord('Other', '__EXTRINSICEVENT'),
            ],
          }),
        );
        assert.deepEqual([...store.subclassNames('__extrinsicevent')].sort(), ['MyEvent', 'Other']);
        assert.deepEqual(store.subclassNames(null), []);
        assert.equal(store.hasClass('__ExtrinsicEvent'), false);
        await survivesReopen();
      });

      it('moves a class to its new superclass when it is put with another superclass', async () => {
        seed(store);
        store.apply(changes({ putClasses: [classRecord('Baz', 'Other')] }));
        assert.deepEqual(store.subclassNames('Bar'), []);
        assert.deepEqual(store.subclassNames('Other'), ['Baz']);
        store.apply(changes({ putClasses: [classRecord('Baz', null)] }));
        assert.deepEqual([...store.subclassNames(null)].sort(), ['Baz', 'Foo', 'Other']);
        assert.deepEqual(store.subclassNames('Other'), []);
        await survivesReopen();
      });

      it('drops a deleted class from its superclass and keeps its own subclasses indexed', async () => {
        seed(store);
        store.apply(changes({ deleteClasses: ['bar'] }));
        assert.deepEqual(store.subclassNames('Foo'), []);
        assert.deepEqual(store.subclassNames('Bar'), ['Baz']);
        assert.equal(store.classCount(), 3);
        await survivesReopen();
      });
    });

    describe('instances', () => {
      it('returns instances by class name in any case and by exact key', () => {
        seed(store);
        const first = instanceRecord('Foo', 1);
        assert.deepEqual(store.getInstance('foo', first.key), first.instance);
        assert.equal(store.getInstance('Foo', first.key.toUpperCase()), undefined);
        assert.equal(store.instanceCount('FOO'), 2);
        assert.equal(store.instanceCount('Bar'), 1);
        assert.equal(store.instanceCount('Baz'), 0);
        assert.deepEqual(
          [...store.instances('Foo')].map((i) => i.properties.get('id')?.value).sort(),
          ['1', '2'],
        );
        assert.deepEqual([...store.instances('Missing')], []);
      });

      it('replaces an instance put again under the same key', async () => {
        seed(store);
        store.apply(changes({ putInstances: [instanceRecord('Foo', 1, { Extra: 'new' })] }));
        assert.equal(store.instanceCount('Foo'), 2);
        const key = instanceRecord('Foo', 1).key;
        assert.equal(store.getInstance('Foo', key)?.properties.get('extra')?.value, 'new');
        await survivesReopen();
      });

      it('removes exactly the listed instances with deleteInstances', async () => {
        seed(store);
        store.apply(
          changes({ deleteInstances: [{ className: 'FOO', key: instanceRecord('Foo', 1).key }] }),
        );
        assert.equal(store.instanceCount('Foo'), 1);
        assert.equal(store.getInstance('Foo', instanceRecord('Foo', 1).key), undefined);
        assert.ok(store.getInstance('Foo', instanceRecord('Foo', 2).key));
        store.apply(changes({ deleteInstances: [{ className: 'Foo', key: 'Foo.Id="404"' }] }));
        assert.equal(store.instanceCount('Foo'), 1);
        await survivesReopen();
      });

      it('removes every instance of a class and none of its subclasses with deleteInstancesOf', async () => {
        seed(store);
        store.apply(changes({ deleteInstancesOf: ['foo'] }));
        assert.equal(store.instanceCount('Foo'), 0);
        assert.equal(store.instanceCount('Bar'), 1);
        assert.ok(store.hasClass('Foo'));
        await survivesReopen();
      });

      it('drops the stored instances of a class when the class is deleted', async () => {
        seed(store);
        store.apply(changes({ deleteClasses: ['FOO'] }));
        assert.equal(store.hasClass('Foo'), false);
        assert.equal(store.instanceCount('Foo'), 0);
        assert.deepEqual([...store.instances('Foo')], []);
        assert.equal(store.instanceCount('Bar'), 1);
        store.apply(changes({ putClasses: [classRecord('Foo')] }));
        assert.equal(store.instanceCount('Foo'), 0);
        await survivesReopen();
      });

      it('keeps instances when their class is updated in place', async () => {
        seed(store);
        store.apply(changes({ putClasses: [classRecord('Foo')] }));
        assert.equal(store.instanceCount('Foo'), 2);
        await survivesReopen();
      });
    });

    describe('qualifier declarations', () => {
      it('puts, gets in any case, lists and deletes declarations', async () => {
        store.apply(
          changes({ putQualifierDeclarations: [declaration('Key'), declaration('Description')] }),
        );
        assert.equal(store.getQualifierDeclaration('KEY')?.name, 'Key');
        assert.deepEqual([...store.qualifierDeclarations()].map((d) => d.name).sort(), [
          'Description',
          'Key',
        ]);
        store.apply(changes({ deleteQualifierDeclarations: ['key'] }));
        assert.equal(store.getQualifierDeclaration('Key'), undefined);
        assert.deepEqual(
          [...store.qualifierDeclarations()].map((d) => d.name),
          ['Description'],
        );
        await survivesReopen();
      });
    });

    describe('application order within one change set', () => {
      const orderCases: { desc: string; set: () => ChangeSet; check: (s: ClassStore) => void }[] = [
        {
          desc: 'a class deleted and put again keeps only the instances put in the same set',
          set: () =>
            changes({
              deleteClasses: ['Foo'],
              putClasses: [classRecord('Foo')],
              putInstances: [instanceRecord('Foo', 9)],
            }),
          check: (s) => {
            assert.equal(s.instanceCount('Foo'), 1);
            assert.ok(s.getInstance('Foo', instanceRecord('Foo', 9).key));
          },
        },
        {
          desc: 'an instance deleted and put again under the same key is present',
          set: () =>
            changes({
              deleteInstances: [{ className: 'Foo', key: instanceRecord('Foo', 1).key }],
              putInstances: [instanceRecord('Foo', 1, { Again: true })],
            }),
          check: (s) => {
            const again = s.getInstance('Foo', instanceRecord('Foo', 1).key);
            assert.equal(again?.properties.get('again')?.value, true);
          },
        },
        {
          desc: 'deleteInstancesOf runs before the instance puts of the same set',
          set: () =>
            changes({ deleteInstancesOf: ['Foo'], putInstances: [instanceRecord('Foo', 3)] }),
          check: (s) => {
            assert.equal(s.instanceCount('Foo'), 1);
            assert.ok(s.getInstance('Foo', instanceRecord('Foo', 3).key));
          },
        },
        {
          desc: 'a declaration put and deleted in the same set is absent (deletes come last)',
          set: () =>
            changes({
              putQualifierDeclarations: [declaration('Temp')],
              deleteQualifierDeclarations: ['TEMP'],
            }),
          check: (s) => assert.equal(s.getQualifierDeclaration('Temp'), undefined),
        },
        {
          desc: 'a later put of the same class in one set wins',
          set: () =>
            changes({ putClasses: [classRecord('Foo', null), classRecord('foo', 'Other')] }),
          check: (s) => {
            assert.equal(s.getClass('Foo')?.local.superclass, 'Other');
            assert.deepEqual([...s.subclassNames(null)].sort(), ['Other']);
            assert.deepEqual([...s.subclassNames('Other')], ['foo']);
          },
        },
      ];
      for (const { desc, set, check } of orderCases) {
        it(`applies in the documented order: ${desc}`, async () => {
          seed(store);
          store.apply(set());
          check(store);
          await survivesReopen();
          check(store);
        });
      }
    });

    describe('atomicity', () => {
      const malformed: { desc: string; set: () => unknown }[] = [
        { desc: 'the change set is null', set: () => null },
        { desc: 'a list is missing', set: () => ({ ...changes({}), putClasses: undefined }) },
        {
          desc: 'a class record has no resolved view',
          set: () =>
            changes({
              deleteClasses: ['Foo'],
              putClasses: [classRecord('New'), { local: classRecord('X').local } as never],
            }),
        },
        {
          desc: 'local and resolved views name different classes',
          set: () =>
            changes({
              putClasses: [{ local: classRecord('A').local, resolved: classRecord('B').local }],
            }),
        },
        {
          desc: 'a class has no name',
          set: () => changes({ putClasses: [classRecord(''), classRecord('Fine')] }),
        },
        {
          desc: 'a class has properties that are not a Map',
          set: () => {
            const bad = { ...classRecord('Bad').local, properties: {} };
            return changes({
              deleteInstancesOf: ['Foo'],
              putClasses: [{ local: bad, resolved: bad } as never],
            });
          },
        },
        {
          desc: 'an instance record has no key',
          set: () =>
            changes({
              deleteClasses: ['Bar'],
              putInstances: [instanceRecord('Foo', 5), { ...instanceRecord('Foo', 6), key: '' }],
            }),
        },
        {
          desc: 'an instance reference to delete is not an object',
          set: () => changes({ deleteInstances: [42 as never], putClasses: [classRecord('New')] }),
        },
        {
          desc: 'a qualifier declaration has no name',
          set: () =>
            changes({
              deleteQualifierDeclarations: ['Abstract'],
              putQualifierDeclarations: [{ ...declaration('X'), name: undefined } as never],
            }),
        },
        {
          desc: 'a class name to delete is not a string',
          set: () => changes({ deleteClasses: ['Foo', 7 as never] }),
        },
      ];
      for (const { desc, set } of malformed) {
        it(`fails with WBEM_E_INVALID_PARAMETER and leaves no trace when ${desc}`, () => {
          seed(store);
          const before = snapshot(store);
          assert.throws(
            () => store.apply(set() as ChangeSet),
            isWbemError(WBEM_E_INVALID_PARAMETER),
          );
          assert.deepEqual(snapshot(store), before);
        });
      }

      it('leaves no trace on disk either when a malformed change set is refused', async () => {
        seed(store);
        assert.throws(
          () => store.apply(changes({ deleteClasses: ['Foo'], putClasses: [classRecord('')] })),
          isWbemError(WBEM_E_INVALID_PARAMETER),
        );
        await store.flush();
        if (subject.reopen === undefined) return;
        const before = snapshot(store);
        store = await subject.reopen();
        assert.deepEqual(snapshot(store), before);
        assert.ok(store.hasClass('Foo'));
      });
    });

    describe('lifecycle', () => {
      it('resolves flush with nothing applied and after applies', async () => {
        await store.flush();
        seed(store);
        await store.flush();
        assert.equal(store.classCount(), 4);
      });

      it('fails with WBEM_E_SHUTTING_DOWN when a change set is applied after close', async () => {
        await store.close();
        assert.throws(
          () => store.apply(changes({ putClasses: [classRecord('Late')] })),
          isWbemError(WBEM_E_SHUTTING_DOWN),
        );
      });
    });

    describe('persistence', () => {
      it('reads back every class, instance, declaration and index exactly after reopen', async (t) => {
        if (subject.reopen === undefined) return t.skip('store is not persistent');
        seed(store);
        const intricate = intricateClassRecord('Ünïcødé_日本_😀');
        store.apply(
          changes({
            putClasses: [
              intricate,
              classRecord('Child_Ω', 'ünïcødé_日本_😀'),
              classRecord('Sys', '__ExtrinsicEvent'),
            ],
            putInstances: [
              {
                key: 'Child_Ω.Name="ключ 🔑"',
                instance: instanceRecord('Child_Ω', 'ключ').instance,
              },
              { ...instanceRecord('Foo', 'long'), key: `Foo.Id="${'x'.repeat(3000)}"` },
            ],
            putQualifierDeclarations: [
              { ...declaration('Värde'), value: ['a', 'b'], isArray: true },
            ],
          }),
        );
        store.apply(changes({ deleteClasses: ['Other'], deleteInstancesOf: ['Bar'] }));
        store.apply(
          changes({ deleteInstances: [{ className: 'Foo', key: instanceRecord('Foo', 2).key }] }),
        );
        await store.flush();
        const before = snapshot(store);
        store = await subject.reopen();
        assert.deepEqual(snapshot(store), before);
        const back = store.getClass('ÜNÏCØDÉ_日本_😀');
        assert.deepEqual(back, intricate);
        assert.ok(back?.local.properties instanceof Map);
        assert.ok(back?.local.properties.get('tagged')?.qualifiers instanceof Map);
        const payload = back?.local.properties.get('payload')?.value as {
          properties: Map<string, unknown>;
        };
        assert.ok(payload.properties instanceof Map);
        assert.deepEqual(store.subclassNames('__extrinsicevent'), ['Sys']);
        assert.equal(store.hasClass('Other'), false);
        assert.equal(store.instanceCount('Bar'), 0);
        assert.ok(store.getInstance('foo', `Foo.Id="${'x'.repeat(3000)}"`));
        assert.ok(store.getInstance('child_ω', 'Child_Ω.Name="ключ 🔑"'));
      });

      it('keeps every change set of a group applied before one flush', async (t) => {
        if (subject.reopen === undefined) return t.skip('store is not persistent');
        for (let i = 0; i < 300; i++) {
          store.apply(
            changes({
              putClasses: [classRecord(`C${i}`, i === 0 ? null : 'C0')],
              putInstances: [instanceRecord(`C${i}`, i)],
            }),
          );
        }
        await store.flush();
        store = await subject.reopen();
        assert.equal(store.classCount(), 300);
        assert.equal(store.subclassNames('c0').length, 299);
        assert.equal(store.instanceCount('C299'), 1);
      });
    });
  });
}
