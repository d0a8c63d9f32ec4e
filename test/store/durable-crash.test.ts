import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { readStoreHeader } from '../../src/store/durable/lmdb-meta.js';
import { currentStamp, readStamp, sameStamp } from '../../src/store/durable/store-stamp.js';
import { crashChangeSet } from './fixtures/crash-change-set.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-store-crash-'));
after(() => rmSync(root, { recursive: true, force: true }));
const writerScript = fileURLToPath(new URL('./fixtures/crash-writer.js', import.meta.url));

/**
 * Runs the writer until it has printed `killAfterLines` acknowledgement lines, SIGKILLs it at once
 * (it is then mid-way through later change sets) and returns the ids it acknowledged.
 */
async function runAndKill(dir: string, start: number, killAfterLines: number): Promise<number[]> {
  const child = spawn(process.execPath, [writerScript, dir, String(start)], {
    env: { ...process.env, WBEMRX_STORE_FIXTURE: 'crash-writer' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: number[] = [];
  let lines = 0;
  let pending = '';
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors += String(chunk);
  });
  child.stdout.on('data', (chunk) => {
    if (lines >= killAfterLines) return;
    pending += String(chunk);
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) {
      if (!line.startsWith('ack ') || lines >= killAfterLines) continue;
      acked.push(...line.slice(4).split(' ').map(Number));
      lines += 1;
      if (lines === killAfterLines) child.kill('SIGKILL');
    }
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await once(child, 'close');
  clearTimeout(guard);
  assert.equal(errors, '', 'writer reported an error');
  assert.equal(lines, killAfterLines, 'the writer was killed before it acknowledged enough');
  return acked;
}

describe('DurableRepository crash safety', () => {
  it('keeps every acknowledged change set whole and no change set half when the writer is SIGKILLed', async () => {
    const dir = join(root, 'crash');
    const acknowledged: number[] = [];
    for (let round = 0; round < 3; round++) {
      acknowledged.push(
        ...(await runAndKill(dir, round * 1_000_000, 1 + Math.floor(Math.random() * 120))),
      );
      // A killed writer leaves no stamp that matches the file: this open verifies it first.
      const file = join(dir, STORE_FILE);
      const header = readStoreHeader(file);
      const stamp = readStamp(file);
      assert.ok(header !== undefined);
      const now = currentStamp(file, header);
      assert.ok(now !== undefined);
      assert.ok(stamp === undefined || !sameStamp(stamp, now), 'no fresh stamp after a kill');
      const repo = new DurableRepository(dir);
      const store = repo.openNamespace('root/crash');
      assert.ok(acknowledged.length > 0, 'the writer acknowledged something');
      for (const n of acknowledged) {
        const expected = crashChangeSet(n);
        for (const record of expected.putClasses) {
          assert.deepEqual(
            store.getClass(record.local.name),
            record,
            `acknowledged class ${record.local.name}`,
          );
        }
        for (const { key, instance } of expected.putInstances) {
          assert.deepEqual(
            store.getInstance(instance.className, key),
            instance,
            `acknowledged instance ${key}`,
          );
        }
      }
      // Whatever else made it to disk (committed, not yet acknowledged) is whole.
      for (const name of store.classNames()) {
        const n = Number(/^(?:K|Pair)(\d+)$/.exec(name)?.[1]);
        assert.ok(Number.isSafeInteger(n), `unexpected class ${name}`);
        const expected = crashChangeSet(n);
        for (const record of expected.putClasses)
          assert.deepEqual(store.getClass(record.local.name), record);
        assert.equal(store.instanceCount(`K${n}`), 1, `instance of K${n}`);
      }
      await repo.close();
    }
  });
});
