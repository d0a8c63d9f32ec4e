/**
 * @module The `ClassStore` conformance suite: every store implementation runs it (Hono's
 * `runTest({ newRouter })` pattern), so the memory store and the durable store behave the same.
 * Sections on changes and on persistence live in the sibling `class-store-*.case.ts` files.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { WBEM_E_SHUTTING_DOWN } from '../../src/wbem/status.js';
import { changeSections } from './class-store-changes.case.js';
import {
  createSuiteContext,
  isWbemError,
  type StoreUnderTest,
  type SuiteContext,
  seed,
} from './class-store-context.js';
import { persistenceSection } from './class-store-persistence.case.js';
import { changes, classRecord, declaration, instanceRecord } from './store-fixtures.js';

export type { StoreUnderTest } from './class-store-context.js';

function basicSections(ctx: SuiteContext): void {
  describe('classes', () => {
    it('returns a put class by any case of its name', () => {
      const record = classRecord('Foo');
      ctx.store.apply(changes({ putClasses: [record] }));
      for (const spelling of ['Foo', 'foo', 'FOO']) {
        assert.equal(ctx.store.getClass(spelling), record);
        assert.equal(ctx.store.hasClass(spelling), true);
      }
      assert.equal(ctx.store.getClass('Fooo'), undefined);
      assert.equal(ctx.store.hasClass('Bar'), false);
      assert.equal(ctx.store.classCount(), 1);
      assert.deepEqual([...ctx.store.classNames()], ['Foo']);
    });

    it('keeps one class and the latest spelling when a class is put again in another case', async () => {
      ctx.store.apply(changes({ putClasses: [classRecord('Foo')] }));
      ctx.store.apply(changes({ putClasses: [classRecord('FOO')] }));
      assert.equal(ctx.store.classCount(), 1);
      assert.deepEqual([...ctx.store.classNames()], ['FOO']);
      assert.deepEqual(ctx.store.subclassNames(null), ['FOO']);
      await ctx.survivesReopen();
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
      ctx.store.apply(
        changes({
          putClasses: awkward.map((n) => classRecord(n)),
          putInstances: awkward.map((n) => ({ ...instanceRecord(n, 1), key: n })),
          putQualifierDeclarations: awkward.map((n) => declaration(n)),
        }),
      );
      assert.equal(ctx.store.classCount(), awkward.length);
      for (const n of awkward) {
        assert.equal(ctx.store.getClass(n.toUpperCase())?.local.name, n);
        assert.equal(ctx.store.getInstance(n, n)?.className, n);
        assert.equal(ctx.store.getQualifierDeclaration(n)?.name, n);
        assert.deepEqual(ctx.store.subclassNames(n), []);
      }
      assert.equal(ctx.store.getClass('__defineGetter__'), undefined);
      assert.equal(ctx.store.instanceCount('isPrototypeOf'), 0);
      await ctx.survivesReopen();
    });
  });

  describe('subclassNames', () => {
    it('lists base classes for null and direct subclasses for a name, in any case', () => {
      seed(ctx.store);
      assert.deepEqual([...ctx.store.subclassNames(null)].sort(), ['Foo', 'Other']);
      assert.deepEqual(ctx.store.subclassNames('FOO'), ['Bar']);
      assert.deepEqual(ctx.store.subclassNames('bar'), ['Baz']);
      assert.deepEqual(ctx.store.subclassNames('Baz'), []);
      assert.deepEqual(ctx.store.subclassNames('Missing'), []);
    });

    it('indexes subclasses of a superclass that is not stored (system classes)', async () => {
      ctx.store.apply(
        changes({
          putClasses: [
            classRecord('MyEvent', '__ExtrinsicEvent'),
            classRecord('Other', '__EXTRINSICEVENT'),
          ],
        }),
      );
      assert.deepEqual([...ctx.store.subclassNames('__extrinsicevent')].sort(), [
        'MyEvent',
        'Other',
      ]);
      assert.deepEqual(ctx.store.subclassNames(null), []);
      assert.equal(ctx.store.hasClass('__ExtrinsicEvent'), false);
      await ctx.survivesReopen();
    });

    it('moves a class to its new superclass when it is put with another superclass', async () => {
      seed(ctx.store);
      ctx.store.apply(changes({ putClasses: [classRecord('Baz', 'Other')] }));
      assert.deepEqual(ctx.store.subclassNames('Bar'), []);
      assert.deepEqual(ctx.store.subclassNames('Other'), ['Baz']);
      ctx.store.apply(changes({ putClasses: [classRecord('Baz', null)] }));
      assert.deepEqual([...ctx.store.subclassNames(null)].sort(), ['Baz', 'Foo', 'Other']);
      assert.deepEqual(ctx.store.subclassNames('Other'), []);
      await ctx.survivesReopen();
    });

    it('drops a deleted class from its superclass and keeps its own subclasses indexed', async () => {
      seed(ctx.store);
      ctx.store.apply(changes({ deleteClasses: ['bar'] }));
      assert.deepEqual(ctx.store.subclassNames('Foo'), []);
      assert.deepEqual(ctx.store.subclassNames('Bar'), ['Baz']);
      assert.equal(ctx.store.classCount(), 3);
      await ctx.survivesReopen();
    });
  });

  describe('qualifier declarations', () => {
    it('puts, gets in any case, lists and deletes declarations', async () => {
      ctx.store.apply(
        changes({ putQualifierDeclarations: [declaration('Key'), declaration('Description')] }),
      );
      assert.equal(ctx.store.getQualifierDeclaration('KEY')?.name, 'Key');
      assert.deepEqual([...ctx.store.qualifierDeclarations()].map((d) => d.name).sort(), [
        'Description',
        'Key',
      ]);
      ctx.store.apply(changes({ deleteQualifierDeclarations: ['key'] }));
      assert.equal(ctx.store.getQualifierDeclaration('Key'), undefined);
      assert.deepEqual(
        [...ctx.store.qualifierDeclarations()].map((d) => d.name),
        ['Description'],
      );
      await ctx.survivesReopen();
    });
  });

  describe('lifecycle', () => {
    it('resolves flush with nothing applied and after applies', async () => {
      await ctx.store.flush();
      seed(ctx.store);
      await ctx.store.flush();
      assert.equal(ctx.store.classCount(), 4);
    });

    it('fails with WBEM_E_SHUTTING_DOWN when a change set is applied after close', async () => {
      await ctx.store.close();
      assert.throws(
        () => ctx.store.apply(changes({ putClasses: [classRecord('Late')] })),
        isWbemError(WBEM_E_SHUTTING_DOWN),
      );
    });
  });
}

/**
 * Registers the conformance suite for one store implementation. `makeStore` runs before each
 * test; give `reopen` for a persistent store to run the persistence checks too.
 */
export function runClassStoreSuite(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`ClassStore conformance: ${name}`, () => {
    const ctx = createSuiteContext();
    beforeEach(async () => {
      ctx.subject = await makeStore();
      ctx.store = ctx.subject.store;
    });
    afterEach(async () => {
      await ctx.subject.cleanup();
    });
    basicSections(ctx);
    changeSections(ctx);
    persistenceSection(ctx);
  });
}
