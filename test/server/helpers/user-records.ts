/**
 * A user record without a password hash (empty salt and hash, the smallest scrypt parameters),
 * for tests whose user directory checks passwords its own way or not at all.
 */
import type { UserRecord } from '../../../src/server/user-store.js';

export function unhashedUser(name: string, groups: string[] = []): UserRecord {
  return { name, salt: '', hash: '', n: 2, r: 1, p: 1, groups };
}
