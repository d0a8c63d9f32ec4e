/**
 * @module Storage benchmark: the embedded databases compared for the durable store (lmdb and
 * better-sqlite3) on its workload, plus the stores themselves.
 *
 * Workload: ClassRecords of ~1.6 KB encoded, written in group-committed batches (one durable
 * commit per batch), read back by key at random, and loaded whole on reopen. Both databases run
 * durable: lmdb with sync on commit (with and without `overlappingSync`), SQLite in WAL mode with
 * `synchronous = FULL`. Values use the store's own record codec for both.
 *
 * Run: `node build/bench/store.bench.js` (prints a table and the figures as JSON).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { open } from 'lmdb';
import type { ChangeSet } from '../src/model/change-set.js';
import { DurableRepository, PAGE_SIZE } from '../src/store/durable/durable-repository.js';
import { storeKey } from '../src/store/durable/keys.js';
import { createRecordCodec } from '../src/store/durable/record-codec.js';
import { MemoryClassStore } from '../src/store/memory-class-store.js';
import { changes, richClassRecord } from '../test/store/store-fixtures.js';

export interface EngineFigures {
  readonly engine: string;
  /** Records committed durably per second, in batches of `batch`. */
  readonly writesPerSec: number;
  /** Mean time of one durable batch commit. */
  readonly msPerBatch: number;
  /** Random reads by key (with decoding) per second. */
  readonly readsPerSec: number;
  /** Open and load every record (decoded, into a memory mirror). */
  readonly loadMs: number;
  readonly fileMiB: number;
}

export interface StoreFigures {
  readonly date: string;
  readonly machine: string;
  readonly records: number;
  readonly recordBytes: number;
  readonly batch: number;
  readonly engines: readonly EngineFigures[];
  /** `MemoryClassStore.apply` of one-class change sets per second. */
  readonly memoryAppliesPerSec: number;
  /** `DurableClassStore.apply` per second, flushed once at the end (mirror + queued writes). */
  readonly durableAppliesPerSec: number;
  /** `DurableClassStore` applies per second with a `flush()` after every `batch` applies. */
  readonly durableGroupCommitPerSec: number;
  /** `DurableRepository` open + `openNamespace` of all records. */
  readonly durableLoadMs: number;
  /**
   * Applies per second summed over `threads` worker threads, each owning one namespace of one
   * data directory and flushing every `batch` applies, by sync mode.
   */
  readonly threaded: readonly {
    readonly mode: string;
    readonly threads: number;
    readonly appliesPerSec: number;
  }[];
}

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

const codec = createRecordCodec();
const NS = 'root/bench';

function recordSet(records: number): ChangeSet[] {
  return Array.from({ length: records }, (_, i) =>
    changes({
      putClasses: [richClassRecord(`Bench_Class_${i}`, i === 0 ? null : 'Bench_Class_0')],
    }),
  );
}

function shuffledNames(records: number, reads: number): string[] {
  return Array.from({ length: reads }, () => `bench_class_${Math.floor(Math.random() * records)}`);
}

function mib(...files: string[]): number {
  let bytes = 0;
  for (const file of files) bytes += statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  return Math.round((bytes / 1048576) * 10) / 10;
}

async function benchLmdb(
  dir: string,
  sets: ChangeSet[],
  batch: number,
  overlappingSync: boolean,
  pageSize = PAGE_SIZE,
): Promise<EngineFigures> {
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
  const names = shuffledNames(sets.length, 50_000);
  started = performance.now();
  for (const name of names) codec.decode(db.getBinary(storeKey(NS, 'c', name)) as Buffer);
  const readMs = performance.now() - started;
  await db.close();
  started = performance.now();
  db = openDb();
  const mirror = new MemoryClassStore();
  const putClasses = [];
  for (const { value } of db.getRange({}))
    putClasses.push(codec.decode(value) as ChangeSet['putClasses'][number]);
  mirror.apply(changes({ putClasses }));
  const loadMs = performance.now() - started;
  await db.close();
  return {
    engine: `lmdb 3.5.6 (${overlappingSync ? 'overlappingSync' : 'sync in commit'}, ${pageSize / 1024} KB pages)`,
    writesPerSec: Math.round(sets.length / (writeMs / 1000)),
    msPerBatch: Math.round((writeMs / Math.ceil(sets.length / batch)) * 100) / 100,
    readsPerSec: Math.round(names.length / (readMs / 1000)),
    loadMs: Math.round(loadMs),
    fileMiB: mib(file),
  };
}

