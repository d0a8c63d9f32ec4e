import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DurableRepository } from '../../src/store/durable/durable-repository.js';
import { acquireDataDirLock, LOCK_FILE } from '../../src/store/durable/lock.js';
import { WBEM_E_ACCESS_DENIED } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-store-conc-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
function freshDir(): string {
  return join(root, `d${dirs++}`);
}

const holdLockScript = fileURLToPath(new URL('./fixtures/hold-lock.js', import.meta.url));
const writerWorker = new URL('./fixtures/namespace-writer.worker.js', import.meta.url);

function isAccessDenied(...mentions: string[]) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, String(error));
    assert.equal(error.hresult, WBEM_E_ACCESS_DENIED);
    for (const text of mentions)
      assert.ok(error.message.includes(text), `${error.message} names ${text}`);
    return true;
  };
}

/** Starts a child process holding the lock of `dir`; resolves once it holds it. */
async function lockHolder(dir: string): Promise<{ child: ChildProcess; pid: number }> {
  const child = spawn(process.execPath, [holdLockScript, dir], {
    env: { ...process.env, WBEMRX_STORE_FIXTURE: 'hold-lock' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of child.stdout ?? []) {
    out += String(chunk);
    if (out.includes('\n')) break;
  }
  const match = /^locked (\d+)/.exec(out);
  assert.ok(match, `child did not take the lock: ${out}`);
  return { child, pid: Number(match[1]) };
}

describe('acquireDataDirLock', () => {
  it('fails with WBEM_E_ACCESS_DENIED naming the directory and pid when this process already holds the lock', () => {
    const dir = freshDir();
    const lock = acquireDataDirLock(dir);
    assert.throws(() => acquireDataDirLock(dir), isAccessDenied(dir, String(process.pid)));
    lock.release();
    acquireDataDirLock(dir).release();
  });

  it('fails with WBEM_E_ACCESS_DENIED naming the child pid when another process holds the lock', async () => {
    const dir = freshDir();
    const { child, pid } = await lockHolder(dir);
    try {
      assert.throws(() => acquireDataDirLock(dir), isAccessDenied(dir, `pid ${pid}`));
    } finally {
      child.stdin?.end();
      await once(child, 'exit');
    }
    acquireDataDirLock(dir).release();
  });

  it('takes over a stale lock when the owning process was killed', async () => {
    const dir = freshDir();
    const { child, pid } = await lockHolder(dir);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const lock = acquireDataDirLock(dir);
    assert.notEqual(pid, process.pid);
    lock.release();
  });

  it('takes over a lock file that names no pid', () => {
    const dir = freshDir();
    acquireDataDirLock(dir).release();
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    const lock = acquireDataDirLock(dir);
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), `${process.pid}\n`);
    lock.release();
    assert.equal(existsSync(join(dir, LOCK_FILE)), false);
  });
});

describe('DurableRepository across worker threads', () => {
  const cases = [
    { desc: 'the main thread has the directory open', mainFirst: true },
    { desc: 'the workers create the directory at once', mainFirst: false },
  ];
  for (const { desc, mainFirst } of cases) {
    it(`keeps every namespace written by workers on one directory when ${desc}`, async () => {
      const dir = freshDir();
      const namespaces = ['root/a', 'root/b', 'root/c'];
      const classes = 150;
      // The engine's main thread holds the lock; its workers open the repository without it.
      const lock = acquireDataDirLock(dir);
      let repo = mainFirst ? new DurableRepository(dir) : undefined;
      const results = await Promise.all(
        namespaces.map(async (namespace) => {
          const worker = new Worker(writerWorker, { workerData: { dir, namespace, classes } });
          const [reply] = (await once(worker, 'message')) as [
            { ok: boolean; count?: number; message?: string },
          ];
          await worker.terminate();
          return reply;
        }),
      );
      for (const reply of results) assert.deepEqual(reply, { ok: true, count: classes });
      repo ??= new DurableRepository(dir);
      assert.deepEqual(repo.listNamespaces().sort(), namespaces);
      for (const namespace of namespaces) {
        const store = repo.openNamespace(namespace);
        assert.equal(store.classCount(), classes);
        const prefix = namespace.replace('/', '_');
        assert.equal(store.instanceCount(`${prefix}_${classes - 1}`), 1);
      }
      await repo.close();
      lock.release();
    });
  }
});
