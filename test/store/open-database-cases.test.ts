/**
 * Opening and stamping the database file of a data directory (`open-database.ts`), through
 * `DurableRepository`: what a lock file that cannot be created or a database file that cannot be
 * opened becomes (an error, never a crash), and what a close stamps when the file is gone.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { stampFileOf } from '../../src/store/durable/store-stamp.js';
import { WBEM_E_INITIALIZATION_FAILURE } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';
import { isWbemError as failsWith } from './class-store-context.js';
import { changes, classRecord } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-open-db-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  const dir = join(root, `d${dirs++}`);
  mkdirSync(dir);
  return dir;
}
/** A path in a directory that does not exist. */
const nowhere = join(root, 'missing', 'target');

describe('DurableRepository opening files that cannot be opened', () => {
  it("fails with WBEM_E_INITIALIZATION_FAILURE carrying the cause, and does not crash, when LMDB's lock file is a link into a missing directory", () => {
    const dir = freshDir();
    const lockFile = `${join(dir, STORE_FILE)}-lock`;
    symlinkSync(nowhere, lockFile);
    assert.throws(
      () => new DurableRepository(dir),
      (error: unknown) => {
        failsWith(
          WBEM_E_INITIALIZATION_FAILURE,
          new RegExp(`^${lockFile} \\(LMDB's lock file\\) cannot be created: ENOENT`),
        )(error);
        assert.equal(((error as WbemError).cause as NodeJS.ErrnoException).code, 'ENOENT');
        return true;
      },
    );
  });

  it('fails with WBEM_E_INITIALIZATION_FAILURE carrying the cause when the database file is a link to nowhere', () => {
    const dir = freshDir();
    const file = join(dir, STORE_FILE);
    symlinkSync(nowhere, file);
    assert.throws(
      () => new DurableRepository(dir),
      (error: unknown) => {
        failsWith(
          WBEM_E_INITIALIZATION_FAILURE,
          new RegExp(`^${file} cannot be opened as a database: .+`),
        )(error);
        assert.ok((error as WbemError).cause instanceof Error);
        return true;
      },
    );
  });

  it('opens a store whose lock file is a link to a file yet to be created in an existing directory', async () => {
    const dir = freshDir();
    const target = join(freshDir(), 'lock');
    symlinkSync(target, `${join(dir, STORE_FILE)}-lock`);
    const repo = new DurableRepository(dir);
    try {
      const ns = repo.openNamespace('root');
      ns.apply(changes({ putClasses: [classRecord('Foo')] }));
      await ns.flush();
      assert.ok(ns.hasClass('Foo'));
      assert.ok(statSync(target).isFile());
    } finally {
      await repo.close();
    }
  });

  it('opens a store whose lock file is left from an earlier run', async () => {
    const dir = freshDir();
    const first = new DurableRepository(dir);
    first.openNamespace('root').apply(changes({ putClasses: [classRecord('Foo')] }));
    await first.close();
    const again = new DurableRepository(dir);
    try {
      assert.ok(again.openNamespace('root').hasClass('Foo'));
    } finally {
      await again.close();
    }
  });
});

describe('DurableRepository stamping at close', () => {
  it('leaves the stamp as it was when the database file was removed while open', async () => {
    const dir = freshDir();
    const file = join(dir, STORE_FILE);
    const first = new DurableRepository(dir);
    first.openNamespace('root').apply(changes({ putClasses: [classRecord('Foo')] }));
    await first.close();
    const stamp = readFileSync(stampFileOf(file), 'utf8');
    const repo = new DurableRepository(dir);
    rmSync(file);
    await repo.close();
    assert.equal(readFileSync(stampFileOf(file), 'utf8'), stamp);
  });
});
