/**
 * @module Load journals as files in the data directory (`load-journal/<id>.journal`): the durable
 * record an `atomic` MOF load writes before its first change and removes when it commits.
 *
 * Files rather than LMDB records: a journal is written once and removed once per load, by the
 * main thread, while the namespaces' stores are open on the host threads; it is much larger than
 * a record (a snapshot of every namespace the load touches) and never read on the hot path. Each
 * entry is written to a temporary name, synced, renamed into place and the directory synced, so
 * an entry is either whole or absent after a crash; a leftover temporary file is ignored.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WBEM_E_CRITICAL_ERROR } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

/** The journal folder inside a data directory. */
export const LOAD_JOURNAL_DIR = 'load-journal';

const SUFFIX = '.journal';

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function failure(what: string, cause: unknown): WbemError {
  return new WbemError(WBEM_E_CRITICAL_ERROR, {
    message: `${what}: ${(cause as Error).message}`,
    cause,
  });
}

/**
 * The load journal of one data directory; only the engine holding the directory's lock uses it.
 * @throws {WbemError} WBEM_E_CRITICAL_ERROR from every method when the file system refuses.
 */
export class FileLoadJournal {
  readonly #dir: string;
  #sequence = 0;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, LOAD_JOURNAL_DIR);
  }

  /** Writes a new entry and resolves with its id once the entry and its name are on disk. */
  async record(data: Uint8Array): Promise<string> {
    // Time first, so that `pending()` (sorted by name) lists entries oldest first.
    this.#sequence += 1;
    const id = `${Date.now().toString(36).padStart(10, '0')}-${String(this.#sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
    const file = join(this.#dir, `${id}${SUFFIX}`);
    const temporary = `${file}.tmp`;
    try {
      await mkdir(this.#dir, { recursive: true });
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
      await syncPath(this.#dir);
    } catch (cause) {
      await rm(temporary, { force: true }).catch(() => {});
      throw failure(`cannot record the load journal in ${this.#dir}`, cause);
    }
    return id;
  }

  /**
   * Removes an entry (nothing when it is gone, or when the whole folder is: `pending` lists none
   * then either) and syncs the directory.
   */
  async remove(id: string): Promise<void> {
    try {
      await rm(join(this.#dir, `${id}${SUFFIX}`), { force: true });
      await syncPath(this.#dir);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw failure(`cannot remove load journal entry ${id} from ${this.#dir}`, cause);
    }
  }

  /** The entries present, oldest first; none when the folder does not exist. */
  async pending(): Promise<{ id: string; data: Uint8Array }[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw failure(`cannot list the load journal in ${this.#dir}`, cause);
    }
    const entries: { id: string; data: Uint8Array }[] = [];
    for (const name of names.filter((n) => n.endsWith(SUFFIX)).sort()) {
      try {
        entries.push({
          id: name.slice(0, -SUFFIX.length),
          data: await readFile(join(this.#dir, name)),
        });
      } catch (cause) {
        throw failure(`cannot read load journal entry ${name} in ${this.#dir}`, cause);
      }
    }
    return entries;
  }
}
