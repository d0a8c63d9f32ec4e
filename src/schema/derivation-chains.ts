/**
 * @module `__DERIVATION` as shared chains for the classes one call reads: `createClassEnum`'s
 * results and the classes and instances a WQL query reads.
 */
import type { ClassStoreReader } from '../model/class-store-reader.js';
import {
  type DerivationChain,
  derivationChainOf,
  derivationLink,
} from '../model/derivation-chain.js';
import { nameKey } from '../model/names.js';
import { ancestry, findClass } from './class-lookup.js';

/**
 * `__DERIVATION` for classes asked parents before children (as `descendantNames` lists them): a
 * class whose parent was asked earlier gets one link in front of the parent's chain (one lookup),
 * otherwise the chain is walked; a class asked again gets the chain it got. Chains rather than
 * arrays, because arrays would make a deep enumeration d²/2 names for the host to build and send
 * and for the caller's thread to decode and collect (stalls of that thread of 28-370 ms at depths
 * 1,000-4,096, bench/RESULTS.md); a chain is one link per class, and the wire sends each link
 * once per call (`runtime/derivation-streams.ts`).
 */
export function derivationChains(
  view: ClassStoreReader,
): (name: string, superclass: string | null) => DerivationChain | null {
  const known = new Map<string, DerivationChain | null>();
  return (name, superclass) => {
    const own = known.get(nameKey(name));
    if (own !== undefined) return own;
    let chain: DerivationChain | null = null;
    if (superclass !== null) {
      const key = nameKey(superclass);
      chain = known.has(key)
        ? derivationLink(
            // Stryker disable next-line LogicalOperator,OptionalChaining: the parent was asked before, so it is a class of the view
            findClass(view, superclass)?.local.name ?? superclass,
            known.get(key) ?? null,
          )
        : derivationChainOf(ancestry(view, superclass));
    }
    known.set(nameKey(name), chain);
    return chain;
  };
}
