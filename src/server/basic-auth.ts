/**
 * @module HTTP Basic authentication of CIM-XML requests against a `UserDirectory`.
 *
 * scrypt is deliberately slow (tens of ms), and WBEM clients send the same credentials with every
 * request of a keep-alive session, so a verified name/password pair is remembered for a while:
 * keyed by an HMAC of the password under a key drawn at start-up (the plain password is never
 * kept), bounded in count, and dropped when its time is up. Failed checks are not remembered.
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
  readonly #verified = new Map<string, { user: UserRecord; until: number }>();
  /** Checks under way, so that a burst of requests with new credentials costs one scrypt. */
  readonly #pending = new Map<string, Promise<UserRecord | undefined>>();

  constructor(users: UserDirectory, allowAnonymous: boolean) {
    this.#users = users;
    this.#allowAnonymous = allowAnonymous;
  }

  async authenticate(header: string | undefined): Promise<AuthResult> {
    if (header === undefined) {
      return this.#allowAnonymous
        ? { kind: 'anonymous' }
        : { kind: 'refused', reason: 'credentials required' };
    }
    const credentials = parseBasic(header);
    if (credentials === undefined)
      return { kind: 'refused', reason: 'malformed Basic credentials' };
    const key = `${credentials.name.toLowerCase()}\u0000${createHmac('sha256', this.#key).update(credentials.password).digest('base64')}`;
    const now = Date.now();
    const cached = this.#verified.get(key);
    if (cached !== undefined && cached.until > now) return { kind: 'user', user: cached.user };
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = this.#users.verify(credentials.name, credentials.password);
      this.#pending.set(key, pending);
      void pending.finally(() => this.#pending.delete(key));
    }
    const user = await pending;
    if (user === undefined) return { kind: 'refused', reason: 'wrong user name or password' };
    if (this.#verified.size >= CACHE_MAX) {
      const oldest = this.#verified.keys().next().value;
      if (oldest !== undefined) this.#verified.delete(oldest);
    }
    this.#verified.set(key, { user, until: now + CACHE_MS });
    return { kind: 'user', user };
  }
}
