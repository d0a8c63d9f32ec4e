/**
 * @module Effective rights of a principal on a namespace: the descriptors of the namespace chain
 * (`root` first) folded by the MS-WMI SetSD inheritance rules (spec §8.3), then evaluated as a
 * Windows DACL in canonical order.
 *
 * Canonical order is by distance, nearest first, and deny before allow at each distance:
 *
 * ```
 * explicit deny → explicit allow → from parent: deny → allow → from grandparent: deny → allow …
 * ```
 *
 * For each right, the first entry in that order that mentions it decides. So a deny beats an
 * allow set on the same namespace, while an explicit allow on a child beats a deny it inherits.
 *
 * As in Windows, the owner (or a member of the owning group) always holds `READ_CONTROL` and
 * `WRITE_DAC`, before any entry is looked at, so no deny entry takes them away; so does the
 * process principal (`PROCESS_OWNER`), whatever the descriptor names. Whoever owns a namespace
 * can therefore repair a descriptor that locked everyone out.
 */
import { nameKey } from '../model/names.js';
import { READ_CONTROL, WRITE_DAC } from '../wbem/security.js';
import type { Ace, SecurityDescriptor } from './security-descriptor.js';
import type { SecurityPolicy } from './security-policy.js';
import { trusteesOf } from './security-policy.js';
import { PROCESS_OWNER } from './well-known-groups.js';

/**
 * The descriptors of a namespace chain, `root` first and the target last. `undefined` means the
 * namespace has no descriptor of its own (it holds only what it inherits); an `undefined` root
 * stands for `policy.rootDescriptor`.
 */
export type DescriptorChain = readonly (SecurityDescriptor | undefined)[];

/** The copy of a parent ACE that a child inherits (MS-WMI SetSD), or `undefined` if none. */
export function inheritedCopy(parent: Ace): Ace | undefined {
  if (!parent.inherit.container) return undefined;
  return {
    trustee: parent.trustee,
    type: parent.type,
    mask: parent.mask,
    // NO_PROPAGATE stops the copy from travelling further; INHERIT_ONLY never survives the copy.
    inherit: { container: !parent.inherit.noPropagate, noPropagate: false, inheritOnly: false },
    inherited: true,
  };
}

/** The descriptor at `depth` of a chain: its own, or the policy's for a `root` that has none. */
const descriptorAt = (
  chain: DescriptorChain,
  depth: number,
  policy: SecurityPolicy,
): SecurityDescriptor | undefined =>
  chain[depth] ?? (depth === 0 ? policy.rootDescriptor : undefined);

/** Entries grouped by distance: `[0]` explicit on the target, `[1]` from its parent, … */
function layersOf(chain: DescriptorChain, policy: SecurityPolicy): Ace[][] {
  let layers: Ace[][] = [];
  chain.forEach((_, depth) => {
    const sd = descriptorAt(chain, depth, policy);
    const explicit = (sd?.aces ?? []).filter((entry) => entry.inherited !== true);
    const inherited =
      sd?.protected === true
        ? []
        : layers.map((layer) => layer.flatMap((entry) => inheritedCopy(entry) ?? []));
    layers = [explicit, ...inherited];
  });
  return layers;
}

/**
 * The descriptor a namespace effectively has: its explicit entries followed by the inherited
 * copies (marked `inherited`), nearest ancestor first. This is what `GetSD` returns.
 */
export function effectiveDescriptor(
  chain: DescriptorChain,
  policy: SecurityPolicy,
): SecurityDescriptor {
  const own = descriptorAt(chain, chain.length - 1, policy);
  const aces = layersOf(chain, policy).flat();
  const out: { owner?: string; aces: readonly Ace[]; protected?: boolean } = { aces };
  const owner = ownerOf(chain, policy);
  if (owner !== undefined) out.owner = owner;
  if (own?.protected === true) out.protected = true;
  return out;
}

/**
 * The nearest owner up the chain: a namespace without its own owner has its creator's, and a
 * `root` descriptor without one (stored or not) has the owner the engine's policy gives `root`.
 */
export function ownerOf(chain: DescriptorChain, policy: SecurityPolicy): string | undefined {
  const owner = chain.findLast((sd) => sd?.owner !== undefined)?.owner;
  return owner ?? (chain.length === 0 ? undefined : policy.rootDescriptor.owner);
}

/**
 * Whether `principal` owns the last namespace of `chain`: it is the owner, a member of the
 * owning group, or the process principal. An owner holds `READ_CONTROL | WRITE_DAC` whatever
 * the entries say, and may hand ownership on.
 */
export function ownsNamespace(
  chain: DescriptorChain,
  principal: string,
  policy: SecurityPolicy,
  trustees: ReadonlySet<string> = trusteesOf(principal, policy),
): boolean {
  if (chain.length === 0) return false;
  if (nameKey(principal) === nameKey(PROCESS_OWNER)) return true;
  const owner = ownerOf(chain, policy);
  return owner !== undefined && trustees.has(nameKey(owner));
}

/**
 * The `WBEM_*` rights `principal` holds on the last namespace of `chain`.
 * An empty chain grants nothing.
 * @example effectiveRights([undefined], 'SYSTEM', resolveSecurityPolicy()) // WBEM_ALL_RIGHTS
 */
export function effectiveRights(
  chain: DescriptorChain,
  principal: string,
  policy: SecurityPolicy,
): number {
  const trustees = trusteesOf(principal, policy);
  let granted = ownsNamespace(chain, principal, policy, trustees) ? READ_CONTROL | WRITE_DAC : 0;
  let denied = 0;
  for (const layer of layersOf(chain, policy)) {
    const applicable = layer.filter(
      (entry) => !entry.inherit.inheritOnly && trustees.has(nameKey(entry.trustee)),
    );
    for (const entry of applicable) if (entry.type === 'deny') denied |= entry.mask & ~granted;
    for (const entry of applicable) if (entry.type === 'allow') granted |= entry.mask & ~denied;
  }
  return granted >>> 0;
}
