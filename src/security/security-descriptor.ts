/**
 * @module A namespace security descriptor as data: an owner and a DACL of access-control entries
 * whose masks are the `WBEM_*` namespace rights (spec §8.1, §8.3). It stands in for the Windows
 * self-relative descriptor that `__SystemSecurity::GetSD`/`SetSD` exchange as bytes.
 */
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_METHOD_EXECUTE,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_REMOTE_ACCESS,
  WBEM_RIGHT_PUBLISH,
  WBEM_RIGHT_SUBSCRIBE,
  WBEM_WRITE_PROVIDER,
  WRITE_DAC,
} from '../wbem/security.js';

/**
 * How an ACE travels to child namespaces (the Windows ACE flags MS-WMI SetSD names):
 * `container` = `CONTAINER_INHERIT_ACE`, `noPropagate` = `NO_PROPAGATE_INHERIT_ACE`,
 * `inheritOnly` = `INHERIT_ONLY_ACE` (the ACE does not apply to the namespace that holds it).
 */
export interface AceInheritance {
  readonly container: boolean;
  readonly noPropagate: boolean;
  readonly inheritOnly: boolean;
}

/** One access-control entry of a namespace DACL. */
export interface Ace {
  /** A principal (user name given at `connectServer`) or a group name; case-insensitive. */
  readonly trustee: string;
  readonly type: 'allow' | 'deny';
  /** `WBEM_*` rights (`src/wbem/security.ts`), OR-ed. */
  readonly mask: number;
  readonly inherit: AceInheritance;
  /**
   * `INHERITED_ACE`: the entry was copied from an ancestor namespace. Only effective descriptors
   * (what `getSecurityDescriptor` returns) carry it; stored descriptors hold explicit entries only.
   */
  readonly inherited?: boolean;
}

/** The security descriptor of one namespace. */
export interface SecurityDescriptor {
  readonly owner?: string;
  readonly aces: readonly Ace[];
  /** `SE_DACL_PROTECTED`: entries of ancestor namespaces are not inherited. */
  readonly protected?: boolean;
}

/** Every namespace right this engine knows; what Administrators hold by default. */
export const WBEM_ALL_RIGHTS =
  WBEM_ENABLE |
  WBEM_METHOD_EXECUTE |
  WBEM_FULL_WRITE_REP |
  WBEM_PARTIAL_WRITE_REP |
  WBEM_WRITE_PROVIDER |
  WBEM_REMOTE_ACCESS |
  WBEM_RIGHT_SUBSCRIBE |
  WBEM_RIGHT_PUBLISH |
  READ_CONTROL |
  WRITE_DAC;

// Windows ACE header flag bits (winnt.h), used by the persisted form.
export const CONTAINER_INHERIT_ACE = 0x2;
export const NO_PROPAGATE_INHERIT_ACE = 0x4;
export const INHERIT_ONLY_ACE = 0x8;
export const INHERITED_ACE = 0x10;

/** An ACE that applies here only and is not inherited by child namespaces. */
export const NO_INHERITANCE: AceInheritance = {
  container: false,
  noPropagate: false,
  inheritOnly: false,
};

/** An ACE that applies here and to every descendant namespace. */
export const CONTAINER_INHERITANCE: AceInheritance = {
  container: true,
  noPropagate: false,
  inheritOnly: false,
};

/** Shorthand for building an ACE in code and tests. */
export function ace(
  type: 'allow' | 'deny',
  trustee: string,
  mask: number,
  inherit: Partial<AceInheritance> = CONTAINER_INHERITANCE,
): Ace {
  return {
    trustee,
    type,
    mask,
    inherit: {
      container: inherit.container ?? false,
      noPropagate: inherit.noPropagate ?? false,
      inheritOnly: inherit.inheritOnly ?? false,
    },
  };
}

/** The entries a namespace sets itself: what `setSecurityDescriptor` keeps and the store holds. */
export function explicitDescriptor(sd: SecurityDescriptor): SecurityDescriptor {
  const aces = sd.aces.filter((entry) => entry.inherited !== true);
  const out: { owner?: string; aces: readonly Ace[]; protected?: boolean } = { aces };
  if (sd.owner !== undefined) out.owner = sd.owner;
  if (sd.protected === true) out.protected = true;
  return out;
}

/**
 * What SetSD stores: `next`, keeping the namespace's current explicit owner when `next` names
 * none (as Windows keeps the owner unless `OWNER_SECURITY_INFORMATION` is given), so replacing
 * the entries never moves ownership.
 */
export function keepOwner(next: SecurityDescriptor, owner: string | undefined): SecurityDescriptor {
  return next.owner !== undefined || owner === undefined ? next : { ...next, owner };
}
