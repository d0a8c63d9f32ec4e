/**
 * @module Names of the well-known groups and of the principal used when `connectServer` is given
 * no user.
 */

export const ADMINISTRATORS = 'Administrators';
/** Every principal that connected with a user name; in this engine, every principal. */
export const AUTHENTICATED_USERS = 'Authenticated Users';
export const EVERYONE = 'Everyone';

/**
 * The principal of a `connectServer` call without a user: the embedding process itself, the
 * counterpart of a local administrator. It is always a member of `Administrators`, so an engine
 * started without security options grants every right to its own process.
 */
export const PROCESS_OWNER = 'SYSTEM';
