/**
 * @module The persisted form of a namespace's explicit security descriptor: versioned JSON text
 * under the namespace-metadata key `[namespace, 'm', SECURITY_DESCRIPTOR_KEY]`. ACE flags use
 * the Windows bit values so the form maps one-to-one onto a binary descriptor if one is needed.
 */
import { WBEM_E_FAILED } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { Ace, SecurityDescriptor } from './security-descriptor.js';
import {
  CONTAINER_INHERIT_ACE,
  explicitDescriptor,
  INHERIT_ONLY_ACE,
  NO_PROPAGATE_INHERIT_ACE,
} from './security-descriptor.js';
import { validateSecurityDescriptor } from './validate-security-descriptor.js';

/** The third key part of the namespace-metadata record holding the descriptor. */
export const SECURITY_DESCRIPTOR_KEY = 'security-descriptor';

const FORMAT_VERSION = 1;

type StoredAce = [trustee: string, type: 'A' | 'D', mask: number, flags: number];

interface StoredDescriptor {
  readonly v: number;
  readonly owner?: string;
  readonly protected?: boolean;
  readonly aces: readonly StoredAce[];
}

const flagsOf = (entry: Ace): number =>
  (entry.inherit.container ? CONTAINER_INHERIT_ACE : 0) |
  (entry.inherit.noPropagate ? NO_PROPAGATE_INHERIT_ACE : 0) |
  (entry.inherit.inheritOnly ? INHERIT_ONLY_ACE : 0);

/**
 * Serialises the explicit entries of a descriptor (inherited copies are recomputed from the
 * ancestors on every read, so a change to a parent reaches its children).
 */
export function serializeSecurityDescriptor(sd: SecurityDescriptor): string {
  // `explicitDescriptor` carries `owner` only when set and `protected` only when true.
  const { aces, ...header } = explicitDescriptor(sd);
  const stored: StoredDescriptor = {
    v: FORMAT_VERSION,
    ...header,
    aces: aces.map((e) => [e.trustee, e.type === 'allow' ? 'A' : 'D', e.mask, flagsOf(e)]),
  };
  return JSON.stringify(stored);
}

const corrupt = (message: string, cause?: unknown): never => {
  throw new WbemError(WBEM_E_FAILED, {
    message: `stored security descriptor is unreadable: ${message}`,
    cause,
  });
};

/**
 * Reads back what `serializeSecurityDescriptor` wrote.
 * @throws {WbemError} WBEM_E_FAILED when the stored text is not a descriptor of a known version.
 */
export function parseSecurityDescriptor(text: string): SecurityDescriptor {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return corrupt('not JSON', error);
  }
  if (typeof raw !== 'object' || raw === null) return corrupt('not an object');
  const stored = raw as Partial<StoredDescriptor>;
  if (stored.v !== FORMAT_VERSION) return corrupt(`unknown format version ${String(stored.v)}`);
  if (!Array.isArray(stored.aces)) return corrupt('no ACE list');
  const aces = stored.aces.map((entry: unknown) => {
    if (!Array.isArray(entry) || entry.length !== 4) return corrupt('malformed ACE');
    const [trustee, type, mask, flags] = entry as unknown[];
    if (typeof flags !== 'number') return corrupt('malformed ACE flags');
    return {
      trustee,
      type: type === 'A' ? 'allow' : type === 'D' ? 'deny' : type,
      mask,
      inherit: {
        container: (flags & CONTAINER_INHERIT_ACE) !== 0,
        noPropagate: (flags & NO_PROPAGATE_INHERIT_ACE) !== 0,
        inheritOnly: (flags & INHERIT_ONLY_ACE) !== 0,
      },
    };
  });
  try {
    return validateSecurityDescriptor({ owner: stored.owner, protected: stored.protected, aces });
  } catch (error) {
    // The validator refuses only with WbemError (WBEM_E_INVALID_PARAMETER). Its detail, not its
    // message, becomes the reason: the text must not name an HRESULT this call does not return.
    const refused = error as WbemError;
    return corrupt(refused.detail ?? refused.message, error);
  }
}
