/**
 * @module Keeps a `UserDirectory` in step with its users file while a server runs, so that
 * `wbemrx users add|remove` and password changes apply to the next request without a restart.
 *
 * The directory holding the file is watched, not the file: `writeUsersFile` writes a temporary
 * file and renames it over the old one, and a watch on the old file would end with it. Events come
 * in bursts (create, rename, change), so the file is read once they settle. A file that cannot be
 * read or is not a users file (a hand edit half saved) leaves the records as they were, and is
 * reported through `log`; the next good write applies. Groups are the engine's security options,
 * read when it starts: a reload changes who can log in and with which password, not their groups.
 */
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { readUsersFile, type UserDirectory } from './user-store.js';

/** Events closer together than this are one change. */
const SETTLE_MS = 20;

export interface UsersFileWatch {
  close(): void;
}

/**
 * Watches `file` and replaces `users`' records whenever it changes.
 * @throws {Error} when the file's directory cannot be watched (it does not exist).
 */
export function watchUsersFile(
  file: string,
  users: UserDirectory,
  log: (message: string) => void = (m) => process.emitWarning(m),
): UsersFileWatch {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const reload = async (): Promise<void> => {
    timer = undefined;
    try {
      const records = await readUsersFile(file);
      if (!closed) users.replace(records);
    } catch (error) {
      log(
        `users file ${file} was not reloaded: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  const watcher: FSWatcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
    if (closed || (changed !== null && changed !== name)) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void reload(), SETTLE_MS);
  });
  watcher.on('error', (error) => log(`users file ${file} is no longer watched: ${error.message}`));
  return {
    close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
    },
  };
}
