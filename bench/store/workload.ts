/**
 * @module The storage benchmark's workload, shared by every engine: one-class change sets of
 * ~1.6 KB encoded records, random read keys, the record codec and the file-size measure.
 */
import { statSync } from 'node:fs';
import { type ChangeSet, createRecordCodec, MemoryClassStore } from '../../src/core.js';
import { changes, richClassRecord } from '../../test/store/store-fixtures.js';

/** The store's own record codec, so every engine stores the same bytes. */
export const codec = createRecordCodec();
export const NS = 'root/bench';
/** Random reads by key per engine run. */
export const READS = 50_000;

export type ClassRecordOf = ChangeSet['putClasses'][number];

export function recordSet(records: number): ChangeSet[] {
  return Array.from({ length: records }, (_, i) =>
    changes({
      putClasses: [richClassRecord(`Bench_Class_${i}`, i === 0 ? null : 'Bench_Class_0')],
    }),
  );
}

export function shuffledNames(records: number, reads: number): string[] {
  return Array.from({ length: reads }, () => `bench_class_${Math.floor(Math.random() * records)}`);
}

export function mib(...files: string[]): number {
  let bytes = 0;
  for (const file of files) bytes += statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  return Math.round((bytes / 1048576) * 10) / 10;
}

/**
 * The load half of an engine run: decode every stored value and apply them, as one change set,
 * to a memory mirror (what the durable store does on reopen).
 */
export function loadMirror(values: Iterable<Buffer>): MemoryClassStore {
  const mirror = new MemoryClassStore();
  const putClasses: ClassRecordOf[] = [];
  for (const value of values) putClasses.push(codec.decode(value) as ClassRecordOf);
  mirror.apply(changes({ putClasses }));
  return mirror;
}
