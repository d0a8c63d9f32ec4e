/**
 * @module The shared context of the `ClassStore` conformance suite: the store under test (replaced
 * on reopen), helpers and the seed data every section starts from.
 */
import assert from 'node:assert/strict';
import type { ClassStore } from '../../src/store/class-store.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { changes, classRecord, declaration, instanceRecord, snapshot } from './store-fixtures.js';

export interface StoreUnderTest {
  readonly store: ClassStore;
  /** Closes the store (and whatever holds it) and opens the same namespace afresh. */
  readonly reopen?: () => Promise<ClassStore>;
  /** Releases everything the store used; called once after each test. */
  readonly cleanup: () => Promise<void>;
}

/** What each section of the suite works on; `store` changes when a test reopens it. */
export interface SuiteContext {
  subject: StoreUnderTest;
  store: ClassStore;
  /** For a persistent store: reopens it and checks that it reads back exactly as before. */
  survivesReopen(): Promise<void>;
}

export function createSuiteContext(): SuiteContext {
  const ctx: SuiteContext = {
    subject: undefined as unknown as StoreUnderTest,
    store: undefined as unknown as ClassStore,
    async survivesReopen() {
      if (ctx.subject.reopen === undefined) return;
      await ctx.store.flush();
      const before = snapshot(ctx.store);
      ctx.store = await ctx.subject.reopen();
      assert.deepEqual(snapshot(ctx.store), before);
    },
  };
  return ctx;
}

/**
 * An assertion predicate for `assert.throws`: a `WbemError` with this HRESULT and, when given,
 * this message after the HRESULT's name (`detail`: exactly a string, or matching a pattern).
 */
export function isWbemError(hresult: number, detail?: string | RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, hresult >>> 0, error.message);
    if (typeof detail === 'string') assert.equal(error.detail, detail);
    else if (detail !== undefined) assert.match(error.detail ?? '', detail);
    return true;
  };
}

/** A store with Foo ← Bar ← Baz, Other, two instances of Foo and one of Bar, one declaration. */
export function seed(store: ClassStore): void {
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
