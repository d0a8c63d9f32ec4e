/**
 * `readStoreHeader` (`lmdb-meta.ts`) when reading an opened file fails: the error it becomes.
 * The failure is injected by replacing `fs.readSync` (and re-syncing the ESM bindings of
 * `node:fs`), since a regular file that opens but cannot be read is hard to come by.
 */
import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readStoreHeader } from '../../src/store/durable/lmdb-meta.js';
import { WBEM_E_INITIALIZATION_FAILURE } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';
import { isWbemError as failsWith } from './class-store-context.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-meta-cases-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Runs `body` with every `fs.readSync` failing with EIO. */
function failingReads<T>(body: () => T): T {
  const real = fs.readSync;
  fs.readSync = (() => {
    throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
  }) as typeof fs.readSync;
  syncBuiltinESMExports();
  try {
    return body();
  } finally {
    fs.readSync = real;
    syncBuiltinESMExports();
  }
}

describe('readStoreHeader when the file opens but cannot be read', () => {
  it('fails with WBEM_E_INITIALIZATION_FAILURE naming the file and carrying the cause', () => {
    const file = join(root, 'unreadable.mdb');
    writeFileSync(file, Buffer.alloc(8192, 1));
    let caught: unknown;
    failingReads(() => {
      try {
        readStoreHeader(file);
      } catch (error) {
        caught = error;
      }
    });
    failsWith(
      WBEM_E_INITIALIZATION_FAILURE,
      `${file} cannot be read: EIO: i/o error, read`,
    )(caught);
    assert.equal(((caught as WbemError).cause as NodeJS.ErrnoException).code, 'EIO');
  });
});
