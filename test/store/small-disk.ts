/**
 * @module Test helper: a 2 MiB tmpfs to fill, for the stores' full-disk paths. Mounting needs
 * root; where it is not permitted, `mounted` says why and the tests skip with it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

export interface SmallDisk {
  /** A temporary directory holding the mount point; removed after the tests, with all in it. */
  readonly root: string;
  readonly mountPoint: string;
  /** True once mounted; otherwise the reason it is not, for `t.skip`. */
  readonly mounted: true | string;
}

/** Mounts the disk before the calling file's tests and removes it after them. */
export function smallDisk(prefix: string): SmallDisk {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const disk = {
    root,
    mountPoint: join(root, 'small-disk'),
    mounted: 'not attempted' as true | string,
  };
  before(() => {
    mkdirSync(disk.mountPoint);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', disk.mountPoint], {
        stdio: 'pipe',
      });
      disk.mounted = true;
    } catch (error) {
      disk.mounted = `mounting a 2 MiB tmpfs is not permitted here (${String((error as Error).message).split('\n')[0]})`;
    }
  });
  after(() => {
    if (disk.mounted === true) execFileSync('umount', [disk.mountPoint]);
    rmSync(root, { recursive: true, force: true });
  });
  return disk;
}
