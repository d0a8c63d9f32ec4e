/**
 * @module HTTP Basic authentication of CIM-XML requests against a `UserDirectory`.
 *
 * scrypt is deliberately slow (tens of ms), and WBEM clients send the same credentials with every
 * request of a keep-alive session, so a verified credential is remembered at two levels:
 * - per connection, keyed by the exact `Authorization` header: the next request on the same
 *   connection with the same header costs one string comparison. The header is held only as
 *   long as the connection (a `WeakMap` on the socket), which holds it anyway;
 * - across connections, keyed by the user name and an HMAC of the password under a key drawn at
 *   start-up (the plain password is never kept), bounded in count and dropped when its time is
 *   up, so a client that opens a connection per request pays one HMAC, not one scrypt.
 * Both are tagged with the directory's `version`: when the users file is replaced (a password
 * changed, a user removed), every remembered credential is checked again, so the change applies
 * to the next request. Failed checks are not remembered.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { UserDirectory, UserRecord } from './user-store.js';

/** The outcome of authenticating one request. */
export type AuthResult =
  | { readonly kind: 'user'; readonly user: UserRecord }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'refused'; readonly reason: string };

const CACHE_MS = 5 * 60_000;
const CACHE_MAX = 1024;

interface Verified {
  readonly user: UserRecord;
  /** The directory's version when the password was checked. */
  readonly version: number;
  readonly until: number;
}

/** The user name and password of a `Basic` Authorization header, or undefined. */
export function parseBasic(
  header: string | undefined,
): { name: string; password: string } | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (m === null) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class BasicAuthenticator {
  readonly #users: UserDirectory;
  readonly #allowAnonymous: boolean;
  readonly #key = randomBytes(32);
  readonly #verified = new Map<string, Verified>();
  /** Per connection: the last header that passed, and what it proved. */
  readonly #connections = new WeakMap<object, Verified & { readonly header: string }>();
  /** Checks under way, so that a burst of requests with new credentials costs one scrypt. */
  readonly #pending = new Map<string, Promise<UserRecord | undefined>>();

  constructor(users: UserDirectory, allowAnonymous: boolean) {
    this.#users = users;
    this.#allowAnonymous = allowAnonymous;
  }

  /**
   * Authenticates one request's `Authorization` header. `connection` (the socket) lets the next
   * request on it with the same header skip every check but a version comparison.
   */
  async authenticate(header: string | undefined, connection?: object): Promise<AuthResult> {
    if (header === undefined) {
      return this.#allowAnonymous
        ? { kind: 'anonymous' }
        : { kind: 'refused', reason: 'credentials required' };
    }
    const version = this.#users.version;
    const now = Date.now();
    const known = connection === undefined ? undefined : this.#connections.get(connection);
    if (
      known !== undefined &&
      known.header === header &&
      known.version === version &&
      known.until > now
    ) {
      return { kind: 'user', user: known.user };
    }
    const credentials = parseBasic(header);
    if (credentials === undefined)
      return { kind: 'refused', reason: 'malformed Basic credentials' };
    const key = `${credentials.name.toLowerCase()}\u0000${createHmac('sha256', this.#key).update(credentials.password).digest('base64')}`;
    let verified = this.#verified.get(key);
    if (verified === undefined || verified.version !== version || verified.until <= now) {
      let pending = this.#pending.get(key);
      if (pending === undefined) {
        pending = this.#users.verify(credentials.name, credentials.password);
        this.#pending.set(key, pending);
        void pending.finally(() => this.#pending.delete(key));
      }
      const user = await pending;
      if (user === undefined) return { kind: 'refused', reason: 'wrong user name or password' };
      // Checked against records replaced meanwhile (a password may have changed): check again.
      if (this.#users.version !== version) return this.authenticate(header, connection);
      verified = { user, version, until: now + CACHE_MS };
      this.#verified.delete(key);
      if (this.#verified.size >= CACHE_MAX) {
        const oldest = this.#verified.keys().next().value;
        if (oldest !== undefined) this.#verified.delete(oldest);
      }
      this.#verified.set(key, verified);
    }
    if (connection !== undefined) this.#connections.set(connection, { ...verified, header });
    return { kind: 'user', user: verified.user };
  }
}
