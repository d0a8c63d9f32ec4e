/**
 * @module Storage benchmark: the embedded databases compared for the durable store (lmdb and
 * better-sqlite3) on its workload, plus the stores themselves.
 *
 * Workload: ClassRecords of ~1.6 KB encoded, written in group-committed batches (one durable
 * commit per batch), read back by key at random, and loaded whole on reopen. Both databases run
 * durable: lmdb with sync on commit (with and without `overlappingSync`), SQLite in WAL mode with
 * `synchronous = FULL`. Values use the store's own record codec for both. The engine runs live
 * in `bench/store/`; this file schedules the rounds and keeps the best.
 *
 * Run: `node build/bench/store.bench.js` (prints a table and the figures as JSON).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  bestOf,
  type EngineFigures,
  type EngineTimings,
  engineFigures,
  type StoreFigures,
} from './store/figures.js';
import { benchLmdb } from './store/lmdb.js';
import { benchSqlite } from './store/sqlite.js';
import { benchStores, bestStores, type StoresFigures } from './store/stores.js';
import { benchThreads } from './store/threads.js';
import { codec, READS, recordSet } from './store/workload.js';

export type { EngineFigures, StoreFigures } from './store/figures.js';

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
    const variants: [string, (roundDir: string) => Promise<EngineTimings | undefined>][] = [
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
        const timings = await measure(roundDir);
        rmSync(roundDir, { recursive: true, force: true });
        if (timings !== undefined) {
          measured.get(name)?.push(engineFigures(timings, records, batch, READS));
        }
      }
    }
    for (const [name] of variants) {
      const best = bestOf(measured.get(name) ?? []);
      if (best !== undefined) engines.push(best);
    }
    const storeRounds: StoresFigures[] = [];
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
    return {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${process.platform}`,
      records,
      recordBytes: codec.encode(sets[1]?.putClasses[0]).length,
      batch,
      engines,
      ...bestStores(storeRounds),
      threaded,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await run();
  console.table(figures.engines);
  console.log(JSON.stringify(figures, null, 2));
}
