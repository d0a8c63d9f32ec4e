import assert from 'node:assert/strict';
import { rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { CIM_STRING } from '../../src/wbem/cim-type.js';
import { WBEM_E_FAILED, WBEM_E_OUT_OF_DISK_SPACE } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { smallDisk } from './small-disk.js';
import { changes, classRecord, property } from './store-fixtures.js';

const disk = smallDisk('wbemrx-rules-full-');
const { mountPoint } = disk;

describe('DurableRepository on a full disk', () => {
  it('fails writeMeta with WBEM_E_OUT_OF_DISK_SPACE naming the record, the file and the directory', async (t) => {
    if (disk.mounted !== true) {
      t.skip(disk.mounted);
      return;
    }
    const dir = join(mountPoint, 'data');
    const repo = new DurableRepository(dir);
    try {
      // Leave less room than the value needs.
      const fs = statfsSync(mountPoint);
      writeFileSync(join(mountPoint, 'ballast'), Buffer.alloc(fs.bavail * fs.bsize - 65536));
      const file = join(dir, STORE_FILE);
      await assert.rejects(
        repo.writeMeta('root', 'sd', 'x'.repeat(512 * 1024)),
        (error: unknown) => {
          assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
          assert.equal(error.hresult, WBEM_E_OUT_OF_DISK_SPACE >>> 0, error.message);
          assert.ok(
            error.detail?.startsWith(
              `writing metadata sd of namespace root to ${file} failed: out of disk space in ${dir} (`,
            ),
            error.detail,
          );
          return true;
        },
      );
    } finally {
      rmSync(join(mountPoint, 'ballast'), { force: true });
      await repo.close();
    }
  });

  it('fails dropNamespace with WBEM_E_OUT_OF_DISK_SPACE naming the namespace and the file', async (t) => {
    if (disk.mounted !== true) {
      t.skip(disk.mounted);
      return;
    }
    const dir = join(mountPoint, 'drop');
    const repo = new DurableRepository(dir);
    try {
      const ns = repo.openNamespace('root/Gone');
      for (let i = 0; i < 20; i++) {
        ns.apply(
          changes({
            putClasses: [classRecord(`C${i}`, null, [property('P', CIM_STRING, 'y'.repeat(2000))])],
          }),
        );
      }
      await ns.flush();
      const fs = statfsSync(mountPoint);
      writeFileSync(join(mountPoint, 'ballast'), Buffer.alloc(fs.bavail * fs.bsize));
      const file = join(dir, STORE_FILE);
      await assert.rejects(repo.dropNamespace('root/Gone'), (error: unknown) => {
        assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
        assert.equal(error.hresult, WBEM_E_OUT_OF_DISK_SPACE >>> 0, error.message);
        assert.ok(
          error.detail?.startsWith(
            `dropping namespace root/Gone from ${file} failed: out of disk space in ${dir} (`,
          ),
          error.detail,
        );
        return true;
      });
    } finally {
      rmSync(join(mountPoint, 'ballast'), { force: true });
      await repo.close();
    }
  });

  it('fails the repository flush with the WbemError of the namespace whose write failed', async (t) => {
    if (disk.mounted !== true) {
      t.skip(disk.mounted);
      return;
    }
    const dir = join(mountPoint, 'flush');
    const repo = new DurableRepository(dir);
    try {
      const ns = repo.openNamespace('root/Full');
      await ns.flush();
      const fs = statfsSync(mountPoint);
      writeFileSync(join(mountPoint, 'ballast'), Buffer.alloc(fs.bavail * fs.bsize - 16384));
      ns.apply(
        changes({
          putClasses: [classRecord('Big', null, [property('P', CIM_STRING, 'z'.repeat(300_000))])],
        }),
      );
      await assert.rejects(repo.flush(), (error: unknown) => {
        assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
        // WBEM_E_OUT_OF_DISK_SPACE or WBEM_E_FAILED, as the failed write reports it.
        assert.ok(
          [WBEM_E_OUT_OF_DISK_SPACE >>> 0, WBEM_E_FAILED >>> 0].includes(error.hresult),
          error.message,
        );
        assert.ok(
          error.detail?.startsWith(
            `writing namespace root/Full to ${join(dir, STORE_FILE)} failed`,
          ),
          error.detail,
        );
        return true;
      });
    } finally {
      rmSync(join(mountPoint, 'ballast'), { force: true });
      // The close flushes again, which may report the same failed write: not what this test checks.
      await repo.close().catch(() => undefined);
    }
  });
});
