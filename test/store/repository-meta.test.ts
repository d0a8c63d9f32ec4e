import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DurableRepository } from '../../src/store/durable/durable-repository.js';
import { MemoryRepository } from '../../src/store/memory-repository.js';
import type { Repository } from '../../src/store/repository.js';
import { WBEM_E_SHUTTING_DOWN } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wbemrx-meta-'));
  dirs.push(dir);
  return dir;
}

const kinds: readonly [string, () => Repository][] = [
  ['MemoryRepository', () => new MemoryRepository()],
  ['DurableRepository', () => new DurableRepository(tempDir())],
];

for (const [kind, create] of kinds) {
  describe(`${kind} namespace metadata`, () => {
    it('returns undefined when nothing is stored', async () => {
      const repo = create();
      assert.equal(repo.readMeta('root', 'security-descriptor'), undefined);
      await repo.close();
    });

    it('reads back what was written, per namespace and key, case-insensitively by path', async () => {
      const repo = create();
      await repo.writeMeta('root/cimv2', 'a', 'one');
      await repo.writeMeta('root/cimv2', 'b', '{"v":1,"ü":"two"}');
      await repo.writeMeta('root', 'a', 'root-one');
      assert.equal(repo.readMeta('ROOT/CIMV2', 'a'), 'one');
      assert.equal(repo.readMeta('root/cimv2', 'b'), '{"v":1,"ü":"two"}');
      assert.equal(repo.readMeta('root', 'a'), 'root-one');
      assert.equal(repo.readMeta('root', 'b'), undefined);
      await repo.close();
    });

    it('replaces a value and deletes it with null', async () => {
      const repo = create();
      await repo.writeMeta('root', 'k', 'first');
      await repo.writeMeta('root', 'k', 'second');
      assert.equal(repo.readMeta('root', 'k'), 'second');
      await repo.writeMeta('root', 'k', null);
      assert.equal(repo.readMeta('root', 'k'), undefined);
      await repo.close();
    });

    it('drops the metadata with the namespace and keeps the neighbours', async () => {
      const repo = create();
      await repo.writeMeta('root/a', 'k', 'gone');
      await repo.writeMeta('root/ab', 'k', 'kept');
      repo.openNamespace('root/a');
      await repo.dropNamespace('root/a');
      assert.equal(repo.readMeta('root/a', 'k'), undefined);
      assert.equal(repo.readMeta('root/ab', 'k'), 'kept');
      await repo.close();
    });

    it('does not show metadata as classes of the namespace', async () => {
      const repo = create();
      await repo.writeMeta('root', 'k', 'v');
      const store = repo.openNamespace('root');
      assert.equal(store.classCount(), 0);
      await repo.close();
    });
  });
}

describe('DurableRepository namespace metadata across reopen', () => {
  it('keeps written values and deletions after the repository is closed and reopened', async () => {
    const dir = tempDir();
    const first = new DurableRepository(dir);
    await first.writeMeta('root', 'security-descriptor', 'sd-text');
    await first.writeMeta('root/cimv2', 'providers', 'p-text');
    await first.writeMeta('root/cimv2', 'gone', 'x');
    await first.writeMeta('root/cimv2', 'gone', null);
    first.openNamespace('root/cimv2');
    await first.close();
    const second = new DurableRepository(dir);
    assert.equal(second.readMeta('root', 'security-descriptor'), 'sd-text');
    assert.equal(second.readMeta('root/cimv2', 'providers'), 'p-text');
    assert.equal(second.readMeta('root/cimv2', 'gone'), undefined);
    assert.equal(second.openNamespace('root/cimv2').classCount(), 0);
    await second.dropNamespace('root/cimv2');
    await second.close();
    const third = new DurableRepository(dir);
    assert.equal(third.readMeta('root/cimv2', 'providers'), undefined);
    assert.equal(third.readMeta('root', 'security-descriptor'), 'sd-text');
    await third.close();
  });

  it('fails with WBEM_E_SHUTTING_DOWN after close', async () => {
    const repo = new DurableRepository(tempDir());
    await repo.close();
    assert.throws(
      () => repo.readMeta('root', 'k'),
      (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_SHUTTING_DOWN,
    );
    await assert.rejects(
      repo.writeMeta('root', 'k', 'v'),
      (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_SHUTTING_DOWN,
    );
  });
});
