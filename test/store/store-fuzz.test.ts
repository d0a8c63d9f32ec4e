import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  WBEM_E_CRITICAL_ERROR,
  WBEM_E_DATABASE_VER_MISMATCH,
  WBEM_E_INITIALIZATION_FAILURE,
} from '../../src/wbem/status.js';
import { buildPristineStore, bytesOf, copyStore, overwrite, pagesOf } from './damage-fixtures.js';

const openStoreScript = fileURLToPath(new URL('./fixtures/open-store.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'wbemrx-fuzz-'));
let pristine = '';
let size = 0;
let pageSize = 0;
let pages = 0;
before(async () => {
  pristine = await buildPristineStore();
  const file = join(pristine, 'store.mdb');
  size = bytesOf(file).length;
  ({ pageSize, pages } = pagesOf(file));
});
after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(pristine, { recursive: true, force: true });
});

/** Damage as fractions of the file, so one arbitrary fits whatever size the store has. */
type Damage =
  | { kind: 'bytes'; at: number; bytes: Uint8Array }
  | { kind: 'truncate'; at: number }
  | { kind: 'page'; page: number; fill: 'random' | 'zero' | 'copy'; from: number; seed: Uint8Array }
  | { kind: 'meta'; page: 0 | 1; at: number; bytes: Uint8Array };

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fraction,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({
    kind: fc.constant('page' as const),
    page: fraction,
    fill: fc.constantFrom('random' as const, 'zero' as const, 'copy' as const),
    from: fraction,
    seed: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  }),
  fc.record({
    kind: fc.constant('meta' as const),
    page: fc.constantFrom(0 as const, 1 as const),
    at: fc.integer({ min: 0, max: 175 }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
);

function apply(file: string, d: Damage): void {
  switch (d.kind) {
    case 'bytes':
      overwrite(file, Math.floor(d.at * size), Buffer.from(d.bytes));
      return;
    case 'truncate':
      truncateSync(file, Math.floor(d.at * size));
      return;
    case 'meta':
      overwrite(file, d.page * pageSize + d.at, Buffer.from(d.bytes));
      return;
    case 'page': {
      const page = Math.floor(d.page * pages);
      let fill: Buffer;
      if (d.fill === 'zero') fill = Buffer.alloc(pageSize);
      else if (d.fill === 'copy') {
        const from = Math.floor(d.from * pages);
        fill = bytesOf(file).subarray(from * pageSize, (from + 1) * pageSize);
      } else {
        fill = Buffer.alloc(pageSize);
        for (let i = 0; i < pageSize; i++) fill[i] = (d.seed[i % 16] ?? 0) ^ ((i * 131) & 0xff);
      }
      overwrite(file, page * pageSize, fill);
      return;
    }
  }
}

interface Outcome {
  readonly ok: boolean;
  readonly hresult?: number | null;
  readonly message?: string;
}

/** Opens the directory in a child process, as an engine would, and returns what it reported. */
function openInChild(dir: string, mode: 'read' | 'write'): Outcome {
  const child = spawnSync(process.execPath, [openStoreScript, dir, mode], {
    env: { ...process.env, WBEMRX_STORE_FIXTURE: 'open-store' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(child.signal, null, `the engine process died: ${child.signal}\n${child.stderr}`);
  assert.equal(child.status, 0, `the engine process exited ${child.status}\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Outcome;
}

const CLEAN_FAILURES: readonly number[] = [
  WBEM_E_CRITICAL_ERROR,
  WBEM_E_INITIALIZATION_FAILURE,
  WBEM_E_DATABASE_VER_MISMATCH,
];

let runs = 0;
describe('DurableRepository under random damage', () => {
  it('exits cleanly with a WbemError and leaves the file untouched when the store is damaged at random', () => {
    fc.assert(
      fc.property(damage, (d) => {
        const dir = join(root, `f${runs++}`);
        const file = copyStore(pristine, dir);
        apply(file, d);
        const bytes = bytesOf(file);
        const read = openInChild(dir, 'read');
        assert.deepEqual(bytesOf(file), bytes, 'the damaged file was modified');
        if (read.ok) {
          // Damage the checks let through (an unused page) must not hurt a write either.
          const write = openInChild(dir, 'write');
          assert.ok(write.ok || CLEAN_FAILURES.includes(write.hresult ?? 0), write.message);
        } else {
          assert.ok(
            CLEAN_FAILURES.includes(read.hresult ?? 0),
            `not a clean WbemError: ${read.message}`,
          );
          assert.ok(read.message?.includes(file), `${read.message} names ${file}`);
        }
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 30 },
    );
  });
});