async function benchSqlite(
  dir: string,
  sets: ChangeSet[],
  batch: number,
): Promise<EngineFigures | undefined> {
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
  const names = shuffledNames(sets.length, 50_000);
  started = performance.now();
  for (const name of names) codec.decode((select.get(NS, 'c', name) as { value: Buffer }).value);
  const readMs = performance.now() - started;
  db.close();
  started = performance.now();
  db = openDb();
  const mirror = new MemoryClassStore();
  const putClasses = db
    .prepare('SELECT value FROM records WHERE ns = ?')
    .all(NS)
    .map((row) => codec.decode(row.value) as ChangeSet['putClasses'][number]);
  mirror.apply(changes({ putClasses }));
  const loadMs = performance.now() - started;
  db.close();
  return {
    engine: 'better-sqlite3 12 (WAL, synchronous=FULL)',
    writesPerSec: Math.round(sets.length / (writeMs / 1000)),
    msPerBatch: Math.round((writeMs / Math.ceil(sets.length / batch)) * 100) / 100,
    readsPerSec: Math.round(names.length / (readMs / 1000)),
    loadMs: Math.round(loadMs),
    fileMiB: mib(file, `${file}-wal`),
  };
}

async function benchStores(dir: string, sets: ChangeSet[], batch: number) {
  const memory = new MemoryClassStore();
  let started = performance.now();
  for (const set of sets) memory.apply(set);
  const memoryAppliesPerSec = Math.round(sets.length / ((performance.now() - started) / 1000));

  let repo = new DurableRepository(join(dir, 'store-once'));
  let store = repo.openNamespace(NS);
  started = performance.now();
  for (const set of sets) store.apply(set);
  const applyMs = performance.now() - started;
  await store.flush();
  await repo.close();

  repo = new DurableRepository(join(dir, 'store-group'));
  store = repo.openNamespace(NS);
  started = performance.now();
  for (let at = 0; at < sets.length; at += batch) {
    for (let i = at; i < Math.min(at + batch, sets.length); i++) store.apply(sets[i] as ChangeSet);
    await store.flush();
  }
  const groupMs = performance.now() - started;
  await repo.close();

  started = performance.now();
  repo = new DurableRepository(join(dir, 'store-group'));
  store = repo.openNamespace(NS);
  const durableLoadMs = Math.round(performance.now() - started);
  if (store.classCount() !== sets.length) throw new Error('durable store lost records');
  await repo.close();
  return {
    memoryAppliesPerSec,
    durableAppliesPerSec: Math.round(sets.length / (applyMs / 1000)),
    durableGroupCommitPerSec: Math.round(sets.length / (groupMs / 1000)),
    durableLoadMs,
  };
}

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

