/**
 * @module The server's users: names, salted scrypt password hashes, groups and an optional
 * default update mode, kept in one JSON file (`wbemrx users add|remove|list`).
 *
 * Hashes use node:crypto `scrypt` (N=16384, r=8, p=1, 32-byte key, 16-byte random salt) and are
 * compared with `timingSafeEqual`. A check against an unknown user still runs scrypt, against a
 * fixed dummy record, so response time does not tell which names exist. The file is written to a
 * temporary name and renamed, so a crash never leaves half a file, with mode 0600.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WbemError,
} from '../index.js';
import { isUpdateMode, type UpdateMode } from './update-mode.js';

export interface UserRecord {
  readonly name: string;
  /** base64 */
  readonly salt: string;
  /** base64 scrypt output */
  readonly hash: string;
  readonly n: number;
  readonly r: number;
  readonly p: number;
  readonly groups: readonly string[];
  readonly updateMode?: UpdateMode;
}

export interface UsersFile {
  readonly version: 1;
  readonly users: readonly UserRecord[];
}

const KEY_LENGTH = 32;
const COST = { n: 16384, r: 8, p: 1 };
const MAX_NAME = 256;

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

function derive(
  password: string,
  salt: Buffer,
  cost: { n: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      KEY_LENGTH,
      { N: cost.n, r: cost.r, p: cost.p, maxmem: 64 * 1024 * 1024 },
      (err, key) => (err === null ? resolve(key) : reject(err)),
    );
  });
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for an empty, over-long or `:`-holding name. */
export function checkUserName(name: string): string {
  if (
    name.trim() === '' ||
    name.length > MAX_NAME ||
    name.includes(':') ||
    // RFC 7617 §2: a user-id holds no control character (RFC 5234 CTL: %x00-1F and %x7F).
    [...name].some((c) => c < ' ' || c === '\u007f')
  ) {
    throw invalid(
      `'${name.slice(0, 40)}' is not a user name (1-${MAX_NAME} characters, no ':' or control characters)`,
    );
  }
  return name;
}

function checkRecord(value: unknown, file: string): UserRecord {
  const r = value as Record<string, unknown>;
  const ok =
    typeof r === 'object' &&
    r !== null &&
    typeof r['name'] === 'string' &&
    typeof r['salt'] === 'string' &&
    typeof r['hash'] === 'string' &&
    Number.isInteger(r['n']) &&
    Number.isInteger(r['r']) &&
    Number.isInteger(r['p']) &&
    Array.isArray(r['groups']) &&
    (r['groups'] as unknown[]).every((g) => typeof g === 'string') &&
    (r['updateMode'] === undefined || isUpdateMode(r['updateMode']));
  if (!ok) throw invalid(`${file}: malformed user record`);
  return r as unknown as UserRecord;
}

/**
 * Reads a users file; a missing file is an empty one.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a file that is not a users file.
 */
export async function readUsersFile(file: string): Promise<UsersFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, users: [] };
    throw invalid(`${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(`${file} is not JSON`);
  }
  const p = parsed as Record<string, unknown>;
  if (typeof p !== 'object' || p === null || p['version'] !== 1 || !Array.isArray(p['users'])) {
    throw invalid(`${file} is not a wbemrx users file (version 1)`);
  }
  return { version: 1, users: (p['users'] as unknown[]).map((u) => checkRecord(u, file)) };
}

export async function writeUsersFile(file: string, users: UsersFile): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

/** A new record for `name` with a fresh salt. */
export async function makeUserRecord(
  name: string,
  password: string,
  groups: readonly string[] = [],
  updateMode?: UpdateMode,
): Promise<UserRecord> {
  checkUserName(name);
  if (password.length === 0) throw invalid('the password is empty');
  // RFC 7617 §2: a password holds no control character either; a client could not send it.
  if ([...password].some((c) => c < ' ' || c === '\u007f')) {
    throw invalid('the password holds a control character');
  }
  const salt = randomBytes(16);
  const hash = await derive(password, salt, COST);
  return {
    name,
    salt: salt.toString('base64'),
    hash: hash.toString('base64'),
    ...COST,
    groups: [...groups],
    ...(updateMode === undefined ? {} : { updateMode }),
  };
}

/** Adds a user. @throws {WbemError} WBEM_E_ALREADY_EXISTS when the name is taken (any case). */
export function addUser(users: UsersFile, record: UserRecord): UsersFile {
  if (users.users.some((u) => u.name.toLowerCase() === record.name.toLowerCase())) {
    throw new WbemError(WBEM_E_ALREADY_EXISTS, { message: `user ${record.name} already exists` });
  }
  return { version: 1, users: [...users.users, record] };
}

/** Removes a user. @throws {WbemError} WBEM_E_NOT_FOUND when there is none of that name. */
export function removeUser(users: UsersFile, name: string): UsersFile {
  const rest = users.users.filter((u) => u.name.toLowerCase() !== name.toLowerCase());
  if (rest.length === users.users.length)
    throw new WbemError(WBEM_E_NOT_FOUND, { message: `no user ${name}` });
  return { version: 1, users: rest };
}

const DUMMY = { salt: Buffer.alloc(16), hash: Buffer.alloc(KEY_LENGTH) };

/**
 * Checks passwords against a users file's records. The records can be replaced while a server
 * runs (`replace`, done by `watchUsersFile` when the file changes); `version` counts the
 * replacements, so whoever remembers a verified password can tell that it must check again.
 */
export class UserDirectory {
  #users: ReadonlyMap<string, UserRecord>;
  #version = 0;

  constructor(users: UsersFile) {
    this.#users = UserDirectory.#index(users);
  }

  static #index(users: UsersFile): ReadonlyMap<string, UserRecord> {
    return new Map(users.users.map((u) => [u.name.toLowerCase(), u]));
  }

  /** Bumped by every `replace`. */
  get version(): number {
    return this.#version;
  }

  /** Puts `users` in place of the records held; the next check uses them. */
  replace(users: UsersFile): void {
    this.#users = UserDirectory.#index(users);
    this.#version++;
  }

  /** The record of a user, by name in any case. */
  get(name: string): UserRecord | undefined {
    return this.#users.get(name.toLowerCase());
  }

  /** Group name → members, for the engine's `security.groups`. */
  groups(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const u of this.#users.values()) {
      for (const g of u.groups) out.set(g, [...(out.get(g) ?? []), u.name]);
    }
    return out;
  }

  /** The user when `password` is right, else `undefined`; always costs one scrypt. */
  async verify(name: string, password: string): Promise<UserRecord | undefined> {
    const user = this.get(name);
    const salt = user === undefined ? DUMMY.salt : Buffer.from(user.salt, 'base64');
    const expected = user === undefined ? DUMMY.hash : Buffer.from(user.hash, 'base64');
    let actual: Buffer;
    try {
      actual = await derive(password, salt, user ?? COST);
    } catch {
      return undefined;
    }
    const same = actual.length === expected.length && timingSafeEqual(actual, expected);
    return same && user !== undefined ? user : undefined;
  }
}
