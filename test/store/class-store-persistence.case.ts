/**
 * @module Conformance section on persistence: run when the store under test can be reopened.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SuiteContext, seed } from './class-store-context.js';
import {
  changes,
  classRecord,
  declaration,
  instanceRecord,
  intricateClassRecord,
  snapshot,
} from './store-fixtures.js';

export function persistenceSection(ctx: SuiteContext): void {
  describe('persistence', () => {
    it('reads back every class, instance, declaration and index exactly after reopen', async (t) => {
      if (ctx.subject.reopen === undefined) return t.skip('ctx.store is not persistent');
      seed(ctx.store);
      const intricate = intricateClassRecord('Ünïcødé_日本_😀');
      ctx.store.apply(
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
          putQualifierDeclarations: [{ ...declaration('Värde'), value: ['a', 'b'], isArray: true }],
        }),
      );
      ctx.store.apply(changes({ deleteClasses: ['Other'], deleteInstancesOf: ['Bar'] }));
      ctx.store.apply(
        changes({ deleteInstances: [{ className: 'Foo', key: instanceRecord('Foo', 2).key }] }),
      );
      await ctx.store.flush();
      const before = snapshot(ctx.store);
      ctx.store = await ctx.subject.reopen();
      assert.deepEqual(snapshot(ctx.store), before);
      const back = ctx.store.getClass('ÜNÏCØDÉ_日本_😀');
      assert.deepEqual(back, intricate);
      assert.ok(back?.local.properties instanceof Map);
      assert.ok(back?.local.properties.get('tagged')?.qualifiers instanceof Map);
      const payload = back?.local.properties.get('payload')?.value as {
        properties: Map<string, unknown>;
      };
      assert.ok(payload.properties instanceof Map);
      assert.deepEqual(ctx.store.subclassNames('__extrinsicevent'), ['Sys']);
      assert.equal(ctx.store.hasClass('Other'), false);
      assert.equal(ctx.store.instanceCount('Bar'), 0);
      assert.ok(ctx.store.getInstance('foo', `Foo.Id="${'x'.repeat(3000)}"`));
      assert.ok(ctx.store.getInstance('child_ω', 'Child_Ω.Name="ключ 🔑"'));
    });

    it('keeps every change set of a group applied before one flush', async (t) => {
      if (ctx.subject.reopen === undefined) return t.skip('ctx.store is not persistent');
      for (let i = 0; i < 300; i++) {
        ctx.store.apply(
          changes({
            putClasses: [classRecord(`C${i}`, i === 0 ? null : 'C0')],
            putInstances: [instanceRecord(`C${i}`, i)],
          }),
        );
      }
      await ctx.store.flush();
      ctx.store = await ctx.subject.reopen();
      assert.equal(ctx.store.classCount(), 300);
      assert.equal(ctx.store.subclassNames('c0').length, 299);
      assert.equal(ctx.store.instanceCount('C299'), 1);
    });
  });
}