async function benchThreads(
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

/**
 * The best of several rounds, metric by metric: the machine this runs on is shared, and the
 * best round is the one least disturbed by neighbours.
 */
function bestOf(rounds: readonly EngineFigures[]): EngineFigures | undefined {
  const [first] = rounds;
  if (first === undefined) return undefined;
  return {
    engine: first.engine,
    writesPerSec: Math.max(...rounds.map((r) => r.writesPerSec)),
    msPerBatch: Math.min(...rounds.map((r) => r.msPerBatch)),
    readsPerSec: Math.max(...rounds.map((r) => r.readsPerSec)),
    loadMs: Math.min(...rounds.map((r) => r.loadMs)),
    fileMiB: first.fileMiB,
  };
}

/** Runs the storage benchmark (each engine `rounds` times, best kept) and returns its figures. */
export async function run(
  options: { records?: number; batch?: number; rounds?: number } = {},
): Promise<StoreFigures> {
  const records = options.records ?? 20_000;
  const batch = options.batch ?? 100;
  const rounds = options.rounds ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'wbemrx-store-bench-'));
  try {
    const sets = recordSet(records);
    // A small discarded round first, so no engine pays for the JIT warming up the shared code.
    const warmDir = join(dir, 'warm');
    mkdirSync(warmDir);
    const warm = sets.slice(0, Math.min(2000, records));
    await benchLmdb(warmDir, warm, batch, true);
    await benchLmdb(warmDir, warm, batch, false);
    await benchSqlite(warmDir, warm, batch);
    const engines: EngineFigures[] = [];
    const variants: [string, (roundDir: string) => Promise<EngineFigures | undefined>][] = [
      ['lmdb-overlapping', (d) => benchLmdb(d, sets, batch, true)],
      ['lmdb-sync', (d) => benchLmdb(d, sets, batch, false)],
      ['lmdb-4k', (d) => benchLmdb(d, sets, batch, true, 4096)],
      ['sqlite', (d) => benchSqlite(d, sets, batch)],
    ];
    // Rounds interleave the engines, so a burst of load from neighbours hits them alike.
    const measured = new Map<string, EngineFigures[]>(variants.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [name, measure] of variants) {
        const roundDir = join(dir, `${name}-${round}`);
        mkdirSync(roundDir);
        const figures = await measure(roundDir);
        rmSync(roundDir, { recursive: true, force: true });
        if (figures !== undefined) measured.get(name)?.push(figures);
      }
    }
    for (const [name] of variants) {
      const best = bestOf(measured.get(name) ?? []);
      if (best !== undefined) engines.push(best);
    }
    const storeRounds = [];
    for (let round = 0; round < rounds; round++) {
      const roundDir = join(dir, `stores-${round}`);
      mkdirSync(roundDir);
      storeRounds.push(await benchStores(roundDir, sets, batch));
      rmSync(roundDir, { recursive: true, force: true });
    }
    const threaded = [];
    for (const overlappingSync of [true, false]) {
      let best = 0;
      for (let round = 0; round < rounds; round++) {
        const roundDir = join(dir, `threads-${overlappingSync}-${round}`);
        best = Math.max(
          best,
          await benchThreads(roundDir, 2, Math.ceil(records / 4), batch, overlappingSync),
        );
        rmSync(roundDir, { recursive: true, force: true });
      }
      threaded.push({
        mode: overlappingSync ? 'overlappingSync' : 'sync in commit',
        threads: 2,
        appliesPerSec: best,
      });
    }
    const stores = {
      memoryAppliesPerSec: Math.max(...storeRounds.map((r) => r.memoryAppliesPerSec)),
      durableAppliesPerSec: Math.max(...storeRounds.map((r) => r.durableAppliesPerSec)),
      durableGroupCommitPerSec: Math.max(...storeRounds.map((r) => r.durableGroupCommitPerSec)),
      durableLoadMs: Math.min(...storeRounds.map((r) => r.durableLoadMs)),
    };
    return {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${process.platform}`,
      records,
      recordBytes: codec.encode(sets[1]?.putClasses[0]).length,
      batch,
      engines,
      ...stores,
      threaded,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const job = workerData as Partial<WriterJob> | null;
if (!isMainThread && job?.storeBenchWriter === true && parentPort !== null) {
  await writerThread(job as WriterJob, parentPort);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await run();
  console.table(figures.engines);
  console.log(JSON.stringify(figures, null, 2));
}
