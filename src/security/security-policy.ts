/**
 * @module Who is who: group membership, the principal of anonymous `connectServer` calls and the
 * descriptor `root` starts with. Built once from the engine options (`WbemEngine.start({ security
 * })`), then shared read-only; plain data, so it can be posted to the actor hosts.
 */
import { nameKey } from '../model/names.js';
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { defaultNamespaceDescriptor } from './default-descriptor.js';
import type { SecurityDescriptor } from './security-descriptor.js';
import { MAX_TRUSTEE_LENGTH, validateSecurityDescriptor } from './validate-security-descriptor.js';
import {
  ADMINISTRATORS,
  AUTHENTICATED_USERS,
  EVERYONE,
  PROCESS_OWNER,
} from './well-known-groups.js';

/** The `security` option of `WbemEngine.start`. Every field is optional. */
export interface SecurityOptions {
  /**
   * Group name → member names (principals or other groups). `Administrators` members get every
   * right under the default descriptor. `Everyone` and `Authenticated Users` are implicit.
   */
  readonly groups?:
    | ReadonlyMap<string, readonly string[]>
    | Readonly<Record<string, readonly string[]>>;
  /** Principal of `connectServer` calls without a user. Default `PROCESS_OWNER` ('SYSTEM'). */
  readonly defaultPrincipal?: string;
  /** Descriptor of `root` while none is stored. Default `defaultNamespaceDescriptor()`. */
  readonly rootDescriptor?: SecurityDescriptor;
}

/** Resolved, validated security settings of one engine. */
export interface SecurityPolicy {
  /** `nameKey(group)` → member names as given. `PROCESS_OWNER` is always in Administrators. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  readonly defaultPrincipal: string;
  readonly rootDescriptor: SecurityDescriptor;
}

const invalid = (message: string): never => {
  throw new WbemError(WBEM_E_INVALID_PARAMETER, { message });
};

const fail = (message: string): never => invalid(`security options: ${message}`);

/** `reject` words the refusal for where the name came from (the options or a call). */
function validPrincipalName(value: unknown, what: string, reject = fail): string {
  if (typeof value !== 'string' || value.trim().length === 0)
    return reject(`${what} must be a non-empty string`);
  if (value.length > MAX_TRUSTEE_LENGTH)
    return reject(`${what} is longer than ${MAX_TRUSTEE_LENGTH} characters`);
  return value;
}

function groupEntries(groups: unknown): [string, unknown][] {
  if (groups === undefined) return [];
  if (groups instanceof Map) return [...groups.entries()];
  if (typeof groups === 'object' && groups !== null && !Array.isArray(groups))
    return Object.entries(groups);
  return fail('groups must be a Map or an object of member arrays');
}

/**
 * Validates the `security` engine option and fills the defaults.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a malformed option.
 */
export function resolveSecurityPolicy(options: unknown = {}): SecurityPolicy {
  if (typeof options !== 'object' || options === null) return fail('expected an object');
  const opts = options as Record<string, unknown>;
  const groups = new Map<string, string[]>();
  for (const [group, members] of groupEntries(opts['groups'])) {
    const name = validPrincipalName(group, 'group name');
    if (!Array.isArray(members)) return fail(`members of group ${name} must be an array`);
    const list = groups.get(nameKey(name)) ?? [];
    for (const member of members) list.push(validPrincipalName(member, `member of ${name}`));
    groups.set(nameKey(name), list);
  }
  const admins = groups.get(nameKey(ADMINISTRATORS)) ?? [];
  if (!admins.some((m) => nameKey(m) === nameKey(PROCESS_OWNER))) admins.push(PROCESS_OWNER);
  groups.set(nameKey(ADMINISTRATORS), admins);
  const defaultPrincipal =
    opts['defaultPrincipal'] === undefined
      ? PROCESS_OWNER
      : validPrincipalName(opts['defaultPrincipal'], 'defaultPrincipal');
  const rootDescriptor =
    opts['rootDescriptor'] === undefined
      ? defaultNamespaceDescriptor()
      : validateSecurityDescriptor(opts['rootDescriptor']);
  return { groups, defaultPrincipal, rootDescriptor };
}

/**
 * The principal of a connection: the user given at `connectServer`, or the policy's default.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for an empty or non-string user.
 */
export function principalOf(policy: SecurityPolicy, user: unknown): string {
  if (user === undefined || user === null) return policy.defaultPrincipal;
  // The user is an argument of connectServer, not a security option: the refusal says so.
  return validPrincipalName(user, 'the user given to connectServer', invalid);
}

/**
 * Every trustee name (as `nameKey`) that matches a principal: itself, `Everyone`,
 * `Authenticated Users`, and every group that lists it directly or through nested groups.
 */
export function trusteesOf(principal: string, policy: SecurityPolicy): ReadonlySet<string> {
  const out = new Set<string>([
    nameKey(principal),
    nameKey(EVERYONE),
    nameKey(AUTHENTICATED_USERS),
  ]);
  // Fixed point over nested groups; the set itself guards against membership cycles.
  let grew = true;
  while (grew) {
    grew = false;
    for (const [group, members] of policy.groups) {
      if (out.has(group)) continue;
      if (members.some((member) => out.has(nameKey(member)))) {
        out.add(group);
        grew = true;
      }
    }
  }
  return out;
}
