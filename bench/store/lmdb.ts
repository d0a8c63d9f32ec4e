/**
 * @module One lmdb run of the storage benchmark: durable batch writes, random reads, reopen and
 * load, with or without `overlappingSync` and at a given page size.
 */
import { join } from 'node:path';
import { open } from 'lmdb';
import { type ChangeSet, PAGE_SIZE, storeKey } from '../../src/core.js';
import type { EngineTimings } from './figures.js';
import { codec, loadMirror, mib, NS, READS, shuffledNames } from './workload.js';

export async function benchLmdb(
  dir: string,
  sets: ChangeSet[],
  batch: number,
  overlappingSync: boolean,
  pageSize = PAGE_SIZE,
): Promise<EngineTimings> {
  const file = join(dir, `lmdb-${overlappingSync}-${pageSize}.mdb`);
  const openDb = () =>
    open<Buffer, Buffer>({
      path: file,
      noSubdir: true,
      encoding: 'binary',
      keyEncoding: 'binary',
      overlappingSync,
      pageSize,
    });
  let db = openDb();
  const values = sets.map((set) => codec.encode(set.putClasses[0]));
  const keys = sets.map((set) =>
    storeKey(NS, 'c', set.putClasses[0]?.local.name.toLowerCase() ?? ''),
  );
  let started = performance.now();
  for (let at = 0; at < sets.length; at += batch) {
    let last: Promise<unknown> = Promise.resolve();
    for (let i = at; i < Math.min(at + batch, sets.length); i++)
      last = db.put(keys[i] as Buffer, values[i] as Buffer);
    await last;
    await db.flushed;
  }
  const writeMs = performance.now() - started;
  const names = shuffledNames(sets.length, READS);
  started = performance.now();
  for (const name of names) codec.decode(db.getBinary(storeKey(NS, 'c', name)) as Buffer);
  const readMs = performance.now() - started;
  await db.close();
  started = performance.now();
  db = openDb();
  loadMirror(db.getRange({}).map(({ value }) => value));
  const loadMs = performance.now() - started;
  await db.close();
  const engine = `lmdb 3.5.6 (${overlappingSync ? 'overlappingSync' : 'sync in commit'}, ${pageSize / 1024} KB pages)`;
  const fileMiB = mib(file);
  return { engine, writeMs, readMs, loadMs, fileMiB };
}
