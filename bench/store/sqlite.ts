/**
 * @module One better-sqlite3 run of the storage benchmark (WAL, `synchronous = FULL`): durable
 * batch writes in transactions, random reads, reopen and load. The module is a dev dependency,
 * loaded by name so the benchmark still runs (without this row) where it is missing.
 */
import { join } from 'node:path';
import type { ChangeSet } from '../../src/core.js';
import type { EngineTimings } from './figures.js';
import { codec, loadMirror, mib, NS, READS, shuffledNames } from './workload.js';

interface SqliteStatement {
  run(...args: unknown[]): unknown;
  get(...args: unknown[]): { value: Buffer } | undefined;
  all(...args: unknown[]): { value: Buffer }[];
}
interface SqliteDatabase {
  pragma(text: string): unknown;
  exec(text: string): unknown;
  prepare(text: string): SqliteStatement;
  transaction<T extends unknown[]>(fn: (...args: T) => void): (...args: T) => void;
  close(): void;
}
type SqliteConstructor = new (file: string) => SqliteDatabase;

/** @returns `undefined` when better-sqlite3 is not installed. */
export async function benchSqlite(
  dir: string,
  sets: ChangeSet[],
  batch: number,
): Promise<EngineTimings | undefined> {
  const moduleName = 'better-sqlite3';
  let Database: SqliteConstructor;
  try {
    Database = ((await import(moduleName)) as { default: SqliteConstructor }).default;
  } catch {
    return undefined;
  }
  const file = join(dir, 'sqlite.db');
  const openDb = () => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(
      'CREATE TABLE IF NOT EXISTS records (ns TEXT, family TEXT, name TEXT, value BLOB, PRIMARY KEY (ns, family, name)) WITHOUT ROWID',
    );
    return db;
  };
  let db = openDb();
  const insert = db.prepare('INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)');
  const writeBatch = db.transaction((rows: [string, Buffer][]) => {
    for (const [name, value] of rows) insert.run(NS, 'c', name, value);
  });
  const rows = sets.map((set): [string, Buffer] => [
    set.putClasses[0]?.local.name.toLowerCase() ?? '',
    codec.encode(set.putClasses[0]),
  ]);
  let started = performance.now();
  for (let at = 0; at < rows.length; at += batch) writeBatch(rows.slice(at, at + batch));
  const writeMs = performance.now() - started;
  const select = db.prepare('SELECT value FROM records WHERE ns = ? AND family = ? AND name = ?');
  const names = shuffledNames(sets.length, READS);
  started = performance.now();
  for (const name of names) codec.decode((select.get(NS, 'c', name) as { value: Buffer }).value);
  const readMs = performance.now() - started;
  db.close();
  started = performance.now();
  db = openDb();
  loadMirror(
    db
      .prepare('SELECT value FROM records WHERE ns = ?')
      .all(NS)
      .map((row) => row.value),
  );
  const loadMs = performance.now() - started;
  db.close();
  const engine = 'better-sqlite3 12 (WAL, synchronous=FULL)';
  const fileMiB = mib(file, `${file}-wal`);
  return { engine, writeMs, readMs, loadMs, fileMiB };
}
