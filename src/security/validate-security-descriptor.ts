/**
 * @module Validation of a security descriptor handed in by a caller (`setSecurityDescriptor`,
 * engine options) or read back from the store: any shape gets a defined HRESULT.
 */
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { Ace, AceInheritance, SecurityDescriptor } from './security-descriptor.js';
import { WBEM_ALL_RIGHTS } from './security-descriptor.js';

/** Upper bound on DACL entries; a Windows ACL is capped at 64 KiB, which is in the same range. */
export const MAX_ACES = 1024;
/** Longest trustee or owner name accepted (Windows account names are far shorter). */
export const MAX_TRUSTEE_LENGTH = 256;

const fail = (message: string): never => {
  throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: `security descriptor: ${message}` });
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function validateName(value: unknown, what: string): string {
  if (typeof value !== 'string') return fail(`${what} must be a string`);
  if (value.trim().length === 0) return fail(`${what} must not be empty`);
  if (value.length > MAX_TRUSTEE_LENGTH)
    return fail(`${what} is longer than ${MAX_TRUSTEE_LENGTH} characters`);
  return value;
}

function validateFlag(value: unknown, what: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') return fail(`${what} must be a boolean`);
  return value;
}

function validateInheritance(value: unknown, where: string): AceInheritance {
  if (value === undefined) return { container: false, noPropagate: false, inheritOnly: false };
  if (!isRecord(value)) return fail(`${where}.inherit must be an object`);
  const container = validateFlag(value['container'], `${where}.inherit.container`);
  const noPropagate = validateFlag(value['noPropagate'], `${where}.inherit.noPropagate`);
  const inheritOnly = validateFlag(value['inheritOnly'], `${where}.inherit.inheritOnly`);
  // Both flags only steer inheritance; without it the entry would apply nowhere or mean nothing.
  if (!container && (noPropagate || inheritOnly))
    fail(`${where}: noPropagate and inheritOnly require inherit.container`);
  return { container, noPropagate, inheritOnly };
}

function validateAce(value: unknown, index: number): Ace {
  const where = `aces[${index}]`;
  if (!isRecord(value)) return fail(`${where} must be an object`);
  const trustee = validateName(value['trustee'], `${where}.trustee`);
  const type = value['type'];
  if (type !== 'allow' && type !== 'deny') return fail(`${where}.type must be 'allow' or 'deny'`);
  const mask = value['mask'];
  if (typeof mask !== 'number' || !Number.isInteger(mask) || mask < 0)
    return fail(`${where}.mask must be a non-negative integer`);
  if ((mask & ~WBEM_ALL_RIGHTS) !== 0 || mask > WBEM_ALL_RIGHTS)
    return fail(`${where}.mask 0x${mask.toString(16)} has bits that are not WBEM_* rights`);
  const inherit = validateInheritance(value['inherit'], where);
  const inherited = validateFlag(value['inherited'], `${where}.inherited`);
  return inherited ? { trustee, type, mask, inherit, inherited } : { trustee, type, mask, inherit };
}

/**
 * Checks a caller-supplied descriptor and returns a normalised copy (every ACE with all three
 * inheritance flags; unknown fields dropped).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER when the shape, a name, a type or a mask is wrong.
 * @example validateSecurityDescriptor({ aces: [{ trustee: 'ops', type: 'allow', mask: WBEM_ENABLE }] })
 */
export function validateSecurityDescriptor(input: unknown): SecurityDescriptor {
  if (!isRecord(input)) return fail('expected an object with an aces array');
  const rawAces = input['aces'];
  if (!Array.isArray(rawAces)) return fail('aces must be an array');
  if (rawAces.length > MAX_ACES) return fail(`more than ${MAX_ACES} entries`);
  const aces = rawAces.map(validateAce);
  const out: { owner?: string; aces: readonly Ace[]; protected?: boolean } = { aces };
  if (input['owner'] !== undefined) out.owner = validateName(input['owner'], 'owner');
  if (validateFlag(input['protected'], 'protected')) out.protected = true;
  return out;
}
