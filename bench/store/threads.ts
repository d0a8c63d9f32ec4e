/**
 * @module The threaded run of the storage benchmark: several worker threads, each owning one
 * namespace of one data directory, applying and group-committing at once. This file is also the
 * worker's entry point (it re-enters itself with a `WriterJob` as `workerData`).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type ChangeSet, DurableRepository } from '../../src/core.js';
import { recordSet } from './workload.js';

interface WriterJob {
  readonly storeBenchWriter: true;
  readonly dir: string;
  readonly namespace: string;
  readonly records: number;
  readonly batch: number;
  readonly overlappingSync: boolean;
}

/**
 * One worker thread's share of the threaded run: its own repository, its own namespace. It
 * prepares, reports `ready`, and writes on `go`, so thread start-up stays out of the figure.
 */
async function writerThread(job: WriterJob, port: NonNullable<typeof parentPort>): Promise<void> {
  const repo = new DurableRepository(job.dir, { overlappingSync: job.overlappingSync });
  const store = repo.openNamespace(job.namespace);
  const sets = recordSet(job.records);
  port.postMessage('ready');
  await new Promise((resolve) => port.once('message', resolve));
  for (let at = 0; at < sets.length; at += job.batch) {
    for (let i = at; i < Math.min(at + job.batch, sets.length); i++)
      store.apply(sets[i] as ChangeSet);
    await store.flush();
  }
  await repo.close();
  port.postMessage('done');
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** @returns applies per second summed over `threads` writers of `records` records each. */
export async function benchThreads(
  dir: string,
  threads: number,
  records: number,
  batch: number,
  overlappingSync: boolean,
): Promise<number> {
  const workers = Array.from({ length: threads }, (_, i) => {
    const job: WriterJob = {
      storeBenchWriter: true,
      dir,
      namespace: `root/t${i}`,
      records,
      batch,
      overlappingSync,
    };
    return new Worker(new URL(import.meta.url), { workerData: job, execArgv: [] });
  });
  try {
    await Promise.all(workers.map(nextMessage));
    const started = performance.now();
    const done = Promise.all(workers.map(nextMessage));
    for (const worker of workers) worker.postMessage('go');
    await done;
    return Math.round((threads * records) / ((performance.now() - started) / 1000));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

const job = workerData as Partial<WriterJob> | null;
if (!isMainThread && job?.storeBenchWriter === true && parentPort !== null) {
  await writerThread(job as WriterJob, parentPort);
}
