/**
 * @module Conformance sections on changing a store: instances, the application order inside one
 * change set.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeSet } from '../../src/model/change-set.js';
import type { ClassStore } from '../../src/store/class-store.js';
import { type SuiteContext, seed } from './class-store-context.js';
import { changes, classRecord, declaration, instanceRecord } from './store-fixtures.js';

export function changeSections(ctx: SuiteContext): void {
  describe('instances', () => {
    it('returns instances by class name in any case and by exact key', () => {
      seed(ctx.store);
      const first = instanceRecord('Foo', 1);
      assert.deepEqual(ctx.store.getInstance('foo', first.key), first.instance);
      assert.equal(ctx.store.getInstance('Foo', first.key.toUpperCase()), undefined);
      assert.equal(ctx.store.instanceCount('FOO'), 2);
      assert.equal(ctx.store.instanceCount('Bar'), 1);
      assert.equal(ctx.store.instanceCount('Baz'), 0);
      assert.deepEqual(
        [...ctx.store.instances('Foo')].map((i) => i.properties.get('id')?.value).sort(),
        ['1', '2'],
      );
      assert.deepEqual([...ctx.store.instances('Missing')], []);
    });

    it('replaces an instance put again under the same key', async () => {
      seed(ctx.store);
      ctx.store.apply(changes({ putInstances: [instanceRecord('Foo', 1, { Extra: 'new' })] }));
      assert.equal(ctx.store.instanceCount('Foo'), 2);
      const key = instanceRecord('Foo', 1).key;
      assert.equal(ctx.store.getInstance('Foo', key)?.properties.get('extra')?.value, 'new');
      await ctx.survivesReopen();
    });

    it('removes exactly the listed instances with deleteInstances', async () => {
      seed(ctx.store);
      ctx.store.apply(
        changes({ deleteInstances: [{ className: 'FOO', key: instanceRecord('Foo', 1).key }] }),
      );
      assert.equal(ctx.store.instanceCount('Foo'), 1);
      assert.equal(ctx.store.getInstance('Foo', instanceRecord('Foo', 1).key), undefined);
      assert.ok(ctx.store.getInstance('Foo', instanceRecord('Foo', 2).key));
      ctx.store.apply(changes({ deleteInstances: [{ className: 'Foo', key: 'Foo.Id="404"' }] }));
      assert.equal(ctx.store.instanceCount('Foo'), 1);
      await ctx.survivesReopen();
    });

    it('removes every instance of a class and none of its subclasses with deleteInstancesOf', async () => {
      seed(ctx.store);
      ctx.store.apply(changes({ deleteInstancesOf: ['foo'] }));
      assert.equal(ctx.store.instanceCount('Foo'), 0);
      assert.equal(ctx.store.instanceCount('Bar'), 1);
      assert.ok(ctx.store.hasClass('Foo'));
      await ctx.survivesReopen();
    });

    it('drops the stored instances of a class when the class is deleted', async () => {
      seed(ctx.store);
      ctx.store.apply(changes({ deleteClasses: ['FOO'] }));
      assert.equal(ctx.store.hasClass('Foo'), false);
      assert.equal(ctx.store.instanceCount('Foo'), 0);
      assert.deepEqual([...ctx.store.instances('Foo')], []);
      assert.equal(ctx.store.instanceCount('Bar'), 1);
      ctx.store.apply(changes({ putClasses: [classRecord('Foo')] }));
      assert.equal(ctx.store.instanceCount('Foo'), 0);
      await ctx.survivesReopen();
    });

    it('keeps instances when their class is updated in place', async () => {
      seed(ctx.store);
      ctx.store.apply(changes({ putClasses: [classRecord('Foo')] }));
      assert.equal(ctx.store.instanceCount('Foo'), 2);
      await ctx.survivesReopen();
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
        set: () => changes({ putClasses: [classRecord('Foo', null), classRecord('foo', 'Other')] }),
        check: (s) => {
          assert.equal(s.getClass('Foo')?.local.superclass, 'Other');
          assert.deepEqual([...s.subclassNames(null)].sort(), ['Other']);
          assert.deepEqual([...s.subclassNames('Other')], ['foo']);
        },
      },
    ];
    for (const { desc, set, check } of orderCases) {
      it(`applies in the documented order: ${desc}`, async () => {
        seed(ctx.store);
        ctx.store.apply(set());
        check(ctx.store);
        await ctx.survivesReopen();
        check(ctx.store);
      });
    }
  });
}
