/**
 * @module A realistic store to damage (several namespaces, instances, metadata, a record larger
 * than a page so overflow pages exist, deletions so the free-page tree is not empty), and the
 * helpers the integrity tests use to damage a copy of it.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableRepository, STORE_FILE } from '../../src/store/durable/durable-repository.js';
import { CIM_STRING } from '../../src/wbem/cim-type.js';
import { changes, classRecord, instanceRecord, property } from './store-fixtures.js';

/** Builds the store once into a fresh directory and returns that directory. */
export async function buildPristineStore(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wbemrx-pristine-'));
  const repo = new DurableRepository(dir);
  for (const path of ['root', 'root/cimv2', 'root/other']) {
    const ns = repo.openNamespace(path);
    for (let i = 0; i < 120; i++) {
      ns.apply(
        changes({
          putClasses: [classRecord(`Cls_${i}`, i === 0 ? null : 'Cls_0')],
          putInstances: [instanceRecord(`Cls_${i}`, i)],
        }),
      );
    }
    const big = classRecord('Big', null, [property('Blob', CIM_STRING, 'x'.repeat(40_000))]);
    ns.apply(changes({ putClasses: [big] }));
    await ns.flush();
    for (let i = 100; i < 120; i++) ns.apply(changes({ deleteClasses: [`Cls_${i}`] }));
    await ns.flush();
  }
  await repo.writeMeta('root', 'sd', 'O:BAG:BAD:(A;;0x3f;;;WD)');
  await repo.close();
  return dir;
}

/** Copies the pristine store's database (and its stamp) into a fresh directory. */
export function copyStore(pristine: string, into: string): string {
  cpSync(pristine, into, { recursive: true });
  return join(into, STORE_FILE);
}

export function bytesOf(file: string): Buffer {
  return readFileSync(file);
}

/** Overwrites `bytes.length` bytes of `file` at `offset` (the file keeps its size). */
export function overwrite(file: string, offset: number, bytes: Buffer): void {
  const content = readFileSync(file);
  bytes.copy(content, offset, 0, Math.min(bytes.length, content.length - offset));
  writeFileSync(file, content);
}

/** The page size and page count of a store file. */
export function pagesOf(file: string): { pageSize: number; pages: number } {
  const content = readFileSync(file);
  const pageSize = content.readUInt32LE(48);
  return { pageSize, pages: Math.floor(content.length / pageSize) };
}

/** Page number of the free-page tree's root and of the main tree's root, per the newest meta. */
export function treeRoots(file: string): { free: number; main: number } {
  const content = readFileSync(file);
  const pageSize = content.readUInt32LE(48);
  const metas = [0, pageSize].map((at) => ({
    txn: content.readBigUInt64LE(at + 152),
    free: Number(content.readBigUInt64LE(at + 88)),
    main: Number(content.readBigUInt64LE(at + 136)),
  }));
  const [a, b] = metas as [(typeof metas)[0], (typeof metas)[0]];
  const newest = a.txn >= b.txn ? a : b;
  return { free: newest.free, main: newest.main };
}
