/**
 * `DurableRepository` behaviours not pinned elsewhere: what a second close does to the known-good
 * stamp.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { stampFileOf } from '../../src/store/durable/store-stamp.js';
import { changes, classRecord } from './store-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-repo-cases-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('DurableRepository closing twice', () => {
  it('does not stamp the file again: a file changed after the first close stays unknown', async () => {
    const dir = join(root, 'twice');
    const file = join(dir, STORE_FILE);
    const repo = new DurableRepository(dir);
    repo.openNamespace('root').apply(changes({ putClasses: [classRecord('Foo')] }));
    await repo.close();
    const stamp = readFileSync(stampFileOf(file), 'utf8');
    // Something else writes the file after the close: its size no longer matches the stamp.
    appendFileSync(file, Buffer.alloc(4096));
    await repo.close();
    assert.equal(readFileSync(stampFileOf(file), 'utf8'), stamp);
  });
});
