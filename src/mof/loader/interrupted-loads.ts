/**
 * @module Rolling back the `atomic` loads a previous run of the engine left uncommitted (killed,
 * crashed, or interrupted during its own rollback): each journal entry still present is a load
 * that must leave no trace. Run once at start, before the engine serves anyone.
 */
import { decodeSnapshot } from './load-journal.js';
import type { MofLoadEngine } from './mof-load-target.js';
import { restoreSnapshot } from './namespace-snapshot.js';

/**
 * Replays the rollback of every pending journal entry, oldest last (a later load saw the earlier
 * one's writes, so its snapshot is undone first), removing each entry once it is rolled back.
 * Resolves with the number of loads rolled back.
 * @throws {WbemError} WBEM_E_CRITICAL_ERROR when an entry is damaged; whatever a restoring call
 * throws (the entry stays, and the rollback is replayed at the next start).
 */
export async function rollBackInterruptedLoads(engine: MofLoadEngine): Promise<number> {
  const journal = engine.loadJournal;
  if (journal === undefined) return 0;
  const entries = await journal.pending();
  for (const entry of [...entries].reverse()) {
    await restoreSnapshot(decodeSnapshot(entry), engine);
    await journal.remove(entry.id);
  }
  return entries.length;
}
