import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
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

/** A child process that opens the directories it is sent, one at a time, as an engine would. */
interface Opener {
  /** Resolves with what the child reported; rejects when it died (a crash) or hung. */
  open(dir: string, mode: 'read' | 'write'): Promise<Outcome>;
  readonly alive: () => boolean;
  /** Ends the child's input and resolves once it has exited. */
  close(): Promise<void>;
}

/**
 * Starts the opener. One process serves every open of a run (a Node start per open was most of
 * the test's time); damage that kills it fails the property at that damage, and the next open
 * (fast-check shrinking it) starts a fresh one.
 */
function startOpener(): Opener {
  const child = spawn(process.execPath, [openStoreScript, '--serve'], {
    env: { ...process.env, WBEMRX_STORE_FIXTURE: 'open-store' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let ended: Error | undefined;
  let waiting: ((reply: string | Error) => void) | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => waiting?.(line));
  const closed = new Promise<void>((resolve) => {
    // 'close', not 'exit': the lines it wrote before dying are read first.
    child.on('close', (code, signal) => {
      ended = new Error(`the engine process died: ${signal ?? `exit ${code}`}\n${stderr}`);
      waiting?.(ended);
      resolve();
    });
  });
  return {
    open(dir, mode) {
      if (ended !== undefined) return Promise.reject(ended);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        waiting = (reply) => {
          clearTimeout(timer);
          waiting = undefined;
          if (reply instanceof Error) reject(reply);
          else resolve(JSON.parse(reply) as Outcome);
        };
        child.stdin.write(`${JSON.stringify({ dir, mode })}\n`);
      });
    },
    alive: () => ended === undefined,
    close() {
      child.stdin.end();
      return closed;
    },
  };
}

const CLEAN_FAILURES: readonly number[] = [
  WBEM_E_CRITICAL_ERROR,
  WBEM_E_INITIALIZATION_FAILURE,
  WBEM_E_DATABASE_VER_MISMATCH,
];

let runs = 0;
describe('DurableRepository under random damage', () => {
  let opener: Opener | undefined;
  after(() => opener?.close());

  it('exits cleanly with a WbemError and leaves the file untouched when the store is damaged at random', async () => {
    const openInChild = (dir: string, mode: 'read' | 'write'): Promise<Outcome> => {
      if (opener === undefined || !opener.alive()) opener = startOpener();
      return opener.open(dir, mode);
    };
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const dir = join(root, `f${runs++}`);
        const file = copyStore(pristine, dir);
        apply(file, d);
        const bytes = bytesOf(file);
        const read = await openInChild(dir, 'read');
        assert.deepEqual(bytesOf(file), bytes, 'the damaged file was modified');
        if (read.ok) {
          // Damage the checks let through (an unused page) must not hurt a write either.
          const write = await openInChild(dir, 'write');
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
